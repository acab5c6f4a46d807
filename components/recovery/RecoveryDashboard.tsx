// The /recovery page drawn from one RecoveryView: the tiles for jobs and nodes, time to recover per fault against
// the targets, the causes, and the newest recoveries with their timelines. No fetching here.
import { IntentLink } from '@/components/ui/IntentLink';
import { Card, EmptyState } from '@/components/ui';
import { formatCount } from '@/lib/domain/units';
import type { RecoveryView } from '@/lib/queries/recovery/types';
import { CauseTable } from './CauseTable';
import { RecoveryChart } from './RecoveryChart';
import { RecoveryTable } from './RecoveryTable';
import { RecoveryTiles } from './RecoveryTiles';

export function RecoveryDashboard({ view, now }: { view: RecoveryView; now: number }) {
  if (view.total === 0) {
    return (
      <Card>
        <EmptyState
          title="Nothing needed recovering in this range"
          description="No job failed or stalled and no node went down with a fatal XID, or none that automatic recovery was asked to handle. A longer range may show some."
          action={<IntentLink href="/admin/recovery">See the recovery policies</IntentLink>}
        />
      </Card>
    );
  }
  const from = Date.parse(view.range.from);
  const to = Date.parse(view.range.to);
  const shown = view.recent.length;
  return (
    <>
      <RecoveryTiles job={view.summary.job} node={view.summary.node} currency={view.currency} />
      <Card
        title="Time to recover per fault"
        description={`From the fault to running again, for the ${formatCount(view.points.length)} recovered in the range; failed and escalated ones never came back by themselves and are not plotted`}
      >
        {view.points.length ? (
          <RecoveryChart points={view.points} from={from} to={to} timeZone={view.timeZone} />
        ) : (
          <EmptyState
            title="None recovered in this range"
            description="Every recovery here failed, was escalated or is still acting."
          />
        )}
      </Card>
      <Card title="By cause" flush>
        <CauseTable byCause={view.summary.byCause} currency={view.currency} />
      </Card>
      <Card
        title="Recent recoveries"
        description={
          view.total > shown
            ? `The newest ${formatCount(shown)} of ${formatCount(view.total)} detected in the range`
            : `All ${formatCount(view.total)} detected in the range, newest first`
        }
        flush
      >
        <RecoveryTable recoveries={view.recent} timeZone={view.timeZone} currency={view.currency} now={now} />
      </Card>
    </>
  );
}
