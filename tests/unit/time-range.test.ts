import { describe, expect, it } from 'vitest';
import { tickLabel, timeTicks } from '@/components/charts/time-format';
import {
  bucketSeconds,
  pageRange,
  parseTimeRange,
  presetRange,
  timeRangeSearchParams,
  MAX_POINTS,
} from '@/lib/time-range';

const NOW = new Date('2026-11-25T10:30:00Z');
const parse = (query: string) => parseTimeRange(new URLSearchParams(query), NOW);

describe('parseTimeRange', () => {
  it('defaults to the last 24 hours', () => {
    expect(parse('')).toEqual({ ok: true, range: { from: new Date('2026-11-24T10:30:00Z'), to: NOW, preset: '24h' } });
  });

  it.each([
    ['1h', '2026-11-25T09:30:00Z'],
    ['6h', '2026-11-25T04:30:00Z'],
    ['7d', '2026-11-18T10:30:00Z'],
    ['30d', '2026-10-26T10:30:00Z'],
  ])('reads the preset %s as a window ending now', (preset, from) => {
    expect(parse(`range=${preset}`)).toEqual({ ok: true, range: { from: new Date(from), to: NOW, preset } });
  });

  it('refuses an unknown preset and names the ones it knows', () => {
    expect(parse('range=2w')).toEqual({
      ok: false,
      message: 'Invalid time range: `range` must be one of 1h, 6h, 24h, 7d, 30d.',
    });
  });

  it('reads a custom from/to in ISO 8601, with or without an offset, ahead of any preset', () => {
    const result = parse('range=7d&from=2026-11-24T10:00:00%2B02:00&to=2026-11-24T12:00:00Z');
    expect(result).toEqual({
      ok: true,
      range: { from: new Date('2026-11-24T08:00:00Z'), to: new Date('2026-11-24T12:00:00Z'), preset: null },
    });
  });

  it('takes the first value of a repeated parameter, as Next passes them', () => {
    expect(parseTimeRange({ range: ['6h', '7d'] }, NOW)).toMatchObject({ ok: true, range: { preset: '6h' } });
  });

  it.each([
    ['from=2026-11-24T10:00:00Z', '`to` is required with a custom range'],
    ['from=yesterday&to=2026-11-24T10:00:00Z', '`from` must be an ISO 8601 time'],
    ['from=2026-11-31T10:00:00Z&to=2026-12-02T10:00:00Z', '`from` must be an ISO 8601 time'],
    ['from=2026-11-24T10:00:00Z&to=2026-11-24T09:00:00Z', '`to` must be at least a minute after `from`'],
    ['from=2026-01-01T00:00:00Z&to=2026-11-24T00:00:00Z', 'at most 90 days'],
  ])('refuses %s', (query, message) => {
    const result = parse(query);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });
});

describe('pageRange', () => {
  const now = new Date('2026-11-24T12:00:00Z');

  it("is the URL's range where it names one, else the page's preset", () => {
    expect(pageRange({ range: '1h' }, '7d', now)).toEqual({ range: presetRange('1h', now), unread: null });
    expect(pageRange({}, '7d', now)).toEqual({ range: presetRange('7d', now), unread: null });
    expect(pageRange({}, undefined, now)).toEqual({ range: presetRange('24h', now), unread: null });
  });

  it("falls back to the page's preset, saying why, where the URL's range cannot be read", () => {
    const { range, unread } = pageRange({ range: '2w' }, '7d', now);
    expect(range).toEqual(presetRange('7d', now));
    expect(unread).toBe('Invalid time range: `range` must be one of 1h, 6h, 24h, 7d, 30d.');
  });
});

describe('timeRangeSearchParams', () => {
  it('keeps a preset relative and a custom range fixed, and round-trips', () => {
    expect(timeRangeSearchParams(presetRange('7d', NOW)).toString()).toBe('range=7d');
    const custom = { from: new Date('2026-11-24T08:00:00Z'), to: new Date('2026-11-24T12:00:00Z'), preset: null };
    const query = timeRangeSearchParams(custom);
    expect(query.toString()).toBe('from=2026-11-24T08%3A00%3A00.000Z&to=2026-11-24T12%3A00%3A00.000Z');
    expect(parseTimeRange(query, NOW)).toEqual({ ok: true, range: custom });
  });
});

describe('bucketSeconds', () => {
  it.each([
    ['1h', 60, 60],
    ['6h', 120, 180],
    ['24h', 600, 144],
    ['7d', 3600, 168],
    ['30d', 10800, 240],
  ] as const)('gives %s buckets of %i s (%i points)', (preset, seconds, points) => {
    const range = presetRange(preset, NOW);
    expect(bucketSeconds(range)).toBe(seconds);
    expect((range.to.getTime() - range.from.getTime()) / 1000 / seconds).toBe(points);
  });

  it('never goes below a minute, the rollups finest grain, nor above 240 points for odd ranges', () => {
    expect(bucketSeconds({ from: NOW, to: new Date(NOW.getTime() + 5 * 60_000) })).toBe(60);
    for (const hours of [2, 3, 13, 50, 100, 500, 2000]) {
      const range = { from: NOW, to: new Date(NOW.getTime() + hours * 3_600_000) };
      expect((hours * 3600) / bucketSeconds(range)).toBeLessThanOrEqual(MAX_POINTS);
    }
  });
});

describe('chart ticks for a range', () => {
  const ticksFor = (preset: '1h' | '24h' | '7d' | '30d', zone: string) => {
    const range = presetRange(preset, NOW);
    const { ticks, step } = timeTicks(range.from.getTime(), range.to.getTime(), zone);
    return { labels: ticks.map((t) => tickLabel(t, step, zone)), ticks, step };
  };

  it('puts 24 hours on round hours of the organisation zone, naming the day at midnight', () => {
    const { labels } = ticksFor('24h', 'Europe/Berlin'); // 11:30 to 11:30 Berlin time
    expect(labels).toEqual(['12:00', '15:00', '18:00', '21:00', 'Wed 25', '03:00', '06:00', '09:00']);
  });

  it('puts 7 days on midnights and 30 days on Mondays', () => {
    expect(ticksFor('7d', 'UTC').labels).toEqual([
      'Thu 19',
      'Fri 20',
      'Sat 21',
      'Sun 22',
      'Mon 23',
      'Tue 24',
      'Wed 25',
    ]);
    const month = ticksFor('30d', 'UTC');
    expect(month.labels).toEqual(['2 Nov', '9 Nov', '16 Nov', '23 Nov']);
    expect(month.ticks.every((t) => new Date(t).getUTCDay() === 1)).toBe(true);
  });

  it('keeps ticks within the range and at most eight', () => {
    for (const preset of ['1h', '24h', '7d', '30d'] as const) {
      const range = presetRange(preset, NOW);
      const { ticks } = ticksFor(preset, 'America/New_York');
      expect(ticks.length).toBeLessThanOrEqual(8);
      expect(ticks.every((t) => t >= range.from.getTime() && t <= range.to.getTime())).toBe(true);
    }
  });
});
