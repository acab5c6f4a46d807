// A Slurm cluster end to end, on the real Slurm 22.05 (slurmrestd v0.0.38): GPU jobs submitted with sbatch, read
// through the Slurm source by the worker's own sequence (lib/worker/drive.ts) into PostgreSQL, and acted on
// through the Slurm executor, each outcome seen back through the source. GPU readings are left out here (no
// Prometheus): slurm-readings.test.ts charges them to these jobs.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { DEFAULT_POLICIES } from '@/lib/db/seed';
import { SlurmExecutor } from '@/lib/executors/slurm';
import { requestOperation } from '@/lib/ops/request';
import { ActionRunner } from '@/lib/ops/runner';
import type { OperationKind } from '@/lib/ops/kinds';
import { heldNow } from '@/lib/pricing/rates';
import { jobCost } from '@/lib/queries/jobs/job-cost';
import { recoverTick } from '@/lib/recovery/engine';
import { Collector } from '@/lib/worker/collector';
import { Drive } from '@/lib/worker/drive';
import { openSlurm } from '@/lib/worker/slurm-session';
import { session } from './fake-session';
import { SLURM_NOT_INSTALLED, SlurmCluster, waitFor } from './slurm-cluster';
import { stopStarted } from './stop-started';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
const { GET: getJobs } = await import('@/app/api/jobs/route');

const HOUR = 3_600_000;
const RATES = { h100: 2.5, a100: 1.8 };

// Generous limits: slurmctld on a machine busy with other work can take tens of seconds to act.
describe.skipIf(SLURM_NOT_INSTALLED)(
  'a Slurm cluster read, costed and acted on through the console',
  { timeout: 240_000 },
  () => {
    let slurm: SlurmCluster;
    let pool: pg.Pool;
    let drive: Drive;
    let collector: Collector;
    const ids = { eval: 0, pretrain: 0, sweep: 0, flaky: 0, waiting: 0 };

    const rows = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
      (await pool.query<T>(sql, params)).rows;
    const jobRow = async (externalId: string | number) =>
      (
        await rows<{
          id: number;
          name: string;
          state: string;
          health: string;
          health_reason: string | null;
          restart_count: number;
          owner: string;
          team: string;
          project: string;
          kind: string;
          gpus_requested: number;
          partition: string | null;
        }>(
          `SELECT j.id, j.name, j.state, j.health, j.health_reason, j.restart_count, j.owner, t.name AS team,
                p.name AS project, j.kind, j.gpus_requested, j.partition
         FROM job j JOIN team t ON t.id = j.team_id JOIN project p ON p.id = j.project_id WHERE j.external_id = $1`,
          [String(externalId)],
        )
      )[0];
    /** The GPUs a job holds now, as `node/index`. */
    const held = async (externalId: string | number) =>
      (
        await rows<{ gpu: string }>(
          `SELECT n.hostname || '/' || g.index AS gpu FROM allocation a JOIN job j ON j.id = a.job_id
         JOIN gpu g ON g.id = a.gpu_id JOIN node n ON n.id = g.node_id
         WHERE j.external_id = $1 AND a."to" IS NULL ORDER BY n.hostname, g.index`,
          [String(externalId)],
        )
      ).map((row) => row.gpu);
    const nodeRow = async (hostname: string) =>
      (
        await rows<{ id: number; state: string; state_reason: string | null }>(
          'SELECT id, state, state_reason FROM node WHERE hostname = $1',
          [hostname],
        )
      )[0];

    /** Worker steps on the wall clock until `done` holds. */
    async function stepUntil<T>(what: string, done: () => Promise<T | null | undefined | false>, timeoutMs = 180_000) {
      // What the console and Slurm last said, for the error should the wait run out.
      let seen = '';
      return waitFor(
        what,
        async () => {
          await drive.step(new Date());
          seen = [
            JSON.stringify(await rows(`SELECT external_id, state, health, restart_count FROM job ORDER BY id`)),
            JSON.stringify(await rows(`SELECT kind, target_id, state, message FROM action ORDER BY requested_at`)),
            JSON.stringify(await rows(`SELECT job_id, cause, state, message FROM recovery ORDER BY detected_at`)),
            await slurm.scontrol('show', 'job', '-o').catch((error: Error) => error.message),
          ].join('\n');
          if (process.env.DEBUG_SLURM) console.log(what, seen);
          return (await done()) || null;
        },
        timeoutMs,
        () => seen,
      );
    }

    /** Asks for an operation as automatic recovery would (a person's request goes the same way). */
    async function request(kind: OperationKind, targetId: number, reason: string) {
      return db.$transaction((tx) =>
        requestOperation(tx, {
          kind,
          targetId,
          reason,
          idempotencyKey: `${kind}:${targetId}:${Date.now()}`,
          requester: { kind: 'system' },
        }),
      );
    }
    const actionDone = (id: string) => async () => {
      const [action] = await rows<{ state: string; message: string }>(
        'SELECT state, message FROM action WHERE id = $1',
        [id],
      );
      return action.state === 'succeeded' || action.state === 'failed' ? action : null;
    };

    beforeAll(async () => {
      slurm = await SlurmCluster.start();
      pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
      for (const [model, price] of Object.entries(RATES)) {
        await pool.query(
          `INSERT INTO rate_card (gpu_model, pricing_class, price_per_gpu_hour, currency, effective_from)
         VALUES ($1, 'on_demand', $2, 'USD', '2026-01-01')`,
          [model, price],
        );
      }
      await db.recoveryPolicy.createMany({ data: DEFAULT_POLICIES });

      const research = ['-A', 'research'];
      ids.eval = await slurm.sbatch([
        '--gres=gpu:a100:3',
        '-p',
        'a100',
        '-J',
        'eval',
        ...research,
        '--wckey=llm',
        '--comment=kind=evaluation',
      ]);
      ids.pretrain = await slurm.sbatch(['--gres=gpu:h100:8', '-J', 'pretrain', ...research]);
      ids.sweep = await slurm.sbatch([
        '--gres=gpu:h100:2',
        '--array=0-1',
        '-J',
        'sweep',
        '-A',
        'vision',
        '--comment=project=detector',
      ]);
      // Fails on its first run, runs on after a restart: Slurm tells a requeued job its restart count.
      ids.flaky = await slurm.sbatch(
        ['--gres=gpu:h100:1', '-J', 'flaky', ...research],
        '#!/bin/sh\n[ "${SLURM_RESTART_COUNT:-0}" = 0 ] && exit 3\nsleep 300\n',
      );
      ids.waiting = await slurm.sbatch(['--gres=gpu:h100:8', '-N', '2', '-p', 'h100', '-J', 'too-big', ...research]);
      for (const id of [ids.eval, ids.pretrain, `${ids.sweep}_0`, `${ids.sweep}_1`]) {
        await slurm.waitForJob(id, (j) => j.JobState === 'RUNNING');
      }
      await slurm.waitForJob(ids.flaky, (j) => j.JobState === 'FAILED');
      // slurmctld names why a job waits at its next scheduling pass, which a busy machine can delay.
      await slurm.waitForJob(ids.waiting, (j) => j.Reason === 'Resources');

      const config = { slurm: slurm.config(), prometheus: null, backfillSampleHours: 1 };
      collector = new Collector(pool, { openSource: (p) => openSlurm(p, config), backfillSampleHours: 1 });
      drive = new Drive(
        pool,
        collector,
        new ActionRunner(new SlurmExecutor(slurm.config(), { startNowWithinMs: 30_000 })),
      );
      await drive.step(new Date());
    }, 240_000);

    afterAll(() => stopStarted({ slurm, drive, collector, pool }));

    it('reads the nodes, each partition as a pool, and the GPUs of their GRES', async () => {
      expect(
        await rows(
          `SELECT p.name, p.gpu_model, p.pricing_class, p.gpus_per_node, p.desired_nodes FROM pool p ORDER BY p.name`,
        ),
      ).toEqual([
        { name: 'a100', gpu_model: 'a100', pricing_class: 'on_demand', gpus_per_node: 4, desired_nodes: 1 },
        { name: 'h100', gpu_model: 'h100', pricing_class: 'on_demand', gpus_per_node: 8, desired_nodes: 2 },
      ]);
      expect(
        await rows(
          `SELECT n.hostname, n.state, count(g.id)::int AS gpus, min(g.uuid) AS first_gpu FROM node n
         JOIN gpu g ON g.node_id = n.id GROUP BY n.id ORDER BY n.hostname`,
        ),
      ).toEqual([
        { hostname: 'gpu1', state: 'ready', gpus: 8, first_gpu: 'slurm:fleettest/gpu1/0' },
        { hostname: 'gpu2', state: 'ready', gpus: 8, first_gpu: 'slurm:fleettest/gpu2/0' },
        { hostname: 'gpu3', state: 'ready', gpus: 4, first_gpu: 'slurm:fleettest/gpu3/0' },
      ]);
      expect(await rows(`SELECT name, scheduler FROM cluster`)).toEqual([{ name: 'fleettest', scheduler: 'slurm' }]);
    });

    it('reads each job: owner, account as team, project, kind, partition, state and the GPUs it holds on each node by index', async () => {
      expect(await jobRow(ids.eval)).toMatchObject({
        name: 'eval',
        partition: 'a100',
        owner: 'root',
        team: 'research',
        project: 'llm',
        kind: 'evaluation',
        state: 'running',
        health: 'healthy',
        gpus_requested: 3,
      });
      // Submitted with no partition named: Slurm puts it in the default one (h100, the first in slurm.conf).
      expect(await jobRow(ids.pretrain)).toMatchObject({ partition: 'h100' });
      expect(await held(ids.eval)).toEqual(['gpu3/0', 'gpu3/1', 'gpu3/2']);
      const pretrainNode = (await slurm.job(ids.pretrain)).NodeList;
      expect(await held(ids.pretrain)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => `${pretrainNode}/${i}`));
      // Array tasks are jobs of their own, named as squeue names them; their GPUs do not overlap.
      const tasks = [await held(`${ids.sweep}_0`), await held(`${ids.sweep}_1`)];
      expect(tasks.map((gpus) => gpus.length)).toEqual([2, 2]);
      expect(new Set(tasks.flat()).size).toBe(4);
      expect(await jobRow(`${ids.sweep}_1`)).toMatchObject({ team: 'vision', project: 'detector', state: 'running' });
      // No array task record stands for the whole array.
      expect(await jobRow(ids.sweep)).toBeUndefined();
    });

    it('shows why a job waits and where, and how one ended, in Slurm words', async () => {
      expect(await jobRow(ids.waiting)).toMatchObject({
        state: 'pending',
        health: 'pending',
        health_reason: 'Resources',
        gpus_requested: 16,
        partition: 'h100',
      });
      // The jobs API says the waiting job's partition beside why it waits.
      session.user = { id: 1, name: 'Vera', email: 'viewer@fleet.local', role: 'viewer' };
      const response = await getJobs(new Request('http://console.test/api/jobs?state=pending'));
      expect(response.status).toBe(200);
      const { rows: pending } = await response.json();
      expect(pending).toEqual([
        expect.objectContaining({
          externalId: String(ids.waiting),
          partition: 'h100',
          wait: expect.objectContaining({ reason: 'capacity', detail: expect.stringContaining('Resources') }),
        }),
      ]);
      expect(await jobRow(ids.flaky)).toMatchObject({
        state: 'failed',
        health: 'failed',
        health_reason: 'NonZeroExitCode, exit code 3',
      });
      expect(await held(ids.flaky)).toEqual([]);
    });

    it('costs each job by the rate of the GPUs it holds', async () => {
      const job = await jobRow(ids.eval);
      const [{ from }] = await rows<{ from: Date }>(`SELECT min("from") AS from FROM allocation WHERE job_id = $1`, [
        job.id,
      ]);
      // Half an hour of 3 a100 GPUs at $1.80 per GPU-hour: 3 × 1.80 × 0.5 = $2.70.
      const halfHourLater = new Date(from.getTime() + HOUR / 2);
      const cost = await jobCost(job.id, { from, to: halfHourLater, now: halfHourLater });
      expect(cost.cost).toBeCloseTo(2.7, 6);
      expect(cost.unpricedGpuHours).toBe(0);
      // 8 h100 GPUs at $2.50: $20.00 an hour.
      expect(await heldNow((await jobRow(ids.pretrain)).id, new Date())).toEqual({
        gpus: 8,
        ratePerHour: 20,
        unpriced: 0,
      });
    });

    it('restarts the failed job automatically: requeued through Slurm, running again without the requeue delay', async () => {
      const job = await jobRow(ids.flaky);
      const recovery = await stepUntil('the failed job recovered', async () => {
        const [row] = await rows<{ state: string; message: string }>(
          'SELECT state, message FROM recovery WHERE job_id = $1',
          [job.id],
        );
        return row?.state === 'recovered' ? row : null;
      });
      expect(recovery.message).toMatch(/^Running again /);
      expect(await jobRow(ids.flaky)).toMatchObject({ state: 'running', restart_count: 1, health: 'healthy' });
      expect(await held(ids.flaky)).toHaveLength(1);
      const [action] = await rows<{ kind: string; state: string; message: string }>(
        `SELECT kind, state, message FROM action WHERE target_type = 'job' AND target_id = $1`,
        [String(job.id)],
      );
      expect(action).toEqual({
        kind: 'job.restart',
        state: 'succeeded',
        message: expect.stringMatching(/is running again$/),
      });
      const shown = await slurm.job(ids.flaky);
      expect(shown.Restarts).toBe('1');
      // Slurm would hold a requeued job for 120 s (EligibleTime) had the executor not lifted it.
      expect(new Date(shown.EligibleTime).getTime()).toBeLessThanOrEqual(new Date(shown.StartTime).getTime());
    });

    it('drains a node through the executor: DRAIN, its job requeued, drained once empty; then resumes it', async () => {
      const hostname = (await slurm.job(ids.pretrain)).NodeList;
      const node = await nodeRow(hostname);
      const drain = await request('node.drain', node.id, 'Fatal XID 79 on GPU 3');
      const drained = await stepUntil('the drain', actionDone(drain.id));
      expect(drained).toEqual({ state: 'succeeded', message: `${hostname} has no jobs left` });
      expect(await nodeRow(hostname)).toMatchObject({
        state: 'cordoned',
        state_reason: 'Fatal XID 79 on GPU 3 [root]',
      });
      expect((await slurm.nodeStates()).get(hostname)).toBe('drained');
      // Nowhere else has 8 free GPUs: the requeued job waits, restarting.
      expect(await jobRow(ids.pretrain)).toMatchObject({ state: 'recovering', restart_count: 1 });
      expect(await held(ids.pretrain)).toEqual([]);

      const resume = await request('node.uncordon', node.id, 'Repaired');
      expect(await stepUntil('the resume', actionDone(resume.id))).toMatchObject({ state: 'succeeded' });
      await stepUntil('the node taking jobs again', async () => (await nodeRow(hostname)).state === 'ready');
      await stepUntil('the job running there again', async () => (await held(ids.pretrain)).length === 8);
      expect(await jobRow(ids.pretrain)).toMatchObject({ state: 'running', restart_count: 1 });
    });

    it('cancels one job and requeues another through the executor, each seen back through the source', async () => {
      const task = await jobRow(`${ids.sweep}_1`);
      const cancel = await request('job.cancel', task.id, 'Not needed');
      expect(await stepUntil('the cancel', actionDone(cancel.id))).toEqual({
        state: 'succeeded',
        message: `Cancelled Slurm job ${ids.sweep}_1`,
      });
      await stepUntil('the cancel seen', async () => (await jobRow(`${ids.sweep}_1`)).state === 'cancelled');
      expect(await held(`${ids.sweep}_1`)).toEqual([]);
      expect(await jobRow(`${ids.sweep}_0`)).toMatchObject({ state: 'running' });

      const job = await jobRow(ids.eval);
      const restart = await request('job.restart', job.id, 'Checkpoint restore test');
      expect(await stepUntil('the requeue', actionDone(restart.id))).toEqual({
        state: 'succeeded',
        message: 'eval is running again',
      });
      expect(await jobRow(ids.eval)).toMatchObject({ state: 'running', restart_count: 1 });
      expect(await held(ids.eval)).toHaveLength(3);
    });

    it('restarts a hung job automatically, requeued and running again', async () => {
      const task = await jobRow(`${ids.sweep}_0`);
      // What the health evaluator records for a job whose GPUs all stay under 5% for 10 minutes (tested with
      // readings elsewhere): recovery acts on the verdict.
      await pool.query(
        `UPDATE job SET health = 'stalled', health_reason = 'every GPU under 5% for 10 min', health_since = now()
       WHERE id = $1`,
        [task.id],
      );
      expect((await recoverTick(new Date())).opened).toBe(1);
      const recovery = await stepUntil('the hung job recovered', async () => {
        const [row] = await rows<{ state: string; cause: string }>(
          'SELECT state, cause FROM recovery WHERE job_id = $1',
          [task.id],
        );
        return row?.state === 'recovered' ? row : null;
      });
      expect(recovery.cause).toBe('job_stalled');
      expect(await jobRow(`${ids.sweep}_0`)).toMatchObject({ state: 'running', restart_count: 1 });
      expect((await slurm.job(`${ids.sweep}_0`)).Restarts).toBe('1');
    });
  },
);
