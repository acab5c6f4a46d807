// The burn rates of an SLO's window pairs now, each against the rate that fires its alert.
import type { BurnRatePair } from '@/lib/queries/slos/types';
import { formatBurnRate, windowLabel } from './format';
import styles from './slos.module.css';

export function BurnRatePairs({ pairs, name }: { pairs: BurnRatePair[]; name: string }) {
  return (
    <ul className={styles.pairs} aria-label={`Burn rates of ${name}`}>
      {pairs.map((pair) => (
        <li
          key={`${pair.longWindowMinutes}/${pair.shortWindowMinutes}`}
          className={[styles.pair, pair.firing && styles.firing].filter(Boolean).join(' ')}
        >
          <span className="num">
            {windowLabel(pair.longWindowMinutes)} {formatBurnRate(pair.longBurnRate)} ·{' '}
            {windowLabel(pair.shortWindowMinutes)} {formatBurnRate(pair.shortBurnRate)}
          </span>
          <span className={pair.firing ? undefined : 'muted'}>
            {pair.firing ? 'firing, ' : ''}
            {pair.severity} above {pair.threshold}x
          </span>
        </li>
      ))}
    </ul>
  );
}
