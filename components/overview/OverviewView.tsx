// The whole overview drawn from one Overview object: no fetching, no state, so tests and stories drive it.
import { IntentLink } from '@/components/ui/IntentLink';
import { Card } from '@/components/ui';
import type { Overview } from '@/lib/queries/overview/types';
import { FleetChart } from './FleetChart';
import { Freshness, isStale } from '@/components/live/Freshness';
import { IncidentList } from './IncidentList';
import { KpiTiles } from './KpiTiles';
import { PoolTable } from './PoolTable';
import { SloList } from './SloList';
import { JobsCard, NodesCard } from './StateCards';
import { rangeLabel } from '@/components/time-range/range-label';

export interface OverviewViewProps {
  data: Overview;
  /** When the browser received `data` (ms). */
  receivedAt: number;
  now: number;
}

export function OverviewView({ data, receivedAt, now }: OverviewViewProps) {
  const stale = isStale(data.freshness, receivedAt, now);
  const from = Date.parse(data.range.from);
  const to = Date.parse(data.range.to);
  const rangeWords = rangeLabel(data.range, data.timeZone);
  return (
    <>
      <Freshness freshness={data.freshness} timeZone={data.timeZone} receivedAt={receivedAt} now={now} />
      <KpiTiles data={data} stale={stale} />
      <Card
        title="Fleet"
        description={`Allocation, utilization and healthy GPUs over ${rangeWords} (${data.timeZone})`}
        actions={
          <span className="muted">
            <IntentLink href="/fleet?state=idle">Idle GPUs</IntentLink> ·{' '}
            <IntentLink href="/waste">Waste by job</IntentLink> · <IntentLink href="/fleet">Fleet map</IntentLink>
          </span>
        }
      >
        <FleetChart
          points={data.series}
          from={from}
          to={to}
          bucketSeconds={data.range.bucketSeconds}
          timeZone={data.timeZone}
          marks={data.incidentMarks.map((incident) => ({
            at: Date.parse(incident.openedAt),
            title: incident.title,
            detail: `Incident #${incident.id} · ${incident.severity === 'page' ? 'page' : 'ticket'}`,
            href: `/incidents/${incident.id}`,
            tone: incident.severity === 'page' ? 'bad' : 'warn',
          }))}
        />
      </Card>
      <div className="grid-2">
        <NodesCard nodes={data.nodes} />
        <JobsCard
          jobs={data.jobs}
          rangeLabel={rangeWords}
          rangeQuery={(data.range.preset
            ? new URLSearchParams({ range: data.range.preset })
            : new URLSearchParams({ from: data.range.from, to: data.range.to })
          ).toString()}
          now={now}
        />
      </div>
      <div className="grid-2">
        <IncidentList incidents={data.incidents} now={now} />
        <SloList slos={data.slos} now={now} />
      </div>
      <PoolTable pools={data.fleet.pools} />
    </>
  );
}
