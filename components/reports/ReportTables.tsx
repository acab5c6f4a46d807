// The weekly report's tables, drawn from the stored report: spend by team and project, top jobs, idle pools,
// interruptions, SLOs and incidents.
import { Badge, Card, EmptyState, Table, type Column } from '@/components/ui';
import { formatLocalDateTime } from '@/lib/domain/time';
import { reportFormat } from '@/lib/reports/format';
import type { ReportGroupRow, WeeklyReport } from '@/lib/reports/types';
import type { CostJobRow } from '@/lib/queries/costs/types';

type Format = ReturnType<typeof reportFormat>;

function groupColumns(f: Format, label: string, withTeam: boolean, complete: boolean): Column<ReportGroupRow>[] {
  return [
    {
      key: 'name',
      header: label,
      rowHeader: true,
      cell: (row) => (withTeam && row.team ? `${row.team} / ${row.name}` : row.name),
    },
    { key: 'spend', header: 'Spend', numeric: true, cell: (row) => f.money(row.spend) },
    {
      key: 'previous',
      header: complete ? 'Last week' : 'Same days last week',
      numeric: true,
      cell: (row) => f.money(row.previousSpend),
    },
    { key: 'change', header: 'Change', numeric: true, cell: (row) => f.change(row.change) },
    { key: 'utilization', header: 'Utilization', numeric: true, cell: (row) => f.percent(row.utilization) },
    { key: 'waste', header: 'Waste', numeric: true, cell: (row) => f.money(row.wasteCost) },
    { key: 'idle', header: 'Idle share', numeric: true, cell: (row) => f.money(row.idleShare) },
    { key: 'interruptions', header: 'Interruptions', numeric: true, cell: (row) => f.money(row.interruptionCost) },
  ];
}

export function SpendTables({ report }: { report: WeeklyReport }) {
  const f = reportFormat(report);
  const empty = <EmptyState title="No spend this week" description="No job held a GPU in it." />;
  return (
    <>
      <Card
        title="Spend by team"
        description="Idle share: unallocated capacity, shared out in proportion to spend."
        flush
      >
        <Table
          caption="Spend by team"
          columns={groupColumns(f, 'Team', false, report.complete)}
          rows={report.teams}
          rowKey={(row) => row.id}
          maxHeight="none"
          empty={empty}
        />
      </Card>
      <Card title="Spend by project" flush>
        <Table
          caption="Spend by project"
          columns={groupColumns(f, 'Team / project', true, report.complete).filter((column) => column.key !== 'idle')}
          rows={report.projects}
          rowKey={(row) => row.id}
          maxHeight="none"
          empty={empty}
        />
      </Card>
    </>
  );
}

export function TopJobs({ report }: { report: WeeklyReport }) {
  const f = reportFormat(report);
  const columns: Column<CostJobRow>[] = [
    { key: 'job', header: 'Job', rowHeader: true, cell: (row) => `${row.name} (${row.externalId})` },
    { key: 'owner', header: 'Team / project', cell: (row) => `${row.team} / ${row.project}` },
    { key: 'hours', header: 'GPU-hours', numeric: true, cell: (row) => f.gpuHours(row.gpuHours) },
    { key: 'spend', header: 'Spend', numeric: true, cell: (row) => f.money(row.spend) },
    { key: 'utilization', header: 'Utilization', numeric: true, cell: (row) => f.percent(row.utilization) },
    { key: 'waste', header: 'Waste', numeric: true, cell: (row) => f.money(row.wasteCost) },
  ];
  return (
    <Card title={`Top ${report.topJobs.length} jobs by spend`} flush>
      <Table
        caption="Top jobs by spend"
        columns={columns}
        rows={report.topJobs}
        rowKey={(row) => row.id}
        maxHeight="none"
        empty={<EmptyState title="No job held a GPU this week" />}
      />
    </Card>
  );
}

export function WasteAndReliability({ report }: { report: WeeklyReport }) {
  const f = reportFormat(report);
  const zone = report.week.timeZone;
  return (
    <>
      <div className="grid-2">
        <Card title="Idle capacity by pool" description="Provisioned but not allocated." flush>
          <Table
            caption="Idle capacity by pool"
            columns={[
              { key: 'pool', header: 'Pool', rowHeader: true, cell: (row) => row.name },
              { key: 'hours', header: 'Idle', numeric: true, cell: (row) => f.gpuHours(row.idleGpuHours) },
              { key: 'cost', header: 'Idle cost', numeric: true, cell: (row) => f.money(row.idleCost) },
            ]}
            rows={report.idle.pools}
            rowKey={(row) => row.name}
            maxHeight="none"
          />
        </Card>
        <Card
          title="Interruptions"
          description={`${report.interruptions.count} lost ${f.gpuHours(report.interruptions.lostGpuHours)} of work (GPUs x time since the last checkpoint + time to recover): ${f.money(report.interruptions.cost)}.`}
          flush
        >
          <Table
            caption="Costliest interruptions"
            columns={[
              { key: 'job', header: 'Job', rowHeader: true, cell: (row) => `${row.name} (${row.job})` },
              { key: 'kind', header: 'What', cell: (row) => row.kind.replace('_', ' ') },
              { key: 'at', header: 'When', cell: (row) => formatLocalDateTime(new Date(row.at), zone) },
              { key: 'cost', header: 'Cost', numeric: true, cell: (row) => f.money(row.cost) },
            ]}
            rows={report.interruptions.top}
            rowKey={(row) => `${row.job}-${row.at}`}
            maxHeight="none"
            empty={<EmptyState title="No interruptions this week" />}
          />
        </Card>
      </div>
      <div className="grid-2">
        <Card title="SLO attainment" description="Over the week." flush>
          <Table
            caption="SLO attainment"
            columns={[
              { key: 'slo', header: 'SLO', rowHeader: true, cell: (row) => row.name },
              { key: 'target', header: 'Target', numeric: true, cell: (row) => f.attainment(row.target) },
              {
                key: 'week',
                header: 'This week',
                numeric: true,
                cell: (row) => (row.attainment === null ? 'not measured yet' : f.attainment(row.attainment)),
              },
              {
                key: 'met',
                header: 'Met',
                cell: (row) =>
                  row.met === null ? '—' : <Badge tone={row.met ? 'ok' : 'bad'}>{row.met ? 'Met' : 'Missed'}</Badge>,
              },
            ]}
            rows={report.slos}
            rowKey={(row) => row.name}
            maxHeight="none"
            empty={<EmptyState title="No SLOs are enabled" />}
          />
        </Card>
        <Card
          title="Incidents"
          description={`${report.incidents.opened} opened (${report.incidents.pages} pages, ${report.incidents.tickets} tickets), ${report.incidents.resolved} resolved; mean time to recover ${f.duration(report.incidents.meanTimeToRecoverMs)}.`}
          flush
        >
          <Table
            caption="Incidents opened this week"
            columns={[
              { key: 'title', header: 'Incident', rowHeader: true, cell: (row) => row.title },
              { key: 'severity', header: 'Severity', cell: (row) => row.severity },
              { key: 'opened', header: 'Opened', cell: (row) => formatLocalDateTime(new Date(row.openedAt), zone) },
              {
                key: 'ttr',
                header: 'To recover',
                numeric: true,
                cell: (row) => (row.timeToRecoverMs === null ? row.state : f.duration(row.timeToRecoverMs)),
              },
            ]}
            rows={report.incidents.list}
            rowKey={(row) => row.id}
            maxHeight="none"
            empty={<EmptyState title="No incidents this week" />}
          />
        </Card>
      </div>
    </>
  );
}
