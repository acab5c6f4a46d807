// Incident statistics over the chosen range (30 days unless the URL names one): incidents per week, time to
// acknowledge and to recover, and the top causes.
import { IntentLink } from '@/components/ui/IntentLink';
import { StatsView } from '@/components/incidents/StatsView';
import { TimeRangePicker } from '@/components/time-range/TimeRangePicker';
import { LinkIssues, PageHeader, RangeUnread } from '@/components/ui';
import { incidentStats, parseIncidentListParams } from '@/lib/queries/incidents';
import { incidentRange } from '@/lib/queries/incidents/range';
import { timeRangeSearchParams } from '@/lib/time-range';
import type { PageSearchParams } from '@/lib/url-state';

export const metadata = { title: 'Incident statistics · Fleet Console' };

export default async function IncidentStatsPage({ searchParams }: { searchParams: PageSearchParams }) {
  const search = await searchParams;
  const { range, message } = incidentRange(search, '30d');
  const parsed = parseIncidentListParams(search);
  // A database that cannot be reached throws here, to the console's error page with its retry.
  const stats = await incidentStats({ ...parsed.params, state: [], page: 1 }, range);
  return (
    <div className="page">
      <PageHeader
        title="Incident statistics"
        subtitle={
          <>
            Incidents opened in the range; times measured from their opening.{' '}
            <IntentLink href={`/incidents?${timeRangeSearchParams(range)}`}>The incidents themselves</IntentLink>
          </>
        }
        actions={<TimeRangePicker defaultPreset="30d" />}
      />
      <RangeUnread message={message} instead="the last 30 days" />
      <LinkIssues issues={parsed.issues} />
      <StatsView data={stats} />
    </div>
  );
}
