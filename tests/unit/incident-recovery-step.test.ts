// The on-call line saying what automatic recovery did, from its recovery row and newest action.
import { describe, expect, it } from 'vitest';
import { describeRecovery } from '@/components/incidents/recovery-step';
import type { RecoveryStep } from '@/lib/queries/incidents/types';

const restart: RecoveryStep = {
  cause: 'job_stalled',
  targetType: 'job',
  state: 'recovered',
  summary: 'pretrain-70b hung',
  message: null,
  detectedAt: '2026-11-24T14:10:00Z',
  actedAt: '2026-11-24T14:10:20Z',
  recoveredAt: '2026-11-24T14:13:10Z',
  lastCheckpointAt: '2026-11-24T14:02:00Z',
  action: {
    kind: 'job.restart',
    state: 'succeeded',
    message: null,
    requestedAt: '2026-11-24T14:10:20Z',
    finishedAt: '2026-11-24T14:13:10Z',
    automatic: true,
  },
};
const now = Date.parse('2026-11-24T14:20:00Z');

describe('what automatic recovery did', () => {
  it('says a restart, from which checkpoint, and how long until it ran again after detection', () => {
    expect(describeRecovery(restart, now, 'UTC')).toEqual({
      text: 'Restarted from checkpoint 14:02 — running again after 3 min 10 s',
      tone: 'ok',
    });
    expect(describeRecovery(restart, now, 'Europe/Berlin').text).toContain('from checkpoint 15:02');
  });

  it('says a step under way and for how long', () => {
    const acting: RecoveryStep = {
      ...restart,
      state: 'acting',
      recoveredAt: null,
      action: { ...restart.action!, state: 'running', finishedAt: null },
    };
    expect(describeRecovery(acting, now, 'UTC')).toEqual({
      text: 'Restarting from checkpoint 14:02 — under way for 9 min 40 s',
      tone: 'info',
    });
  });

  it('says a failure with its reason, and a node brought back', () => {
    const failed: RecoveryStep = {
      ...restart,
      state: 'failed',
      action: { ...restart.action!, state: 'failed', message: 'scheduler refused the restart' },
    };
    expect(describeRecovery(failed, now, 'UTC')).toEqual({
      text: 'Restart failed: scheduler refused the restart',
      tone: 'bad',
    });
    const node: RecoveryStep = {
      ...restart,
      cause: 'fatal_xid',
      targetType: 'node',
      lastCheckpointAt: null,
      recoveredAt: '2026-11-24T14:18:00Z',
      action: { ...restart.action!, kind: 'node.reboot' },
    };
    expect(describeRecovery(node, now, 'UTC').text).toBe('Rebooted the node — back after 8 min');
  });

  it('says when it left the incident to on-call, as the circuit breaker does', () => {
    const escalated: RecoveryStep = {
      ...restart,
      state: 'escalated',
      message: '3 restarts in the last hour',
      action: null,
    };
    expect(describeRecovery(escalated, now, 'UTC')).toEqual({
      text: 'Left to on-call: 3 restarts in the last hour',
      tone: 'warn',
    });
  });

  it('reads an action linked without a recovery by its own state', () => {
    const cordon: RecoveryStep = {
      ...restart,
      cause: null,
      targetType: null,
      state: null,
      detectedAt: null,
      actedAt: null,
      recoveredAt: null,
      lastCheckpointAt: null,
      action: { ...restart.action!, kind: 'node.cordon', automatic: false },
    };
    expect(describeRecovery(cordon, now, 'UTC')).toEqual({ text: 'Cordoned the node at 14:13', tone: 'ok' });
  });
});
