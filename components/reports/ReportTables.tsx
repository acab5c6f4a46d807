// The weekly report's tables, drawn from the stored report: spend by team and project, top jobs, idle pools,
// interruptions, SLOs and incidents.
import { Badge, Card, EmptyState, Table, type Column, type Tone } from '@/components/ui';
import type { ReactNode } from 'react';
import {
  BUDGET_COLUMNS,
  BUDGET_STATE_WORDS,
  IDLE_POOL_COLUMNS,
  INCIDENT_COLUMNS,
  INTERRUPTION_COLUMNS,
  PROJECT_COLUMNS,
  reportContext,
  SLO_COLUMNS,
  TEAM_COLUMNS,
  TOP_JOB_COLUMNS,
  type ReportColumn,
  type ReportContext,
} from '@/lib/reports/columns';
import { formatLocalDateTime } from '@/lib/domain/time';
import type { ReportBudgetRow, WeeklyReport } from '@/lib/reports/types';

/** A report table's columns as the page draws them; `cells` draws some richer than their text (a badge). */
export function pageColumns<Row>(
  columns: ReportColumn<Row>[],
  c: ReportContext,
  cells: Record<string, (row: Row) => ReactNode> = {},
): Column<Row>[] {
  return columns.flatMap((column) => {
    const page = column.page;
    if (!page) return [];
    return {
      key: column.key,
      header: typeof page.header === 'string' ? page.header : page.header(c.report),
      numeric: column.numeric,
      rowHeader: page.rowHeader,
      cell: cells[column.key] ?? ((row: Row) => page.text(row, c)),
    };
  });
}

const BUDGET_TONE: Record<ReportBudgetRow['state'], Tone> = {
  on_track: 'ok',
  watch: 'info',
  at_risk: 'warn',
  over: 'bad',
};

/** Budget against actual per team, month to date as of the report's end, with the forecast for the month. */
export function BudgetTable({ report }: { report: WeeklyReport }) {
  const c = reportContext(report);
  if (!report.budgets) return null;
  const over = report.budgets.rows.filter((row) => row.state === 'over' || row.state === 'at_risk');
  return (
    <Card
      title="Budgets, month to date"
      description={`As of ${formatLocalDateTime(new Date(report.budgets.asOf), report.week.timeZone)}; forecast = month to date + the last 7 days' daily rate × days left.${over.length ? ` ${over.length} over or forecast over.` : ''}`}
      flush
    >
      <Table
        caption="Budgets against spend, month to date"
        columns={pageColumns(BUDGET_COLUMNS, c, {
          state: (row) => <Badge tone={BUDGET_TONE[row.state]}>{BUDGET_STATE_WORDS[row.state]}</Badge>,
        })}
        rows={report.budgets.rows}
        empty={<EmptyState title="No budgets" description="An admin sets monthly budgets on the Budgets page." />}
      />
    </Card>
  );
}

export function SpendTables({ report }: { report: WeeklyReport }) {
  const c = reportContext(report);
  const empty = <EmptyState title="No spend this week" description="No job held a GPU in it." />;
  return (
    <>
      <Card
        title="Spend by team"
        description="Idle share: unallocated capacity, shared out in proportion to spend."
        flush
      >
        <Table caption="Spend by team" columns={pageColumns(TEAM_COLUMNS, c)} rows={report.teams} empty={empty} />
      </Card>
      <Card title="Spend by project" flush>
        <Table
          caption="Spend by project"
          columns={pageColumns(PROJECT_COLUMNS, c)}
          rows={report.projects}
          empty={empty}
        />
      </Card>
    </>
  );
}

export function TopJobs({ report }: { report: WeeklyReport }) {
  const c = reportContext(report);
  return (
    <Card title={`Top ${report.topJobs.length} jobs by spend`} flush>
      <Table
        caption="Top jobs by spend"
        columns={pageColumns(TOP_JOB_COLUMNS, c)}
        rows={report.topJobs}
        empty={<EmptyState title="No job held a GPU this week" />}
      />
    </Card>
  );
}

export function WasteAndReliability({ report }: { report: WeeklyReport }) {
  const c = reportContext(report);
  const { f } = c;
  return (
    <>
      <div className="grid-2">
        <Card title="Idle capacity by pool" description="Provisioned but not allocated." flush>
          <Table
            caption="Idle capacity by pool"
            columns={pageColumns(IDLE_POOL_COLUMNS, c)}
            rows={report.idle.pools}
            rowKey={(row) => row.name}
          />
        </Card>
        <Card
          title="Interruptions"
          description={`${report.interruptions.count} lost ${f.gpuHours(report.interruptions.lostGpuHours)} of work (GPUs x time since the last checkpoint + time to recover): ${f.money(report.interruptions.cost)}.`}
          flush
        >
          <Table
            caption="Costliest interruptions"
            columns={pageColumns(INTERRUPTION_COLUMNS, c)}
            rows={report.interruptions.top}
            rowKey={(row) => `${row.job}-${row.at}`}
            empty={<EmptyState title="No interruptions this week" />}
          />
        </Card>
      </div>
      <div className="grid-2">
        <Card title="SLO attainment" description="Over the week." flush>
          <Table
            caption="SLO attainment"
            columns={pageColumns(SLO_COLUMNS, c, {
              met: (row) =>
                row.met === null ? '—' : <Badge tone={row.met ? 'ok' : 'bad'}>{row.met ? 'Met' : 'Missed'}</Badge>,
            })}
            rows={report.slos}
            rowKey={(row) => row.name}
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
            columns={pageColumns(INCIDENT_COLUMNS, c)}
            rows={report.incidents.list}
            empty={<EmptyState title="No incidents this week" />}
          />
        </Card>
      </div>
    </>
  );
}
