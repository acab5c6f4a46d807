// Node states from presence in the data: a node whose GPUs all stop reporting is down, with the reason, rather
// than a node of idle GPUs; it is ready again when they report. States that only a scheduler knows (cordoned,
// draining) are left as they are.
import type { NodeState } from '@/lib/domain/enums';
import type { FaultRecord, NodeStatusRecord } from '@/lib/sources/types';

const NOT_SERVING: ReadonlySet<NodeState> = new Set(['down', 'rebooting', 'provisioning']);

export class NodePresence {
  private readonly nodes = new Map<string, NodeStatusRecord>();

  /** `known`: the nodes and states the console holds, so a node gone while the worker was stopped is noticed. */
  constructor(known: { hostname: string; state: NodeState }[] = []) {
    for (const node of known) {
      if (node.state !== 'retired') this.nodes.set(node.hostname, { ...node, reason: null, since: new Date(0) });
    }
  }

  /** Notes which nodes reported in the period [start, end); returns a fault for each node that vanished. */
  observe(start: Date, end: Date, present: ReadonlySet<string>): FaultRecord[] {
    const faults: FaultRecord[] = [];
    for (const hostname of present) {
      const node = this.nodes.get(hostname);
      if (!node || NOT_SERVING.has(node.state)) {
        this.nodes.set(hostname, { hostname, state: 'ready', reason: null, since: start });
      }
    }
    for (const [hostname, node] of this.nodes) {
      if (present.has(hostname) || node.state === 'down') continue;
      const reason = `dcgm-exporter stopped reporting: no metrics for this node in Prometheus since ${start.toISOString()}`;
      this.nodes.set(hostname, { hostname, state: 'down', reason, since: start });
      faults.push({ hostname, gpuUuid: null, at: end, kind: 'node_lost', code: null, fatal: true, message: reason });
    }
    return faults;
  }

  records(): NodeStatusRecord[] {
    return [...this.nodes.values()];
  }
}
