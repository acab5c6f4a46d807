// When automatic recovery replaces a node rather than rebooting it (DOMAIN.md "Automatic recovery"): a fault a
// reboot rarely fixes, and a node with too many faults in the policy's window. On the simulator, with a fixed clock.
// Then the warm spares a replacement swaps in: which node the keeper holds, on a pool built by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import type { JobHealth, JobState } from '@/lib/domain/enums';
import { keepSpares } from '@/lib/recovery/spares';
import { startRecoveryWorld, type RecoveryWorld } from './recovery-world';

describe('node replacement', () => {
  let world: RecoveryWorld;

  /** Ready nodes with no fatal fault in their history, so that only the faults a test adds count. */
  async function soundNodes(count: number, poolId?: number) {
    const { rows } = await world.pool.query<{ id: number; hostname: string; pool_id: number }>(
      `SELECT n.id, n.hostname, n.pool_id FROM node n
       WHERE n.state = 'ready' AND NOT EXISTS (SELECT 1 FROM gpu_fault f WHERE f.node_id = n.id AND f.fatal)
         AND NOT n.id = ANY($1) AND ($3::int IS NULL OR n.pool_id = $3)
       ORDER BY n.hostname LIMIT $2`,
      [used, count, poolId ?? null],
    );
    used.push(...rows.map((row) => row.id));
    return rows;
  }
  const used: number[] = [];

  /** A fatal XID 79 recorded on the node's first GPU `daysAgo` days before the clock. */
  const pastFault = (nodeId: number, daysAgo: number) =>
    world.pool.query(
      `INSERT INTO gpu_fault (node_id, gpu_id, at, kind, code, fatal, message)
       SELECT $1, min(g.id), $2, 'xid', 79, true, 'XID 79: GPU has fallen off the bus' FROM gpu g WHERE g.node_id = $1`,
      [nodeId, new Date(world.clock.getTime() - daysAgo * 86_400_000)],
    );

  /** The node's recovery actions, in order, once it has asked for its repair. */
  async function repairOf(nodeId: number) {
    await world.run(5, async () => {
      const n = await world.one<{ n: number }>(
        `SELECT count(*)::int AS n FROM action a JOIN recovery r ON r.id = a.recovery_id
         WHERE r.node_id = $1 AND a.kind IN ('node.reboot', 'node.replace')`,
        [nodeId],
      );
      return n.n > 0;
    });
    const recovery = await db.recovery.findFirstOrThrow({
      where: { nodeId },
      include: { actions: { orderBy: { requestedAt: 'asc' } } },
    });
    return recovery.actions.map((action) => [action.kind, action.reason]);
  }

  beforeAll(async () => {
    world = await startRecoveryWorld({ seed: 23, nodes: 16, backfillDays: 1 });
    await world.run(1);
  });
  afterAll(() => world.close());

  it('replaces a node at its third fault in a week rather than rebooting it again; two in the week are rebooted', async () => {
    const [lemon, sound] = await soundNodes(2);
    // The policy's defaults: 3 faults in 168 h (7 d). The lemon had faults 3 days and 1 day ago: with today's, 3 in
    // the window. The other had one 8 days ago (outside it) and one a day ago: with today's, 2.
    await pastFault(lemon.id, 3);
    await pastFault(lemon.id, 1);
    await pastFault(sound.id, 8);
    await pastFault(sound.id, 1);
    await world.inject('fatal_xid', lemon.hostname, 79);
    await world.inject('fatal_xid', sound.hostname, 79);

    expect(await repairOf(lemon.id)).toEqual([
      ['node.cordon', expect.stringContaining('Cordoning before repair')],
      ['node.replace', '3 faults in 7 d; replacing it rather than rebooting it again.'],
    ]);
    expect(await repairOf(sound.id)).toEqual([
      ['node.cordon', expect.stringContaining('Cordoning before repair')],
      ['node.reboot', "Rebooting to reset the GPUs (NVIDIA's XID catalog: restart the machine, RESTART_BM)."],
    ]);
  });

  it('follows the window and count an admin sets', async () => {
    const policy = await db.recoveryPolicy.findUniqueOrThrow({ where: { kind: 'remediate_fatal_xid_node' } });
    // 2 faults in 240 h (10 d): the fault 8 days ago now counts, so today's is the second.
    await db.recoveryPolicy.update({
      where: { id: policy.id },
      data: { config: { ...(policy.config as object), replaceAfterFaults: 2, faultWindowHours: 240 } },
    });
    try {
      const [node] = await soundNodes(1);
      await pastFault(node.id, 8);
      await world.inject('fatal_xid', node.hostname, 79);
      expect((await repairOf(node.id))[1]).toEqual([
        'node.replace',
        '2 faults in 10 d; replacing it rather than rebooting it again.',
      ]);
    } finally {
      await db.recoveryPolicy.update({ where: { id: policy.id }, data: { config: policy.config as object } });
    }
  });

  it('reboots a node at its first GSP timeout (XID 119), as the catalog’s GPU reset asks, rather than replacing it', async () => {
    const [node] = await soundNodes(1);
    await world.inject('fatal_xid', node.hostname, 119);
    expect((await repairOf(node.id))[1]).toEqual([
      'node.reboot',
      "Rebooting to reset the GPUs (NVIDIA's XID catalog: reset the GPU, RESET_GPU).",
    ]);
  });

  it('replaces a node at once, at its first fault, when a reboot rarely fixes it (XID 64)', async () => {
    const [node] = await soundNodes(1);
    await world.inject('fatal_xid', node.hostname, 64);
    expect((await repairOf(node.id))[1]).toEqual([
      'node.replace',
      'XID 64 (ECC page retirement or row remapper recording failure) is rarely fixed by a reboot; replacing the node.',
    ]);
  });

  it('swaps in a warm spare at once when it replaces a node, and holds a spare again afterwards', async () => {
    const { pool_id } = await world.one<{ pool_id: number }>(
      `SELECT pool_id FROM node WHERE state = 'ready' AND NOT id = ANY($1) ORDER BY hostname LIMIT 1`,
      [used],
    );
    await world.pool.query('UPDATE pool SET warm_spares = 1 WHERE id = $1', [pool_id]);
    const spares = () =>
      world.pool
        .query<{ id: number; state: string }>(
          `SELECT id, state::text FROM node WHERE pool_id = $1 AND spare_since IS NOT NULL`,
          [pool_id],
        )
        .then((result) => result.rows);
    const held = (nodeId: number) =>
      world.one<{ n: number }>(
        `SELECT count(*)::int AS n FROM gpu g JOIN allocation a ON a.gpu_id = g.id AND a."to" IS NULL
         WHERE g.node_id = $1`,
        [nodeId],
      );
    // The worker holds the least busy node of the pool: drained (the pool is full), as a pool scale-down drains, so
    // that nothing runs there once its jobs' grace period is over.
    await world.run(1, async () => (await spares()).length > 0);
    const [spare] = await spares();
    await world.run(4, async () => (await spares())[0].state === 'cordoned' && (await held(spare.id)).n === 0);
    expect(await spares()).toEqual([{ id: spare.id, state: 'cordoned' }]);

    const [node] = await soundNodes(1, pool_id);
    await world.inject('fatal_xid', node.hostname, 64);
    await world.run(3, async () => (await db.recovery.count({ where: { nodeId: node.id, state: 'recovered' } })) > 0);
    const recovery = await db.recovery.findFirstOrThrow({
      where: { nodeId: node.id },
      include: { actions: { orderBy: { requestedAt: 'asc' } } },
    });
    // The replacement and the swap are asked for together.
    expect(recovery.actions.map((action) => [action.kind, action.targetId]).sort()).toEqual([
      ['node.cordon', String(node.id)],
      ['node.replace', String(node.id)],
      ['node.uncordon', String(spare.id)],
    ]);
    // Hand-worked, in 15-second steps: the fault shows and recovery cordons the node at the step after it (15 s at
    // most), the cordon is done at the next (+15 s), which asks for the replacement and the spare's uncordon, done at
    // the next (+15 s): the capacity is back at most 45 s after the fault, however long the replacement takes
    // (6 to 9 minutes in the simulator).
    const took = recovery.recoveredAt!.getTime() - recovery.faultAt.getTime();
    expect(took).toBeGreaterThan(0);
    expect(took).toBeLessThanOrEqual(3 * 15_000);
    expect(recovery.message).toMatch(/^Capacity back \d+ s after the fault \(Warm spare .+ swapped in for .+\)/);
    expect(await world.one('SELECT state::text AS state, spare_since FROM node WHERE id = $1', [spare.id])).toEqual({
      state: 'ready',
      spare_since: null,
    });
    // Lost work: the node's GPUs from the fault to the swap.
    expect(recovery.lostGpuHours).toBeCloseTo((recovery.gpus * took) / 3_600_000, 6);

    // Replenished: the least busy ready node of the pool is held as a spare again.
    await world.run(4, async () => (await spares()).some((spare) => spare.state === 'cordoned'));
    expect((await spares()).filter((spare) => spare.state === 'cordoned')).toHaveLength(1);
  });
});

describe('which node the warm-spare keeper holds', () => {
  const MINUTE = 60_000;
  // A fixed clock: the job left its node at 11:59; the keeper runs at 12:00 unless a test says otherwise.
  const LEFT_AT = new Date('2026-11-25T11:59:00Z');
  const NOW = new Date('2026-11-25T12:00:00Z');
  let teamId: number;
  let projectId: number;

  beforeAll(async () => {
    const team = await db.team.create({ data: { name: 'spares-keeper' } });
    teamId = team.id;
    projectId = (await db.project.create({ data: { teamId, name: 'llm' } })).id;
  });

  const HEALTH: Record<JobState, JobHealth> = {
    pending: 'pending',
    running: 'healthy',
    recovering: 'recovering',
    succeeded: 'succeeded',
    failed: 'failed',
    cancelled: 'cancelled',
  };

  /**
   * A pool of two idle 8-GPU nodes that holds one warm spare. A training job ran on `left` until LEFT_AT, when it
   * stopped in `state`; `left` came back to service 30 minutes ago and `other` 2 days ago, so that the keeper, which
   * takes the latest back first, would take `left` if nothing kept it off. `busyOther`: `other` runs a job being
   * restarted in place (its GPUs kept for it).
   */
  async function fleet(
    name: string,
    job: {
      state: JobState;
      recovery?: 'acting' | 'escalated';
      restartAsked?: boolean;
      busyOther?: boolean;
    },
  ) {
    const cluster = await db.cluster.create({ data: { name: `keeper-${name}`, scheduler: 'simulator' } });
    const pool = await db.pool.create({
      data: {
        clusterId: cluster.id,
        name: 'h100',
        gpuModel: 'H100',
        pricingClass: 'on_demand',
        desiredNodes: 2,
        warmSpares: 1,
      },
    });
    const node = (hostname: string, stateSince: Date) =>
      db.node.create({
        data: {
          clusterId: cluster.id,
          poolId: pool.id,
          hostname: `${cluster.name}-${hostname}`,
          state: 'ready',
          stateSince,
          gpus: {
            create: Array.from({ length: 8 }, (_, index) => ({
              index,
              uuid: `GPU-${cluster.name}-${hostname}-${index}`,
              model: 'H100',
              memoryMib: 81559,
            })),
          },
        },
        include: { gpus: true },
      });
    const left = await node('left', new Date(NOW.getTime() - 30 * MINUTE));
    const other = await node('other', new Date(NOW.getTime() - 2 * 24 * 60 * MINUTE));
    const start = new Date(NOW.getTime() - 180 * MINUTE);
    const addJob = (externalId: string, state: JobState) =>
      db.job.create({
        data: {
          clusterId: cluster.id,
          externalId: `${cluster.name}-${externalId}`,
          name: `${cluster.name}-${externalId}`,
          kind: 'training',
          teamId,
          projectId,
          state,
          health: HEALTH[state],
          gpusRequested: 8,
          submittedAt: start,
          startedAt: start,
          endedAt: state === 'failed' || state === 'cancelled' || state === 'succeeded' ? LEFT_AT : null,
        },
      });
    const leaver = await addJob('pretrain', job.state);
    await db.allocation.createMany({
      data: left.gpus.map((gpu) => ({ jobId: leaver.id, gpuId: gpu.id, from: start, to: LEFT_AT })),
    });
    if (job.busyOther) {
      const restarting = await addJob('finetune', 'recovering');
      await db.allocation.createMany({
        data: other.gpus.map((gpu) => ({ jobId: restarting.id, gpuId: gpu.id, from: start })),
      });
    }
    const recovery = job.recovery
      ? await db.recovery.create({
          data: {
            faultKey: `job:${leaver.id}:job_failed:0`,
            targetType: 'job',
            jobId: leaver.id,
            cause: 'job_failed',
            summary: `${leaver.name} failed`,
            state: job.recovery,
            gpus: 8,
            faultAt: LEFT_AT,
            detectedAt: new Date(LEFT_AT.getTime() + 15_000),
          },
        })
      : null;
    if (job.restartAsked)
      await db.action.create({
        data: {
          idempotencyKey: `restart-${leaver.id}`,
          kind: 'job.restart',
          targetType: 'job',
          targetId: String(leaver.id),
          reason: 'Restarting from the latest checkpoint.',
          actorKind: 'system',
          state: 'pending',
          recoveryId: recovery?.id,
        },
      });
    return {
      cluster: cluster.name,
      left: left.hostname,
      other: other.hostname,
      /** The pool's spares, and what the keeper asked of its nodes: what the warm-spares page and the actions show. */
      async held() {
        const spares = await db.node.findMany({
          where: { poolId: pool.id, spareSince: { not: null } },
          select: { hostname: true },
        });
        const asked = await db.action.findMany({
          where: { targetType: 'node', targetId: { in: [String(left.id), String(other.id)] } },
          orderBy: { requestedAt: 'asc' },
        });
        const host = (id: string) => (id === String(left.id) ? left.hostname : other.hostname);
        return {
          spares: spares.map((spare) => spare.hostname),
          asked: asked.map((action) => [action.kind, host(action.targetId)]),
        };
      },
    };
  }

  it.each([
    [
      'failed, its restart asked for by recovery',
      'restart',
      { state: 'failed', recovery: 'acting', restartAsked: true },
    ],
    ['failed, not yet met by recovery', 'unmet', { state: 'failed' }],
    ['queued again (requeued by its scheduler)', 'requeued', { state: 'pending' }],
  ] as const)(
    'holds the other idle node, not the one a job that will run again left a minute ago: %s',
    async (_, key, job) => {
      const pool = await fleet(key, job);
      expect(await keepSpares(NOW, pool.cluster)).toBe(1);
      expect(await pool.held()).toEqual({ spares: [pool.other], asked: [['node.cordon', pool.other]] });
    },
  );

  it('holds none while every node is kept for a restart, and takes the one left once the 5-minute target has passed', async () => {
    const pool = await fleet('all-kept', { state: 'failed', recovery: 'acting', restartAsked: true, busyOther: true });
    // 4 minutes after the job left: its restart is still within the target; `other` runs a job restarting in place.
    expect(await keepSpares(new Date(LEFT_AT.getTime() + 4 * MINUTE), pool.cluster)).toBe(0);
    expect(await pool.held()).toEqual({ spares: [], asked: [] });
    // At the next ticks, up to 5 minutes after it left (11:59 + 5 = 12:04): a restart not back by then is late, and
    // the scheduler no longer keeps the node for it. The job restarting in place keeps `other`.
    expect(await keepSpares(new Date(LEFT_AT.getTime() + 5 * MINUTE - 1000), pool.cluster)).toBe(0);
    expect(await keepSpares(new Date(LEFT_AT.getTime() + 5 * MINUTE), pool.cluster)).toBe(1);
    expect(await pool.held()).toEqual({ spares: [pool.left], asked: [['node.cordon', pool.left]] });
  });

  it.each([
    ['cancelled (while its recovery was under way)', 'cancelled', { state: 'cancelled', recovery: 'acting' }],
    [
      'failed, not to be restarted (the circuit breaker tripped)',
      'breaker',
      { state: 'failed', recovery: 'escalated' },
    ],
  ] as const)('takes the node a job left a minute ago once it has ended for good: %s', async (_, key, job) => {
    const pool = await fleet(key, job);
    expect(await keepSpares(NOW, pool.cluster)).toBe(1);
    // The latest back first, as for any idle node.
    expect(await pool.held()).toEqual({ spares: [pool.left], asked: [['node.cordon', pool.left]] });
  });
});
