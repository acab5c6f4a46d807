// The weekly report's tables, each one list of columns that the page (components/reports), the PDF (pdf.ts) and
// the CSV (csv.ts) all draw. A column says, in one place, how it reads on the page, its width in the PDF (where
// its header or figure may be shorter) and its fields in the CSV (machine names, unformatted values).
import { isUnpriced } from '@/lib/domain/cost';
import { MISSING } from '@/lib/domain/units';
import { formatLocalDateTime, MINUTE_MS } from '@/lib/domain/time';
import { decimals } from '@/lib/exports/csv';
import type { CostJobRow, SpendFigures } from '@/lib/queries/costs/types';
import type { PdfColumn } from './pdf-table';
import { NO_DATA, reportFormat } from './format';
import { ledgerRowLabel, type ReportLedgerRow } from './ledger';
import type { ReportBudgetRow, ReportGroupRow, ReportInterruption, WeeklyReport } from './types';

export type Cell = string | number | null;

/** What a cell is drawn with: the report (its time zone, whether the week is over) and its formatters. */
export interface ReportContext {
  report: WeeklyReport;
  f: ReturnType<typeof reportFormat>;
}

type Text<Row> = (row: Row, c: ReportContext) => string;

export interface ReportColumn<Row> {
  key: string;
  numeric?: boolean;
  /** On the page; a header may depend on the report (a week not yet over compares the same days). */
  page?: { header: string | ((report: WeeklyReport) => string); text: Text<Row>; rowHeader?: boolean };
  /** In the PDF: its share of the width; header and text are the page's unless given. */
  pdf?: { width: number; header?: string; text?: Text<Row>; align?: 'left' | 'right' };
  /** In the CSV: one or more fields, each a name and a value. */
  csv?: [name: string, value: (row: Row) => Cell][];
}

export function reportContext(report: WeeklyReport): ReportContext {
  return { report, f: reportFormat(report) };
}

/** A table as the CSV writes it: the header row, then a row per record. */
export function csvRows<Row>(columns: ReportColumn<Row>[], rows: Row[]): Cell[][] {
  const fields = columns.flatMap((column) => column.csv ?? []);
  return [fields.map(([name]) => name), ...rows.map((row) => fields.map(([, value]) => value(row)))];
}

/** A table as the PDF draws it: its columns and each row's cells. */
export function pdfTable<Row>(columns: ReportColumn<Row>[], rows: Row[], c: ReportContext) {
  const shown = columns.filter((column) => column.pdf);
  const headerOf = (column: ReportColumn<Row>) => {
    const header = column.pdf!.header ?? column.page!.header;
    return typeof header === 'string' ? header : header(c.report);
  };
  return {
    columns: shown.map((column): PdfColumn => ({
      header: headerOf(column),
      width: column.pdf!.width,
      align: column.pdf!.align ?? (column.numeric ? 'right' : undefined),
    })),
    rows: rows.map((row) => shown.map((column) => (column.pdf!.text ?? column.page!.text)(row, c))),
  };
}

/** Spend no rate prices at all, and the waste drawn from it: "unpriced" on the page and PDF, empty in the CSV. */
const unpricedSpend = (row: SpendFigures) => isUnpriced(row.gpuHours, row.unpricedGpuHours);
const priced = (row: SpendFigures, amount: number | null) => (unpricedSpend(row) ? null : amount);

const money =
  (amount: (row: ReportGroupRow) => number | null, ofSpend = false): Text<ReportGroupRow> =>
  (row, { f }) =>
    f.money(amount(row), ofSpend && unpricedSpend(row));

/** Spend by team, or by project (`project`: the team beside each name, its own CSV field, no idle share). */
function groupColumns(project: boolean): ReportColumn<ReportGroupRow>[] {
  const columns: (ReportColumn<ReportGroupRow> | null)[] = [
    {
      key: 'name',
      page: {
        header: project ? 'Team / project' : 'Team',
        rowHeader: true,
        text: (row) => (project && row.team ? `${row.team} / ${row.name}` : row.name),
      },
      pdf: { width: project ? 0.36 : 0.22 },
      csv: project
        ? [
            ['team', (row) => row.team],
            ['project', (row) => row.name],
          ]
        : [['team', (row) => row.name]],
    },
    {
      key: 'spend',
      numeric: true,
      page: { header: 'Spend', text: money((row) => row.spend, true) },
      pdf: { width: project ? 0.16 : 0.13 },
      csv: [['spend', (row) => priced(row, row.spend)]],
    },
    {
      key: 'previous',
      numeric: true,
      page: {
        header: (report) => (report.complete ? 'Last week' : 'Same days last week'),
        text: (row, { f }) => f.previousMoney(row.previousSpend),
      },
      pdf: { width: project ? 0.16 : 0.13, header: 'Last week' },
      csv: [['previous_week', (row) => row.previousSpend]],
    },
    {
      key: 'change',
      numeric: true,
      page: {
        header: 'Change',
        text: (row, { f }) => (row.previousSpend === null ? MISSING : f.change(row.change)),
      },
      pdf: { width: 0.1 },
      csv: [['change', (row) => decimals(row.change, 4)]],
    },
    {
      key: 'gpuHours',
      csv: [
        ['gpu_hours', (row) => decimals(row.gpuHours, 3)],
        ['unpriced_gpu_hours', (row) => decimals(row.unpricedGpuHours, 3)],
      ],
    },
    {
      key: 'utilization',
      numeric: true,
      page: { header: 'Utilization', text: (row, { f }) => f.percent(row.utilization) },
      pdf: { width: project ? 0.11 : 0.1 },
      csv: [['utilization', (row) => decimals(row.utilization, 4)]],
    },
    {
      key: 'waste',
      numeric: true,
      page: { header: 'Waste', text: money((row) => row.wasteCost, true) },
      pdf: { width: 0.11 },
      csv: [['waste', (row) => priced(row, row.wasteCost)]],
    },
    project
      ? null
      : {
          key: 'idle',
          numeric: true,
          page: { header: 'Idle share', text: money((row) => row.idleShare) },
          pdf: { width: 0.11 },
          csv: [['idle_share', (row) => row.idleShare]],
        },
    {
      key: 'interruptions',
      numeric: true,
      page: { header: 'Interruptions', text: money((row) => row.interruptionCost) },
      pdf: project ? undefined : { width: 0.1, header: 'Interrupt.' },
      csv: project ? undefined : [['interruption_cost', (row) => row.interruptionCost]],
    },
  ];
  return columns.filter((column) => column !== null);
}

export const TEAM_COLUMNS = groupColumns(false);
export const PROJECT_COLUMNS = groupColumns(true);

export const TOP_JOB_COLUMNS: ReportColumn<CostJobRow>[] = [
  {
    key: 'job',
    page: { header: 'Job', rowHeader: true, text: (row) => `${row.name} (${row.externalId})` },
    pdf: { width: 0.34 },
    csv: [
      ['job', (row) => row.externalId],
      ['name', (row) => row.name],
      ['kind', (row) => row.kind],
    ],
  },
  {
    key: 'owner',
    page: { header: 'Team / project', text: (row) => `${row.team} / ${row.project}` },
    pdf: { width: 0.26 },
    csv: [
      ['team', (row) => row.team],
      ['project', (row) => row.project],
    ],
  },
  {
    key: 'hours',
    numeric: true,
    page: { header: 'GPU-hours', text: (row, { f }) => f.gpuHours(row.gpuHours) },
    pdf: { width: 0.12, text: (row) => row.gpuHours.toFixed(1) },
    csv: [
      ['gpu_hours', (row) => decimals(row.gpuHours, 3)],
      ['unpriced_gpu_hours', (row) => decimals(row.unpricedGpuHours, 3)],
    ],
  },
  {
    key: 'spend',
    numeric: true,
    page: { header: 'Spend', text: (row, { f }) => f.money(row.spend, unpricedSpend(row)) },
    pdf: { width: 0.12 },
    csv: [['spend', (row) => priced(row, row.spend)]],
  },
  {
    key: 'utilization',
    numeric: true,
    page: { header: 'Utilization', text: (row, { f }) => f.percent(row.utilization) },
    pdf: { width: 0.16 },
    csv: [['utilization', (row) => decimals(row.utilization, 4)]],
  },
  {
    key: 'waste',
    numeric: true,
    page: { header: 'Waste', text: (row, { f }) => f.money(row.wasteCost, unpricedSpend(row)) },
    csv: [['waste', (row) => priced(row, row.wasteCost)]],
  },
];

type IdlePool = WeeklyReport['idle']['pools'][number];

// A report stored before unpriced hours were counted has none (`?? 0`), nor coverage (`?? null`).
const idleUnpriced = (row: IdlePool) => isUnpriced(row.idleGpuHours, row.unpricedIdleGpuHours ?? 0);

export const IDLE_POOL_COLUMNS: ReportColumn<IdlePool>[] = [
  {
    key: 'pool',
    page: { header: 'Pool', rowHeader: true, text: (row) => row.name },
    pdf: { width: 0.5 },
    csv: [['pool', (row) => row.name]],
  },
  {
    key: 'hours',
    numeric: true,
    page: { header: 'Idle', text: (row, { f }) => f.gpuHours(row.idleGpuHours) },
    pdf: { width: 0.25, header: 'Idle GPU-hours', text: (row) => row.idleGpuHours.toFixed(1) },
    csv: [['idle_gpu_hours', (row) => decimals(row.idleGpuHours, 3)]],
  },
  {
    key: 'cost',
    numeric: true,
    page: { header: 'Idle cost', text: (row, { f }) => f.money(row.idleCost, idleUnpriced(row)) },
    pdf: { width: 0.25 },
    csv: [
      // Idle hours no rate covers at all have no cost: empty, never 0.
      ['idle_cost', (row) => (idleUnpriced(row) ? null : row.idleCost)],
      ['unpriced_idle_gpu_hours', (row) => decimals(row.unpricedIdleGpuHours ?? 0, 3)],
    ],
  },
];

const localTime = (at: string, { report }: ReportContext) => formatLocalDateTime(new Date(at), report.week.timeZone);

export const INTERRUPTION_COLUMNS: ReportColumn<ReportInterruption>[] = [
  {
    key: 'job',
    page: { header: 'Job', rowHeader: true, text: (row) => `${row.name} (${row.job})` },
    pdf: { width: 0.36 },
  },
  { key: 'kind', page: { header: 'What', text: (row) => row.kind.replace('_', ' ') }, pdf: { width: 0.18 } },
  { key: 'at', page: { header: 'When', text: (row, c) => localTime(row.at, c) }, pdf: { width: 0.2 } },
  {
    key: 'lost',
    numeric: true,
    pdf: { width: 0.13, header: 'Lost GPU-h', text: (row) => row.lostGpuHours.toFixed(1) },
  },
  {
    key: 'cost',
    numeric: true,
    page: { header: 'Cost', text: (row, { f }) => f.money(row.cost) },
    pdf: { width: 0.13 },
  },
];

type SloRow = WeeklyReport['slos'][number];

/**
 * What an SLO or a budget watches, after its name: its cluster, or the organisation where the report is one
 * cluster's or some of its rows watch one cluster; nothing where every row is the organisation's.
 */
function watching(cluster: string | null | undefined, report: WeeklyReport): string {
  if (cluster) return ` (${cluster})`;
  const clustered =
    report.cluster || report.slos.some((row) => row.cluster) || report.budgets?.rows.some((row) => row.cluster);
  return clustered ? ' (organisation)' : '';
}

export const SLO_COLUMNS: ReportColumn<SloRow>[] = [
  {
    key: 'slo',
    page: { header: 'SLO', rowHeader: true, text: (row, { report }) => `${row.name}${watching(row.cluster, report)}` },
    pdf: { width: 0.28 },
    csv: [
      ['slo', (row) => row.name],
      ['cluster', (row) => row.cluster ?? null],
    ],
  },
  {
    key: 'target',
    numeric: true,
    page: { header: 'Target', text: (row, { f }) => f.attainment(row.target) },
    pdf: { width: 0.14 },
    csv: [['target', (row) => row.target]],
  },
  {
    key: 'week',
    numeric: true,
    page: {
      header: 'This week',
      text: (row, { f }) => (row.attainment === null ? 'not measured yet' : f.attainment(row.attainment)),
    },
    pdf: { width: 0.16 },
    csv: [['attainment', (row) => decimals(row.attainment, 6)]],
  },
  {
    key: 'met',
    page: { header: 'Met', text: (row) => (row.met === null ? '—' : row.met ? 'Met' : 'Missed') },
    pdf: { width: 0.08, align: 'right', text: (row) => (row.met === null ? '' : row.met ? 'yes' : 'no') },
    csv: [['met', (row) => (row.met === null ? null : row.met ? 'yes' : 'no')]],
  },
  {
    // The share of the week the source covered (DOMAIN.md Coverage): the SLI is over that share alone.
    key: 'coverage',
    page: { header: 'Measured', text: (row, { f }) => (row.coverage == null ? '—' : f.coverage(row.coverage)) },
    pdf: { width: 0.34, align: 'right', text: (row, { f }) => f.coverage(row.coverage ?? null) },
    csv: [['coverage', (row) => decimals(row.coverage ?? null, 6)]],
  },
];

type IncidentRow = WeeklyReport['incidents']['list'][number];

export const INCIDENT_COLUMNS: ReportColumn<IncidentRow>[] = [
  {
    key: 'title',
    page: { header: 'Incident', rowHeader: true, text: (row) => row.title },
    pdf: { width: 0.5 },
    csv: [
      ['id', (row) => row.id],
      ['title', (row) => row.title],
    ],
  },
  {
    key: 'severity',
    page: { header: 'Severity', text: (row) => row.severity },
    pdf: { width: 0.12 },
    csv: [
      ['severity', (row) => row.severity],
      ['state', (row) => row.state],
    ],
  },
  {
    key: 'opened',
    page: { header: 'Opened', text: (row, c) => localTime(row.openedAt, c) },
    pdf: { width: 0.2 },
    csv: [
      ['opened_at', (row) => row.openedAt],
      ['resolved_at', (row) => row.resolvedAt],
    ],
  },
  {
    key: 'ttr',
    numeric: true,
    page: {
      header: 'To recover',
      text: (row, { f }) => (row.timeToRecoverMs === null ? row.state : f.duration(row.timeToRecoverMs)),
    },
    pdf: { width: 0.18 },
    csv: [
      [
        'time_to_recover_minutes',
        (row) => decimals(row.timeToRecoverMs === null ? null : row.timeToRecoverMs / MINUTE_MS, 1),
      ],
    ],
  },
];

export const BUDGET_STATE_WORDS: Record<ReportBudgetRow['state'], string> = {
  on_track: 'On track',
  watch: 'Past a threshold',
  at_risk: 'Forecast over',
  over: 'Over budget',
};

const share = (amount: number, row: ReportBudgetRow) => (row.amount > 0 ? amount / row.amount : null);

export const BUDGET_COLUMNS: ReportColumn<ReportBudgetRow>[] = [
  {
    key: 'budget',
    page: {
      header: 'Budget',
      rowHeader: true,
      text: (row, { report }) =>
        `${row.name} (${row.scope}${row.cluster ? ` on ${row.cluster}` : watching(null, report) ? ', organisation' : ''})`,
    },
    pdf: { width: 0.3 },
    csv: [
      ['budget', (row) => row.name],
      ['scope', (row) => row.scope],
      ['cluster', (row) => row.cluster ?? null],
      ['month', (row) => row.month],
    ],
  },
  {
    key: 'amount',
    numeric: true,
    page: { header: 'Monthly budget', text: (row, { f }) => f.money(row.amount) },
    pdf: { width: 0.14, header: 'Budget' },
    csv: [['monthly_budget', (row) => row.amount]],
  },
  {
    key: 'mtd',
    numeric: true,
    page: { header: 'Month to date', text: (row, { f }) => f.money(row.monthToDate) },
    pdf: { width: 0.14 },
    csv: [['month_to_date', (row) => row.monthToDate]],
  },
  {
    key: 'used',
    numeric: true,
    page: { header: 'Used', text: (row, { f }) => f.percent(share(row.monthToDate, row), 0) },
    pdf: { width: 0.08 },
    csv: [['used', (row) => decimals(share(row.monthToDate, row), 4)]],
  },
  {
    key: 'forecast',
    numeric: true,
    page: { header: 'Forecast', text: (row, { f }) => f.money(row.forecast) },
    pdf: { width: 0.14 },
    csv: [['forecast', (row) => row.forecast]],
  },
  {
    key: 'forecastShare',
    numeric: true,
    page: { header: 'Of budget', text: (row, { f }) => f.percent(share(row.forecast, row), 0) },
    pdf: { width: 0.08, header: 'Fcst %' },
    csv: [['forecast_share', (row) => decimals(share(row.forecast, row), 4)]],
  },
  {
    key: 'state',
    page: { header: 'Status', text: (row) => BUDGET_STATE_WORDS[row.state] },
    pdf: { width: 0.12 },
    csv: [['status', (row) => row.state]],
  },
];

export const LEDGER_COLUMNS: ReportColumn<ReportLedgerRow>[] = [
  {
    key: 'class',
    page: { header: 'Where the GPU-hours went', rowHeader: true, text: ledgerRowLabel },
    pdf: { width: 0.3, header: 'Class' },
    csv: [['class', (row) => row.cls]],
  },
  {
    key: 'hours',
    numeric: true,
    page: { header: 'GPU-hours', text: (row, { f }) => f.gpuHours(row.gpuHours) },
    pdf: { width: 0.14, text: (row) => row.gpuHours.toFixed(1) },
    csv: [['gpu_hours', (row) => decimals(row.gpuHours, 3)]],
  },
  {
    key: 'cost',
    numeric: true,
    page: { header: 'Cost', text: (row, { f }) => f.money(row.cost) },
    pdf: { width: 0.16 },
    csv: [['cost', (row) => row.cost]],
  },
  {
    key: 'previous',
    numeric: true,
    page: {
      header: (report) => (report.complete ? 'Last week' : 'Same days last week'),
      text: (row, { f }) => f.previousGpuHours(row.previousGpuHours),
    },
    pdf: {
      width: 0.16,
      header: 'Last week',
      text: (row) => (row.previousGpuHours === null ? NO_DATA : row.previousGpuHours.toFixed(1)),
    },
    csv: [
      ['previous_week_gpu_hours', (row) => decimals(row.previousGpuHours, 3)],
      ['previous_week_cost', (row) => row.previousCost],
    ],
  },
  {
    key: 'change',
    numeric: true,
    page: { header: 'Change', text: (row, { f }) => f.change(row.change) },
    pdf: { width: 0.12 },
    csv: [['change', (row) => decimals(row.change, 4)]],
  },
];
