import { describe, expect, it } from 'vitest';
import {
  floorToMinute,
  localDays,
  monthRange,
  overlapMs,
  wallClock,
  weekRange,
  zonedTimeToInstant,
  zoneOffsetMs,
} from '@/lib/domain/time';

const at = (iso: string) => new Date(iso);

describe('time zones', () => {
  it('reads the wall clock and offset of a zone', () => {
    expect(wallClock(at('2026-01-15T12:34:56Z'), 'Europe/Berlin')).toEqual({
      year: 2026,
      month: 1,
      day: 15,
      hour: 13,
      minute: 34,
      second: 56,
    });
    expect(zoneOffsetMs(at('2026-01-15T12:00Z'), 'Europe/Berlin')).toBe(3_600_000);
    expect(zoneOffsetMs(at('2026-07-15T12:00Z'), 'Europe/Berlin')).toBe(7_200_000);
    expect(zoneOffsetMs(at('2026-07-15T12:00Z'), 'Asia/Kolkata')).toBe(19_800_000);
  });

  it('turns a local time into an instant, across daylight saving changes', () => {
    expect(zonedTimeToInstant('Europe/Berlin', 2026, 3, 29)).toEqual(at('2026-03-28T23:00Z'));
    expect(zonedTimeToInstant('Europe/Berlin', 2026, 3, 30)).toEqual(at('2026-03-29T22:00Z'));
    expect(zonedTimeToInstant('America/New_York', 2026, 11, 1, 12)).toEqual(at('2026-11-01T17:00Z'));
    expect(zonedTimeToInstant('UTC', 2026, 13, 1)).toEqual(at('2027-01-01T00:00Z'));
  });
});

describe('monthRange', () => {
  it('gives the calendar month in the zone', () => {
    expect(monthRange(at('2026-02-15T00:00Z'), 'UTC')).toEqual({
      from: at('2026-02-01T00:00Z'),
      to: at('2026-03-01T00:00Z'),
    });
    expect(monthRange(at('2026-12-31T23:59Z'), 'UTC')).toEqual({
      from: at('2026-12-01T00:00Z'),
      to: at('2027-01-01T00:00Z'),
    });
  });

  it('follows the zone across a month boundary and a clock change', () => {
    // 31 Mar 22:30 UTC is already 1 April in Berlin (CEST, UTC+2).
    expect(monthRange(at('2026-03-31T22:30Z'), 'Europe/Berlin')).toEqual({
      from: at('2026-03-31T22:00Z'),
      to: at('2026-04-30T22:00Z'),
    });
    // March in Berlin starts in winter time (UTC+1) and ends in summer time (UTC+2): 31 days less an hour.
    const march = monthRange(at('2026-03-15T12:00Z'), 'Europe/Berlin');
    expect(march).toEqual({ from: at('2026-02-28T23:00Z'), to: at('2026-03-31T22:00Z') });
    expect(march.to.getTime() - march.from.getTime()).toBe((31 * 24 - 1) * 3_600_000);
  });
});

describe('weekRange', () => {
  it('runs Monday to Monday in the zone', () => {
    // Wednesday 4 March 2026.
    expect(weekRange(at('2026-03-04T10:00Z'), 'UTC')).toEqual({
      from: at('2026-03-02T00:00Z'),
      to: at('2026-03-09T00:00Z'),
    });
    // Sunday 8 March 23:30 in Tokyo is Sunday 14:30 UTC; its week began on Monday 2 March in Tokyo.
    expect(weekRange(at('2026-03-08T14:30Z'), 'Asia/Tokyo')).toEqual({
      from: at('2026-03-01T15:00Z'),
      to: at('2026-03-08T15:00Z'),
    });
    // A Monday at midnight starts its own week.
    expect(weekRange(at('2026-03-09T00:00Z'), 'UTC').from).toEqual(at('2026-03-09T00:00Z'));
  });
});

describe('minutes and overlaps', () => {
  it('floors to the minute', () => {
    expect(floorToMinute(at('2026-03-02T12:34:56.789Z'))).toEqual(at('2026-03-02T12:34:00Z'));
  });

  it('measures the overlap of two ranges', () => {
    const a = { from: at('2026-03-02T00:00Z'), to: at('2026-03-02T10:00Z') };
    expect(overlapMs(a, { from: at('2026-03-02T08:00Z'), to: at('2026-03-02T12:00Z') })).toBe(2 * 3_600_000);
    expect(overlapMs(a, { from: at('2026-03-02T10:00Z'), to: at('2026-03-02T12:00Z') })).toBe(0);
  });
});

describe('localDays', () => {
  it('lists the local days a range touches, ending before `to`', () => {
    const week = { from: new Date('2026-11-16T05:00:00Z'), to: new Date('2026-11-23T05:00:00Z') };
    expect(localDays(week, 'America/New_York').map((row) => row.day)).toEqual([
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
    ]);
    expect(localDays(week, 'America/New_York').some((row) => row.partial)).toBe(false);
    // The same instants in UTC touch eight days, the first and last in part.
    const utc = localDays(week, 'UTC');
    expect(utc.map((row) => row.partial)).toEqual([true, false, false, false, false, false, false, true]);
  });
  it('counts a 25-hour autumn day once', () => {
    const range = { from: new Date('2026-10-24T22:00:00Z'), to: new Date('2026-10-26T23:00:00Z') };
    expect(localDays(range, 'Europe/Berlin')).toEqual([
      { day: '2026-10-25', partial: false },
      { day: '2026-10-26', partial: false },
    ]);
  });
});
