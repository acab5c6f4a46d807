// Automatic recovery end to end on the simulator: faults injected into the model, the worker's sequence run on a
// clock the test moves (lib/worker/drive.ts), and the database read as the pages read it.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { requestOperation } from '@/lib/ops/request';
import { syncDegradedIncidents } from '@/lib/incidents/health';
import { advanceRecoveries, recoverTick } from '@/lib/recovery/engine';
import { STEP, startRecoveryWorld, type RecoveryWorld } from './recovery-world';

describe('automatic recovery', () => {
  let world: RecoveryWorld;
  const one = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => world.one<T>(sql, params);
  const inject = (kind: string, target: string, code?: number) => world.inject(kind, target, code);
  const run = (minutes: number, until?: () => Promise<boolean>) => world.run(minutes, until);

  /** A running training job no earlier test has used. */
  const used: number[] = [];
  async function runningTrainingJob(order: 'largest' | 'smallest' = 'largest') {
    const job = await one<{ id: number; external_id: string; name: string; restart_count: number }>(
      `SELECT id, external_id, name, restart_count FROM job
       WHERE state = 'running' AND health IN ('healthy', 'degraded') AND kind IN ('training', 'fine_tuning')
         AND NOT id = ANY($1)
       ORDER BY gpus_requested * ${order === 'largest' ? -1 : 1}, id LIMIT 1`,
      [used],
    );
    used.push(job.id);
    return job;
  }

  beforeAll(async () => {
    world = await startRecoveryWorld({ seed: 23, nodes: 64, backfillDays: 1 });
    await run(1);
  });
  afterAll(() => world.close());

  it('restarts a failed training job from its checkpoint within the 5-minute target, and closes its incident', async () => {
    const job = (await runningTrainingJob())!;
    await inject('job_failure', job.external_id);
    await run(10, async () => (await db.recovery.count({ where: { jobId: job.id, state: 'recovered' } })) > 0);

    const recovery = await db.recovery.findFirstOrThrow({ where: { jobId: job.id }, include: { actions: true } });
    expect(recovery).toMatchObject({ cause: 'job_failed', state: 'recovered' });
    expect(recovery.actions.map((a) => [a.kind, a.state, a.actorKind])).toEqual([
      ['job.restart', 'succeeded', 'system'],
    ]);
    // Detected on the step after the failure showed in the data; running again within 5 minutes of the fault.
    expect(recovery.detectedAt.getTime() - recovery.faultAt.getTime()).toBeLessThanOrEqual(2 * STEP);
    expect(recovery.recoveredAt!.getTime() - recovery.faultAt.getTime()).toBeLessThanOrEqual(5 * 60_000);
    const after = await one<{ state: string; restart_count: number }>(
      'SELECT state, restart_count FROM job WHERE id = $1',
      [job.id],
    );
    expect(after).toEqual({ state: 'running', restart_count: job.restart_count + 1 });

    // Lost work = GPUs x (time since the checkpoint + time to recover), priced at the GPUs' rate.
    const gpus = recovery.gpus;
    const since = recovery.lastCheckpointAt ?? recovery.faultAt;
    const expected = (gpus * (recovery.recoveredAt!.getTime() - Math.max(since.getTime(), 0))) / 3_600_000;
    expect(recovery.lostGpuHours).toBeGreaterThan(0);
    expect(recovery.lostGpuHours!).toBeLessThanOrEqual(expected + 1e-9);

    const incident = await db.incident.findUniqueOrThrow({
      where: { id: recovery.incidentId! },
      include: { events: true },
    });
    expect(incident).toMatchObject({ state: 'resolved', source: 'health_rule', jobId: job.id });
    // Recovery was under way and within its target all along: a ticket, and it says why.
    expect(incident).toMatchObject({
      severity: 'ticket',
      severityRule: 'Ticket: automatic recovery is under way, within its 5 min target from the fault',
    });
    // What it hurt: the GPUs the job held when it failed.
    expect(incident.gpuIds).toHaveLength(recovery.gpus);
    expect(incident.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['opened', 'action', 'resolved']));
    const audit = await db.auditEvent.findMany({ where: { action: 'job.restart', targetId: String(job.id) } });
    expect(audit.map((row) => [row.actorKind, row.result])).toEqual([['system', 'ok']]);
  });

  it('cordons, reboots and uncordons a node with a fatal XID, and restarts the job it killed', async () => {
    const job = (await runningTrainingJob())!;
    const { hostname, node_id } = await one<{ hostname: string; node_id: number }>(
      `SELECT n.hostname, n.id AS node_id FROM allocation a JOIN gpu g ON g.id = a.gpu_id JOIN node n ON n.id = g.node_id
       WHERE a.job_id = $1 AND a."to" IS NULL ORDER BY n.hostname LIMIT 1`,
      [job.id],
    );
    await inject('fatal_xid', hostname, 79);
    await run(20, async () => (await db.recovery.count({ where: { nodeId: node_id, state: { not: 'acting' } } })) > 0);

    const recovery = await db.recovery.findFirstOrThrow({
      where: { nodeId: node_id },
      include: { actions: { orderBy: { requestedAt: 'asc' } } },
    });
    expect(recovery.cause).toBe('fatal_xid');
    const kinds = recovery.actions.map((a) => a.kind);
    // The XID took the node's jobs down with it, so there is nothing to drain: cordon, then repair.
    expect(kinds.slice(0, 2)).toEqual(['node.cordon', 'node.reboot']);
    // A reboot the model fails is followed by a replacement; either way the node ends back in service.
    expect(kinds.slice(2).every((kind) => kind === 'node.replace' || kind === 'node.uncordon')).toBe(true);
    expect(recovery.state).toBe('recovered');
    expect(recovery.recoveredAt!.getTime() - recovery.faultAt.getTime()).toBeLessThanOrEqual(10 * 60_000);
    expect((await one<{ state: string }>('SELECT state FROM node WHERE id = $1', [node_id])).state).toBe('ready');

    // The job the XID killed was restarted too, and its signal joined the node's incident.
    const jobRecovery = await db.recovery.findFirstOrThrow({ where: { jobId: job.id, cause: 'job_failed' } });
    expect(jobRecovery.incidentId).toBe(recovery.incidentId);
    // It hurt the node's 8 GPUs and those of the job it killed, however many nodes that job spans.
    const incident = await db.incident.findUniqueOrThrow({ where: { id: recovery.incidentId! } });
    const nodeGpus = await db.gpu.findMany({ where: { nodeId: node_id }, select: { id: true } });
    expect(incident.gpuIds).toEqual(expect.arrayContaining(nodeGpus.map((gpu) => gpu.id)));
    expect(incident.gpuIds.length).toBe(new Set([...nodeGpus.map((g) => g.id), ...incident.gpuIds]).size);
  });

  it('leaves a failed job to the restart a person already asked for, and says so on its incident', async () => {
    const job = (await runningTrainingJob())!;
    const operator = await db.user.findUniqueOrThrow({ where: { email: 'operator@fleet.local' } });
    await db.$transaction((tx) =>
      requestOperation(tx, {
        kind: 'job.restart',
        targetId: job.id,
        reason: 'Loss spiked after step 41k; restarting from the last good checkpoint',
        idempotencyKey: `test:${job.id}:restart`,
        requester: { kind: 'user', id: operator.id, email: operator.email },
      }),
    );
    // The job fails before any worker has taken the person's restart.
    await world.pool.query(`UPDATE job SET state = 'failed', health = 'failed', ended_at = $2 WHERE id = $1`, [
      job.id,
      world.clock,
    ]);
    await recoverTick(world.clock);

    const recovery = await db.recovery.findFirstOrThrow({ where: { jobId: job.id }, include: { actions: true } });
    expect(recovery.state).toBe('failed');
    expect(recovery.message).toBe(
      `Not restarted: ${job.name} already has restart from checkpoint pending, asked by operator@fleet.local. Wait for it to finish.`,
    );
    expect(recovery.actions).toEqual([]);
    const incident = await db.incident.findUniqueOrThrow({
      where: { id: recovery.incidentId! },
      include: { events: true },
    });
    expect(incident.state).toBe('open');
    expect(incident.events.map((e) => e.message)).toContain(recovery.message);
    await world.pool.query(`DELETE FROM action WHERE idempotency_key = $1`, [`test:${job.id}:restart`]);
  });

  it('opens a ticket while a job is degraded by a straggler, and resolves it once the job is healthy', async () => {
    const job = (await runningTrainingJob())!;
    await inject('straggler', job.external_id);
    const ticket = () => db.incident.findFirst({ where: { key: `job:${job.id}:degraded` } });
    await run(15, async () => (await ticket()) !== null);
    expect(await ticket()).toMatchObject({ severity: 'ticket', state: 'open', source: 'health_rule', jobId: job.id });
    expect((await ticket())!.summary).toMatch(/median/);
    // It hurts the one slow GPU, not every GPU of the job, since the job turned degraded.
    const degraded = (await ticket())!;
    expect(degraded.gpuIds).toHaveLength(1);
    const { health_since } = await one<{ health_since: Date }>('SELECT health_since FROM job WHERE id = $1', [job.id]);
    expect(degraded.faultAt).toEqual(health_since);

    // As the evaluator records it once the slow GPU keeps up again.
    await world.pool.query(`UPDATE job SET health = 'healthy' WHERE id = $1`, [job.id]);
    await syncDegradedIncidents(world.clock);
    const resolved = (await ticket())!;
    expect(resolved.state).toBe('resolved');
    const events = await db.incidentEvent.findMany({ where: { incidentId: resolved.id }, orderBy: { at: 'asc' } });
    expect(events.at(-1)).toMatchObject({ kind: 'resolved', message: `${job.name} is healthy again` });
  });

  it('stops restarting a job after 3 automatic restarts in an hour and pages on-call instead', async () => {
    // A small job finds free GPUs for each restart at once, whatever the time of day the test runs at.
    const job = (await runningTrainingJob('smallest'))!;
    for (let failure = 1; failure <= 4; failure++) {
      await inject('job_failure', job.external_id);
      // A restart waits for free GPUs when the fleet is full, so allow more than the target.
      await run(20, async () => {
        const row = await one<{ n: number }>(
          `SELECT count(*)::int AS n FROM recovery WHERE job_id = $1 AND state <> 'acting'`,
          [job.id],
        );
        return row.n >= failure;
      });
    }
    const recoveries = await db.recovery.findMany({ where: { jobId: job.id }, orderBy: { detectedAt: 'asc' } });
    expect(recoveries.map((r) => r.state)).toEqual(['recovered', 'recovered', 'recovered', 'escalated']);
    expect(recoveries[3].message).toMatch(/Circuit breaker/);
    expect(await db.action.count({ where: { kind: 'job.restart', targetId: String(job.id) } })).toBe(3);
    const incident = await db.incident.findUniqueOrThrow({ where: { id: recoveries[3].incidentId! } });
    expect(incident).toMatchObject({ severity: 'page', state: 'open' });
  });

  it('leaves a fault to people when its policy is switched off', async () => {
    await db.recoveryPolicy.update({ where: { kind: 'restart_failed_job' }, data: { enabled: false } });
    try {
      const job = (await runningTrainingJob())!;
      await inject('job_failure', job.external_id);
      await run(3, async () => (await db.recovery.count({ where: { jobId: job.id } })) > 0);
      const recovery = await db.recovery.findFirstOrThrow({ where: { jobId: job.id }, include: { actions: true } });
      expect(recovery.state).toBe('disabled');
      expect(recovery.actions).toEqual([]);
      expect(await db.incident.findUniqueOrThrow({ where: { id: recovery.incidentId! } })).toMatchObject({
        state: 'open',
        severity: 'page',
        severityRule: 'Page: training is interrupted and its automatic recovery is switched off',
      });
    } finally {
      await db.recoveryPolicy.update({ where: { kind: 'restart_failed_job' }, data: { enabled: true } });
    }
  });

  it('escalates a ticket to a page the moment its recovery outlives the 5-minute target', async () => {
    // A small job: its restart finds GPUs at once, so the wait for it to finish at the end is short, even on a
    // loaded machine where each 15-second step takes a second or more.
    const job = (await runningTrainingJob('smallest'))!;
    await inject('job_failure', job.external_id);
    await run(2, async () => (await db.recovery.count({ where: { jobId: job.id } })) > 0);
    const recovery = await db.recovery.findFirstOrThrow({ where: { jobId: job.id } });
    const incident = () => db.incident.findUniqueOrThrow({ where: { id: recovery.incidentId! } });
    expect(await incident()).toMatchObject({ severity: 'ticket' });
    // Looked at again 5 minutes and a second after the fault, before the restart has finished.
    await advanceRecoveries(new Date(recovery.faultAt.getTime() + 5 * 60_000 + 1_000));
    expect(await incident()).toMatchObject({
      severity: 'page',
      severityRule: 'Page: training is interrupted and its automatic recovery has outlived its 5 min target',
    });
    await run(15, async () => (await db.recovery.count({ where: { jobId: job.id, state: 'recovered' } })) > 0);
  });

  it('restarts a job that hung while no worker was watching, as soon as the data is live again, timed from the fault', async () => {
    const job = (await runningTrainingJob('smallest'))!;
    await inject('hang', job.external_id);
    await run(0.25);
    // The worker is away for 45 minutes; the next one catches up in one step and finds the job still hung.
    world.clock = new Date(world.clock.getTime() + 45 * 60_000);
    await world.drive.step(world.clock);
    await run(10, async () => (await db.recovery.count({ where: { jobId: job.id, state: 'recovered' } })) > 0);
    const recovery = await db.recovery.findFirstOrThrow({ where: { jobId: job.id }, include: { actions: true } });
    expect(recovery).toMatchObject({ cause: 'job_stalled', state: 'recovered' });
    expect(recovery.actions.map((a) => [a.kind, a.state])).toEqual([['job.restart', 'succeeded']]);
    // The fault is the hang, 45 minutes before detection, so the 5-minute target was missed, and the incident said so.
    expect(recovery.detectedAt.getTime() - recovery.faultAt.getTime()).toBeGreaterThan(40 * 60_000);
    expect(await db.incident.findUniqueOrThrow({ where: { id: recovery.incidentId! } })).toMatchObject({
      severity: 'page',
    });
  });

  it('opens one recovery and one action per fault when two workers look at once', async () => {
    const job = (await runningTrainingJob())!;
    await inject('job_failure', job.external_id);
    // One step applies the fault; then two workers run recovery on the same data at the same moment.
    world.clock = new Date(world.clock.getTime() + STEP);
    await world.collector.advance(world.clock);
    await world.pool.query(`UPDATE job SET health = 'failed' WHERE id = $1`, [job.id]);
    await Promise.all([recoverTick(world.clock), recoverTick(world.clock)]);
    expect(await db.recovery.count({ where: { jobId: job.id } })).toBe(1);
    expect(await db.action.count({ where: { targetType: 'job', targetId: String(job.id) } })).toBe(1);
  });
});
