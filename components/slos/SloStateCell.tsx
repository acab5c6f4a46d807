// An SLO's SLI now, or why there is none: not measured (with the worker's reason), not yet evaluated, disabled.
import { Badge } from '@/components/ui';
import type { SloSummary } from '@/lib/queries/slos/types';
import { formatCoverage } from '@/lib/domain/units';
import { formatSli, formatTarget } from './format';
import styles from './slos.module.css';

export function SloStateCell({ slo }: { slo: SloSummary }) {
  if (slo.state === 'disabled') return <Badge tone="neutral">Disabled</Badge>;
  if (slo.state === 'not_measured') {
    return (
      <span>
        <Badge tone="warn">Not measured</Badge>
        <span className={styles.reason}>{slo.notMeasuredReason}</span>
      </span>
    );
  }
  if (!slo.latest) return <span className="muted">Not evaluated yet</span>;
  const met = slo.latest.sli >= slo.target;
  return (
    <span className="num">
      <strong>{formatSli(slo.latest.sli)}</strong>
      <span className="muted">
        {' '}
        {met ? '≥' : '<'} {formatTarget(slo.target)}
        {slo.latest.coverage !== null && slo.latest.coverage < 1 && ` · over ${formatCoverage(slo.latest.coverage)}`}
      </span>
    </span>
  );
}
