// The whole overview drawn from one Overview object: no fetching, no state, so tests and stories drive it.
import Link from 'next/link';
import { Card } from '@/components/ui';
import type { Overview } from '@/lib/queries/overview/types';
import { FleetChart } from './FleetChart';
import { Freshness, isStale } from '@/components/live/Freshness';
import { IncidentList } from './IncidentList';
import { KpiTiles } from './KpiTiles';
import { PoolTable } from './PoolTable';
import { SloList } from './SloList';
import { JobsCard, NodesCard } from './StateCards';
import { formatDateTime } from '@/components/charts/time-format';

const PRESET_LABELS = {
  '1h': 'the last hour',
  '6h': 'the last 6 h',
  '24h': 'the last 24 h',
  '7d': 'the last 7 days',
  '30d': 'the last 30 days',
};

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
  const rangeLabel = data.range.preset
    ? PRESET_LABELS[data.range.preset]
    : `${formatDateTime(from, data.timeZone)} – ${formatDateTime(to, data.timeZone)}`;
  return (
    <>
      <Freshness freshness={data.freshness} timeZone={data.timeZone} receivedAt={receivedAt} now={now} />
      <KpiTiles data={data} stale={stale} />
      <Card
        title="Fleet"
        description={`Allocation, utilization and healthy GPUs over ${rangeLabel} (${data.timeZone})`}
        actions={
          <span className="muted">
            <Link href="/fleet?state=idle">Idle GPUs</Link> · <Link href="/waste">Waste by job</Link> ·{' '}
            <Link href="/fleet">Fleet map</Link>
          </span>
        }
      >
        <FleetChart
          points={data.series}
          from={from}
          to={to}
          bucketSeconds={data.range.bucketSeconds}
          timeZone={data.timeZone}
        />
      </Card>
      <div className="grid-2">
        <NodesCard nodes={data.nodes} />
        <JobsCard
          jobs={data.jobs}
          rangeLabel={rangeLabel}
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
