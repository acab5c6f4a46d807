import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { seedDemo } from '@/lib/db/seed';
import { SimulatorExecutor } from '@/lib/executors/simulator';
import type { ExecutorResult } from '@/lib/executors/types';
import { Collector } from '@/lib/worker/collector';
import { newSimulator, openSimulator, type SimulatorConfig } from '@/lib/worker/simulator-session';

// Eight nodes: gpu-r-001..006 in h800-reserved, gpu-s-001..002 in h800-spot.
const config: SimulatorConfig = { seed: 11, nodes: 8, backfillDays: 1 };
const MINUTE = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('simulator executor', () => {
  let pool: pg.Pool;
  let collector: Collector;
  let executor: SimulatorExecutor;
  let cursor: Date;

  const one = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    (await pool.query<T>(sql, params)).rows[0];
  const unapplied = async () =>
    (await one<{ n: number }>('SELECT count(*)::int AS n FROM sim_command WHERE applied_at IS NULL')).n;

  /** One collecting step of the worker over the next `minutes` of the model: queued commands are applied first. */
  async function step(minutes = 1) {
    cursor = await collector.advance(new Date(cursor.getTime() + minutes * MINUTE));
  }

  /** Calls the executor and, once its command is queued, lets the worker take a step, as the running worker would. */
  async function act(call: () => Promise<ExecutorResult>): Promise<ExecutorResult> {
    const before = await unapplied();
    const answer = call();
    for (let tries = 0; tries < 500 && (await unapplied()) === before; tries++) await sleep(10);
    await step();
    return answer;
  }

  const nodeRow = (hostname: string) =>
    one<{ state: string; state_reason: string | null }>('SELECT state, state_reason FROM node WHERE hostname = $1', [
      hostname,
    ]);
  const openAllocationsOn = async (hostname: string) =>
    (
      await one<{ n: number }>(
        `SELECT count(*)::int AS n FROM allocation a JOIN gpu g ON g.id = a.gpu_id JOIN node n ON n.id = g.node_id
         WHERE n.hostname = $1 AND a."to" IS NULL`,
        [hostname],
      )
    ).n;

  /** The ready node whose GPUs most jobs' allocations are open on, avoiding some. */
  async function busiestNode(except: string[] = []) {
    const row = await one<{ hostname: string }>(
      `SELECT n.hostname FROM node n JOIN gpu g ON g.node_id = n.id JOIN allocation a ON a.gpu_id = g.id AND a."to" IS NULL
       WHERE n.state = 'ready' AND NOT n.hostname = ANY($1) GROUP BY n.hostname ORDER BY count(*) DESC, n.hostname LIMIT 1`,
      [except],
    );
    return row.hostname;
  }

  /** A node of the reserved pool that is ready now (the model's own faults may have taken any one down). */
  async function readyNode() {
    const row = await one<{ hostname: string }>(
      `SELECT hostname FROM node WHERE state = 'ready' AND hostname LIKE 'gpu-r-%' ORDER BY hostname DESC LIMIT 1`,
    );
    return row.hostname;
  }

  /** Provisioned GPUs of each pool in the latest fleet rollup minute. */
  async function provisionedGpus() {
    const { rows } = await pool.query<{ name: string; provisioned_gpus: number }>(
      `SELECT p.name, m.provisioned_gpus FROM pool_minute m JOIN pool p ON p.id = m.pool_id
       WHERE m.ts = (SELECT max(ts) FROM pool_minute)`,
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.provisioned_gpus]));
  }

  beforeAll(async () => {
    await seedDemo(db, await newSimulator(config).topology(), { pricesFrom: new Date(Date.now() - 3 * 86_400_000) });
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    collector = new Collector(pool, { openSource: (p) => openSimulator(p, config), backfillSampleHours: 1 });
    await collector.lead();
    cursor = await collector.advance(new Date());
    executor = new SimulatorExecutor(pool, { pollMs: 10, timeoutMs: 30_000 });
  });
  afterAll(async () => {
    await collector.resign();
    await pool.end();
  });

  it('cordons a node: the worker applies the command and the node row shows it cordoned', async () => {
    const host = await readyNode();
    const answer = await act(() => executor.cordonNode(host, 'suspect NVLink'));
    expect(answer).toEqual({ ok: true, message: `Cordoned ${host}` });
    expect(await nodeRow(host)).toEqual({ state: 'cordoned', state_reason: 'suspect NVLink' });
    const command = await db.simCommand.findFirstOrThrow({ where: { kind: 'cordon' } });
    expect(command.params).toEqual({ hostname: host, reason: 'suspect NVLink' });
    expect(command.result).toMatchObject({ ok: true, message: `Cordoned ${host}` });

    expect(await act(() => executor.uncordonNode(host))).toEqual({ ok: true, message: `Uncordoned ${host}` });
    expect((await nodeRow(host)).state).toBe('ready');
  });

  it('drains a node: the allocations on it are closed once the grace period is over', async () => {
    const host = await busiestNode();
    expect(await openAllocationsOn(host)).toBeGreaterThan(0);
    const answer = await act(() => executor.drainNode(host, 'firmware update'));
    expect(answer).toEqual({ ok: true, message: `Draining ${host}` });
    expect((await nodeRow(host)).state).toBe('draining');
    // The grace period is one to two minutes.
    await step(3);
    expect(await openAllocationsOn(host)).toBe(0);
    expect(await nodeRow(host)).toEqual({ state: 'cordoned', state_reason: 'firmware update' });
    await act(() => executor.uncordonNode(host));
  });

  it('restarts a failed job: it runs again with restart_count + 1', async () => {
    const job = await one<{ external_id: string; name: string; restart_count: number }>(
      `SELECT external_id, name, restart_count FROM job WHERE state = 'running' AND kind <> 'inference'
       ORDER BY gpus_requested DESC, external_id LIMIT 1`,
    );
    // The failure and the restart reach the worker in one step, so no queued job takes the GPUs in between
    // (a restart that finds none waits in the queue: the model's unit tests cover that).
    await pool.query(`INSERT INTO sim_command (kind, params, requested_by) VALUES ('fault', $1, 'test')`, [
      { kind: 'job_failure', target: job.external_id },
    ]);
    const answer = await act(() => executor.restartJob({ externalId: job.external_id, name: job.name }));
    expect(answer.ok).toBe(true);
    expect(answer.message).toContain(`Restarting ${job.external_id}`);
    const failure = await pool.query(
      `SELECT e.kind FROM job_event e JOIN job j ON j.id = e.job_id WHERE j.external_id = $1 AND e.kind = 'failed'`,
      [job.external_id],
    );
    expect(failure.rowCount).toBe(1);
    // The restart takes one to three minutes.
    await step(4);
    const after = await one<{ state: string; restart_count: number }>(
      'SELECT state, restart_count FROM job WHERE external_id = $1',
      [job.external_id],
    );
    expect(after).toEqual({ state: 'running', restart_count: job.restart_count + 1 });
    const events = await pool.query(
      `SELECT e.kind FROM job_event e JOIN job j ON j.id = e.job_id WHERE j.external_id = $1 AND e.kind IN ('restart_requested', 'restarted')`,
      [job.external_id],
    );
    expect(events.rows.map((row) => row.kind).sort()).toEqual(['restart_requested', 'restarted']);
  });

  it('answers a refusal from the model as it is, and a malformed command with what is wrong', async () => {
    expect(await act(() => executor.rebootNode('gpu-x-999', 'test'))).toEqual({
      ok: false,
      message: 'No node gpu-x-999',
    });
    await pool.query(
      `INSERT INTO sim_command (kind, params, requested_by) VALUES ('reboot', '{}', 'test'), ('meteor', '{}', 'test')`,
    );
    await step();
    const results = await pool.query('SELECT kind, result FROM sim_command WHERE requested_by = $1 ORDER BY id', [
      'test',
    ]);
    const byKind = new Map(results.rows.map((row) => [row.kind, row.result]));
    expect(byKind.get('reboot')).toEqual({
      ok: false,
      message: 'Malformed reboot command: hostname: Name the node by its hostname.',
    });
    expect(byKind.get('meteor')).toEqual({ ok: false, message: 'Unknown simulator command "meteor"' });
  });

  it('scales a pool: desired_nodes follows, and the node it retires leaves the provisioned GPUs', async () => {
    expect(await act(() => executor.scalePool('h800-spot', 3))).toEqual({
      ok: false,
      message: 'h800-spot has room for 2 nodes: choose a whole number from 0 to 2',
    });
    const before = await provisionedGpus();
    const answer = await act(() => executor.scalePool('h800-spot', 1));
    expect(answer.ok).toBe(true);
    expect(answer.message).toContain('from 2 to 1 nodes');
    expect((await one('SELECT desired_nodes FROM pool WHERE name = $1', ['h800-spot'])).desired_nodes).toBe(1);
    await step(3);
    const nodes = await pool.query(
      `SELECT n.hostname, n.state FROM node n JOIN pool p ON p.id = n.pool_id WHERE p.name = 'h800-spot' ORDER BY n.hostname`,
    );
    const retired = nodes.rows.filter((row) => row.state === 'retired');
    expect(retired).toHaveLength(1);
    // The retired node's 8 GPUs no longer count as provisioned; the reserved pool is untouched.
    expect(await provisionedGpus()).toEqual({
      'h800-reserved': before['h800-reserved'],
      'h800-spot': before['h800-spot'] - 8,
    });

    const up = await act(() => executor.scalePool('h800-spot', 2));
    expect(up).toEqual({
      ok: true,
      message: `Scaling h800-spot from 1 to 2 nodes: provisioning ${retired[0].hostname}`,
    });
    expect((await one('SELECT desired_nodes FROM pool WHERE name = $1', ['h800-spot'])).desired_nodes).toBe(2);
    expect((await nodeRow(retired[0].hostname)).state).toBe('provisioning');
    // Provisioning takes four to seven minutes.
    await step(8);
    expect((await nodeRow(retired[0].hostname)).state).toBe('ready');
  });

  it('replaces a node: provisioning while it is swapped, ready again within nine minutes', async () => {
    const host = await readyNode();
    const answer = await act(() => executor.replaceNode(host, 'ECC errors keep coming back'));
    expect(answer.ok).toBe(true);
    expect(answer.message).toContain(`Replacing ${host} with a spare node`);
    const replacing = await nodeRow(host);
    expect(replacing.state).toBe('provisioning');
    expect(replacing.state_reason).toContain('Being replaced');
    await step(9);
    expect((await nodeRow(host)).state).toBe('ready');
  });

  it('queues a command once per key, however often the call is retried', async () => {
    const key = randomUUID();
    const host = await readyNode();
    const first = await act(() => executor.cordonNode(host, 'retried', { key }));
    expect(first).toEqual({ ok: true, message: `Cordoned ${host}` });
    const second = await executor.cordonNode(host, 'retried', { key });
    expect(second).toEqual(first);
    expect(await db.simCommand.count({ where: { idempotencyKey: key } })).toBe(1);
    expect(await db.simCommand.count({ where: { kind: 'cordon' } })).toBe(2);
    await act(() => executor.uncordonNode(host));
  });

  it('says the worker may not be running when nothing applies the command in time, and leaves it queued', async () => {
    const impatient = new SimulatorExecutor(pool, { timeoutMs: 200, pollMs: 20 });
    const host = await readyNode();
    const answer = await impatient.cordonNode(host, 'nobody home');
    expect(answer).toEqual({
      ok: false,
      message: 'the simulator did not apply the command within 0.2 s: is the worker running?',
    });
    const queued = await db.simCommand.findFirstOrThrow({ where: { kind: 'cordon', appliedAt: null } });
    expect(queued.params).toEqual({ hostname: host, reason: 'nobody home' });
    // The worker applies it when it next steps.
    await step();
    expect((await nodeRow(host)).state).toBe('cordoned');
  });
});
