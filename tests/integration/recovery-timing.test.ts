// When a restarted job counts as running again (DOMAIN.md "Automatic recovery"): when its scheduler dates its return,
// not when the console next reads it. The worker's clock runs 7 s past the simulator's minutes, as a real worker's
// does, so the two moments differ.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { startRecoveryWorld, type RecoveryWorld } from './recovery-world';

describe('recovery timing', () => {
  let world: RecoveryWorld;

  beforeAll(async () => {
    world = await startRecoveryWorld({ seed: 23, nodes: 64, backfillDays: 1 }, '2026-11-25T10:12:07Z');
    await world.run(1);
  });
  afterAll(() => world.close());

  it('times a hung job from its last step to the moment its scheduler says it runs again', async () => {
    const job = await world.one<{ id: number; external_id: string }>(
      `SELECT id, external_id FROM job WHERE state = 'running' AND health IN ('healthy', 'degraded') AND kind IN ('training', 'fine_tuning')
       ORDER BY gpus_requested, id LIMIT 1`,
    );
    await world.inject('hang', job.external_id);
    await world.run(10, async () => (await db.recovery.count({ where: { jobId: job.id, state: 'recovered' } })) > 0);

    const recovery = await db.recovery.findFirstOrThrow({ where: { jobId: job.id }, include: { actions: true } });
    expect(recovery).toMatchObject({ cause: 'job_stalled', state: 'recovered' });
    const [restart] = recovery.actions;
    const restarted = await db.jobEvent.findFirstOrThrow({
      where: { jobId: job.id, kind: 'restarted', at: { gte: restart.startedAt! } },
    });
    // The simulator restarts on its minute; the console saw it at its next step, 7 s or more later.
    expect(restarted.at.getTime() % 60_000).toBe(0);
    expect(restart.finishedAt!.getTime() - restarted.at.getTime()).toBeGreaterThanOrEqual(7_000);
    expect(recovery.recoveredAt).toEqual(restarted.at);
    // Stalled 2 minutes after the last step (the rule's floor) plus at most a step. The hung job holds all of its
    // GPUs on healthy nodes, so it restarts in place: running again on the first whole minute at least 30 s after
    // the restart was asked (DOMAIN.md "The simulator"), 30 to 90 s later.
    const took = recovery.recoveredAt!.getTime() - recovery.faultAt.getTime();
    const asked = restart.startedAt!.getTime();
    expect(recovery.detectedAt.getTime() - recovery.faultAt.getTime()).toBeGreaterThanOrEqual(2 * 60_000);
    expect(recovery.recoveredAt!.getTime()).toBe(Math.ceil((asked + 30_000) / 60_000) * 60_000);
    expect(took).toBeLessThanOrEqual(5 * 60_000);
  });
});
