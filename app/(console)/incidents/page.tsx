// Every incident opened in the range, filtered by state, severity, source and team, newest first. Filters and range
// live in the URL; the server renders the first paint from the same query the live refresh polls.
import Link from 'next/link';
import { Suspense } from 'react';
import { IncidentsLive } from '@/components/incidents/IncidentsLive';
import { TimeRangePicker } from '@/components/time-range/TimeRangePicker';
import { RangeUnread, LinkIssues } from '@/components/ui';
import { env } from '@/lib/env';
import {
  DatabaseUnavailableError,
  incidentListQuery,
  listIncidents,
  parseIncidentListParams,
  type IncidentList,
} from '@/lib/queries/incidents';
import { incidentRange } from '@/lib/queries/incidents/range';
import { timeRangeSearchParams } from '@/lib/time-range';

export const metadata = { title: 'Incidents · Fleet Console' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function IncidentsPage({ searchParams }: { searchParams: SearchParams }) {
  const search = await searchParams;
  const { range, message } = incidentRange(search, '7d');
  const parsed = parseIncidentListParams(search);
  let initial: IncidentList | null = null;
  try {
    initial = await listIncidents(parsed.params, range);
  } catch (error) {
    if (!(error instanceof DatabaseUnavailableError)) throw error;
  }
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Incidents</h1>
          <p className="page-subtitle">
            Every incident opened in the range. <Link href="/on-call">On-call</Link> shows the unresolved ones;{' '}
            <Link href={`/incidents/stats?${timeRangeSearchParams(range)}`}>statistics</Link> how fast they were
            handled.
          </p>
        </div>
        <div className="page-actions">
          <Suspense>
            <TimeRangePicker defaultPreset="7d" />
          </Suspense>
        </div>
      </header>
      <RangeUnread message={message} instead="the last 7 days" />
      <LinkIssues issues={parsed.issues} />
      <IncidentsLive
        initial={initial}
        initialError={initial ? null : 'database_unavailable'}
        query={incidentListQuery(timeRangeSearchParams(range), parsed.params)}
        refreshSeconds={env().FLEET_REFRESH_SECONDS}
      />
    </div>
  );
}
