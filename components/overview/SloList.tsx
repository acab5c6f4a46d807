// Each enabled SLO as the worker last evaluated it: the SLI against its target and the error budget left.
import { IntentLink } from '@/components/ui/IntentLink';
import { Card, EmptyState, ToneIcon, type Tone } from '@/components/ui';
import { formatAge, formatCoverage, formatPercent } from '@/lib/domain/units';
import type { SloStatus } from '@/lib/queries/overview/types';
import styles from './overview.module.css';

function budgetTone(remaining: number): Tone {
  return remaining <= 0 ? 'bad' : remaining < 0.25 ? 'warn' : 'ok';
}

function SloRow({ slo, now }: { slo: SloStatus; now: number }) {
  const target = formatPercent(slo.target, { digits: 2 });
  if (!slo.latest) {
    return (
      <li className={styles.slo}>
        <IntentLink href={`/slos/${slo.id}`} className={styles.sloName}>
          {slo.name}
          {slo.cluster && <span className="muted"> · {slo.cluster}</span>}
        </IntentLink>
        <span className="muted" title={slo.notMeasured ?? undefined}>
          {slo.notMeasured ? 'Not measured' : 'Not evaluated yet'} · target {target}
        </span>
      </li>
    );
  }
  const { sli, budgetRemaining, at, coverage } = slo.latest;
  const tone = budgetTone(budgetRemaining);
  const met = sli >= slo.target;
  return (
    <li className={styles.slo}>
      <span className={styles.sloName}>
        <ToneIcon tone={tone} size={12} className={`tone-${tone}`} />
        <IntentLink href={`/slos/${slo.id}`}>{slo.name}</IntentLink>
        {slo.cluster && <span className="muted"> · {slo.cluster}</span>}
      </span>
      <span className="num">
        {/* Truncated, so an SLI just under target never rounds up to look met. */}
        <strong>{formatPercent(sli, { digits: 2, truncate: true })}</strong>
        <span className="muted">
          {' '}
          {met ? '≥' : '<'} {target} target
          {coverage !== null && coverage < 1 && ` · over ${formatCoverage(coverage)}`}
        </span>
      </span>
      <span className={styles.budget}>
        <span className={styles.budgetTrack} aria-hidden>
          <span
            className={`fill tone-${tone}`}
            style={{ width: `${Math.max(0, Math.min(1, budgetRemaining)) * 100}%` }}
          />
        </span>
        <span className="num">
          {budgetRemaining < 0
            ? `budget overspent by ${formatPercent(-budgetRemaining, { digits: 1 })}`
            : `${formatPercent(budgetRemaining, { digits: 1, truncate: true })} of budget left`}
        </span>
      </span>
      <span className={`muted ${styles.rowMeta}`}>
        {slo.windowDays} d window · evaluated {formatAge(new Date(at), new Date(now))}
      </span>
    </li>
  );
}

export function SloList({ slos, now }: { slos: SloStatus[]; now: number }) {
  return (
    <Card title="SLOs" description="Latest evaluation of each enabled SLO" flush>
      {slos.length === 0 ? (
        <EmptyState title="No SLOs enabled" description="An admin enables SLOs on the SLOs page." />
      ) : (
        <ul className={styles.rows} aria-label="SLO status">
          {slos.map((slo) => (
            <SloRow key={slo.id} slo={slo} now={now} />
          ))}
        </ul>
      )}
    </Card>
  );
}
