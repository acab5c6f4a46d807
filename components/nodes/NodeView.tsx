// A node's page: what it is, whether it can take work, and what its GPUs did over the range.
import { ActionButtons, RecentActions } from '@/components/actions';
import { RecoverySection } from '@/components/recovery/RecoverySection';
import { Stat } from '@/components/ui';
import { formatCelsius, formatPercent, formatWatts } from '@/lib/domain/units';
import type { OperationKind } from '@/lib/ops/kinds';
import type { NodeDetail } from '@/lib/queries/nodes/types';
import { NodeCharts } from './NodeCharts';
import { NodeSignals } from './NodeSignals';
import { FaultTable, GpuTable, JobRunTable, StateHistory } from './NodeTables';

function mean(values: (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length ? present.reduce((sum, value) => sum + value, 0) / present.length : null;
}

/** Cordon or uncordon as the state fits, then drain, reboot and replace; a retired node takes none. */
function operationsFor(state: NodeDetail['state']): OperationKind[] {
  if (state === 'retired') return [];
  const cordoned = state === 'cordoned' || state === 'draining';
  const restarting = state === 'rebooting' || state === 'provisioning';
  return [
    ...(state === 'cordoned' ? (['node.uncordon'] as const) : cordoned ? [] : (['node.cordon'] as const)),
    ...(state === 'draining' ? [] : (['node.drain'] as const)),
    ...(restarting ? [] : (['node.reboot', 'node.replace'] as const)),
  ];
}

export function NodeView({ node, canAct }: { node: NodeDetail; canAct: boolean }) {
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
      <ActionButtons
        target={{ type: 'node', id: node.id, label: node.hostname }}
        operations={operationsFor(node.state)}
        canAct={canAct}
      />
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
      <RecentActions target={{ type: 'node', id: node.id, label: node.hostname }} />
      <NodeSignals node={node} />
      <NodeCharts node={node} />
      <GpuTable node={node} />
      <FaultTable node={node} />
      <RecoverySection nodeId={node.id} />
      <JobRunTable node={node} />
      <StateHistory node={node} />
    </>
  );
}
