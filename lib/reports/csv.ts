// The weekly report as one CSV file: a section per table, each with its own header row, blank lines between,
// so a spreadsheet opens it whole. Money in currency units rounded to cents; ratios as decimals.
import { decimals, stringifyRows } from '@/lib/exports/csv';
import {
  BUDGET_COLUMNS,
  csvRows,
  IDLE_POOL_COLUMNS,
  INCIDENT_COLUMNS,
  LEDGER_COLUMNS,
  PROJECT_COLUMNS,
  SLO_COLUMNS,
  TEAM_COLUMNS,
  TOP_JOB_COLUMNS,
  type Cell,
} from './columns';
import { unpricedParts } from './format';
import type { WeeklyReport } from './types';
import { MINUTE_MS } from '@/lib/domain/time';

export function reportCsv(report: WeeklyReport): string {
  // An amount no rate covers at all is left empty, never 0.
  const unpriced = unpricedParts(report);
  const sections: [string, Cell[][]][] = [
    [
      'Summary',
      [
        ['metric', 'value'],
        ['week', report.week.start],
        ['cluster', report.cluster ?? 'all'],
        ['from', report.week.from],
        ['to', report.week.to],
        ['time_zone', report.week.timeZone],
        ['currency', report.currency],
        ['complete', report.complete ? 'yes' : 'no'],
        ['spend', unpriced.spend ? null : report.spend.total],
        ['spend_previous_week', report.spend.previous],
        ['spend_change', decimals(report.spend.change, 4)],
        ['ettr', decimals(report.ledger?.ettr ?? null, 4)],
        ['ettr_previous_week', decimals(report.ledger?.previousEttr ?? null, 4)],
        ['lost_to_causes', report.ledger?.lostCost ?? null],
        ['lost_to_causes_previous_week', report.ledger?.previousLostCost ?? null],
        ['gpu_hours', decimals(report.spend.gpuHours, 3)],
        ['unpriced_gpu_hours', decimals(report.spend.unpricedGpuHours, 3)],
        ['utilization', decimals(report.usage.utilization, 4)],
        ['allocation', decimals(report.usage.allocation, 4)],
        ['waste', report.usage.wasteCost],
        ['waste_gpu_hours', decimals(report.usage.wasteGpuHours, 3)],
        ['cost_per_useful_gpu_hour', report.usage.costPerUsefulGpuHour],
        ['idle_cost', unpriced.idle ? null : report.idle.cost],
        ['idle_gpu_hours', decimals(report.idle.gpuHours, 3)],
        ['unpriced_idle_gpu_hours', decimals(report.idle.unpricedGpuHours ?? 0, 3)],
        ['interruptions', report.interruptions.count],
        ['interruption_cost', report.interruptions.cost],
        ['lost_gpu_hours', decimals(report.interruptions.lostGpuHours, 3)],
        ['incidents_opened', report.incidents.opened],
        [
          'mean_time_to_recover_minutes',
          decimals(report.incidents.meanTimeToRecoverMs && report.incidents.meanTimeToRecoverMs / MINUTE_MS, 1),
        ],
        ['savings_per_week', report.savings.total],
      ],
    ],
    ['Where the GPU-hours went', csvRows(LEDGER_COLUMNS, report.ledger?.rows ?? [])],
    [
      'Top fixes',
      [
        ['cause', 'fix', 'would_have_saved'],
        ...(report.ledger?.fixes ?? []).map((fix) => [fix.cause, fix.fix, fix.saved]),
      ],
    ],
    ['Budgets, month to date', csvRows(BUDGET_COLUMNS, report.budgets?.rows ?? [])],
    ['Spend by team', csvRows(TEAM_COLUMNS, report.teams)],
    ['Spend by project', csvRows(PROJECT_COLUMNS, report.projects)],
    ['Top jobs', csvRows(TOP_JOB_COLUMNS, report.topJobs)],
    [
      'Recommended savings',
      [
        ['recommendation', 'weekly_amount', 'job', 'detail', 'job_weekly_amount', 'rule'],
        ...report.savings.recommendations.flatMap((rule) =>
          rule.items.length
            ? rule.items.map((item) => [rule.title, rule.weeklyAmount, item.label, item.detail, item.amount, rule.rule])
            : [[rule.title, rule.weeklyAmount, null, null, null, rule.rule]],
        ),
      ],
    ],
    ['Idle capacity by pool', csvRows(IDLE_POOL_COLUMNS, report.idle.pools)],
    ['SLO attainment', csvRows(SLO_COLUMNS, report.slos)],
    ['Incidents opened', csvRows(INCIDENT_COLUMNS, report.incidents.list)],
  ];
  return sections.map(([title, rows]) => stringifyRows([[title], ...rows])).join('\n');
}
