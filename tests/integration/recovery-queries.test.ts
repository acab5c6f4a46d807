// The recovery reads on recoveries worked out by hand. Targets (DOMAIN.md): jobs back within 5 min, nodes 10 min.
// Lost work = GPUs x (time since the last checkpoint + time to recover), at $2.00 per GPU-hour.
//
// Day 1, [2026-11-20T00:00Z, 2026-11-21T00:00Z):
//   job recoveries, all recovered:  fault   detected after  back after  GPUs  since checkpoint  lost
//     A job 1, job_failed           01:00   30 s            2 min       8     10 min            8 x 12/60 = 1.6 GPU-h, $3.20
//     B job 2, job_failed           02:00   45 s            3 min       8     12 min            8 x 15/60 = 2.0, $4.00
//     C job 2, job_stalled          03:00   60 s            4 min       4     26 min            4 x 30/60 = 2.0, $4.00
//     D job 3, job_stalled          04:00   20 s            6 min       4      9 min            4 x 15/60 = 1.0, $2.00
//     E job 1, job_failed           05:00   40 s            12 min      2     18 min            2 x 30/60 = 1.0, $2.00
//   Jobs: median of 2, 3, 4, 6, 12 min = 4 min. p95 by percentile_cont: rank 0.95 x (5 - 1) = 3.8, between 6 and 12:
//   6 + 0.8 x 6 = 10.8 min. Within 5 min: 2, 3, 4 = 3 of 5. Median to detect of 20, 30, 40, 45, 60 s = 40 s.
//   Lost 7.6 GPU-h, $15.20. Per cause: job_failed 2, 3, 12 -> median 3 min, p95 3 + 0.9 x 9 = 11.1 min, 2 of 3;
//   job_stalled 4, 6 -> median 5 min, p95 4 + 0.95 x 2 = 5.9 min, 1 of 2.
//   node recoveries:
//     F node 1, fatal_xid           07:00   60 s            9 min       8     (no checkpoint)   8 x 9/60 = 1.2, $2.40
//     G node 2, node_lost           08:00   120 s           12 min      8                       8 x 12/60 = 1.6, $3.20
//     H node 1, fatal_xid           09:00   30 s            failed: cordon, drain done, reboot and replace failed
//   Nodes: 3, 2 recovered, 1 failed; median of 9 and 12 = 10.5 min, p95 9 + 0.95 x 3 = 11.85 min; within 10 min:
//   1 of the 3 that finished. Median to detect of 30, 60, 120 s = 60 s. Lost 2.8 GPU-h, $5.60.
// Day 2, [2026-11-21T00:00Z, 2026-11-22T00:00Z):
//     I job 1 escalated by the circuit breaker (detected 01:00:15), J job 3 left to a person, policy off
//     (02:00:30), K job 2 still acting (03:00:20). Finished: 1 (I), none within target. Median to detect of 15, 20,
//     30 s = 20 s.
//     L job 3 faulted at 23:59 but was detected at 2026-11-22T00:00Z: it belongs to day 3, not day 2.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { isUnpriced } from '@/lib/domain/cost';
import { formatMoney } from '@/lib/domain/units';
import { session } from './fake-session';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
const { getRecoveryView, recoveriesFor, recoveryPoints, recoverySummary, recoveryTimeline } =
  await import('@/lib/queries/recovery');
const { GET } = await import('@/app/api/recovery/route');

const DAY1 = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };
const DAY2 = { from: DAY1.to, to: new Date('2026-11-22T00:00:00Z') };
const BOTH = { from: DAY1.from, to: DAY2.to };
const MIN = 60_000;
const at = (time: string, day = '2026-11-20') => new Date(`${day}T${time}Z`);
const plus = (date: Date, ms: number) => new Date(date.getTime() + ms);

interface Seed {
  id: number;
  targetType: 'job' | 'node';
  targetId: number;
  cause: string;
  state: 'acting' | 'recovered' | 'failed' | 'escalated' | 'disabled';
  faultAt: Date;
  detectMs: number;
  recoverMs?: number;
  gpus: number;
  lost?: [number, string];
  message?: string;
}

async function recovery(seed: Seed) {
  const detectedAt = plus(seed.faultAt, seed.detectMs);
  await db.recovery.create({
    data: {
      id: seed.id,
      faultKey: `test:${seed.id}`,
      targetType: seed.targetType,
      jobId: seed.targetType === 'job' ? seed.targetId : null,
      nodeId: seed.targetType === 'node' ? seed.targetId : null,
      cause: seed.cause,
      summary: `fault ${seed.id}`,
      state: seed.state,
      gpus: seed.gpus,
      faultAt: seed.faultAt,
      detectedAt,
      decidedAt: seed.state === 'disabled' ? null : detectedAt,
      recoveredAt: seed.recoverMs === undefined ? null : plus(seed.faultAt, seed.recoverMs),
      lostGpuHours: seed.lost?.[0] ?? null,
      lostCost: seed.lost?.[1] ?? null,
      policyId: seed.targetType === 'job' ? 1 : 3,
      incidentId: seed.id === 1 ? 1 : null,
      message: seed.message ?? null,
    },
  });
}

async function step(
  recoveryId: number,
  kind: string,
  target: string,
  state: 'pending' | 'running' | 'succeeded' | 'failed',
  times: [Date, Date | null, Date | null],
  message: string | null = null,
) {
  await db.action.create({
    data: {
      idempotencyKey: `recovery:${recoveryId}:${kind}`,
      kind,
      targetType: kind.split('.')[0],
      targetId: target,
      reason: 'automatic recovery',
      actorKind: 'system',
      state,
      message,
      recoveryId,
      executor: 'simulator',
      requestedAt: times[0],
      startedAt: times[1],
      finishedAt: times[2],
    },
  });
}

beforeAll(async () => {
  await db.cluster.create({ data: { id: 1, name: 'test', scheduler: 'simulator' } });
  await db.pool.create({
    data: { id: 1, clusterId: 1, name: 'h800', gpuModel: 'H800', pricingClass: 'reserved', desiredNodes: 2 },
  });
  await db.node.createMany({
    data: [
      { id: 1, clusterId: 1, poolId: 1, hostname: 'gpu-r-001' },
      { id: 2, clusterId: 1, poolId: 1, hostname: 'gpu-r-002' },
    ],
  });
  await db.team.create({ data: { id: 1, name: 'research' } });
  await db.project.create({ data: { id: 1, teamId: 1, name: 'llm' } });
  await db.job.createMany({
    data: [1, 2, 3].map((id) => ({
      id,
      clusterId: 1,
      externalId: `j${id}`,
      name: `train-${id}`,
      kind: 'training' as const,
      teamId: 1,
      projectId: 1,
      state: 'running' as const,
      health: 'healthy' as const,
      gpusRequested: 8,
      submittedAt: at('00:00:00'),
    })),
  });
  await db.recoveryPolicy.createMany({
    data: [
      { id: 1, kind: 'restart_failed_job', config: {} },
      { id: 2, kind: 'restart_stalled_job', config: {} },
      { id: 3, kind: 'remediate_fatal_xid_node', config: {} },
    ],
  });
  await db.user.create({ data: { id: 1, email: 'operator@fleet.local', name: 'O', role: 'operator' } });
  await db.incident.create({
    data: { id: 1, key: 'job:1:health', title: 'train-1 failed', severity: 'ticket', source: 'health_rule' },
  });
  const jobs: [number, number, string, string, number, number, number, number, string][] = [
    // id, job, cause, fault, detect s, back min, GPUs, lost GPU-h, cost
    [1, 1, 'job_failed', '01:00:00', 30, 2, 8, 1.6, '3.20'],
    [2, 2, 'job_failed', '02:00:00', 45, 3, 8, 2.0, '4.00'],
    [3, 2, 'job_stalled', '03:00:00', 60, 4, 4, 2.0, '4.00'],
    [4, 3, 'job_stalled', '04:00:00', 20, 6, 4, 1.0, '2.00'],
    [5, 1, 'job_failed', '05:00:00', 40, 12, 2, 1.0, '2.00'],
  ];
  for (const [id, job, cause, fault, detectS, backMin, gpus, lostHours, cost] of jobs) {
    await recovery({
      id,
      targetType: 'job',
      targetId: job,
      cause,
      state: 'recovered',
      faultAt: at(fault),
      detectMs: detectS * 1000,
      recoverMs: backMin * MIN,
      gpus,
      lost: [lostHours, cost],
    });
  }
  await recovery({
    id: 6,
    targetType: 'node',
    targetId: 1,
    cause: 'fatal_xid',
    state: 'recovered',
    faultAt: at('07:00:00'),
    detectMs: 60_000,
    recoverMs: 9 * MIN,
    gpus: 8,
    lost: [1.2, '2.40'],
  });
  await recovery({
    id: 7,
    targetType: 'node',
    targetId: 2,
    cause: 'node_lost',
    state: 'recovered',
    faultAt: at('08:00:00'),
    detectMs: 120_000,
    recoverMs: 12 * MIN,
    gpus: 8,
    lost: [1.6, '3.20'],
  });
  await recovery({
    id: 8,
    targetType: 'node',
    targetId: 1,
    cause: 'fatal_xid',
    state: 'failed',
    faultAt: at('09:00:00'),
    detectMs: 30_000,
    gpus: 8,
    message: 'node.replace failed: no spare node',
  });
  const day2 = (time: string) => at(time, '2026-11-21');
  await recovery({
    id: 9,
    targetType: 'job',
    targetId: 1,
    cause: 'job_failed',
    state: 'escalated',
    faultAt: day2('01:00:00'),
    detectMs: 15_000,
    gpus: 8,
    message: 'Circuit breaker: train-1 was restarted automatically 3 times in the last hour; not restarting it again',
  });
  await recovery({
    id: 10,
    targetType: 'job',
    targetId: 3,
    cause: 'job_stalled',
    state: 'disabled',
    faultAt: day2('02:00:00'),
    detectMs: 30_000,
    gpus: 4,
    message: 'Automatic restart is switched off; waiting for a person',
  });
  await recovery({
    id: 11,
    targetType: 'job',
    targetId: 2,
    cause: 'job_failed',
    state: 'acting',
    faultAt: day2('03:00:00'),
    detectMs: 20_000,
    gpus: 8,
  });
  await recovery({
    id: 12,
    targetType: 'job',
    targetId: 3,
    cause: 'job_failed',
    state: 'recovered',
    faultAt: day2('23:59:00'),
    detectMs: 60_000,
    recoverMs: 3 * MIN,
    gpus: 4,
  });

  // A: restart asked 1 s after the decision, started 2 s later, running again at 01:02:00.
  await step(1, 'job.restart', '1', 'succeeded', [at('01:00:31'), at('01:00:33'), at('01:02:00')]);
  // G: cordon, drain, reboot, uncordon; back at 08:12.
  await step(7, 'node.cordon', '2', 'succeeded', [at('08:02:00'), at('08:02:00'), at('08:02:01')]);
  await step(7, 'node.drain', '2', 'succeeded', [at('08:02:10'), at('08:02:10'), at('08:04:00')]);
  await step(7, 'node.reboot', '2', 'succeeded', [at('08:04:10'), at('08:04:10'), at('08:11:30')]);
  await step(7, 'node.uncordon', '2', 'succeeded', [at('08:11:40'), at('08:11:40'), at('08:12:00')]);
  // H: the reboot and the replacement both failed.
  await step(8, 'node.cordon', '1', 'succeeded', [at('09:00:31'), at('09:00:31'), at('09:00:32')]);
  await step(8, 'node.drain', '1', 'succeeded', [at('09:00:40'), at('09:00:40'), at('09:02:00')]);
  await step(8, 'node.reboot', '1', 'failed', [at('09:02:10'), at('09:02:10'), at('09:12:10')], 'did not come back');
  await step(8, 'node.replace', '1', 'failed', [at('09:12:20'), at('09:12:20'), at('09:20:00')], 'no spare node');
  await step(11, 'job.restart', '2', 'running', [day2('03:00:21'), day2('03:00:22'), null]);
  // A person's own restart of job 1 is not part of any recovery.
  await db.action.create({
    data: {
      idempotencyKey: 'user:1:manual',
      kind: 'job.restart',
      targetType: 'job',
      targetId: '1',
      reason: 'by hand',
      actorKind: 'user',
      actorId: 1,
      state: 'succeeded',
      requestedAt: at('01:01:00'),
    },
  });
});

describe('recovery summary', () => {
  it('gives median 4 min, p95 10.8 min (percentile_cont) and 3 of 5 within 5 min for 2, 3, 4, 6 and 12 min', async () => {
    const { job } = await recoverySummary(DAY1);
    expect(job).toMatchObject({
      targetType: 'job',
      cause: null,
      targetMs: 5 * MIN,
      count: 5,
      recovered: 5,
      failed: 0,
      escalated: 0,
      finished: 5,
      withinTarget: 3,
      withinTargetShare: 0.6,
      medianRecoverMs: 4 * MIN,
      p95RecoverMs: 648_000, // 10.8 min
      medianDetectMs: 40_000,
    });
    expect(job.lostGpuHours).toBeCloseTo(7.6, 9);
    expect(job.lostCost).toBeCloseTo(15.2, 9);
  });

  it('measures nodes against 10 minutes, a failed one counting as not within target', async () => {
    const { node } = await recoverySummary(DAY1);
    expect(node).toMatchObject({
      targetMs: 10 * MIN,
      count: 3,
      recovered: 2,
      failed: 1,
      finished: 3,
      withinTarget: 1,
      medianRecoverMs: 630_000, // 10.5 min
      p95RecoverMs: 711_000, // 11.85 min
      medianDetectMs: 60_000,
    });
    expect(node.withinTargetShare).toBeCloseTo(1 / 3, 12);
    expect(node.lostGpuHours).toBeCloseTo(2.8, 9);
    expect(node.lostCost).toBeCloseTo(5.6, 9);
  });

  it('breaks the figures down per cause, zeros included', async () => {
    const { byCause } = await recoverySummary(DAY1);
    expect(byCause.map((row) => row.cause)).toEqual(['job_failed', 'job_stalled', 'fatal_xid', 'node_lost']);
    const [failed, stalled, xid, lost] = byCause;
    expect(failed).toMatchObject({ count: 3, withinTarget: 2, medianRecoverMs: 3 * MIN, p95RecoverMs: 666_000 });
    expect(stalled).toMatchObject({ count: 2, withinTarget: 1, medianRecoverMs: 5 * MIN, p95RecoverMs: 354_000 });
    expect(xid).toMatchObject({ targetType: 'node', count: 2, recovered: 1, failed: 1, medianRecoverMs: 9 * MIN });
    expect(lost).toMatchObject({ count: 1, withinTarget: 0, medianRecoverMs: 12 * MIN, p95RecoverMs: 12 * MIN });
    const day2 = await recoverySummary(DAY2);
    expect(day2.byCause.find((row) => row.cause === 'node_lost')).toMatchObject({
      count: 0,
      withinTargetShare: null,
      medianRecoverMs: null,
      lostGpuHours: 0,
    });
  });

  it('keeps lost work no rate covered out of the cost, and says how much of it there is', async () => {
    // F's node had no rate (lost_cost NULL): node lost work 1.2 + 1.6 = 2.8 GPU-h, of it 1.2 unpriced, cost $3.20
    // (G's alone); fatal_xid lost only F's 1.2 GPU-h, all unpriced, so its cost is unpriced, not $0.
    await db.recovery.update({ where: { id: 6 }, data: { lostCost: null } });
    try {
      const { node, byCause } = await recoverySummary(DAY1);
      expect(node.lostGpuHours).toBeCloseTo(2.8, 9);
      expect(node.unpricedLostGpuHours).toBeCloseTo(1.2, 9);
      expect(node.lostCost).toBeCloseTo(3.2, 9);
      const xid = byCause.find((row) => row.cause === 'fatal_xid')!;
      expect(xid.unpricedLostGpuHours).toBeCloseTo(xid.lostGpuHours, 9);
      expect(isUnpriced(xid.lostGpuHours, xid.unpricedLostGpuHours)).toBe(true);
      expect(formatMoney(xid.lostCost, { unpriced: isUnpriced(xid.lostGpuHours, xid.unpricedLostGpuHours) })).toBe(
        'unpriced',
      );
      const { job } = await recoverySummary(DAY1);
      expect(job.unpricedLostGpuHours).toBe(0);
    } finally {
      await db.recovery.update({ where: { id: 6 }, data: { lostCost: '2.40' } });
    }
  });

  it('counts escalated, policy-off and acting recoveries, only the escalated one in the share', async () => {
    const { job, node } = await recoverySummary(DAY2);
    expect(job).toMatchObject({
      count: 3,
      recovered: 0,
      escalated: 1,
      disabled: 1,
      acting: 1,
      finished: 1,
      withinTarget: 0,
      withinTargetShare: 0,
      medianRecoverMs: null,
      p95RecoverMs: null,
      medianDetectMs: 20_000,
      lostGpuHours: 0,
    });
    expect(node.count).toBe(0);
  });

  it('takes a recovery into the range its detection falls in, [from, to)', async () => {
    const both = await recoverySummary(BOTH);
    expect(both.job).toMatchObject({ count: 8, finished: 6, withinTarget: 3, withinTargetShare: 0.5 });
    expect(both.job.medianRecoverMs).toBe(4 * MIN);
    const day3 = await recoverySummary({ from: DAY2.to, to: new Date('2026-11-23T00:00:00Z') });
    expect(day3.job).toMatchObject({ count: 1, recovered: 1, medianRecoverMs: 3 * MIN });
  });

  it('plots each recovered fault of the range, oldest first', async () => {
    const points = await recoveryPoints(DAY1);
    expect(points.map((point) => [point.id, point.targetType, point.timeToRecoverMs / MIN])).toEqual([
      [1, 'job', 2],
      [2, 'job', 3],
      [3, 'job', 4],
      [4, 'job', 6],
      [5, 'job', 12],
      [6, 'node', 9],
      [7, 'node', 12],
    ]);
  });
});

describe('recovery timeline', () => {
  it('times each step of a job restart from the fault, with who did it and how', async () => {
    const timeline = (await recoveryTimeline(1))!;
    expect(timeline).toMatchObject({
      target: { id: 1, name: 'train-1' },
      state: 'recovered',
      timeToDetectMs: 30_000,
      timeToRecoverMs: 2 * MIN,
      targetMs: 5 * MIN,
      withinTarget: true,
      incidentId: 1,
      policy: { kind: 'restart_failed_job', enabled: true },
      lostGpuHours: 1.6,
      lostCost: 3.2,
    });
    expect(timeline.steps.map((step) => [step.kind, step.sinceFaultMs / 1000])).toEqual([
      ['fault', 0],
      ['detected', 30],
      ['decided', 30],
      ['action', 31],
      ['recovered', 120],
    ]);
    expect(timeline.steps[3].action).toEqual({
      id: expect.any(String),
      kind: 'job.restart',
      state: 'succeeded',
      requestedAt: '2026-11-20T01:00:31.000Z',
      startedAt: '2026-11-20T01:00:33.000Z',
      finishedAt: '2026-11-20T01:02:00.000Z',
      message: null,
      who: 'Automatic recovery',
      executor: 'simulator',
    });
  });

  it('lists a node repair step by step and says when it ran over its target', async () => {
    const timeline = (await recoveryTimeline(7))!;
    expect(timeline).toMatchObject({ target: { name: 'gpu-r-002' }, withinTarget: false, timeToRecoverMs: 12 * MIN });
    expect(timeline.steps.filter((step) => step.action).map((step) => step.action!.kind)).toEqual([
      'node.cordon',
      'node.drain',
      'node.reboot',
      'node.uncordon',
    ]);
    expect(timeline.steps.at(-1)).toMatchObject({ kind: 'recovered', sinceFaultMs: 12 * MIN });
  });

  it('ends a failed recovery when its last action did, and a policy-off one at its detection', async () => {
    const failed = (await recoveryTimeline(8))!;
    expect(failed.withinTarget).toBeNull();
    expect(failed.steps.at(-1)).toMatchObject({ kind: 'failed', at: '2026-11-20T09:20:00.000Z' });
    const disabled = (await recoveryTimeline(10))!;
    expect(disabled.steps.map((step) => step.kind)).toEqual(['fault', 'detected', 'disabled']);
    const acting = (await recoveryTimeline(11))!;
    expect(acting.steps.map((step) => step.kind)).toEqual(['fault', 'detected', 'decided', 'action']);
    expect(await recoveryTimeline(999)).toBeNull();
  });
});

describe('recoveries of a job or a node', () => {
  it('lists a job’s recoveries newest first, without people’s own actions', async () => {
    const { recoveries, total } = await recoveriesFor({ jobId: 1 });
    expect(total).toBe(3);
    expect(recoveries.map((row) => [row.id, row.state])).toEqual([
      [9, 'escalated'],
      [5, 'recovered'],
      [1, 'recovered'],
    ]);
    expect(recoveries[2].steps.filter((step) => step.action)).toHaveLength(1);
    expect((await recoveriesFor({ jobId: 1 }, 1)).recoveries.map((row) => row.id)).toEqual([9]);
  });

  it('lists a node’s recoveries newest first', async () => {
    const { recoveries } = await recoveriesFor({ nodeId: 1 });
    expect(recoveries.map((row) => row.id)).toEqual([8, 6]);
  });

  it('serves them at GET /api/recovery to anyone signed in, naming exactly one target', async () => {
    const get = (query: string) => GET(new Request(`http://console.test/api/recovery?${query}`));
    session.user = null;
    expect((await get('jobId=1')).status).toBe(401);
    session.user = { id: 1, name: 'V', email: 'viewer@fleet.local', role: 'viewer' };
    const answer = await get('nodeId=2');
    expect(answer.status).toBe(200);
    const body = await answer.json();
    expect(body).toMatchObject({ timeZone: 'UTC', total: 1, recoveries: [{ id: 7, targetType: 'node' }] });
    expect((await get('')).status).toBe(422);
    expect((await get('jobId=1&nodeId=2')).status).toBe(422);
    expect((await get('jobId=abc')).status).toBe(422);
  });
});

describe('recovery page', () => {
  it('gathers the summary, the points and the newest recoveries of the range', async () => {
    const view = await getRecoveryView({ ...BOTH, preset: null }, { now: new Date('2026-11-22T00:00:00Z') });
    expect(view).toMatchObject({ timeZone: 'UTC', currency: 'USD', total: 11 });
    expect(view.recent.map((row) => row.id)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(view.points).toHaveLength(7);
    expect(view.summary.node.count).toBe(3);
  });
});
