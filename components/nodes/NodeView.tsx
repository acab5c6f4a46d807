// A node's page: what it is, whether it can take work, and what its GPUs did over the range.
import { ActionButtons, RecentActions } from '@/components/actions';
import { RecoverySection } from '@/components/recovery/RecoverySection';
import { Banner, Stat } from '@/components/ui';
import { formatClock } from '@/components/charts/time-format';
import { isSilent, readingAgeShown } from '@/lib/domain/readings';
import { formatAge, formatCelsius, formatPercent, formatWatts } from '@/lib/domain/units';
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

/** Says that a node has gone silent, since when, and what the figures below then are. */
function SilenceBanner({ node }: { node: NodeDetail }) {
  if (!node.silence.silent) return null;
  const since = node.silence.since;
  return (
    <Banner
      tone="bad"
      title={
        since
          ? `Not reporting since ${formatClock(since, node.timeZone, false)} (${formatAge(new Date(since), new Date(node.generatedAt))})`
          : 'Not reporting: none of its GPUs has ever sent a reading'
      }
      data-testid="node-silence"
    >
      None of its GPUs has sent a reading since. Whether the node or only its exporter stopped is unknown, so its
      minutes count as unknown, not as healthy or idle. The readings below are its last.
    </Banner>
  );
}

export function NodeView({ node, canAct }: { node: NodeDetail; canAct: boolean }) {
  const generatedAt = new Date(node.generatedAt);
  const silentAfterMs = node.freshness.staleAfterSeconds * 1000;
  const silent = node.gpus.filter((gpu) => isSilent(gpu.readingAt, generatedAt, silentAfterMs)).length;
  // A GPU that does not report is of unknown health: counted apart, never as healthy.
  const healthy = node.gpus.filter((gpu) => gpu.healthy && !isSilent(gpu.readingAt, generatedAt, silentAfterMs)).length;
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
  // "Now" is each GPU's latest reading; once the newest of them is over two minutes old, the tiles say how old.
  const age =
    node.asOf && readingAgeShown(node.asOf, generatedAt) !== null ? formatAge(new Date(node.asOf), generatedAt) : null;
  const temperature = `${node.gpus.length === 1 ? 'GPU at' : 'hottest GPU'} ${formatCelsius(hottest)}`;
  return (
    <>
      <ActionButtons
        target={{ type: 'node', id: node.id, label: node.hostname }}
        operations={operationsFor(node.state)}
        canAct={canAct}
      />
      <SilenceBanner node={node} />
      <div className="grid-kpi" data-testid="node-kpis">
        <Stat
          label="Healthy GPUs"
          value={`${healthy} / ${node.gpus.length}`}
          tone={healthy < node.gpus.length ? 'bad' : undefined}
          sublabel={silent ? `${allocated} allocated · ${silent} not reporting` : `${allocated} allocated`}
        />
        <Stat
          label="Utilization now"
          value={formatPercent(util === null ? null : util / 100, { digits: 0 })}
          sublabel={age ? `read ${age}` : node.gpus.length === 1 ? 'of its GPU' : 'mean of its GPUs'}
          tone={age ? 'warn' : undefined}
        />
        <Stat
          label="Power now"
          value={formatWatts(power)}
          sublabel={age ? `${temperature} · read ${age}` : temperature}
          tone={age ? 'warn' : undefined}
        />
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
