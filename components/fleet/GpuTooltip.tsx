// What the pointer or the keyboard is on: the GPU, its node and pool, its readings and its job.
import { GPU_CONDITION_LABELS } from '@/lib/domain/gpu-condition';
import { formatCelsius, formatPercent, formatWatts, MISSING } from '@/lib/domain/units';
import { xidInfo } from '@/lib/domain/xid';
import type { FleetMap } from '@/lib/queries/fleet/types';
import { poolLabel } from './map-model';
import styles from './fleet.module.css';

const percent = (value: number | null) => (value === null ? MISSING : formatPercent(value / 100, { digits: 0 }));

export function describeGpu(map: FleetMap, gpu: number): string {
  const node = map.nodes[map.gpus.node[gpu]];
  const jobIndex = map.gpus.job[gpu];
  const job = jobIndex >= 0 ? map.jobs[jobIndex] : null;
  return [
    `${node.hostname} GPU ${map.gpus.index[gpu]}`,
    GPU_CONDITION_LABELS[map.conditions[map.gpus.condition[gpu]]],
    `utilization ${percent(map.gpus.util[gpu])}`,
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
        {pool ? poolLabel(map.pools, pool) : null} · {GPU_CONDITION_LABELS[condition]}
        {node.state !== 'ready' && node.stateReason ? ` · ${node.stateReason}` : ''}
      </p>
      <dl className={styles.tooltipGrid}>
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
