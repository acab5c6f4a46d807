// The ledger as CSV: one row per group, GPU-hours and cost of each class, raw numbers.
import { LEDGER_CLASSES } from '@/lib/domain/ledger';
import type { LedgerGroup } from '@/lib/ledger-params';
import type { LedgerReport, LedgerRow } from '@/lib/queries/ledger/ledger';
import { decimals, toCsv, type CsvColumn } from './csv';

export function ledgerCsv(report: LedgerReport, by: LedgerGroup, currency: string): string {
  const columns: CsvColumn<LedgerRow>[] = [
    { header: by, value: (row) => row.label },
    ...(by === 'project' || by === 'job' ? [{ header: 'team', value: (row: LedgerRow) => row.team ?? null }] : []),
    { header: 'allocated_gpu_hours', value: (row) => decimals(row.allocatedGpuHours, 4) },
    { header: `cost_${currency}`, value: (row) => decimals(row.cost, 2) },
    { header: 'unpriced_gpu_hours', value: (row) => decimals(row.unpricedGpuHours, 4) },
    { header: 'ettr', value: (row) => decimals(row.ettr, 4) },
    ...LEDGER_CLASSES.flatMap((cls): CsvColumn<LedgerRow>[] => [
      { header: `${cls}_gpu_hours`, value: (row) => decimals(row.gpuHours[cls], 4) },
      { header: `${cls}_${currency}`, value: (row) => decimals(row.costs[cls], 2) },
    ]),
    { header: 'down_gpu_hours', value: (row) => decimals(row.downGpuHours, 4) },
  ];
  return toCsv(columns, report.rows);
}
