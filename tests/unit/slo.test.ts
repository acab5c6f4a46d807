import { describe, expect, it } from 'vitest';
import {
  BURN_RATE_ALERTS,
  BURN_RATE_WINDOWS_MINUTES,
  DEFAULT_SLO_TARGETS,
  allowedErrorRatio,
  budgetRemaining,
  budgetSpent,
  burnRate,
  errorBudget,
  errorBudgetMinutes,
  errorRatio,
  evaluateBurnRateAlerts,
  gpuAvailabilitySli,
  inferenceAvailabilitySli,
  jobGoodputSli,
  minimumSloCoverage,
  tooLittleMeasured,
} from '@/lib/domain/slo';

const TARGET = 0.999;

describe('SLIs', () => {
  it('measures GPU availability as healthy over provisioned GPU-minutes', () => {
    // 1,024 GPUs for a day = 1,474,560 GPU-min; one 8-GPU node down for 3 h = 1,440 unhealthy GPU-min.
    expect(gpuAvailabilitySli(1_474_560 - 1_440, 1_474_560)).toBeCloseTo(0.9990234375, 12);
  });

  it('measures job goodput as productive over allocated GPU-minutes', () => {
    expect(jobGoodputSli(9_900, 10_000)).toBe(0.99);
  });

  it('measures inference availability as good over all requests', () => {
    expect(inferenceAvailabilitySli(999_500, 1_000_000)).toBe(0.9995);
  });

  it('has no SLI without events', () => {
    expect(gpuAvailabilitySli(0, 0)).toBeNull();
    expect(errorRatio(0, 0)).toBeNull();
  });

  it('takes the error ratio as bad over total', () => {
    expect(errorRatio(985, 1_000)).toBeCloseTo(0.015, 15);
  });

  it('has DOMAIN.md’s default targets', () => {
    expect(DEFAULT_SLO_TARGETS).toEqual({ gpu_availability: 0.999, job_goodput: 0.99, inference_availability: 0.999 });
  });
});

describe('error budget', () => {
  it('gives 43.2 minutes for 99.9% over 30 days', () => {
    expect(errorBudgetMinutes(0.999, 30)).toBe(43.2);
    expect(errorBudgetMinutes(0.999)).toBe(43.2);
  });

  it('gives 432 minutes for 99% over 30 days and 1,000 bad requests of a million at 99.9%', () => {
    expect(errorBudgetMinutes(0.99)).toBe(432);
    expect(errorBudget(0.999, 1_000_000)).toBe(1_000);
  });

  it('cleans the subtraction 1 - target', () => {
    expect(allowedErrorRatio(0.999)).toBe(0.001);
    expect(allowedErrorRatio(0.9995)).toBe(0.0005);
  });

  it('tells how much budget is left from the window’s SLI', () => {
    expect(budgetRemaining(TARGET, 1)).toBe(1);
    expect(budgetRemaining(TARGET, 0.9995)).toBeCloseTo(0.5, 9);
    expect(budgetRemaining(TARGET, 0.999)).toBeCloseTo(0, 9);
    expect(budgetRemaining(TARGET, 0.998)).toBeCloseTo(-1, 9);
    expect(budgetRemaining(TARGET, null)).toBeNull();
  });
});

describe('coverage: a sliver of the window is not a measurement', () => {
  it('needs 1% of the window, and never less than the budget’s own share of it', () => {
    expect(minimumSloCoverage(0.999)).toBe(0.01); // 1 - 0.999 = 0.1% < 1%
    expect(minimumSloCoverage(0.99)).toBe(0.01); // 1% = 1%
    expect(minimumSloCoverage(0.95)).toBe(0.05); // 5% > 1%: under 5%, every minute bad could not spend the budget
  });

  it('reads the overview’s goodput of 0.00% over under 0.01% of 30 days as not measured, saying how much it needs', () => {
    // 99% over 30 days: 1% of 43,200 min = 432 min = 7 h 12 min. Measured: 4 min = 4 / 43,200 = 0.0093%.
    expect(tooLittleMeasured(0.99, 30, 4 / 43_200)).toBe(
      'So far under 0.01% of the window measured: its SLI and error budget are shown once 1% of its 30-day window (7 h 12 min) is.',
    );
    // 7 h measured of 7 h 12 min needed: 420 / 43,200 = 0.97%, still too little.
    expect(tooLittleMeasured(0.99, 30, 420 / 43_200)).toContain('So far 0.97% of the window measured');
    // 432 min: exactly 1%, measured.
    expect(tooLittleMeasured(0.99, 30, 432 / 43_200)).toBeNull();
  });

  it('scales with the window and the target', () => {
    // 95% over 7 days: 5% of 10,080 min = 504 min = 8 h 24 min; 2% measured is too little.
    expect(tooLittleMeasured(0.95, 7, 0.02)).toBe(
      'So far 2.0% of the window measured: its SLI and error budget are shown once 5% of its 7-day window (8 h 24 min) is.',
    );
    // 98.5% over 1 day: 1.5% of 1,440 min = 21.6 min = 21 min 36 s.
    expect(tooLittleMeasured(0.985, 1, 0.01)).toContain('once 1.5% of its 1-day window (21 min 36 s) is');
  });

  it('leaves alone an SLO with no coverage to speak of (requests) or with all of its window measured', () => {
    expect(tooLittleMeasured(0.999, 30, null)).toBeNull();
    expect(tooLittleMeasured(0.999, 30, 1)).toBeNull();
  });
});

describe('burn rate', () => {
  it('divides the error rate by 1 - target', () => {
    expect(burnRate(0.001, TARGET)).toBe(1);
    expect(burnRate(0.0144, TARGET)).toBeCloseTo(14.4, 12);
    expect(burnRate(0.006, TARGET)).toBe(6);
    expect(burnRate(0, TARGET)).toBe(0);
  });

  it('matches the table: each rule spends its share of a 30-day budget over its long window', () => {
    for (const rule of BURN_RATE_ALERTS) {
      expect(budgetSpent(rule.burnRate, rule.longWindowMinutes)).toBeCloseTo(rule.budgetSpent, 12);
    }
  });

  it('exports the table as data', () => {
    expect(BURN_RATE_ALERTS).toEqual([
      { severity: 'page', longWindowMinutes: 60, shortWindowMinutes: 5, burnRate: 14.4, budgetSpent: 0.02 },
      { severity: 'page', longWindowMinutes: 360, shortWindowMinutes: 30, burnRate: 6, budgetSpent: 0.05 },
      { severity: 'ticket', longWindowMinutes: 4320, shortWindowMinutes: 360, burnRate: 1, budgetSpent: 0.1 },
    ]);
    expect(BURN_RATE_WINDOWS_MINUTES).toEqual([5, 30, 60, 360, 4320]);
  });
});

describe('evaluateBurnRateAlerts: single evaluations at 99.9%', () => {
  const firing = (ratios: Record<number, number | null>) =>
    evaluateBurnRateAlerts(TARGET, ratios)
      .alerts.filter((alert) => alert.firing)
      .map((alert) => `${alert.rule.longWindowMinutes}/${alert.rule.shortWindowMinutes}`);

  it('pages when both the 1 h and the 5 m error ratios exceed 1.44%', () => {
    const result = evaluateBurnRateAlerts(TARGET, { 5: 0.02, 60: 0.015 });
    expect(result.severity).toBe('page');
    expect(result.alerts[0].firing).toBe(true);
    expect(result.alerts[0].longBurnRate).toBeCloseTo(15, 9);
    expect(result.alerts[0].shortBurnRate).toBeCloseTo(20, 9);
  });

  it('does not page when only one window exceeds', () => {
    expect(firing({ 5: 0.5, 60: 0.0144 })).toEqual([]);
    expect(firing({ 5: 0.01, 60: 0.5 })).toEqual([]);
  });

  it('does not page at exactly 1.44% (the rate must be exceeded)', () => {
    expect(firing({ 5: 0.0144, 60: 0.0144 })).toEqual([]);
    expect(firing({ 5: 0.01441, 60: 0.01441 })).toEqual(['60/5']);
  });

  it('pages on the 6 h and 30 m pair above 0.6%', () => {
    expect(firing({ 30: 0.007, 360: 0.0065, 5: 0.007, 60: 0.007 })).toEqual(['360/30']);
    expect(firing({ 30: 0.006, 360: 0.006 })).toEqual([]);
  });

  it('opens a ticket on the 3 d and 6 h pair above 0.1%', () => {
    const result = evaluateBurnRateAlerts(TARGET, { 360: 0.0011, 4320: 0.0012 });
    expect(result.severity).toBe('ticket');
    expect(firing({ 360: 0.0011, 4320: 0.0012 })).toEqual(['4320/360']);
  });

  it('never fires on a missing window', () => {
    expect(evaluateBurnRateAlerts(TARGET, { 5: 1 }).severity).toBeNull();
    expect(evaluateBurnRateAlerts(TARGET, { 5: 1, 60: null }).severity).toBeNull();
  });

  it('fires only when the measured part of the long window has spent its share of the budget', () => {
    // 2% errors (20x) measured over 5 minutes of the hour: 20 x 5/60 = 1.67x of the hour, no page; measured over
    // 45 minutes of it: 15x, above 14.4x. The short window is what says the burn goes on, read as measured.
    const ratios = { 5: 0.02, 60: 0.02 };
    expect(evaluateBurnRateAlerts(TARGET, ratios, { 60: 5 / 60, 5: 1 }).severity).toBeNull();
    const alert = evaluateBurnRateAlerts(TARGET, ratios, { 60: 45 / 60, 5: 1 }).alerts[0];
    expect([alert.firing, alert.longBurnRate, alert.longCoverage]).toEqual([true, 20, 0.75]);
    // A window counted in requests has no coverage: read whole.
    expect(evaluateBurnRateAlerts(TARGET, ratios, { 60: null }).severity).toBe('page');
  });

  it('reports page over ticket when both fire', () => {
    const all = { 5: 1, 30: 1, 60: 1, 360: 1, 4320: 1 };
    expect(firing(all)).toEqual(['60/5', '360/30', '4320/360']);
    expect(evaluateBurnRateAlerts(TARGET, all).severity).toBe('page');
  });
});

describe('evaluateBurnRateAlerts: an incident minute by minute', () => {
  // Steady traffic, so a window's error ratio is the mean of its minutes' error ratios (minutes before 0 are clean).
  function ratiosAt(series: number[], t: number): Record<number, number> {
    const ratios: Record<number, number> = {};
    for (const window of BURN_RATE_WINDOWS_MINUTES) {
      let sum = 0;
      for (let minute = t - window; minute < t; minute += 1) sum += series[minute] ?? 0;
      ratios[window] = sum / window;
    }
    return ratios;
  }

  it('pages once the 1 h window passes 1.44%, and stops when the 5 m window recovers', () => {
    // 2% errors in minutes 0..59, clean after. The 1 h ratio at t is 2% x t / 60: above 1.44% from t = 44
    // (43 x 2 / 60 = 1.433%, 44 x 2 / 60 = 1.467%). After the errors stop, the 5 m window at t = 61 holds
    // 4 bad minutes (1.6%) and at t = 62 three (1.2%): the page ends at t = 62 while the 1 h is still at 1.93%.
    const series = Array.from({ length: 60 }, () => 0.02);
    const pageAt = (t: number) => evaluateBurnRateAlerts(TARGET, ratiosAt(series, t)).alerts[0].firing;
    expect(pageAt(43)).toBe(false);
    expect(pageAt(44)).toBe(true);
    expect(pageAt(60)).toBe(true);
    expect(pageAt(61)).toBe(true);
    expect(pageAt(62)).toBe(false);
    expect(ratiosAt(series, 62)[60]).toBeCloseTo((58 * 0.02) / 60, 12);
  });

  it('pages a steady 1% through the 6 h / 30 m pair after 3 h 37 min, never through 1 h / 5 m, and tickets after 7 h 13 min', () => {
    // The 6 h ratio at t is 1% x t / 360: above 0.6% once t > 216. 1% never exceeds 1.44%.
    const series = Array.from({ length: 600 }, () => 0.01);
    const at = (t: number) => evaluateBurnRateAlerts(TARGET, ratiosAt(series, t)).alerts;
    expect(at(216)[1].firing).toBe(false);
    expect(at(217)[1].firing).toBe(true);
    expect(at(217)[0].firing).toBe(false);
    // The ticket follows once the 3 d ratio, 1% x t / 4,320, passes 0.1%: from t = 433.
    expect(at(432)[2].firing).toBe(false);
    expect(at(433).map((alert) => alert.firing)).toEqual([false, true, true]);
  });
});
