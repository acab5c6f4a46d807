import { describe, expect, it } from 'vitest';
import {
  MISSING,
  formatAge,
  formatCelsius,
  formatCount,
  formatGpus,
  formatCountOf,
  formatCoverage,
  formatDuration,
  formatGpuHours,
  formatMibAsGib,
  formatMoney,
  formatPercent,
  formatWatts,
  mibToGib,
} from '@/lib/domain/units';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

describe('formatGpuHours', () => {
  it('writes GPU-hours with a thousands separator and one decimal', () => {
    expect(formatGpuHours(1234.5)).toBe('1,234.5 GPU-h');
    expect(formatGpuHours(1234)).toBe('1,234.0 GPU-h');
    expect(formatGpuHours(0.04)).toBe('0.0 GPU-h');
    expect(formatGpuHours(12.345, { digits: 2 })).toBe('12.35 GPU-h');
    expect(formatGpuHours(1_234_567, { compact: true })).toBe('1.2M GPU-h');
  });
});

describe('formatMoney', () => {
  it('writes dollars and cents by default', () => {
    expect(formatMoney(1234.5)).toBe('$1,234.50');
    expect(formatMoney(0)).toBe('$0.00');
    expect(formatMoney(-42.1)).toBe('-$42.10');
    expect(formatMoney(1.005)).toBe('$1.01');
  });

  it('never writes minus zero', () => {
    expect(formatMoney(-0.004)).toBe('$0.00');
  });

  it('writes other currencies with their own digits', () => {
    expect(formatMoney(1234.5, { currency: 'EUR' })).toBe('€1,234.50');
    expect(formatMoney(1234.5, { currency: 'JPY' })).toBe('¥1,235');
  });

  it('has a compact form for big tiles', () => {
    expect(formatMoney(1_234_567, { compact: true })).toBe('$1.2M');
    expect(formatMoney(1_250, { compact: true })).toBe('$1.3K');
    expect(formatMoney(999, { compact: true })).toBe('$999');
    expect(formatMoney(-2_500_000, { compact: true })).toBe('-$2.5M');
  });
});

describe('formatPercent', () => {
  it('writes a ratio as a percentage with two decimals by default', () => {
    expect(formatPercent(0.9991)).toBe('99.91%');
    expect(formatPercent(0.5)).toBe('50.00%');
    expect(formatPercent(1)).toBe('100.00%');
  });

  it('takes a number of digits', () => {
    expect(formatPercent(0.4166, { digits: 0 })).toBe('42%');
    expect(formatPercent(0.99991, { digits: 3 })).toBe('99.991%');
  });

  it('can truncate so an SLO short of its target never reads as met', () => {
    expect(formatPercent(0.99999)).toBe('100.00%');
    expect(formatPercent(0.99999, { truncate: true })).toBe('99.99%');
  });

  it('can sign changes', () => {
    expect(formatPercent(0.123, { digits: 1, signed: true })).toBe('+12.3%');
    expect(formatPercent(-0.05, { digits: 1, signed: true })).toBe('-5.0%');
    expect(formatPercent(0, { digits: 1, signed: true })).toBe('0.0%');
  });
});

describe('formatDuration', () => {
  it('writes the two largest units', () => {
    expect(formatDuration(4 * MIN + 12 * S)).toBe('4 min 12 s');
    expect(formatDuration(3 * H + 5 * MIN)).toBe('3 h 5 min');
    expect(formatDuration(2 * D + 4 * H)).toBe('2 d 4 h');
    expect(formatDuration(42 * S)).toBe('42 s');
  });

  it('leaves out a zero second unit', () => {
    expect(formatDuration(3 * H)).toBe('3 h');
    expect(formatDuration(10 * MIN)).toBe('10 min');
    expect(formatDuration(2 * D + 59 * MIN)).toBe('2 d');
  });

  it('truncates rather than rounds', () => {
    expect(formatDuration(4 * MIN + 59.9 * S)).toBe('4 min 59 s');
    expect(formatDuration(3 * H + 5 * MIN + 59 * S)).toBe('3 h 5 min');
  });

  it('writes milliseconds under a second, and signs negatives', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(-(4 * MIN + 12 * S))).toBe('-4 min 12 s');
  });

  it('groups thousands of days', () => {
    expect(formatDuration(1234 * D)).toBe('1,234 d');
  });
});

describe('formatAge', () => {
  const now = new Date('2026-03-02T12:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it('writes the largest whole unit', () => {
    expect(formatAge(ago(12 * S), now)).toBe('12 s ago');
    expect(formatAge(ago(4 * MIN + 59 * S), now)).toBe('4 min ago');
    expect(formatAge(ago(3 * H), now)).toBe('3 h ago');
    expect(formatAge(ago(2 * D + 23 * H), now)).toBe('2 d ago');
  });

  it('says just now under a second, and "in" for the future', () => {
    expect(formatAge(ago(400), now)).toBe('just now');
    expect(formatAge(ago(-5 * MIN), now)).toBe('in 5 min');
  });

  it('answers a dash for nothing', () => {
    expect(formatAge(null, now)).toBe(MISSING);
  });
});

describe('counts and physical units', () => {
  it('writes counts with thousands separators', () => {
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect([formatGpus(1), formatGpus(0), formatGpus(1024)]).toEqual(['1 GPU', '0 GPUs', '1,024 GPUs']);
    expect(formatCount(1_234_567, { compact: true })).toBe('1.2M');
    expect(formatCount(0)).toBe('0');
    expect(formatCoverage(0.97249)).toBe('97.2% of the window measured');
    expect(formatCoverage(1)).toBe('all of the window measured');
    expect(formatCoverage(60 / 43_200)).toBe('0.13% of the window measured'); // an hour of 30 days
    expect(formatCoverage(3 / 43_200)).toBe('under 0.01% of the window measured');
    expect(formatCoverage(0)).toBe('none of the window measured');
    expect(formatCountOf(1, 'node')).toBe('1 node');
    expect(formatCountOf(0, 'GPU')).toBe('0 GPUs');
    expect(formatCountOf(8192, 'GPU')).toBe('8,192 GPUs');
    expect(formatCountOf(2, 'box', 'boxes')).toBe('2 boxes');
  });

  it('writes watts, kilowatts and megawatts', () => {
    expect(formatWatts(412.4)).toBe('412 W');
    // An idle L4 draws about 16 W: the tenth tells its readings apart.
    expect(formatWatts(16.365)).toBe('16.4 W');
    expect(formatWatts(99.96)).toBe('100 W');
    expect(formatWatts(12_345)).toBe('12.3 kW');
    expect(formatWatts(1_234_567)).toBe('1.2 MW');
  });

  it('writes degrees Celsius', () => {
    expect(formatCelsius(72.4)).toBe('72 °C');
  });

  it('turns MiB into GiB', () => {
    expect(mibToGib(81_920)).toBe(80);
    expect(formatMibAsGib(81_559)).toBe('79.6 GiB');
    expect(formatMibAsGib(1_048_576, { digits: 0 })).toBe('1,024 GiB');
  });

  it('answers a dash for missing or non-finite values', () => {
    for (const value of [null, undefined, NaN, Infinity]) {
      expect(formatCount(value)).toBe(MISSING);
      expect(formatMoney(value)).toBe(MISSING);
      expect(formatPercent(value)).toBe(MISSING);
      expect(formatDuration(value)).toBe(MISSING);
      expect(formatGpuHours(value)).toBe(MISSING);
      expect(formatWatts(value)).toBe(MISSING);
      expect(formatCelsius(value)).toBe(MISSING);
      expect(formatMibAsGib(value)).toBe(MISSING);
    }
  });
});
