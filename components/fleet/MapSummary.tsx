// One line of counts for what the filters keep: GPUs, nodes, allocated, mean utilization of the allocated GPUs that
// report (a silent GPU's last reading is not its utilization now), and how many do not.
import { formatPercent } from '@/lib/domain/units';
import type { FleetMap } from '@/lib/queries/fleet/types';
import styles from './fleet.module.css';

export function MapSummary({ map, keep }: { map: FleetMap; keep: boolean[] }) {
  let gpus = 0;
  let allocated = 0;
  let utilSum = 0;
  let utilCount = 0;
  let silent = 0;
  const nodes = new Set<number>();
  const notReporting = map.conditions.indexOf('no_data');
  for (let i = 0; i < keep.length; i++) {
    if (!keep[i]) continue;
    gpus++;
    nodes.add(map.gpus.node[i]);
    const reporting = map.gpus.condition[i] !== notReporting;
    if (!reporting) silent++;
    if (map.gpus.job[i] >= 0) {
      allocated++;
      const util = map.gpus.util[i];
      if (util !== null && reporting) {
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
      {silent > 0 && (
        <>
          {' '}
          · <span className="num">{count(silent)}</span> not reporting
        </>
      )}
    </p>
  );
}
