// When automatic recovery replaces a node rather than rebooting it (DOMAIN.md "Automatic recovery"): a fault a
// reboot rarely fixes, and a node with too many faults in the policy's window. On the simulator, with a fixed clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { startRecoveryWorld, type RecoveryWorld } from './recovery-world';

describe('node replacement', () => {
  let world: RecoveryWorld;

  /** Ready nodes with no fatal fault in their history, so that only the faults a test adds count. */
  async function soundNodes(count: number) {
    const { rows } = await world.pool.query<{ id: number; hostname: string }>(
      `SELECT n.id, n.hostname FROM node n
       WHERE n.state = 'ready' AND NOT EXISTS (SELECT 1 FROM gpu_fault f WHERE f.node_id = n.id AND f.fatal)
         AND NOT n.id = ANY($1)
       ORDER BY n.hostname LIMIT $2`,
      [used, count],
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
      ['node.reboot', 'Rebooting to reset the GPUs.'],
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

  it('replaces a node at once, at its first fault, when a reboot rarely fixes it (XID 64)', async () => {
    const [node] = await soundNodes(1);
    await world.inject('fatal_xid', node.hostname, 64);
    expect((await repairOf(node.id))[1]).toEqual([
      'node.replace',
      'XID 64 (ECC page retirement or row remapper recording failure) is rarely fixed by a reboot; replacing the node.',
    ]);
  });
});
