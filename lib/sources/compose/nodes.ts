// Node states in a composition: the scheduler's, except that a node whose GPU had a fatal fault (a fatal XID, a
// double-bit ECC error) stays down until it restarts or is put back in service, as DOMAIN.md asks, and that each
// fall to down records one fault (recovery acts on it) and a node the scheduler stops listing is retired.
import type { NodeState } from '@/lib/domain/enums';
import type { FaultRecord, NodeStatusRecord } from '@/lib/sources/types';

export interface KnownNode {
  hostname: string;
  state: NodeState;
  reason: string | null;
  since: Date;
}

/** How a node held down by a GPU fault is told apart (by its reason) after a restart of the worker. */
export const HELD_PREFIX = 'Fatal GPU fault: ';
const HELD_SUFFIX = ' (held down until the node restarts or is returned to service)';

const OUT_OF_SERVICE: ReadonlySet<NodeState> = new Set(['down', 'rebooting', 'provisioning', 'retired']);

interface Hold {
  at: Date;
  reason: string;
  /** The boot id when the fault struck; undefined until a scheduler read says it. */
  bootId: string | null | undefined;
  /** Seen cordoned, draining or out of service since the fault: someone took it in hand, and a return ends it. */
  takenInHand: boolean;
}

export class NodeHealth {
  private readonly previous = new Map<string, NodeState>();
  private readonly held = new Map<string, Hold>();
  private listed = new Set<string>();

  constructor(known: readonly KnownNode[] = []) {
    for (const node of known) {
      this.previous.set(node.hostname, node.state);
      if (node.state !== 'retired') this.listed.add(node.hostname);
      if (node.state === 'down' && node.reason?.startsWith(HELD_PREFIX)) {
        this.held.set(node.hostname, { at: node.since, reason: node.reason, bootId: undefined, takenInHand: false });
      }
    }
  }

  /** Holds down the node of each fatal GPU fault. */
  noteFaults(faults: readonly FaultRecord[]) {
    for (const fault of faults) {
      if (!fault.fatal || !fault.gpuUuid) continue;
      const hold = this.held.get(fault.hostname);
      if (hold && hold.at >= fault.at) continue;
      this.held.set(fault.hostname, {
        at: fault.at,
        reason: `${HELD_PREFIX}${fault.message}${HELD_SUFFIX}`,
        bootId: hold?.bootId,
        takenInHand: false,
      });
    }
  }

  /** The states to record, and a fault for each node the scheduler newly reports down. */
  merge(records: readonly NodeStatusRecord[], now: Date): { nodes: NodeStatusRecord[]; faults: FaultRecord[] } {
    const nodes: NodeStatusRecord[] = [];
    const faults: FaultRecord[] = [];
    const listed = new Set<string>();
    for (const record of records) {
      listed.add(record.hostname);
      const shown = this.hold(record) ?? record;
      const before = this.previous.get(record.hostname);
      if (shown === record && record.state === 'down' && before !== 'down') {
        faults.push({
          hostname: record.hostname,
          gpuUuid: null,
          at: record.since,
          kind: record.downFault ?? 'node_lost',
          code: null,
          fatal: true,
          message: record.reason ?? 'reported down by the scheduler',
        });
      }
      this.previous.set(record.hostname, shown.state);
      nodes.push(shown);
    }
    for (const hostname of this.listed) {
      if (listed.has(hostname)) continue;
      nodes.push({ hostname, state: 'retired', reason: 'no longer listed by the scheduler', since: now });
      this.previous.set(hostname, 'retired');
      this.held.delete(hostname);
    }
    this.listed = listed;
    return { nodes, faults };
  }

  /** The held-down record while a fatal GPU fault holds the node, or null once it is released. */
  private hold(record: NodeStatusRecord): NodeStatusRecord | null {
    const hold = this.held.get(record.hostname);
    if (!hold) return null;
    if (hold.bootId === undefined) hold.bootId = record.bootId ?? null;
    const restarted = !!record.bootId && !!hold.bootId && record.bootId !== hold.bootId;
    const outOfService = OUT_OF_SERVICE.has(record.state);
    const returned = hold.takenInHand && record.state === 'ready';
    if (record.state !== 'ready') hold.takenInHand = true;
    if (restarted || returned || outOfService) {
      // Out of service, the scheduler's own state says more; a restart or a return ends the hold.
      if (!outOfService) this.held.delete(record.hostname);
      return null;
    }
    return { hostname: record.hostname, state: 'down', reason: hold.reason, since: hold.at };
  }
}
