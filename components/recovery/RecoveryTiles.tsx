// The headline figures of automatic recovery for jobs and for nodes, each time read against its target in words.
import { Card, Stat } from '@/components/ui';
import { formatCount, formatDuration, formatGpuHours, formatMoney, formatPercent } from '@/lib/domain/units';
import { isUnpriced } from '@/lib/domain/cost';
import type { RecoveryFigures } from '@/lib/queries/recovery/types';
import { TARGET_LABEL } from './labels';
import { againstTarget, targetName } from './target-note';
import styles from './recovery.module.css';
import { MINUTE_MS } from '@/lib/domain/time';

function TimeStat({ label, ms, targetMs }: { label: string; ms: number | null; targetMs: number }) {
  return (
    <Stat
      label={label}
      value={formatDuration(ms)}
      tone={ms === null ? 'neutral' : ms <= targetMs ? 'ok' : 'warn'}
      sublabel={ms === null ? 'nothing recovered in this range' : againstTarget(ms, targetMs)}
    />
  );
}

function Tiles({ figures, currency }: { figures: RecoveryFigures; currency: string }) {
  const { targetMs } = figures;
  const name = TARGET_LABEL[figures.targetType];
  const others = [
    `${formatCount(figures.recovered)} recovered`,
    `${formatCount(figures.failed)} failed`,
    `${formatCount(figures.escalated)} escalated by the circuit breaker`,
    figures.acting > 0 ? `${formatCount(figures.acting)} acting` : null,
    figures.disabled > 0 ? `${formatCount(figures.disabled)} left to a person (policy off)` : null,
  ].filter(Boolean);
  const share = figures.withinTargetShare;
  return (
    <Card
      title={name.many}
      description={`Target: back within ${targetMs / MINUTE_MS} minutes of the fault`}
      data-testid={`recovery-tiles-${figures.targetType}`}
    >
      <div className="grid-kpi">
        <TimeStat label="Median time to recover" ms={figures.medianRecoverMs} targetMs={targetMs} />
        <TimeStat label="95th percentile" ms={figures.p95RecoverMs} targetMs={targetMs} />
        <Stat
          label="Within target"
          value={formatPercent(share, { digits: 0 })}
          tone={share === null ? 'neutral' : share >= 0.95 ? 'ok' : 'warn'}
          sublabel={
            figures.finished === 0
              ? 'none finished in this range'
              : `${formatCount(figures.withinTarget)} of ${formatCount(figures.finished)} finished back within the ${targetName(targetMs)}`
          }
        />
        <Stat
          label="Recoveries"
          value={formatCount(figures.count)}
          tone={figures.failed + figures.escalated > 0 ? 'warn' : 'neutral'}
          sublabel={others.join(' · ')}
        />
        <Stat
          label="Median time to detect"
          value={formatDuration(figures.medianDetectMs)}
          sublabel="from the fault to its detection"
        />
        <Stat
          label="Lost work"
          value={formatGpuHours(figures.lostGpuHours)}
          sublabel={`${formatMoney(figures.lostCost, { currency, unpriced: isUnpriced(figures.lostGpuHours, figures.unpricedLostGpuHours) })} of GPU time`}
        />
      </div>
    </Card>
  );
}

export function RecoveryTiles({
  job,
  node,
  currency,
}: {
  job: RecoveryFigures;
  node: RecoveryFigures;
  currency: string;
}) {
  return (
    <div className={styles.tiles}>
      <Tiles figures={job} currency={currency} />
      <Tiles figures={node} currency={currency} />
    </div>
  );
}
