// The weekly report as one CSV file: a section per table, each with its own header row, blank lines between,
// so a spreadsheet opens it whole. Money in currency units rounded to cents; ratios as decimals.
import { decimals, stringifyRows } from '@/lib/exports/csv';
import type { WeeklyReport } from './types';

type Cell = string | number | null;

export function reportCsv(report: WeeklyReport): string {
  const sections: [string, Cell[][]][] = [
    [
      'Summary',
      [
        ['metric', 'value'],
        ['week', report.week.start],
        ['from', report.week.from],
        ['to', report.week.to],
        ['time_zone', report.week.timeZone],
        ['currency', report.currency],
        ['complete', report.complete ? 'yes' : 'no'],
        ['spend', report.spend.total],
        ['spend_previous_week', report.spend.previous],
        ['spend_change', decimals(report.spend.change, 4)],
        ['gpu_hours', decimals(report.spend.gpuHours, 3)],
        ['unpriced_gpu_hours', decimals(report.spend.unpricedGpuHours, 3)],
        ['utilization', decimals(report.usage.utilization, 4)],
        ['allocation', decimals(report.usage.allocation, 4)],
        ['waste', report.usage.wasteCost],
        ['waste_gpu_hours', decimals(report.usage.wasteGpuHours, 3)],
        ['cost_per_useful_gpu_hour', report.usage.costPerUsefulGpuHour],
        ['idle_cost', report.idle.cost],
        ['idle_gpu_hours', decimals(report.idle.gpuHours, 3)],
        ['interruptions', report.interruptions.count],
        ['interruption_cost', report.interruptions.cost],
        ['lost_gpu_hours', decimals(report.interruptions.lostGpuHours, 3)],
        ['incidents_opened', report.incidents.opened],
        [
          'mean_time_to_recover_minutes',
          decimals(report.incidents.meanTimeToRecoverMs && report.incidents.meanTimeToRecoverMs / 60_000, 1),
        ],
        ['savings_per_week', report.savings.total],
      ],
    ],
    [
      'Spend by team',
      [
        [
          'team',
          'spend',
          'previous_week',
          'change',
          'gpu_hours',
          'utilization',
          'waste',
          'idle_share',
          'interruption_cost',
        ],
        ...report.teams.map((row) => [
          row.name,
          row.spend,
          row.previousSpend,
          decimals(row.change, 4),
          decimals(row.gpuHours, 3),
          decimals(row.utilization, 4),
          row.wasteCost,
          row.idleShare,
          row.interruptionCost,
        ]),
      ],
    ],
    [
      'Spend by project',
      [
        ['team', 'project', 'spend', 'previous_week', 'change', 'gpu_hours', 'utilization', 'waste'],
        ...report.projects.map((row) => [
          row.team,
          row.name,
          row.spend,
          row.previousSpend,
          decimals(row.change, 4),
          decimals(row.gpuHours, 3),
          decimals(row.utilization, 4),
          row.wasteCost,
        ]),
      ],
    ],
    [
      'Top jobs',
      [
        ['job', 'name', 'kind', 'team', 'project', 'gpu_hours', 'spend', 'utilization', 'waste'],
        ...report.topJobs.map((job) => [
          job.externalId,
          job.name,
          job.kind,
          job.team,
          job.project,
          decimals(job.gpuHours, 3),
          job.spend,
          decimals(job.utilization, 4),
          job.wasteCost,
        ]),
      ],
    ],
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
    [
      'Idle capacity by pool',
      [
        ['pool', 'idle_gpu_hours', 'idle_cost'],
        ...report.idle.pools.map((pool) => [pool.name, decimals(pool.idleGpuHours, 3), pool.idleCost]),
      ],
    ],
    [
      'SLO attainment',
      [
        ['slo', 'target', 'attainment', 'met'],
        ...report.slos.map((slo) => [
          slo.name,
          slo.target,
          decimals(slo.attainment, 6),
          slo.met === null ? null : slo.met ? 'yes' : 'no',
        ]),
      ],
    ],
    [
      'Incidents opened',
      [
        ['id', 'title', 'severity', 'state', 'opened_at', 'resolved_at', 'time_to_recover_minutes'],
        ...report.incidents.list.map((incident) => [
          incident.id,
          incident.title,
          incident.severity,
          incident.state,
          incident.openedAt,
          incident.resolvedAt,
          decimals(incident.timeToRecoverMs === null ? null : incident.timeToRecoverMs / 60_000, 1),
        ]),
      ],
    ],
  ];
  return sections.map(([title, rows]) => stringifyRows([[title], ...rows])).join('\n');
}
