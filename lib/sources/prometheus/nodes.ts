// Node states from presence in the data: a node whose GPUs report is ready (back from down, a reboot or
// provisioning). A node whose GPUs all stop reporting keeps the state it had: Prometheus cannot tell a dead node
// from a dead exporter, so the console shows it as not reporting since its last reading (DOMAIN.md Coverage), an
// unknown, never as down. States that only a scheduler knows (cordoned, draining) are left as they are.
import type { NodeState } from '@/lib/domain/enums';
import type { NodeStatusRecord } from '@/lib/sources/types';

const NOT_SERVING: ReadonlySet<NodeState> = new Set(['down', 'rebooting', 'provisioning']);

export class NodePresence {
  private readonly nodes = new Map<string, NodeStatusRecord>();

  /** `known`: the nodes and states the console holds. */
  constructor(known: { hostname: string; state: NodeState }[] = []) {
    for (const node of known) {
      if (node.state !== 'retired') this.nodes.set(node.hostname, { ...node, reason: null, since: new Date(0) });
    }
  }

  /** Notes which nodes reported in the period that began at `start`. */
  observe(start: Date, present: ReadonlySet<string>): void {
    for (const hostname of present) {
      const node = this.nodes.get(hostname);
      if (!node || NOT_SERVING.has(node.state)) {
        this.nodes.set(hostname, { hostname, state: 'ready', reason: null, since: start });
      }
    }
  }

  records(): NodeStatusRecord[] {
    return [...this.nodes.values()];
  }
}
