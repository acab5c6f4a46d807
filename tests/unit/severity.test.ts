import { describe, expect, it } from 'vitest';
import { incidentSeverity } from '@/lib/domain/severity';

const fault = new Date('2026-11-25T10:00:00Z');
const after = (minutes: number) => new Date(fault.getTime() + minutes * 60_000);

describe('incident severity (DOMAIN.md "Incidents")', () => {
  it('opens a ticket while automatic recovery is under way within its target, and pages once it outlives it', () => {
    const job = {
      what: 'interruption',
      target: 'job',
      jobKind: 'training',
      recovery: 'acting',
      faultAt: fault,
    } as const;
    expect(incidentSeverity({ ...job, now: after(4) })).toEqual({
      severity: 'ticket',
      rule: 'Ticket: automatic recovery is under way, within its 5 min target from the fault',
    });
    // 5 minutes is still within; a moment later it is not.
    expect(incidentSeverity({ ...job, now: after(5) }).severity).toBe('ticket');
    expect(incidentSeverity({ ...job, now: new Date(after(5).getTime() + 1) })).toEqual({
      severity: 'page',
      rule: 'Page: training is interrupted and its automatic recovery has outlived its 5 min target',
    });
    // A node has 10 minutes.
    const node = { what: 'interruption', target: 'node', recovery: 'acting', faultAt: fault } as const;
    expect(incidentSeverity({ ...node, now: after(9) }).severity).toBe('ticket');
    expect(incidentSeverity({ ...node, now: after(11) })).toEqual({
      severity: 'page',
      rule: 'Page: a node is out of service and its automatic recovery has outlived its 10 min target',
    });
  });

  it('pages when training or serving is interrupted and nothing automatic is fixing it', () => {
    const base = { what: 'interruption', target: 'job', faultAt: fault, now: after(1) } as const;
    expect(incidentSeverity({ ...base, jobKind: 'training', recovery: 'off' }).rule).toBe(
      'Page: training is interrupted and its automatic recovery is switched off',
    );
    expect(incidentSeverity({ ...base, jobKind: 'inference', recovery: 'not_covered' }).rule).toBe(
      'Page: serving is interrupted and automatic recovery does not cover it',
    );
    expect(incidentSeverity({ ...base, jobKind: 'fine_tuning', recovery: 'breaker' }).severity).toBe('page');
    expect(incidentSeverity({ ...base, jobKind: 'training', recovery: 'failed' }).severity).toBe('page');
    // A person's restart already under way is recovery under way.
    expect(incidentSeverity({ ...base, jobKind: 'training', recovery: 'elsewhere' }).severity).toBe('ticket');
  });

  it('keeps an interrupted evaluation a ticket: it is neither training nor serving', () => {
    const verdict = incidentSeverity({
      what: 'interruption',
      target: 'job',
      jobKind: 'evaluation',
      recovery: 'not_covered',
      faultAt: fault,
      now: after(30),
    });
    expect(verdict.severity).toBe('ticket');
  });

  it('opens tickets for what still runs, and pages for a fast burn', () => {
    expect(incidentSeverity({ what: 'degraded' }).severity).toBe('ticket');
    expect(incidentSeverity({ what: 'warning_xid' }).severity).toBe('ticket');
    expect(incidentSeverity({ what: 'budget' }).severity).toBe('ticket');
    expect(incidentSeverity({ what: 'burn_rate', fast: false }).severity).toBe('ticket');
    expect(incidentSeverity({ what: 'burn_rate', fast: true }).severity).toBe('page');
    expect(incidentSeverity({ what: 'alert', severity: 'page', label: 'critical' }).rule).toBe(
      `Page: the alert's severity label is "critical"`,
    );
  });
});
