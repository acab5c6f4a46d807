// The key to the colours: a gradient with its range for a reading, or each condition with its count.
import { GPU_CONDITION_LABELS } from '@/lib/domain/gpu-condition';
import type { FleetMap } from '@/lib/queries/fleet/types';
import { CONDITION_COLORS, NO_READING_COLOR, SCALES, type Signal } from './map-model';
import styles from './fleet.module.css';

export function MapLegend({ map, signal, keep }: { map: FleetMap; signal: Signal; keep: boolean[] }) {
  if (signal === 'health') {
    const counts = new Array<number>(map.conditions.length).fill(0);
    map.gpus.condition.forEach((condition, i) => {
      if (keep[i]) counts[condition]++;
    });
    return (
      <ul className={styles.legend} aria-label="Legend" data-testid="map-legend">
        {map.conditions.map((condition, i) =>
          counts[i] === 0 ? null : (
            <li key={condition} className={styles.legendItem}>
              <span className={styles.swatch} style={{ background: CONDITION_COLORS[condition] }} aria-hidden="true" />
              {GPU_CONDITION_LABELS[condition]} <span className="num">{counts[i].toLocaleString('en-US')}</span>
            </li>
          ),
        )}
      </ul>
    );
  }
  const scale = SCALES[signal];
  const gradient = `linear-gradient(to right, ${scale.stops.join(', ')})`;
  return (
    <div className={styles.legend} aria-label="Legend" data-testid="map-legend">
      <span className="num">
        {scale.min}
        {scale.unit}
      </span>
      <span className={styles.gradient} style={{ background: gradient }} aria-hidden="true" />
      <span className="num">
        {scale.max}
        {scale.unit}
      </span>
      {signal === 'util' && (
        <span className={styles.legendItem}>
          <span className={styles.hollowSwatch} aria-hidden="true" />
          unallocated
        </span>
      )}
      <span className={styles.legendItem}>
        <span className={styles.swatch} style={{ background: NO_READING_COLOR }} aria-hidden="true" />
        not reporting
      </span>
      <span className={styles.legendItem}>
        <span className={styles.outlineSwatch} data-tone="warn" aria-hidden="true" />
        cordoned / draining node
      </span>
      <span className={styles.legendItem}>
        <span className={styles.outlineSwatch} data-tone="bad" aria-hidden="true" />
        node down
      </span>
    </div>
  );
}
