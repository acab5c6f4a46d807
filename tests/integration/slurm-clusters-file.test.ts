// A Slurm cluster described in a clusters file, beside a simulated one, as the worker builds it (lib/worker/main.ts):
// the file's settings reach the Slurm source and the Slurm executor, the cluster is named by the file, and an
// action on it goes through its own executor to the real Slurm and is seen back through its source.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClusters, type ClusterConfig } from '@/lib/clusters/config';
import { db } from '@/lib/db';
import { seedDemo } from '@/lib/db/seed';
import { executorName } from '@/lib/env';
import { createExecutor } from '@/lib/executors';
import { requestOperation } from '@/lib/ops/request';
import { ActionRunner } from '@/lib/ops/runner';
import { Collector } from '@/lib/worker/collector';
import { Drive } from '@/lib/worker/drive';
import { openClusterSource } from '@/lib/worker/sessions';
import { newSimulator, simulatedTopology } from '@/lib/worker/simulator-session';
import { SLURM_NOT_INSTALLED, SlurmCluster, waitFor } from './slurm-cluster';

describe.skipIf(SLURM_NOT_INSTALLED)('a Slurm cluster in a clusters file', { timeout: 240_000 }, () => {
  let slurm: SlurmCluster;
  let pool: pg.Pool;
  let clusters: ClusterConfig[];
  let drives: Drive[];
  let jobId: number;

  const rows = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    (await pool.query<T>(sql, params)).rows;
  const step = () => Promise.all(drives.map((drive) => drive.step(new Date())));

  beforeAll(async () => {
    slurm = await SlurmCluster.start();
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    const config = slurm.config();
    const file = path.join(slurm.dir, 'fleet.clusters.yaml');
    writeFileSync(
      file,
      [
        'clusters:',
        '  - name: hpc-east',
        '    region: us-east-1',
        '    source: slurm',
        '    slurm:',
        `      restUrl: ${config.url}`,
        `      user: ${config.user}`,
        '      token: ${HPC_SLURM_TOKEN}',
        '      control: scontrol',
        `      conf: ${config.slurmConf}`,
        '  - name: demo',
        '    source: simulator',
        '    simulator: { seed: 3, nodes: 2 }',
        '',
      ].join('\n'),
    );
    clusters = loadClusters({
      FLEET_CLUSTERS_FILE: file,
      FLEET_BACKFILL_DAYS: '0',
      HPC_SLURM_TOKEN: 'value' in config.token ? config.token.value : '',
    });
    // The simulated cluster is seeded first, as `npm run seed` does; the Slurm one needs nothing beforehand.
    const demo = clusters[1].env;
    const simulated = { seed: demo.FLEET_SIM_SEED, nodes: demo.FLEET_SIM_NODES, backfillDays: 0, cluster: 'demo' };
    await seedDemo(db, simulatedTopology(await newSimulator(simulated).topology(), simulated), {
      pricesFrom: new Date(Date.now() - 86_400_000),
    });
    jobId = await slurm.sbatch(['--gres=gpu:h100:2', '-J', 'train', '-A', 'research']);
    await slurm.waitForJob(jobId, (job) => job.JobState === 'RUNNING');

    drives = clusters.map((cluster, i) => {
      const collector = new Collector(pool, {
        cluster: cluster.name,
        openSource: (p) => openClusterSource(p, cluster, { firstSimulated: cluster.env.FLEET_SOURCE === 'simulator' }),
        backfillSampleHours: 1,
      });
      const executor = createExecutor(executorName(cluster.env), pool, cluster.vars, {
        simulatedCluster: cluster.name,
      });
      return new Drive(pool, collector, new ActionRunner(executor, { cluster: cluster.name }), {
        cluster: cluster.name,
        sourceKind: cluster.env.FLEET_SOURCE,
        fleet: i > 0 ? false : undefined,
      });
    });
    await step();
  }, 240_000);

  afterAll(async () => {
    await slurm?.stop();
    for (const drive of drives ?? []) await drive.resign();
    await pool?.end();
  });

  it('reads the Slurm cluster under the name and region the file gives it, apart from the simulated one', async () => {
    expect(clusters.map((cluster) => [cluster.name, cluster.env.FLEET_SOURCE, executorName(cluster.env)])).toEqual([
      ['hpc-east', 'slurm', 'slurm'],
      ['demo', 'simulator', 'simulator'],
    ]);
    expect(
      await rows(
        `SELECT c.name, c.region, c.scheduler, count(DISTINCT n.id)::int AS nodes, count(g.id)::int AS gpus
         FROM cluster c JOIN node n ON n.cluster_id = c.id JOIN gpu g ON g.node_id = n.id
         GROUP BY c.id ORDER BY c.name`,
      ),
    ).toEqual([
      // The simulator's region is its own; 2 nodes of 8 GPUs.
      { name: 'demo', region: expect.any(String), scheduler: expect.any(String), nodes: 2, gpus: 16 },
      // gpu1 and gpu2 with 8 h100 each, gpu3 with 4 a100.
      { name: 'hpc-east', region: 'us-east-1', scheduler: 'slurm', nodes: 3, gpus: 20 },
    ]);
    const node = (await slurm.job(jobId)).NodeList;
    expect(
      await rows(
        `SELECT j.name, j.state, n.hostname, g.uuid FROM job j JOIN allocation a ON a.job_id = j.id AND a."to" IS NULL
         JOIN gpu g ON g.id = a.gpu_id JOIN node n ON n.id = g.node_id WHERE j.external_id = $1 ORDER BY g.index`,
        [String(jobId)],
      ),
    ).toEqual(
      [0, 1].map((index) => ({
        name: 'train',
        state: 'running',
        hostname: node,
        uuid: `slurm:hpc-east/${node}/${index}`,
      })),
    );
    expect((await rows(`SELECT name, kind FROM data_source ORDER BY name`)).map((s) => [s.name, s.kind])).toEqual([
      ['demo', 'simulator'],
      ['hpc-east', 'slurm'],
    ]);
  });

  it('cordons a node of the Slurm cluster through its own executor, seen back through its source', async () => {
    const [node] = await rows<{ id: number }>(
      `SELECT n.id FROM node n JOIN cluster c ON c.id = n.cluster_id WHERE c.name = 'hpc-east' AND n.hostname = 'gpu3'`,
    );
    const action = await db.$transaction((tx) =>
      requestOperation(tx, {
        kind: 'node.cordon',
        targetId: node.id,
        reason: 'ECC errors',
        idempotencyKey: randomUUID(),
        requester: { kind: 'system' },
      }),
    );
    const done = await waitFor(
      'the cordon',
      async () => {
        await step();
        const [row] = await rows<{ state: string; message: string }>(
          'SELECT state, message FROM action WHERE id = $1',
          [action.id],
        );
        return row.state === 'succeeded' || row.state === 'failed' ? row : null;
      },
      120_000,
    );
    expect(done).toEqual({
      state: 'succeeded',
      // slurmrestd v0.0.38 has no node update; the file allows scontrol.
      message:
        'Set gpu3 to DRAIN (scontrol update nodename=gpu3 state=drain "reason=ECC errors"): no new jobs start there',
    });
    expect((await slurm.nodeStates()).get('gpu3')).toBe('drained');
    // The next read of the Slurm source brings the node's new state and who set it.
    const seen = await waitFor(
      'the drain read back',
      async () => {
        await step();
        const [row] = await rows<{ cluster: string; state: string; state_reason: string }>(
          `SELECT c.name AS cluster, n.state, n.state_reason FROM node n JOIN cluster c ON c.id = n.cluster_id
           WHERE n.id = $1`,
          [node.id],
        );
        return row.state === 'cordoned' ? row : null;
      },
      120_000,
    );
    expect(seen).toEqual({ cluster: 'hpc-east', state: 'cordoned', state_reason: 'ECC errors [root]' });
    // Nothing went to the simulated cluster.
    expect(await rows(`SELECT kind FROM sim_command WHERE kind = 'cordon'`)).toEqual([]);
  });
});
