// What the pointer or the keyboard is on: the GPU, its node and pool, its readings and its job.
import { GPU_CONDITION_LABELS } from '@/lib/domain/gpu-condition';
import { readingAgeShown } from '@/lib/domain/readings';
import { formatAge, formatCelsius, formatPercent, formatWatts, MISSING } from '@/lib/domain/units';
import { xidInfo } from '@/lib/domain/xid';
import type { FleetMap } from '@/lib/queries/fleet/types';
import { poolLabel } from './map-model';
import { formatClock } from '@/components/charts/time-format';
import styles from './fleet.module.css';

const percent = (value: number | null) => (value === null ? MISSING : formatPercent(value / 100, { digits: 0 }));

/** How old the GPU's reading is, when it is old enough to say (DOMAIN.md: over two minutes). */
function readingAge(map: FleetMap, gpu: number): string | null {
  const at = map.gpus.readingAt[gpu];
  if (at === null) return 'never read';
  const now = new Date(map.generatedAt);
  return readingAgeShown(new Date(at * 1000), now) === null ? null : formatAge(new Date(at * 1000), now);
}

/** "not reporting since 10:42" for a node whose GPUs have all gone silent. */
function silenceOf(map: FleetMap, node: FleetMap['nodes'][number]): string | null {
  if (!node.silence.silent) return null;
  return node.silence.since
    ? `not reporting since ${formatClock(node.silence.since, map.timeZone, false)}`
    : 'never reported';
}

export function describeGpu(map: FleetMap, gpu: number): string {
  const node = map.nodes[map.gpus.node[gpu]];
  const jobIndex = map.gpus.job[gpu];
  const job = jobIndex >= 0 ? map.jobs[jobIndex] : null;
  const age = readingAge(map, gpu);
  return [
    `${node.hostname} GPU ${map.gpus.index[gpu]}`,
    silenceOf(map, node) ?? GPU_CONDITION_LABELS[map.conditions[map.gpus.condition[gpu]]],
    `utilization ${percent(map.gpus.util[gpu])}${age ? ` (read ${age})` : ''}`,
    job ? `job ${job.name} (${job.team})` : 'no job',
  ].join(', ');
}

export function GpuTooltip({ map, gpu, at }: { map: FleetMap; gpu: number; at: { x: number; y: number } | null }) {
  const node = map.nodes[map.gpus.node[gpu]];
  const pool = map.pools.find((candidate) => candidate.id === node.pool);
  const jobIndex = map.gpus.job[gpu];
  const job = jobIndex >= 0 ? map.jobs[jobIndex] : null;
  const xid = map.gpus.xid[gpu];
  const condition = map.conditions[map.gpus.condition[gpu]];
  const age = readingAge(map, gpu);
  const silence = silenceOf(map, node);
  return (
    <div
      className={styles.tooltip}
      style={at ? { left: at.x + 14, top: at.y + 14 } : undefined}
      data-docked={at ? undefined : 'true'}
      data-testid="gpu-tooltip"
    >
      <p className={styles.tooltipTitle}>
        {node.hostname} · GPU {map.gpus.index[gpu]}
      </p>
      <p className={styles.tooltipMuted}>
        {pool ? poolLabel(map.pools, pool) : null} · {silence ? `Node ${silence}` : GPU_CONDITION_LABELS[condition]}
        {node.state !== 'ready' && node.stateReason ? ` · ${node.stateReason}` : ''}
      </p>
      <dl className={styles.tooltipGrid}>
        {age && (
          <>
            <dt>Reading</dt>
            <dd>{age}</dd>
          </>
        )}
        <dt>Utilization</dt>
        <dd className="num">{percent(map.gpus.util[gpu])}</dd>
        <dt>Memory</dt>
        <dd className="num">{percent(map.gpus.memory[gpu])}</dd>
        <dt>Power</dt>
        <dd className="num">{formatWatts(map.gpus.powerW[gpu])}</dd>
        <dt>Temperature</dt>
        <dd className="num">{formatCelsius(map.gpus.tempC[gpu])}</dd>
        {xid !== 0 && (
          <>
            <dt>XID {xid}</dt>
            <dd>{xidInfo(xid).meaning}</dd>
          </>
        )}
        <dt>Job</dt>
        <dd>{job ? `${job.name} · ${job.team}/${job.project}` : 'none (idle)'}</dd>
      </dl>
      <p className={styles.tooltipHint}>Click or press Enter to open the node</p>
    </div>
  );
}
