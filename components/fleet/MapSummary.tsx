// One line of counts for what the filters keep: GPUs, nodes, allocated, mean utilization of the allocated.
import { formatPercent } from '@/lib/domain/units';
import type { FleetMap } from '@/lib/queries/fleet/types';
import styles from './fleet.module.css';

export function MapSummary({ map, keep }: { map: FleetMap; keep: boolean[] }) {
  let gpus = 0;
  let allocated = 0;
  let utilSum = 0;
  let utilCount = 0;
  const nodes = new Set<number>();
  for (let i = 0; i < keep.length; i++) {
    if (!keep[i]) continue;
    gpus++;
    nodes.add(map.gpus.node[i]);
    if (map.gpus.job[i] >= 0) {
      allocated++;
      const util = map.gpus.util[i];
      if (util !== null) {
        utilSum += util;
        utilCount++;
      }
    }
  }
  const count = (n: number) => n.toLocaleString('en-US');
  return (
    <p className={styles.summary} data-testid="map-summary">
      <strong className="num">{count(gpus)}</strong> {gpus === 1 ? 'GPU' : 'GPUs'} on{' '}
      <span className="num">{count(nodes.size)}</span> {nodes.size === 1 ? 'node' : 'nodes'}
      {gpus < keep.length ? ` (of ${count(keep.length)})` : ''} · <span className="num">{count(allocated)}</span>{' '}
      allocated · utilization of allocated{' '}
      <span className="num">{utilCount ? formatPercent(utilSum / utilCount / 100, { digits: 0 }) : '—'}</span>
    </p>
  );
}
