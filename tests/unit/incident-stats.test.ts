// Incident statistics' arithmetic with hand-worked numbers: percentiles, weeks in the organisation's zone, causes.
import { describe, expect, it } from 'vitest';
import { causeOf, incidentsPerWeek, quantile, summarizeDurations, topCauses } from '@/lib/incidents/stats';

describe('quantile', () => {
  it('interpolates between the two nearest ranks', () => {
    expect(quantile([10], 0.95)).toBe(10);
    expect(quantile([10, 20], 0.5)).toBe(15);
    // rank (4 - 1) x 0.95 = 2.85: 30 + 0.85 x (40 - 30) = 38.5
    expect(quantile([10, 20, 30, 40], 0.95)).toBeCloseTo(38.5, 10);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.5)).toBe(6);
  });

  it('has nothing to say of no values', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(summarizeDurations([])).toEqual({ count: 0, medianMs: null, p95Ms: null });
  });

  it('sorts the durations itself and answers whole milliseconds', () => {
    // Sorted 1000, 2000, 4000: median 2000; rank 1.9: 2000 + 0.9 x 2000 = 3800.
    expect(summarizeDurations([4000, 1000, 2000])).toEqual({ count: 3, medianMs: 2000, p95Ms: 3800 });
  });
});

describe('incidents per week', () => {
  it('counts by the Monday-to-Sunday weeks of the zone, marking weeks the range cuts', () => {
    // New York is UTC-5 in November: its week of Monday 16 Nov starts at 05:00 UTC.
    const range = { from: new Date('2026-11-18T00:00:00Z'), to: new Date('2026-11-24T00:00:00Z') };
    const weeks = incidentsPerWeek(
      [
        { openedAt: new Date('2026-11-18T01:00:00Z'), severity: 'page' },
        // Sunday 22 Nov 23:30 in New York: still the first week.
        { openedAt: new Date('2026-11-23T04:30:00Z'), severity: 'ticket' },
        // Monday 23 Nov 00:30 in New York: the second.
        { openedAt: new Date('2026-11-23T05:30:00Z'), severity: 'ticket' },
      ],
      range,
      'America/New_York',
    );
    expect(weeks).toEqual([
      { start: '2026-11-16', page: 1, ticket: 1, partial: true },
      { start: '2026-11-23', page: 0, ticket: 1, partial: true },
    ]);
  });
});

describe('causes', () => {
  it('names an alert by its alertname, a health rule by its rule, anything else by its title made general', () => {
    expect(causeOf({ title: 'XID 79 on gpu-a-001', labels: { alertname: 'GpuFellOffTheBus' } })).toEqual({
      kind: 'alertname',
      name: 'GpuFellOffTheBus',
    });
    expect(causeOf({ title: 'Job 12 stalled', labels: { rule: 'stalled' } })).toEqual({
      kind: 'health_rule',
      name: 'stalled',
    });
    // Automatic recovery's record of the fault names the rule where the labels do not.
    expect(causeOf({ title: 'pretrain-70b stalled', labels: {}, recoveryCause: 'job_stalled' })).toEqual({
      kind: 'health_rule',
      name: 'job_stalled',
    });
    expect(causeOf({ title: 'Burn rate 14.4 on GPU availability', labels: null })).toEqual({
      kind: 'title',
      name: 'Burn rate # on GPU availability',
    });
    expect(
      causeOf({ title: 'Run 0b9c5f2e-7f4c-4d1a-9a8e-1c2d3e4f5a6b failed', labels: { alertname: '  ' } }).name,
    ).toBe('Run # failed');
  });

  it('counts alike incidents together, most first', () => {
    expect(
      topCauses(
        [
          { title: 'Disk 91% full on gpu-a-002', labels: {} },
          { title: 'Node down', labels: { alertname: 'NodeDown' } },
          { title: 'Disk 97% full on gpu-a-001', labels: {} },
        ],
        2,
      ),
    ).toEqual([
      { kind: 'title', name: 'Disk #% full on gpu-a-#', count: 2 },
      { kind: 'alertname', name: 'NodeDown', count: 1 },
    ]);
  });
});
