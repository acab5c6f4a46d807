// The badput ledger's classes, each checked against an example worked by hand in DOMAIN.md ("Where the GPU-hours
// go"). Amounts are GPU-milliseconds; `GPU_MIN` is one GPU-minute.
import { describe, expect, it } from 'vitest';
import {
  classifyPeriod,
  emptyAmounts,
  newLedgerState,
  priceLedger,
  resumedLedgerState,
  sumLedgers,
  type LedgerAmounts,
  type LedgerPeriod,
  type LedgerState,
} from '@/lib/domain/ledger';

const GPU_MIN = 60_000;
const HOUR = Date.parse('2026-03-02T12:00:00Z');

/** A minute of an 8-GPU training job, wholly covered by samples, stall threshold 2 minutes. */
const minute = (step: number, startStep: number, extra: Partial<LedgerPeriod> = {}): LedgerPeriod => ({
  kind: 'training',
  minutes: 1,
  heldByHour: [[HOUR, 8 * GPU_MIN]],
  covered: 1,
  idleShare: 0,
  checkpointSeconds: 0,
  startStep,
  step,
  state: 'running',
  stallAfterMinutes: 2,
  ...extra,
});

/** A job already running steadily at 4 steps a minute, last at `step`, highest at `high`. */
const running = (step: number, high = step): LedgerState => ({
  ...newLedgerState(),
  phase: 'run',
  lastStep: step,
  high,
  paces: [4],
});

/** Sums a run of periods' amounts, in GPU-minutes, rounded to a thousandth. */
function total(state: LedgerState, periods: LedgerPeriod[]): LedgerAmounts {
  const sum = emptyAmounts();
  for (const period of periods)
    for (const amounts of classifyPeriod(state, period).values())
      for (const key of Object.keys(sum) as (keyof LedgerAmounts)[]) sum[key] += amounts[key];
  for (const key of Object.keys(sum) as (keyof LedgerAmounts)[])
    sum[key] = Math.round((sum[key] / GPU_MIN) * 1000) / 1000;
  return sum;
}

const only = (amounts: Partial<LedgerAmounts>) => ({ ...emptyAmounts(), ...amounts });

describe('the ledger, by DOMAIN.md’s worked examples', () => {
  it('steady work with a checkpoint: 6 GPU-minutes productive, 2 of checkpoint', () => {
    // Pace 4 steps a minute; a 15 s checkpoint leaves 0.75 min, in which it took 3 steps = 0.75 min of work.
    expect(total(running(100), [minute(103, 100, { checkpointSeconds: 15 })])).toEqual(
      only({ productive: 6, checkpoint: 2 }),
    );
  });

  it('a straggler: half the pace is 4 GPU-minutes productive and 4 of straggler slowdown', () => {
    expect(total(running(100), [minute(102, 100)])).toEqual(only({ productive: 4, straggler: 4 }));
  });

  it('steps counted a minute late are carried over, not a slowdown', () => {
    // 5 then 3 steps at a pace of 4: the extra quarter minute of the first is banked for the second.
    expect(total(running(100), [minute(105, 100), minute(108, 105)])).toEqual(only({ productive: 16 }));
  });

  it('a hang and a restart: recovery from the last step until it steps again, then the lost half hour redone', () => {
    // At step 1,000, checkpoint at 880 (30 min of work at 4 a minute). It hangs: no step in minutes 1 and 2,
    // a stall at the 2-minute threshold; minute 3 a restart is under way; minute 4 it is back at step 880,
    // loading; minute 5 it steps. 4 minutes x 8 GPUs = 32 GPU-minutes of recovery; then 120 steps to redo at 4 a
    // minute, 30 minutes x 8 GPUs = 240 GPU-minutes redone. Lost work = 8 GPUs x (30 + 4) min = 272 GPU-minutes.
    const state = running(1_000);
    const periods = [
      minute(1_000, 1_000),
      minute(1_000, 1_000),
      minute(1_000, 1_000, { state: 'recovering' }),
      minute(880, 1_000),
    ];
    for (let step = 880; step < 1_000; step += 4) periods.push(minute(step + 4, step));
    periods.push(minute(1_004, 1_000));
    expect(total(state, periods)).toEqual(only({ recovery: 32, redone: 240, productive: 8 }));
  });

  it('a run resubmitted after a failure: its start is recovery, and it redoes the steps the failed attempt had made', () => {
    // The failed attempt had reached step 1,000; the resubmission starts from the checkpoint at 992, loads for a
    // minute, then steps at 4 a minute: 2 minutes to step 1,000 again (redone), then on (productive).
    const previous = running(1_000);
    const state = resumedLedgerState(previous);
    expect(
      total(state, [
        minute(992, 0, { startStep: null, justStarted: true }),
        minute(992, 992),
        minute(996, 992),
        minute(1_000, 996),
        minute(1_004, 1_000),
      ]),
    ).toEqual(only({ recovery: 16, redone: 16, productive: 8 }));
  });

  it('a pause shorter than a stall that ends in a step is work at its pace, the rest straggler', () => {
    // One quiet minute, then 4 steps: 1 minute of work in 2, at the pace of 4 a minute.
    expect(total(running(100), [minute(100, 100), minute(104, 100)])).toEqual(only({ productive: 8, straggler: 8 }));
  });

  it('a job that fails: the minutes since its last step go to recovery', () => {
    expect(total(running(100), [minute(100, 100), minute(100, 100, { state: 'failed' })])).toEqual(
      only({ recovery: 16 }),
    );
  });

  it('a job that finishes: the minutes after its last step are idle', () => {
    expect(total(running(100), [minute(100, 100, { state: 'succeeded' })])).toEqual(only({ idle: 8 }));
  });

  it('starting up: held, loading, not yet stepping, is idle until the minute of its first step', () => {
    // It starts at step 0 and loads for three minutes; it steps in the fourth: 24 GPU-minutes idle, 8 productive.
    const state = newLedgerState();
    expect(
      total(state, [minute(0, 0, { startStep: null, justStarted: true }), minute(0, 0), minute(0, 0), minute(6, 0)]),
    ).toEqual(only({ productive: 8, idle: 24 }));
  });

  it('a job first seen long running is read by its utilization until it has a step to measure from', () => {
    expect(total(newLedgerState(), [minute(500, 0, { startStep: null, idleShare: 0.125 })])).toEqual(
      only({ productive: 7, idle: 1 }),
    );
  });

  it('no data is unknown: half the held time covered leaves half unknown', () => {
    expect(total(running(100), [minute(104, 100, { covered: 0.5 })])).toEqual(only({ unknown: 4, productive: 4 }));
  });
});

describe('jobs without progress and services', () => {
  it('an evaluation is productive while its GPUs work and idle on the GPU-minutes under 5%', () => {
    const period = minute(0, 0, { kind: 'evaluation', step: null, startStep: null, idleShare: 0.25 });
    expect(total(newLedgerState(), [{ ...period, heldByHour: [[HOUR, 4 * GPU_MIN]] }])).toEqual(
      only({ productive: 3, idle: 1 }),
    );
  });

  it('a service serving on half its GPUs, idle on the others, and 8 GPUs short of its replicas', () => {
    const period = minute(0, 0, { kind: 'inference', step: null, startStep: null, idleShare: 0.5, missingGpus: 8 });
    expect(total(newLedgerState(), [period])).toEqual(only({ productive: 4, idle: 4, down: 8 }));
  });
});

describe('priceLedger: a job’s classes over a range, priced', () => {
  const classes = { productive: 90, redone: 4, recovery: 2, checkpoint: 1, straggler: 1, idle: 1, unknown: 0 };

  it('makes the unclassified rest unknown, prices each class at the job’s price, and ETTR = productive / allocated', () => {
    // 100 GPU-hours allocated at $2.50 = $250; the collector classified 99 of them: 1 unknown.
    const figures = priceLedger({ allocatedGpuHours: 100, cost: 250, unpricedGpuHours: 0, classes });
    expect(figures.gpuHours).toEqual({ ...classes, unknown: 1 });
    expect(figures.costs.productive).toBeCloseTo(225, 10); // 90 x $2.50
    expect(figures.costs.unknown).toBeCloseTo(2.5, 10);
    const total = Object.values(figures.costs).reduce((sum, cost) => sum + cost, 0);
    expect(total).toBeCloseTo(250, 10);
    expect(figures.ettr).toBeCloseTo(0.9, 10);
  });

  it('scales classes down to the allocation when a range cuts an hour', () => {
    // 99 classified in the hours, 90 allocated in the range: each class x 90/99.
    const figures = priceLedger({ allocatedGpuHours: 90, cost: 180, unpricedGpuHours: 0, classes });
    expect(figures.gpuHours.productive).toBeCloseTo(81.818, 3);
    expect(figures.gpuHours.unknown).toBe(0);
  });

  it('adds up groups, the ETTR of the whole weighted by allocated time', () => {
    const a = priceLedger({ allocatedGpuHours: 100, cost: 250, unpricedGpuHours: 0, classes });
    const b = priceLedger({
      allocatedGpuHours: 300,
      cost: 300,
      unpricedGpuHours: 0,
      classes: { ...classes, productive: 240, idle: 52 },
    });
    // (90 + 240) / (100 + 300) = 82.5%.
    expect(sumLedgers([a, b]).ettr).toBeCloseTo(0.825, 10);
  });
});
