// What the scheduler and GPU health tools say about the node: Kubernetes conditions (a node problem detector's,
// NVIDIA's health monitor's), taints, the GPU operator's validator and driver upgrade, allocatable GPUs.
import { Badge, Card, Table, type Column } from '@/components/ui';
import { formatDateTime } from '@/components/charts/time-format';
import type { NodeDetail, NodeHealthSignal } from '@/lib/queries/nodes/types';

const KIND: Record<NodeHealthSignal['kind'], string> = {
  condition: 'Condition',
  taint: 'Taint',
  label: 'Label',
  gpus: 'GPUs',
  validator: 'GPU operator',
};

export function NodeSignals({ node }: { node: NodeDetail }) {
  if (!node.signals.length) return null;
  const problems = node.signals.filter((signal) => signal.problem).length;
  const columns: Column<NodeHealthSignal>[] = [
    { key: 'kind', header: 'Kind', cell: (signal) => KIND[signal.kind] },
    { key: 'name', header: 'Signal', rowHeader: true, cell: (signal) => <code className="mono">{signal.name}</code> },
    {
      key: 'state',
      header: 'Says',
      cell: (signal) => <Badge tone={signal.problem ? 'bad' : 'ok'}>{signal.problem ? 'Problem' : 'Fine'}</Badge>,
    },
    { key: 'message', header: 'Message', cell: (signal) => signal.message ?? '' },
    {
      key: 'since',
      header: 'Since',
      cell: (signal) => (signal.since ? formatDateTime(signal.since, node.timeZone) : ''),
    },
  ];
  return (
    <Card
      title="Health signals"
      description={
        problems
          ? `${problems} of ${node.signals.length} report a problem, as the cluster's health tools last set them`
          : 'As the cluster and its GPU health tools last reported them'
      }
      flush
    >
      <Table
        columns={columns}
        rows={node.signals}
        rowKey={(signal) => `${signal.kind}:${signal.name}`}
        caption="Health signals on this node"
        density="compact"
        maxHeight="360px"
      />
    </Card>
  );
}
