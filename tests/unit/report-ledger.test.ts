// The weekly report's lead: ETTR against the week before, the loss per cause and the top three fixes, from two
// weeks' ledgers worked by hand (DOMAIN.md, "Where the GPU-hours go"); and the headline that opens the report.
import { describe, expect, it } from 'vitest';
import { priceLedger } from '@/lib/domain/ledger';
import { headline } from '@/lib/reports/format';
import { reportLedger } from '@/lib/reports/ledger';
import type { LedgerReport } from '@/lib/queries/ledger/ledger';
import type { WeeklyReport } from '@/lib/reports/types';

const RANGE = { from: new Date('2026-11-16T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z') };

/**
 * A week's ledger at $2.00 a GPU-hour, classes in GPU-hours, and the pools' unallocated hours at $2.00, `spares` of
 * them held as warm spares.
 */
function week(classes: Partial<Record<string, number>>, unallocated: number, spares = 0): LedgerReport {
  const all = { productive: 0, redone: 0, recovery: 0, checkpoint: 0, straggler: 0, idle: 0, unknown: 0, ...classes };
  const allocated = Object.values(all).reduce((sum, hours) => sum + hours, 0);
  const total = priceLedger({ allocatedGpuHours: allocated, cost: allocated * 2, unpricedGpuHours: 0, classes: all });
  return {
    range: RANGE,
    total,
    rows: [],
    unallocated: [
      {
        key: '1',
        label: 'pool',
        gpuHours: unallocated,
        cost: unallocated * 2,
        spareGpuHours: spares,
        spareCost: spares * 2,
      },
    ],
  };
}

// This week: 1,000 allocated GPU-hours, 900 productive, recovery 40, redone 30, straggler 10, idle 15,
// checkpoint 5; 100 unallocated. The week before: 1,000 allocated, 850 productive, recovery 100, idle 50; 0
// unallocated.
/** A report of $2,000 spent in both weeks around the ledger, for its headline. */
const reportOf = (ledger: ReturnType<typeof reportLedger>) =>
  ({
    currency: 'USD',
    complete: true,
    ledger,
    spend: { total: 2000, previous: 2000, change: 0, gpuHours: 1000, unpricedGpuHours: 0 },
    usage: { wasteCost: null },
    idle: { cost: 200 },
    interruptions: { cost: 0 },
    savings: { total: 0 },
  }) as unknown as WeeklyReport;

const thisWeek = week({ productive: 900, recovery: 40, redone: 30, straggler: 10, idle: 15, checkpoint: 5 }, 100);
const lastWeek = week({ productive: 850, recovery: 100, idle: 50 }, 0);

describe('the report’s ledger', () => {
  const ledger = reportLedger(thisWeek, lastWeek);

  it('leads with ETTR against the week before and the money lost to causes', () => {
    // ETTR 900 / 1,000 = 90%, the week before 850 / 1,000 = 85%.
    expect(ledger.ettr).toBeCloseTo(0.9, 12);
    expect(ledger.previousEttr).toBeCloseTo(0.85, 12);
    // Lost: (40 + 30 + 10 + 15 + 5) x $2 = $200 of allocated time, + 100 unallocated x $2 = $400 in all; the
    // week before (100 + 50) x $2 = $300.
    expect(ledger.lostCost).toBe(400);
    expect(ledger.previousLostCost).toBe(300);
  });

  it('gives each class and the unallocated capacity with its week-over-week change', () => {
    const row = (cls: string) => ledger.rows.find((r) => r.cls === cls)!;
    expect(ledger.rows.map((r) => r.cls)).toEqual([
      'productive',
      'recovery',
      'redone',
      'straggler',
      'idle',
      'checkpoint',
      'unknown',
      'unallocated',
      'spares',
    ]);
    // Recovery 40 h ($80) against 100 h ($200): -60%. Redone 30 h against none: no change to give.
    expect(row('recovery')).toMatchObject({ gpuHours: 40, cost: 80, previousGpuHours: 100, previousCost: 200 });
    expect(row('recovery').change).toBeCloseTo(-0.6, 12);
    expect(row('redone').change).toBeNull();
    // Unknown and spares: none either week, so no change rather than "new".
    expect(row('unknown')).toMatchObject({ gpuHours: 0, previousGpuHours: 0, change: 0 });
    expect(row('spares')).toMatchObject({ gpuHours: 0, previousGpuHours: 0, change: 0 });
    expect(row('unallocated')).toMatchObject({ gpuHours: 100, cost: 200, previousGpuHours: 0 });
  });

  it('names the three fixes that would have saved the most: unallocated $200, recovery $80, redone $60', () => {
    expect(ledger.fixes.map((fix) => [fix.cause, fix.saved])).toEqual([
      ['unallocated', 200],
      ['recovery', 80],
      ['redone', 60],
    ]);
  });

  it('says ETTR in the headline after the spend, the causes worst first, and what the fixes would have saved', () => {
    const report = reportOf(ledger);
    // $200 + $80 + $60 = $340 saved by the top three.
    expect(headline(report)).toMatch(
      /^The fleet spent \$2,000\.00, [^ ]+ on the week before \(\$2,000\.00\)\. Effective training time was 90\.0% of the allocated GPU-hours \(\+5\.0 points on the week before\)\. \$400\.00 went to causes: unallocated capacity \$200\.00, recovery \$80\.00, redone work \$60\.00, idle allocated GPUs \$30\.00, stragglers \$20\.00, checkpoint writes \$10\.00\. The top 3 fixes would have saved up to \$340\.00\./,
    );
  });
});

describe('warm spares in the report’s ledger', () => {
  // The same week, but 60 of the 100 unallocated GPU-hours were warm spares, held for recovery on purpose.
  const ledger = reportLedger(
    week({ productive: 900, recovery: 40, redone: 30, straggler: 10, idle: 15, checkpoint: 5 }, 100, 60),
    lastWeek,
  );
  const row = (cls: string) => ledger.rows.find((r) => r.cls === cls)!;

  it('have a row of their own, apart from the capacity no job needed', () => {
    // Spares 60 h x $2 = $120; the rest of the unallocated time 100 - 60 = 40 h, $80. The week before had none.
    expect(row('spares')).toMatchObject({ gpuHours: 60, cost: 120, previousGpuHours: 0, previousCost: 0 });
    expect(row('unallocated')).toMatchObject({ gpuHours: 40, cost: 80, previousGpuHours: 0 });
  });

  it('are no loss, and no part of what shrinking the pools would save', () => {
    // Lost: $200 of allocated time + $80 unallocated = $280 (not $400: the spares' $120 is kept on purpose).
    expect(ledger.lostCost).toBe(280);
    // Top three: recovery $80, unallocated $80 (its $200 less the spares' $120), redone $60; ties keep the causes'
    // order, recovery first.
    expect(ledger.fixes.map((fix) => [fix.cause, fix.saved])).toEqual([
      ['recovery', 80],
      ['unallocated', 80],
      ['redone', 60],
    ]);
  });

  it('are left out of the causes the headline names', () => {
    const report = reportOf(ledger);
    // $80 + $80 + $60 = $220 saved by the top three.
    expect(headline(report)).toContain(
      '$280.00 went to causes: recovery $80.00, unallocated capacity $80.00, redone work $60.00, idle allocated GPUs $30.00, stragglers $20.00, checkpoint writes $10.00. The top 3 fixes would have saved up to $220.00.',
    );
  });
});
