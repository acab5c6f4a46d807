// The node's GPUs now, its faults with what each XID means, the jobs that ran on it and its state history.
import { IntentLink } from '@/components/ui/IntentLink';
import { Badge, Card, Table, type Column } from '@/components/ui';
import { formatDateTime } from '@/components/charts/time-format';
import { FAULT_KIND, JOB_HEALTH, NODE_STATE } from '@/components/overview/labels';
import { isSilent, readingAgeShown } from '@/lib/domain/readings';
import {
  formatAge,
  formatCelsius,
  formatDuration,
  formatMibAsGib,
  formatPercent,
  formatWatts,
  MISSING,
} from '@/lib/domain/units';
import type { NodeDetail, NodeFault, NodeGpu, NodeJobRun, NodeStateSpan } from '@/lib/queries/nodes/types';
import { MINUTE_MS } from '@/lib/domain/time';

/**
 * Used of total, and what is free and reserved where the exporter says, all in GiB to one decimal, so that they add
 * up as read (an L4: 0.0 used + 22.0 free + 0.5 reserved of 22.5 GiB, not of "22 GiB").
 */
function memoryCell(gpu: NodeGpu) {
  const used = `${formatMibAsGib(gpu.fbUsedMib, { digits: 1 })} / ${formatMibAsGib(gpu.memoryMib, { digits: 1 })}`;
  const parts = [
    gpu.fbFreeMib === null ? null : `${formatMibAsGib(gpu.fbFreeMib, { digits: 1 })} free`,
    gpu.fbReservedMib === null ? null : `${formatMibAsGib(gpu.fbReservedMib, { digits: 1 })} reserved`,
  ].filter(Boolean);
  return parts.length ? (
    <span title={parts.join(', ')}>
      {used}
      <br />
      <span className="muted">{parts.join(' · ')}</span>
    </span>
  ) : (
    used
  );
}

export function GpuTable({ node }: { node: NodeDetail }) {
  const now = new Date(node.generatedAt);
  const silent = (gpu: NodeGpu) => isSilent(gpu.readingAt, now, node.freshness.staleAfterSeconds * 1000);
  const columns: Column<NodeGpu>[] = [
    { key: 'index', header: 'GPU', cell: (gpu) => gpu.index, rowHeader: true, numeric: true, width: '56px' },
    { key: 'uuid', header: 'UUID', cell: (gpu) => <code className="mono">{gpu.uuid}</code> },
    {
      key: 'health',
      header: 'Health',
      cell: (gpu) =>
        !gpu.healthy ? (
          <Badge tone="bad">Fatal XID</Badge>
        ) : silent(gpu) ? (
          <Badge tone="bad">Not reporting</Badge>
        ) : gpu.throttled ? (
          <Badge tone="warn">Throttled</Badge>
        ) : (
          <Badge tone="ok">Healthy</Badge>
        ),
    },
    {
      key: 'util',
      header: 'Utilization',
      numeric: true,
      cell: (gpu) => (gpu.util === null ? MISSING : formatPercent(gpu.util / 100, { digits: 0 })),
    },
    { key: 'memory', header: 'Memory', numeric: true, cell: memoryCell },
    { key: 'power', header: 'Power', numeric: true, cell: (gpu) => formatWatts(gpu.powerW) },
    { key: 'temp', header: 'Temp.', numeric: true, cell: (gpu) => formatCelsius(gpu.tempC) },
    {
      key: 'reading',
      header: 'Read',
      cell: (gpu) =>
        gpu.readingAt === null
          ? 'never'
          : readingAgeShown(gpu.readingAt, now) === null
            ? 'now'
            : formatAge(new Date(gpu.readingAt), now),
    },
    {
      key: 'throttled',
      header: 'Throttled in range',
      numeric: true,
      cell: (gpu) => (gpu.throttledMinutes ? formatDuration(gpu.throttledMinutes * MINUTE_MS) : 'never'),
    },
    {
      key: 'job',
      header: 'Job',
      cell: (gpu) => (gpu.job ? <IntentLink href={`/jobs/${gpu.job.id}`}>{gpu.job.name}</IntentLink> : 'idle'),
    },
  ];
  return (
    <Card title="GPUs" description="Each GPU's latest reading" flush>
      <Table columns={columns} rows={node.gpus} caption="GPUs of this node" density="compact" />
    </Card>
  );
}

export function FaultTable({ node }: { node: NodeDetail }) {
  const columns: Column<NodeFault>[] = [
    { key: 'at', header: 'When', cell: (fault) => formatDateTime(fault.at, node.timeZone), width: '150px' },
    { key: 'gpu', header: 'GPU', numeric: true, cell: (fault) => fault.gpuIndex ?? 'node', width: '56px' },
    {
      key: 'kind',
      header: 'Fault',
      cell: (fault) => (
        <Badge tone={fault.fatal ? 'bad' : 'warn'}>
          {FAULT_KIND[fault.kind]}
          {fault.code !== null ? ` ${fault.code}` : ''}
          {fault.fatal ? ' · fatal' : ''}
        </Badge>
      ),
    },
    { key: 'meaning', header: 'Meaning', cell: (fault) => fault.meaning ?? fault.message ?? '' },
    { key: 'action', header: 'What to do', cell: (fault) => fault.action ?? '' },
  ];
  return (
    <Card title="Faults" description="XID, ECC and other faults in the range, newest first" flush>
      <Table
        columns={columns}
        rows={node.faults}
        rowKey={(fault) => `${fault.at}-${fault.gpuIndex}-${fault.kind}-${fault.code}`}
        caption="Faults on this node"
        density="compact"
        maxHeight="360px"
        empty={<p className="muted">No faults in this range.</p>}
      />
    </Card>
  );
}

export function JobRunTable({ node }: { node: NodeDetail }) {
  const columns: Column<NodeJobRun>[] = [
    {
      key: 'name',
      header: 'Job',
      rowHeader: true,
      cell: (job) => <IntentLink href={`/jobs/${job.id}`}>{job.name}</IntentLink>,
    },
    { key: 'team', header: 'Team / project', cell: (job) => `${job.team} / ${job.project}` },
    {
      key: 'health',
      header: 'Health',
      cell: (job) => <Badge tone={JOB_HEALTH[job.health].tone}>{JOB_HEALTH[job.health].label}</Badge>,
    },
    { key: 'gpus', header: 'GPUs here', numeric: true, cell: (job) => job.gpus },
    { key: 'from', header: 'From', cell: (job) => formatDateTime(job.from, node.timeZone) },
    { key: 'to', header: 'Until', cell: (job) => (job.to ? formatDateTime(job.to, node.timeZone) : 'still running') },
  ];
  return (
    <Card title="Jobs on this node" description="Every job that held one of its GPUs in the range" flush>
      <Table
        columns={columns}
        rows={node.jobs}
        caption="Jobs that ran on this node"
        density="compact"
        maxHeight="360px"
        empty={<p className="muted">No job held a GPU here in this range.</p>}
      />
    </Card>
  );
}

export function StateHistory({ node }: { node: NodeDetail }) {
  const columns: Column<NodeStateSpan>[] = [
    {
      key: 'state',
      header: 'State',
      cell: (span) => <Badge tone={NODE_STATE[span.state].tone}>{NODE_STATE[span.state].label}</Badge>,
    },
    { key: 'from', header: 'From', cell: (span) => formatDateTime(span.from, node.timeZone) },
    { key: 'to', header: 'Until', cell: (span) => (span.to ? formatDateTime(span.to, node.timeZone) : 'now') },
    {
      key: 'for',
      header: 'For',
      numeric: true,
      cell: (span) =>
        formatDuration((span.to ? Date.parse(span.to) : Date.parse(node.generatedAt)) - Date.parse(span.from)),
    },
    { key: 'reason', header: 'Reason', cell: (span) => span.reason ?? '' },
  ];
  return (
    <Card title="State history" description="Ready, cordoned, draining, down: each change in the range" flush>
      <Table
        columns={columns}
        rows={[...node.states].reverse()}
        rowKey={(span) => span.from}
        caption="State history of this node"
        density="compact"
        maxHeight="360px"
      />
    </Card>
  );
}
