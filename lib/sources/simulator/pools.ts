// A pool's size: how many of its nodes are in the fleet. Its capacity is the nodes the layout gives it; the
// rest are retired. Scaling down drains nodes out (idle ones first, then the highest-numbered), scaling up brings
// nodes still draining out back first, then retired ones through provisioning, as a cloud node group would.
import { keep, provision, startRetiring } from './nodes';
import { POOLS } from './topology';
import type { World } from './world';

/** In the fleet and staying: neither retired nor draining to leave. */
export function activeNodes(w: World, pool: number): number[] {
  return w.layout.poolNodes[pool].filter((n) => {
    const node = w.state.nodes[n];
    return node.condition !== 'retired' && !node.retiring;
  });
}

export interface PoolScaling {
  from: number;
  retiring: string[];
  kept: string[];
  provisioning: string[];
  /** Minute the last node has left or is ready. */
  doneAt: number | null;
}

/**
 * Sets the pool's size to `nodes` (0..capacity, checked by the caller). `drainGraceMs` is the grace period of the
 * drains; `provisionMs(k)` how long the k-th node brought back takes to be ready.
 */
export function scalePool(
  w: World,
  pool: number,
  nodes: number,
  at: number,
  drainGraceMs: number,
  provisionMs: (k: number) => number,
): PoolScaling {
  const active = activeNodes(w, pool);
  const result: PoolScaling = { from: active.length, retiring: [], kept: [], provisioning: [], doneAt: null };
  const done = (minute: number | null) => {
    if (minute !== null) result.doneAt = Math.max(result.doneAt ?? minute, minute);
  };
  const name = POOLS[pool].name;
  w.state.poolDesired[pool] = nodes;
  if (nodes < active.length) {
    const idle = (n: number) => (w.jobsOnNode(n).length === 0 ? 0 : 1);
    const leaving = [...active].sort((a, b) => idle(a) - idle(b) || b - a).slice(0, active.length - nodes);
    for (const n of leaving) {
      startRetiring(w, n, at, `Leaving ${name}: the pool is being scaled down to ${nodes} nodes`, drainGraceMs);
      result.retiring.push(w.layout.hostnames[n]);
      // The drain completes at drainDoneAt, and the node is retired in that minute's step.
      done(w.state.nodes[n].drainDoneAt);
    }
    return result;
  }
  let wanted = nodes - active.length;
  const members = w.layout.poolNodes[pool];
  // Nodes still draining out stay first, busy ones before idle ones: their jobs need not be evicted.
  const busy = (n: number) => (w.jobsOnNode(n).length > 0 ? 0 : 1);
  const leaving = members.filter((n) => w.state.nodes[n].retiring).sort((a, b) => busy(a) - busy(b) || a - b);
  for (const n of leaving) {
    if (wanted === 0) break;
    keep(w, n, at);
    result.kept.push(w.layout.hostnames[n]);
    wanted--;
  }
  for (const n of members) {
    if (wanted === 0) break;
    if (w.state.nodes[n].condition !== 'retired') continue;
    provision(w, n, at, provisionMs(result.provisioning.length));
    result.provisioning.push(w.layout.hostnames[n]);
    done(w.state.nodes[n].conditionUntil);
    wanted--;
  }
  return result;
}
