import { describe, expect, it } from 'vitest';
import { niceScale } from '@/components/charts/axes';
import { groupMarks, type ChartMark } from '@/components/charts/marks';
import { tickLabel, timeTicks } from '@/components/charts/time-format';
import { LIFETIME_MIN_MS, lifetimeRange, presetRange, zoomedRange } from '@/lib/time-range';

const NOW = new Date('2026-11-25T10:30:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('a drag across a chart', () => {
  it('picks from the first bucket touched to the end of the last, whichever way it went', () => {
    const a = Date.parse('2026-11-25T08:00:00Z');
    const b = Date.parse('2026-11-25T09:20:00Z');
    // 10-minute buckets: the 09:20 bucket ends at 09:30.
    const bucket = (t: number) => [t, t + 10 * MIN] as const;
    const forward = zoomedRange(bucket(a), bucket(b))!;
    expect(forward).toEqual({ from: new Date(a), to: new Date('2026-11-25T09:30:00Z'), preset: null });
    expect(zoomedRange(bucket(b), bucket(a))).toEqual(forward);
  });

  it('takes whole days on a chart of days, however long the day', () => {
    // New York's fall-back day, 1 November 2026, is 25 hours long: 04:00Z to 05:00Z the next day.
    const nov1 = [Date.parse('2026-11-01T04:00:00Z'), Date.parse('2026-11-02T05:00:00Z')] as const;
    const oct30 = [Date.parse('2026-10-30T04:00:00Z'), Date.parse('2026-10-31T04:00:00Z')] as const;
    expect(zoomedRange(nov1, oct30)).toEqual({ from: new Date(oct30[0]), to: new Date(nov1[1]), preset: null });
  });

  it('is no zoom when it stays in one bucket (a click), nor past the 90 days the console keeps', () => {
    const at = NOW.getTime();
    expect(zoomedRange([at, at + MIN], [at, at + MIN])).toBeNull();
    expect(zoomedRange([Number.NaN, at], [at, at + MIN])).toBeNull();
    expect(zoomedRange([at - 91 * DAY, at - 90 * DAY], [at, at + MIN])).toBeNull();
  });
});

describe('a job younger than the range', () => {
  const day = presetRange('24h', NOW);

  it('opens a running job on its life: from the minute it was submitted to now', () => {
    const { range, lifetime } = lifetimeRange(day, { submittedAt: new Date('2026-11-25T09:47:30Z'), endedAt: null });
    expect(lifetime).toBe(true);
    expect(range).toEqual({ from: new Date('2026-11-25T09:47:00Z'), to: NOW, preset: '24h' });
  });

  it('ends an ended job’s range the minute after it ended', () => {
    const { range } = lifetimeRange(day, {
      submittedAt: new Date('2026-11-25T06:00:00Z'),
      endedAt: new Date('2026-11-25T07:12:10Z'),
    });
    // 07:12:10 rounds up to 07:13, and one minute more shows the end.
    expect(range.from).toEqual(new Date('2026-11-25T06:00:00Z'));
    expect(range.to).toEqual(new Date('2026-11-25T07:14:00Z'));
  });

  it('moves onto a job that ended before the range, showing the last day of its life', () => {
    // Ran from the 20th to 14:30 on the 22nd: the range ends at 14:31 and reaches back 24 hours.
    const { range, lifetime } = lifetimeRange(day, {
      submittedAt: new Date('2026-11-20T00:00:00Z'),
      endedAt: new Date('2026-11-22T14:30:00Z'),
    });
    expect(lifetime).toBe(true);
    expect(range).toEqual({
      from: new Date('2026-11-21T14:31:00Z'),
      to: new Date('2026-11-22T14:31:00Z'),
      preset: '24h',
    });
  });

  it('shows a job seconds old over five minutes, not a sliver', () => {
    const { range } = lifetimeRange(day, { submittedAt: new Date(NOW.getTime() - 20_000), endedAt: null });
    expect(range.to.getTime() - range.from.getTime()).toBe(LIFETIME_MIN_MS);
  });

  it('keeps the range of an older job, and any fixed range as picked or zoomed', () => {
    const old = { submittedAt: new Date('2026-11-20T00:00:00Z'), endedAt: null };
    expect(lifetimeRange(day, old)).toEqual({ range: day, lifetime: false });
    const zoomed = { from: new Date('2026-11-25T09:00:00Z'), to: NOW, preset: null };
    const young = { submittedAt: new Date('2026-11-25T09:50:00Z'), endedAt: null };
    expect(lifetimeRange(zoomed, young)).toEqual({ range: zoomed, lifetime: false });
  });
});

describe('time ticks for any range a drag or a preset picks', () => {
  const spans = [5 * MIN, 17 * MIN, HOUR, 6 * HOUR, 26 * HOUR, 2 * DAY, 3.5 * DAY, 7 * DAY, 30 * DAY, 90 * DAY];

  it('never repeats a label nor crowds more than eight, in UTC and in a zone with a DST change', () => {
    for (const zone of ['UTC', 'Europe/Berlin', 'America/New_York']) {
      // 2026-11-01 is New York's fall-back day: the ranges below cross it.
      const to = Date.parse('2026-11-03T10:07:00Z');
      for (const span of spans) {
        const { ticks, step } = timeTicks(to - span, to, zone);
        const labels = ticks.map((t) => tickLabel(t, step, zone, span));
        expect(ticks.length, `${span / MIN} min in ${zone}`).toBeLessThanOrEqual(8);
        expect(ticks.length, `${span / MIN} min in ${zone}`).toBeGreaterThanOrEqual(2);
        expect(new Set(labels).size, `${labels.join(', ')} in ${zone}`).toBe(labels.length);
      }
    }
  });

  it('names the weekday with the time of day over more than a day', () => {
    const to = Date.parse('2026-11-25T10:00:00Z');
    const { ticks, step } = timeTicks(to - 2 * DAY, to, 'UTC');
    expect(step).toBe(6 * HOUR);
    expect(ticks.map((t) => tickLabel(t, step, 'UTC', 2 * DAY))).toEqual([
      'Mon 12:00',
      'Mon 18:00',
      'Tue 24',
      'Tue 06:00',
      'Tue 12:00',
      'Tue 18:00',
      'Wed 25',
      'Wed 06:00',
    ]);
  });

  it('puts a five-minute zoom on whole minutes', () => {
    const to = Date.parse('2026-11-25T12:03:30Z');
    const { ticks, step } = timeTicks(to - 5 * MIN, to, 'UTC');
    expect(step).toBe(MIN);
    expect(ticks.map((t) => tickLabel(t, step, 'UTC', 5 * MIN))).toEqual(['11:59', '12:00', '12:01', '12:02', '12:03']);
  });
});

describe('marks on a time chart', () => {
  const mark = (minute: number, tone: ChartMark['tone'] = 'info'): ChartMark => ({
    at: NOW.getTime() + minute * MIN,
    title: `at ${minute}`,
    tone,
  });

  it('groups marks closer than 2% of the width, under the worst tone, and drops those outside', () => {
    // 100 minutes wide: 2% is 2 minutes.
    const from = NOW.getTime();
    const to = from + 100 * MIN;
    const groups = groupMarks([mark(50), mark(10), mark(11, 'bad'), mark(-5), mark(101), mark(13)], from, to);
    expect(groups.map((g) => [g.x, g.marks.map((m) => m.title), g.tone])).toEqual([
      [0.1, ['at 10', 'at 11'], 'bad'],
      [0.13, ['at 13'], 'info'],
      [0.5, ['at 50'], 'info'],
    ]);
  });
});

describe('a value axis on round steps', () => {
  it('puts an SLI between 99.624% and 100% on tenths of a percent', () => {
    // 0.376 points over at most 5 steps: 0.1 points (0.001) is the first round step that fits.
    expect(niceScale(0.99624, 1)).toEqual({ domain: [0.996, 1], ticks: [0.996, 0.997, 0.998, 0.999, 1] });
  });

  it('puts burn rates up to 18x on steps of 5, and the budget left on fifths', () => {
    expect(niceScale(0, 18)).toEqual({ domain: [0, 20], ticks: [0, 5, 10, 15, 20] });
    expect(niceScale(0, 1).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceScale(-1, 1).ticks).toEqual([-1, -0.5, 0, 0.5, 1]);
    // A ticket at 1x with its burn rates under it: halves, which read true at one decimal ("0.5x").
    expect(niceScale(0, 1.25).ticks).toEqual([0, 0.5, 1, 1.5]);
  });

  it('gives distinct ticks for a flat line', () => {
    expect(niceScale(0, 0).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});
