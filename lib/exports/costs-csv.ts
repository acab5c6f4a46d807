// The costs page's tables as CSV: the same view object the page renders, raw numbers instead of formatted text.
import { isUnpriced } from '@/lib/domain/cost';
import type { CostGroupRow, CostJobRow, CostPoolRow, CostsView } from '@/lib/queries/costs/types';
import { decimals, toCsv, type CsvColumn } from './csv';

export const COST_TABLES = ['groups', 'jobs', 'pools', 'daily'] as const;
export type CostTable = (typeof COST_TABLES)[number];

type Figures = CostGroupRow | CostJobRow;

/** An amount no rate covers at all is empty in the CSV, never 0 (its unpriced GPU-hours are in their column). */
const priced = (amount: number | null, gpuHours: number, unpricedGpuHours: number) =>
  isUnpriced(gpuHours, unpricedGpuHours) ? null : amount;
const pricedRow = (row: Figures, amount: number | null) => priced(amount, row.gpuHours, row.unpricedGpuHours);

function figureColumns<Row extends Figures>(currency: string): CsvColumn<Row>[] {
  return [
    { header: 'gpu_hours', value: (row) => decimals(row.gpuHours, 4) },
    { header: `spend_${currency}`, value: (row) => pricedRow(row, row.spend) },
    { header: 'unpriced_gpu_hours', value: (row) => decimals(row.unpricedGpuHours, 4) },
    { header: 'utilization', value: (row) => decimals(row.utilization, 4) },
    { header: 'waste_gpu_hours', value: (row) => decimals(row.wasteGpuHours, 4) },
    { header: `waste_${currency}`, value: (row) => pricedRow(row, row.wasteCost) },
    { header: `per_useful_gpu_hour_${currency}`, value: (row) => pricedRow(row, row.costPerUsefulGpuHour) },
  ];
}

export function costsCsv(view: CostsView, table: CostTable): string {
  const currency = view.currency;
  switch (table) {
    case 'groups': {
      const columns: CsvColumn<CostGroupRow>[] = [
        { header: view.by, value: (row) => row.name },
        ...(view.by === 'project' ? [{ header: 'team', value: (row: CostGroupRow) => row.team }] : []),
        ...figureColumns<CostGroupRow>(currency),
        { header: `idle_share_${currency}`, value: (row) => row.idleShare },
        { header: `spend_with_idle_${currency}`, value: (row) => row.spendWithIdle },
        { header: `interruption_${currency}`, value: (row) => row.interruptionCost },
      ];
      return toCsv(columns, view.groups);
    }
    case 'jobs': {
      const columns: CsvColumn<CostJobRow>[] = [
        { header: 'job', value: (row) => row.externalId },
        { header: 'name', value: (row) => row.name },
        { header: 'kind', value: (row) => row.kind },
        { header: 'team', value: (row) => row.team },
        { header: 'project', value: (row) => row.project },
        { header: 'gpu_model', value: (row) => row.gpuModel },
        { header: 'pricing_class', value: (row) => row.pricingClass },
        ...figureColumns<CostJobRow>(currency),
      ];
      return toCsv(columns, view.jobs);
    }
    case 'pools': {
      const columns: CsvColumn<CostPoolRow>[] = [
        { header: 'pool', value: (row) => row.name },
        { header: 'gpu_model', value: (row) => row.gpuModel },
        { header: 'pricing_class', value: (row) => row.pricingClass },
        { header: 'provisioned_gpu_hours', value: (row) => decimals(row.provisionedGpuHours, 4) },
        {
          header: `provisioned_${currency}`,
          value: (row) => priced(row.provisionedCost, row.provisionedGpuHours, row.unpricedProvisionedGpuHours),
        },
        { header: 'allocated_gpu_hours', value: (row) => decimals(row.allocatedGpuHours, 4) },
        { header: `spend_${currency}`, value: (row) => priced(row.spend, row.allocatedGpuHours, row.unpricedGpuHours) },
        { header: 'idle_gpu_hours', value: (row) => decimals(row.idleGpuHours, 4) },
        {
          header: `idle_${currency}`,
          value: (row) => priced(row.idleCost, row.idleGpuHours, row.unpricedIdleGpuHours),
        },
        { header: 'unpriced_idle_gpu_hours', value: (row) => decimals(row.unpricedIdleGpuHours, 4) },
      ];
      return toCsv(columns, view.pools);
    }
    case 'daily': {
      // One row per day and group (long form), which pivots in any spreadsheet.
      const rows = view.daily.days.flatMap((day, d) =>
        view.daily.series.map((series, s) => ({ day, name: series.name, spend: view.daily.values[d][s] })),
      );
      return toCsv(
        [
          { header: 'day', value: (row) => row.day },
          { header: view.by, value: (row) => row.name },
          { header: `spend_${currency}`, value: (row) => row.spend },
        ],
        rows,
      );
    }
  }
}
