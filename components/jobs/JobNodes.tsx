// The nodes a job spans and what happened on them in the range: its exposure beyond its own GPUs.
import { IntentLink } from '@/components/ui/IntentLink';
import { Badge, EmptyState, Table, type Column } from '@/components/ui';
import { formatCount } from '@/lib/domain/units';
import type { FaultRow, JobDetail, JobNode } from '@/lib/queries/jobs/types';
import { formatDateTime } from '@/components/charts/time-format';
import { FAULT_KIND, NODE_STATE } from './labels';

export function JobNodes({ nodes, flaggedNodes }: { nodes: JobNode[]; flaggedNodes: number[] }) {
  const columns: Column<JobNode>[] = [
    {
      key: 'node',
      header: 'Node',
      rowHeader: true,
      cell: (node) => (
        <>
          <IntentLink href={`/nodes/${node.nodeId}`}>{node.hostname}</IntentLink>
          {flaggedNodes.includes(node.nodeId) && (
            <Badge tone="warn" style={{ marginLeft: 6 }}>
              Rule fired here
            </Badge>
          )}
        </>
      ),
    },
    { key: 'pool', header: 'Pool', cell: (node) => node.pool },
    {
      key: 'state',
      header: 'State',
      cell: (node) => (
        <Badge tone={NODE_STATE[node.state].tone} title={node.stateReason ?? undefined}>
          {NODE_STATE[node.state].label}
        </Badge>
      ),
    },
    {
      key: 'gpus',
      header: 'Its GPUs now',
      numeric: true,
      cell: (node) =>
        node.gpusNow === node.gpusInRange
          ? formatCount(node.gpusNow)
          : `${node.gpusNow} (${node.gpusInRange} in range)`,
    },
    {
      key: 'faults',
      header: 'Faults in range',
      numeric: true,
      cell: (node) =>
        node.faults === 0 ? (
          <span className="subtle">0</span>
        ) : (
          <>
            {formatCount(node.faults)}
            {node.fatalFaults > 0 && <span className="tone-bad"> ({formatCount(node.fatalFaults)} fatal)</span>}
          </>
        ),
    },
  ];
  return (
    <Table
      columns={columns}
      rows={nodes}
      rowKey={(node) => node.nodeId}
      caption="Nodes the job spans"
      density="compact"
      maxHeight="420px"
      empty={<EmptyState title="No nodes" description="The job held no GPU in this range." />}
    />
  );
}

export function JobFaults({ faults, timeZone }: { faults: JobDetail['faults']; timeZone: string }) {
  const columns: Column<FaultRow>[] = [
    {
      key: 'at',
      header: 'Time',
      cell: (fault) => (
        <time dateTime={fault.at} className="num" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(fault.at, timeZone)}
        </time>
      ),
    },
    {
      key: 'node',
      header: 'Where',
      cell: (fault) => (
        <>
          <IntentLink href={`/nodes/${fault.nodeId}`}>{fault.hostname}</IntentLink>
          {fault.gpuIndex !== null && <span className="muted"> GPU {fault.gpuIndex}</span>}
        </>
      ),
    },
    {
      key: 'what',
      header: 'Fault',
      cell: (fault) =>
        fault.xid ? (
          <span title={fault.xid.action}>
            <strong>XID {fault.code}</strong> {fault.xid.meaning}
          </span>
        ) : (
          <span>
            {FAULT_KIND[fault.kind]}
            {fault.message && <span className="muted"> · {fault.message}</span>}
          </span>
        ),
    },
    {
      key: 'severity',
      header: 'Severity',
      cell: (fault) =>
        fault.fatal || fault.xid?.severity === 'fatal' ? (
          <Badge tone="bad">Fatal</Badge>
        ) : fault.xid?.severity === 'warning' ? (
          <Badge tone="warn">Warning</Badge>
        ) : (
          <Badge tone="neutral">Info</Badge>
        ),
    },
  ];
  return (
    <Table
      columns={columns}
      rows={faults.rows}
      caption="Faults on the job's nodes in the range, newest first"
      density="compact"
      maxHeight="420px"
      empty={<EmptyState title="No faults" description="None of its nodes reported a fault in this range." />}
    />
  );
}
