// A node's page: what it is, whether it can take work, and what its GPUs did over the range.
import { RecoverySection } from '@/components/recovery/RecoverySection';
import { Stat } from '@/components/ui';
import { formatCelsius, formatPercent, formatWatts } from '@/lib/domain/units';
import type { NodeDetail } from '@/lib/queries/nodes/types';
import { NodeCharts } from './NodeCharts';
import { FaultTable, GpuTable, JobRunTable, StateHistory } from './NodeTables';

function mean(values: (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length ? present.reduce((sum, value) => sum + value, 0) / present.length : null;
}

export function NodeView({ node }: { node: NodeDetail }) {
  const healthy = node.gpus.filter((gpu) => gpu.healthy).length;
  const allocated = node.gpus.filter((gpu) => gpu.job).length;
  const power = node.gpus.every((gpu) => gpu.powerW === null)
    ? null
    : node.gpus.reduce((sum, gpu) => sum + (gpu.powerW ?? 0), 0);
  const hottest = node.gpus.reduce<number | null>(
    (max, gpu) => (gpu.tempC === null ? max : Math.max(max ?? 0, gpu.tempC)),
    null,
  );
  const fatal = node.faults.filter((fault) => fault.fatal).length;
  const util = mean(node.gpus.map((gpu) => gpu.util));
  return (
    <>
      <div className="grid-kpi" data-testid="node-kpis">
        <Stat
          label="Healthy GPUs"
          value={`${healthy} / ${node.gpus.length}`}
          tone={healthy < node.gpus.length ? 'bad' : undefined}
          sublabel={`${allocated} allocated`}
        />
        <Stat
          label="Utilization now"
          value={formatPercent(util === null ? null : util / 100, { digits: 0 })}
          sublabel="mean of its GPUs"
        />
        <Stat label="Power now" value={formatWatts(power)} sublabel={`hottest GPU ${formatCelsius(hottest)}`} />
        <Stat
          label="Faults in range"
          value={node.faults.length}
          tone={fatal ? 'bad' : node.faults.length ? 'warn' : undefined}
          sublabel={fatal ? `${fatal} fatal` : 'none fatal'}
        />
      </div>
      <NodeCharts node={node} />
      <GpuTable node={node} />
      <FaultTable node={node} />
      <RecoverySection nodeId={node.id} />
      <JobRunTable node={node} />
      <StateHistory node={node} />
    </>
  );
}
