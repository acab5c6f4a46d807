// GPU readings on a Slurm cluster: dcgm-exporter's metrics (served here as it serves them, with its HPC job mapping's
// `hpc_job` label on some GPUs) scraped by a real Prometheus, composed with the real Slurm's jobs: readings charged
// by `hpc_job` where set and by (node, GRES index) otherwise; a fatal XID then takes its node through automatic
// recovery, all through Slurm: drained, its job requeued elsewhere, rebooted, back in service.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { DEFAULT_POLICIES } from '@/lib/db/seed';
import { SlurmExecutor } from '@/lib/executors/slurm';
import { ActionRunner } from '@/lib/ops/runner';
import { startExporterServer, type ExporterServer } from '@/lib/sources/simulator/exporter-server';
import { SourceError } from '@/lib/sources/types';
import { Collector } from '@/lib/worker/collector';
import { Drive } from '@/lib/worker/drive';
import { openSlurm, type SlurmSessionConfig } from '@/lib/worker/slurm-session';
import { freePort } from './free-port';
import { PROMETHEUS_MISSING, PrometheusProcess } from './prometheus-process';
import { SLURM_NOT_INSTALLED, SlurmCluster, waitFor } from './slurm-cluster';
import { stopStarted } from './stop-started';

interface ExportedGpu {
  host: string;
  index: number;
  uuid: string;
  model: string;
  util: number;
  xid: number;
  hpcJob: string | null;
}

/** dcgm-exporter's exposition of these GPUs: its metric names and labels, `hpc_job` where its job mapping sets one. */
function exposition(gpus: ExportedGpu[]): string {
  const metrics: [string, (gpu: ExportedGpu) => number][] = [
    ['DCGM_FI_DEV_GPU_UTIL', (gpu) => gpu.util],
    ['DCGM_FI_DEV_FB_USED', (gpu) => (gpu.util ? 61_000 : 0)],
    ['DCGM_FI_DEV_POWER_USAGE', (gpu) => 90 + 6 * gpu.util],
    ['DCGM_FI_DEV_GPU_TEMP', () => 58],
    ['DCGM_FI_DEV_XID_ERRORS', (gpu) => gpu.xid],
  ];
  const lines: string[] = [];
  for (const [name, value] of metrics) {
    lines.push(`# TYPE ${name} gauge`);
    for (const gpu of gpus) {
      const labels =
        `gpu="${gpu.index}",UUID="${gpu.uuid}",device="nvidia${gpu.index}",modelName="${gpu.model}",` +
        `Hostname="${gpu.host}"${gpu.hpcJob ? `,hpc_job="${gpu.hpcJob}"` : ''}`;
      lines.push(`${name}{${labels}} ${value(gpu)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const NOT_INSTALLED = SLURM_NOT_INSTALLED ?? PROMETHEUS_MISSING;

// Generous limits: slurmctld and Prometheus on a machine busy with other work can take tens of seconds to act.
describe.skipIf(NOT_INSTALLED)(
  'GPU readings on Slurm, through Prometheus, and a fatal XID recovered',
  { timeout: 240_000 },
  () => {
    let slurm: SlurmCluster;
    let exporter: ExporterServer;
    let prometheus: PrometheusProcess;
    let pool: pg.Pool;
    let collector: Collector;
    let drive: Drive;
    let train: number;
    let trainNode: string;
    /** The array task holding each GRES index of gpu3, as the console names it, and as Slurm numbers it. */
    let sweepTask: { externalId: string; jobId: string }[];

    const rows = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
      (await pool.query<T>(sql, params)).rows;

    /**
     * Worker steps until `done` holds. A read that fails for the source's own reason (Prometheus, only just started,
     * holds no whole minute yet) is logged and retried by the worker, and so here.
     */
    async function stepUntil<T>(what: string, done: () => Promise<T | null | undefined | false>, timeoutMs = 150_000) {
      return waitFor(
        what,
        async () => {
          await drive.step(new Date()).catch((error: unknown) => {
            if (!(error instanceof SourceError)) throw error;
          });
          return (await done()) || null;
        },
        timeoutMs,
      );
    }

    beforeAll(async () => {
      slurm = await SlurmCluster.start();
      pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
      await db.recoveryPolicy.createMany({ data: DEFAULT_POLICIES });
      train = await slurm.sbatch(['--gres=gpu:h100:8', '-J', 'train', '-A', 'research']);
      const sweep = await slurm.sbatch([
        '--gres=gpu:a100:1',
        '--array=0-1',
        '-p',
        'a100',
        '-J',
        'sweep',
        '-A',
        'vision',
      ]);
      trainNode = (await slurm.waitForJob(train, (j) => j.JobState === 'RUNNING')).NodeList;
      sweepTask = [];
      for (const task of [0, 1]) {
        const shown = await slurm.waitForJob(`${sweep}_${task}`, (j) => j.JobState === 'RUNNING');
        const index = Number(/IDX:(\d)/.exec(await slurm.scontrol('-d', 'show', 'job', `${sweep}_${task}`))?.[1]);
        sweepTask[index] = { externalId: `${sweep}_${task}`, jobId: shown.JobId };
      }

      // The sweep's GPUs on gpu3 carry dcgm-exporter's hpc_job label with the job id Slurm's prolog sees (an array
      // task's own number), and swapped: this node's gres.conf lists its device files in another order than NVML
      // numbers its GPUs, so dcgm-exporter's GPU 0 is the one Slurm calls index 1. The training job's GPUs carry no
      // label. GPU 3 of gpu3 keeps the label of a job Slurm no longer lists. GPU 3 of the training job's node has
      // reported XID 79 (fallen off the bus).
      const gpus: ExportedGpu[] = [];
      for (const [host, count, model] of [
        ['gpu1', 8, 'NVIDIA H100 80GB HBM3'],
        ['gpu2', 8, 'NVIDIA H100 80GB HBM3'],
        ['gpu3', 4, 'NVIDIA A100-SXM4-80GB'],
      ] as const) {
        for (let index = 0; index < count; index++) {
          const busy = (host === trainNode && index < 8) || (host === 'gpu3' && index < 2);
          gpus.push({
            host,
            index,
            uuid: `GPU-${host}-0000-4000-8000-00000000000${index}`,
            model,
            util: busy ? 87 : 0,
            xid: host === trainNode && index === 3 ? 79 : 0,
            hpcJob: host !== 'gpu3' ? null : index < 2 ? sweepTask[1 - index].jobId : index === 3 ? '999' : null,
          });
        }
      }
      const text = exposition(gpus);
      exporter = await startExporterServer(() => text, { host: '127.0.0.1', port: 0 });
      prometheus = new PrometheusProcess(await freePort(), `127.0.0.1:${exporter.port}`);
      await prometheus.start();
      await prometheus.holdsGpus(gpus.length);

      const session: SlurmSessionConfig = {
        slurm: slurm.config(),
        prometheus: {
          ...prometheus.sourceConfig(slurm.clusterName),
          // It scrapes every second: a minute is whole two seconds after it ends (the default waits 30).
          readDelaySeconds: 2,
          synthesizeJobs: false,
        },
        backfillSampleHours: 1,
      };
      collector = new Collector(pool, { openSource: (p) => openSlurm(p, session), backfillSampleHours: 1 });
      drive = new Drive(
        pool,
        collector,
        new ActionRunner(new SlurmExecutor(slurm.config(), { startNowWithinMs: 30_000 })),
      );
    }, 240_000);

    afterAll(() => stopStarted({ slurm, drive, collector, prometheus, exporter, pool }));

    it("names each GPU by dcgm-exporter's UUID and model, in the slot Slurm's GRES gives it", async () => {
      // The collector opens the source (and writes the topology) on its first step; that step's read fails while
      // Prometheus, only just started, holds no whole minute yet, as the worker would log and retry.
      const named = await stepUntil(
        'the GPUs written',
        async () => {
          const gpus =
            await rows(`SELECT n.hostname, g.index, g.uuid, g.model FROM gpu g JOIN node n ON n.id = g.node_id
                               WHERE (n.hostname, g.index) IN (('gpu1', 0), ('gpu3', 3)) ORDER BY n.hostname`);
          return gpus.length ? gpus : null;
        },
        60_000,
      );
      expect(named).toEqual([
        { hostname: 'gpu1', index: 0, uuid: 'GPU-gpu1-0000-4000-8000-000000000000', model: 'NVIDIA H100 80GB HBM3' },
        { hostname: 'gpu3', index: 3, uuid: 'GPU-gpu3-0000-4000-8000-000000000003', model: 'NVIDIA A100-SXM4-80GB' },
      ]);
      expect(await rows(`SELECT count(*)::int AS n FROM gpu WHERE uuid LIKE 'slurm:%'`)).toEqual([{ n: 0 }]);
    });

    it('charges readings by hpc_job where dcgm-exporter sets it, else by the GPU indices of the job in Slurm', async () => {
      // The first minute with readings is read two seconds after it ends.
      const minute = await stepUntil('a minute of readings', async () => {
        const [row] = await rows<{ ts: Date | null }>('SELECT max(ts) AS ts FROM gpu_sample');
        return row.ts;
      });
      const charged = await rows<{ gpu: string; job: string | null; util: number }>(
        `SELECT n.hostname || '/' || g.index AS gpu, j.external_id AS job, s.util FROM gpu_sample s
       JOIN gpu g ON g.id = s.gpu_id JOIN node n ON n.id = g.node_id LEFT JOIN job j ON j.id = s.job_id
       WHERE s.ts = $1 ORDER BY n.hostname, g.index`,
        [minute],
      );
      const jobOf = Object.fromEntries(charged.map((row) => [row.gpu, row.job]));
      const other = trainNode === 'gpu1' ? 'gpu2' : 'gpu1';
      for (let index = 0; index < 8; index++) {
        expect(jobOf[`${trainNode}/${index}`]).toBe(String(train));
        expect(jobOf[`${other}/${index}`]).toBeNull();
      }
      // The label wins over the placement, and names the task by its array id.
      expect([jobOf['gpu3/0'], jobOf['gpu3/1'], jobOf['gpu3/2'], jobOf['gpu3/3']]).toEqual([
        sweepTask[1].externalId,
        sweepTask[0].externalId,
        null,
        // Labelled with a job Slurm does not list, and held by none: not charged to anyone.
        null,
      ]);
      expect(charged.find((row) => row.gpu === 'gpu3/0')?.util).toBe(87);
    });

    it('drains, reboots and resumes the node of a fatal XID through Slurm, its job requeued elsewhere', async () => {
      const [node] = await rows<{ id: number }>('SELECT id FROM node WHERE hostname = $1', [trainNode]);
      const bootBefore = /BootTime=(\S+)/.exec(await slurm.scontrol('show', 'node', trainNode))?.[1];
      const recovery = await stepUntil('the node recovered', async () => {
        const [row] = await rows<{ state: string; cause: string; message: string }>(
          'SELECT state, cause, message FROM recovery WHERE node_id = $1',
          [node.id],
        );
        return row && row.state !== 'acting' ? row : null;
      });
      expect(recovery).toMatchObject({ state: 'recovered', cause: 'fatal_xid' });
      expect(recovery.message).toMatch(/^Back in service /);
      const actions = await rows<{ kind: string; state: string }>(
        `SELECT kind, state FROM action WHERE target_type = 'node' AND target_id = $1 ORDER BY requested_at`,
        [String(node.id)],
      );
      expect(actions.filter((a) => a.state === 'succeeded').map((a) => a.kind)).toEqual(
        expect.arrayContaining(['node.cordon', 'node.reboot']),
      );
      // Slurm rebooted it (a new boot) and it takes jobs again.
      const shown = await slurm.scontrol('show', 'node', trainNode);
      expect(/BootTime=(\S+)/.exec(shown)?.[1]).not.toBe(bootBefore);
      expect(shown).not.toMatch(/DRAIN|REBOOT/);
      expect(await rows('SELECT state FROM node WHERE id = $1', [node.id])).toEqual([{ state: 'ready' }]);
      // The training job was requeued off the node and runs on the other one.
      const job = await slurm.job(train);
      expect(job).toMatchObject({ JobState: 'RUNNING' });
      expect(Number(job.Restarts)).toBeGreaterThanOrEqual(1);
      expect(job.NodeList).not.toBe(trainNode);
    });
  },
);
