// Every incident opened in the range, filtered by state, severity, source and team, newest first. Filters and range
// live in the URL; the server renders the first paint from the same query the live refresh polls.
import { IntentLink } from '@/components/ui/IntentLink';
import { IncidentsLive } from '@/components/incidents/IncidentsLive';
import { TimeRangePicker } from '@/components/time-range/TimeRangePicker';
import { LinkIssues, PageHeader, RangeUnread } from '@/components/ui';
import { readClusterScope } from '@/lib/clusters/config';
import { withClusterScope } from '@/lib/clusters/scope';
import { orUnavailable } from '@/lib/db/errors';
import { env } from '@/lib/env';
import { incidentListQuery, listIncidents, parseIncidentListParams } from '@/lib/queries/incidents';
import { incidentRange } from '@/lib/queries/incidents/range';
import { timeRangeSearchParams } from '@/lib/time-range';
import type { PageSearchParams } from '@/lib/url-state';

export const metadata = { title: 'Incidents · Fleet Console' };

export default async function IncidentsPage({ searchParams }: { searchParams: PageSearchParams }) {
  const search = await searchParams;
  const { range, message } = incidentRange(search, '7d');
  const parsed = parseIncidentListParams(search);
  const { scope, issue } = readClusterScope(search);
  const initial = await orUnavailable(listIncidents(parsed.params, range, new Date(), scope));
  return (
    <div className="page">
      <PageHeader
        title="Incidents"
        subtitle={
          <>
            Every incident opened in the range. <IntentLink href="/on-call">On-call</IntentLink> shows the unresolved
            ones; <IntentLink href={`/incidents/stats?${timeRangeSearchParams(range)}`}>statistics</IntentLink> how fast
            they were handled.
          </>
        }
        actions={<TimeRangePicker defaultPreset="7d" />}
      />
      <RangeUnread message={message} instead="the last 7 days" />
      <LinkIssues issues={issue ? [...parsed.issues, issue] : parsed.issues} />
      <IncidentsLive
        initial={initial}
        initialError={initial ? null : 'database_unavailable'}
        query={incidentListQuery(withClusterScope(timeRangeSearchParams(range), scope), parsed.params)}
        refreshSeconds={env().FLEET_REFRESH_SECONDS}
      />
    </div>
  );
}
