// The weekly report's columns where no rate covers the hours: the page and the PDF say "unpriced", the CSV leaves
// the amount empty (never $0.00 or 0), and a partly priced row keeps its amount.
import { describe, expect, it } from 'vitest';
import {
  csvRows,
  IDLE_POOL_COLUMNS,
  pdfTable,
  reportContext,
  TEAM_COLUMNS,
  TOP_JOB_COLUMNS,
} from '@/lib/reports/columns';
import type { CostJobRow } from '@/lib/queries/costs/types';
import type { ReportGroupRow, WeeklyReport } from '@/lib/reports/types';

const context = reportContext({ currency: 'USD', complete: true } as WeeklyReport);

const team = (name: string, spend: number, gpuHours: number, unpricedGpuHours: number): ReportGroupRow => ({
  id: 1,
  name,
  team: null,
  spend,
  gpuHours,
  unpricedGpuHours,
  utilization: 0.5,
  wasteGpuHours: gpuHours / 2,
  wasteCost: spend / 2,
  costPerUsefulGpuHour: null,
  previousSpend: 0,
  change: null,
  idleShare: 0,
  interruptionCost: 0,
});

const pageText = <Row>(
  columns: { key: string; page?: { text: (row: Row, c: typeof context) => string } }[],
  row: Row,
) => Object.fromEntries(columns.filter((c) => c.page).map((c) => [c.key, c.page!.text(row, context)]));

describe('weekly report columns', () => {
  // "ml" ran 10 GPU-hours on GPUs with no rate (spend 0); "web" 4 priced at $2.50 and 6 unpriced: $10.
  const unpriced = team('ml', 0, 10, 10);
  const partly = team('web', 10, 10, 6);

  it('says unpriced on the page and in the PDF where no rate covers any hour', () => {
    expect(pageText(TEAM_COLUMNS, unpriced)).toMatchObject({ spend: 'unpriced', waste: 'unpriced' });
    expect(pageText(TEAM_COLUMNS, partly)).toMatchObject({ spend: '$10.00', waste: '$5.00' });
    const pdf = pdfTable(TEAM_COLUMNS, [unpriced], context);
    const spendAt = pdf.columns.findIndex((column) => column.header === 'Spend');
    expect(pdf.rows[0][spendAt]).toBe('unpriced');
  });

  it('leaves the amount empty in the CSV, with the unpriced hours beside it', () => {
    const [header, ml, web] = csvRows(TEAM_COLUMNS, [unpriced, partly]);
    const field = (row: unknown[], name: string) => row[header.indexOf(name)];
    expect(field(ml, 'spend')).toBeNull();
    expect(field(ml, 'waste')).toBeNull();
    expect(field(ml, 'unpriced_gpu_hours')).toBe(10);
    expect(field(web, 'spend')).toBe(10);
    expect(field(web, 'unpriced_gpu_hours')).toBe(6);
  });

  it('does the same for top jobs and idle pools', () => {
    const job = { ...team('train', 0, 8, 8), externalId: 'j1', kind: 'training' } as unknown as CostJobRow;
    expect(pageText(TOP_JOB_COLUMNS, job)).toMatchObject({ spend: 'unpriced', waste: 'unpriced' });
    const pool = { name: 'l4', idleGpuHours: 3, idleCost: 0, unpricedIdleGpuHours: 3 };
    expect(pageText(IDLE_POOL_COLUMNS, pool)).toMatchObject({ cost: 'unpriced' });
    const [header, row] = csvRows(IDLE_POOL_COLUMNS, [pool]);
    expect(row[header.indexOf('idle_cost')]).toBeNull();
    expect(row[header.indexOf('unpriced_idle_gpu_hours')]).toBe(3);
  });
});
