// Which nodes the fleet map lists as needing someone, in what order, and what a short list leaves out.
import { NODE_STATE } from '@/components/overview/labels';
import type { GpuCondition } from '@/lib/domain/gpu-condition';
import { shownNodeState, type ShownNodeState } from '@/lib/domain/readings';
import type { FleetMap, MapNode } from '@/lib/queries/fleet/types';
import { poolLabel } from './map-model';

type Trouble = 'fatal' | 'throttled' | 'xid' | 'no_data';
const TROUBLE: readonly GpuCondition[] = ['fatal', 'throttled', 'xid', 'no_data'] satisfies Trouble[];
/** Worst first. A node gone silent is as unknown as a down one, and ranks beside it, whatever its scheduler says. */
const STATE_RANK: Record<ShownNodeState, number> = {
  down: 0,
  not_reporting: 1,
  rebooting: 2,
  provisioning: 3,
  draining: 4,
  cordoned: 5,
  ready: 6,
  retired: 7,
};

export interface AttentionRow {
  node: MapNode;
  /** The node's state as the console shows it (a silent serving node is not reporting). */
  state: ShownNodeState;
  pool: string;
  trouble: Map<GpuCondition, number>;
}

/**
 * Rows listed before "List all": plenty for a bad day. When a whole fleet stops reporting (a collector down) every
 * node needs attention, and laying out thousands of table rows would hold the map back by seconds.
 */
export const ATTENTION_ROWS_SHOWN = 50;

/** Read after a count of nodes: "3 with a fatal XID". */
const TROUBLE_REASONS: Record<Trouble, string> = {
  fatal: 'with a fatal XID',
  throttled: 'throttled',
  xid: 'with XID warnings',
  no_data: 'not reporting',
};

/** Why a row is listed, in a few words: the node's state when it is not ready, else its worst GPU condition. */
function reasonOf(row: AttentionRow): string {
  if (row.state !== 'ready') return NODE_STATE[row.state].label.toLowerCase();
  const worst = TROUBLE.find((condition) => row.trouble.has(condition));
  return worst ? TROUBLE_REASONS[worst as Trouble] : '';
}

/** The rows past the first `shown`, counted by reason, most first: what "List all" would add. */
export function hiddenByReason(rows: readonly AttentionRow[], shown: number): { reason: string; nodes: number }[] {
  const counts = new Map<string, number>();
  for (const row of rows.slice(shown)) {
    const reason = reasonOf(row);
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts]
    .map(([reason, nodes]) => ({ reason, nodes }))
    .sort((a, b) => b.nodes - a.nodes || a.reason.localeCompare(b.reason));
}

export function attentionRows(map: FleetMap): AttentionRow[] {
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
    .map((node, i) => ({
      node,
      state: shownNodeState(node.state, node.silence),
      pool: poolName.get(node.pool) ?? '',
      trouble: byNode.get(i) ?? new Map<GpuCondition, number>(),
    }))
    .filter((row) => row.state !== 'ready' || row.trouble.size > 0)
    .sort(
      (a, b) =>
        STATE_RANK[a.state] - STATE_RANK[b.state] ||
        Number(b.trouble.has('fatal')) - Number(a.trouble.has('fatal')) ||
        a.node.hostname.localeCompare(b.node.hostname),
    );
}
