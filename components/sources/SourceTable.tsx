// The data sources and whether each is answering: a stale or failing source explains every stale banner.
import { Badge, Card, Table, type Column, type Tone } from '@/components/ui';
import { formatDateTime } from '@/components/charts/time-format';
import { formatDuration, MISSING } from '@/lib/domain/units';
import type { SourceStatus } from '@/lib/queries/sources';

const STATUS: Record<SourceStatus['status'], { label: string; tone: Tone }> = {
  ok: { label: 'Answering', tone: 'ok' },
  stale: { label: 'Stale', tone: 'warn' },
  failing: { label: 'Failing', tone: 'bad' },
  never: { label: 'No data yet', tone: 'neutral' },
};

const NAMES: Record<string, string> = {
  simulator: 'Simulator',
  prometheus: 'Prometheus (dcgm-exporter)',
  kubernetes: 'Kubernetes',
  slurm: 'Slurm',
};

export function SourceTable({ sources, timeZone }: { sources: SourceStatus[]; timeZone: string }) {
  const when = (at: string | null) => (at ? formatDateTime(at, timeZone) : MISSING);
  const columns: Column<SourceStatus>[] = [
    {
      key: 'name',
      header: 'Cluster',
      rowHeader: true,
      cell: (source) => (
        <>
          {source.name}
          {!source.active && <span className="muted"> · no longer watched</span>}
        </>
      ),
    },
    { key: 'kind', header: 'Source', cell: (source) => NAMES[source.kind] ?? source.kind },
    {
      key: 'status',
      header: 'Status',
      cell: (source) => (
        <>
          <Badge tone={STATUS[source.status].tone}>{STATUS[source.status].label}</Badge>
          {source.warning && (
            <p className="hint">
              <span className="muted">Since {when(source.warningSince)}: </span>
              {source.warning}
            </p>
          )}
        </>
      ),
    },
    { key: 'until', header: 'Data until', cell: (source) => when(source.dataUntil) },
    {
      key: 'lag',
      header: 'Behind now',
      numeric: true,
      cell: (source) => (source.lagSeconds === null ? MISSING : formatDuration(source.lagSeconds * 1000)),
    },
    { key: 'success', header: 'Last answered', cell: (source) => when(source.lastSuccessAt) },
    {
      key: 'error',
      header: 'Last error',
      cell: (source) =>
        source.lastError ? (
          <span>
            <span className="muted">{when(source.lastErrorAt)}: </span>
            {source.lastError}
          </span>
        ) : (
          'none'
        ),
    },
  ];
  return (
    <Card title="Sources" description="What the worker reads each cluster from, and whether it answers" flush>
      <Table columns={columns} rows={sources} rowKey={(source) => source.name} caption="Data sources" />
    </Card>
  );
}
