// The nodes that need someone: not ready, or holding a GPU with a fault. A list, so what the map shows in
// colour can also be read, sorted and reached by keyboard.
import { IntentLink } from '@/components/ui/IntentLink';
import { Badge, Table, type Column } from '@/components/ui';
import { NODE_STATE } from '@/components/overview/labels';
import { GPU_CONDITION_LABELS, type GpuCondition } from '@/lib/domain/gpu-condition';
import type { FleetMap, MapNode } from '@/lib/queries/fleet/types';
import { poolLabel } from './map-model';

const TROUBLE: readonly GpuCondition[] = ['fatal', 'throttled', 'xid', 'no_data'];
const STATE_RANK: Record<string, number> = {
  down: 0,
  rebooting: 1,
  provisioning: 2,
  draining: 3,
  cordoned: 4,
  ready: 5,
};

interface Row {
  node: MapNode;
  pool: string;
  trouble: Map<GpuCondition, number>;
}

export function attentionRows(map: FleetMap): Row[] {
  const byNode = new Map<number, Map<GpuCondition, number>>();
  map.gpus.condition.forEach((index, gpu) => {
    const condition = map.conditions[index];
    if (!TROUBLE.includes(condition)) return;
    const counts = byNode.get(map.gpus.node[gpu]) ?? new Map<GpuCondition, number>();
    counts.set(condition, (counts.get(condition) ?? 0) + 1);
    byNode.set(map.gpus.node[gpu], counts);
  });
  const poolName = new Map(map.pools.map((pool) => [pool.id, poolLabel(map.pools, pool)]));
  return map.nodes
    .map((node, i) => ({ node, pool: poolName.get(node.pool) ?? '', trouble: byNode.get(i) ?? new Map() }))
    .filter((row) => row.node.state !== 'ready' || row.trouble.size > 0)
    .sort(
      (a, b) =>
        (STATE_RANK[a.node.state] ?? 9) - (STATE_RANK[b.node.state] ?? 9) ||
        Number(b.trouble.has('fatal')) - Number(a.trouble.has('fatal')) ||
        a.node.hostname.localeCompare(b.node.hostname),
    );
}

const columns: Column<Row>[] = [
  {
    key: 'node',
    header: 'Node',
    rowHeader: true,
    cell: (row) => <IntentLink href={`/nodes/${row.node.id}`}>{row.node.hostname}</IntentLink>,
  },
  { key: 'pool', header: 'Pool', cell: (row) => row.pool },
  {
    key: 'state',
    header: 'State',
    cell: (row) => <Badge tone={NODE_STATE[row.node.state].tone}>{NODE_STATE[row.node.state].label}</Badge>,
  },
  { key: 'reason', header: 'Reason', cell: (row) => row.node.stateReason ?? '' },
  {
    key: 'gpus',
    header: 'GPUs',
    cell: (row) =>
      [...row.trouble].map(([condition, count]) => `${count} × ${GPU_CONDITION_LABELS[condition]}`).join(', '),
  },
];

export function AttentionNodes({ map }: { map: FleetMap }) {
  const rows = attentionRows(map);
  return (
    <section aria-labelledby="attention-heading">
      <h2 id="attention-heading" className="section-title">
        Nodes that need attention <span className="num">({rows.length})</span>
      </h2>
      <Table
        caption="Nodes that need attention"
        columns={columns}
        rows={rows}
        rowKey={(row) => row.node.id}
        density="compact"
        maxHeight="420px"
        empty={<p>Every node is ready and no GPU reports a fault.</p>}
      />
    </section>
  );
}
