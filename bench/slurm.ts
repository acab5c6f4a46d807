// Target: reading a 1,024-node, 5,000-job Slurm cluster, one source step under 2 s. The cluster's slurmrestd
// answers (v0.0.41, bench/lib/slurm-dataset.ts) are replayed by a local HTTP server; measured: (a) one step of
// the Slurm source as the worker runs it, composed (lib/sources/compose) without GPU readings: both requests, the
// reading of both API shapes, the mapping to records and GPU placements, the job ledger; (b) the Slurm source's
// read alone; against the baselines (c) JSON.parse of the same two bodies, and (d) fetching them and parsing them.
import { ComposedSource } from '../lib/sources/compose';
import { NoGpuReadings } from '../lib/sources/compose/no-readings';
import { SlurmSource } from '../lib/sources/slurm';
import { SlurmClient } from '../lib/sources/slurm/client';
import type { SlurmConfig } from '../lib/sources/slurm/config';
import { loadAverage, writeResult } from './lib/machine';
import { benchMain } from './lib/processes';
import { recordCluster, replay, VERSION } from './lib/slurm-dataset';
import { ratio, timeRuns } from './lib/stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const TARGET_MS = 2_000;

async function main() {
  const loadBefore = loadAverage();
  const t0 = performance.now();
  const cluster = recordCluster();
  console.log(
    `[bench] recorded ${cluster.nodes} nodes, ${cluster.jobs} jobs (${cluster.runningJobs} running): ` +
      `${(cluster.bodies.nodes.length / 1e6).toFixed(1)} MB + ${(cluster.bodies.jobs.length / 1e6).toFixed(1)} MB ` +
      `of JSON, checked against the ${VERSION} document, in ${Math.round(performance.now() - t0)} ms`,
  );
  const server = await replay(cluster);
  try {
    const config: SlurmConfig = {
      url: server.url,
      user: 'fleet',
      token: { value: 'bench-token' },
      apiVersion: VERSION,
      timeoutMs: 30_000,
      clusterName: 'hpc',
      pricingClass: 'on_demand',
      control: 'none',
      slurmConf: null,
    };
    const scheduler = new SlurmSource(new SlurmClient(config), config);
    // Every step reads the scheduler afresh (the worker reuses a read for 5 s; its steps are 15 s apart).
    const composed = new ComposedSource(scheduler, new NoGpuReadings(), { schedulerReuseMs: 0 });
    const topology = await composed.topology();
    let clock = Date.now();
    const step = async () => {
      const from = new Date(clock);
      clock += 15_000;
      return composed.collect(from, new Date(clock));
    };
    const snapshot = await step();
    const held = snapshot.jobs.reduce((sum, job) => sum + job.gpuUuids.length, 0);
    console.log(
      `[bench] a step gives ${snapshot.nodes.length} nodes, ${snapshot.jobs.length} jobs holding ${held} GPUs ` +
        `(topology: ${topology.nodes.length} nodes, ${topology.pools.length} pools)`,
    );

    const sourceStep = await timeRuns(RUNS, step);
    const schedulerRead = await timeRuns(RUNS, () => scheduler.read());
    const parseOnly = await timeRuns(RUNS, async () => {
      JSON.parse(cluster.bodies.nodes);
      JSON.parse(cluster.bodies.jobs);
    });
    const headers = { 'X-SLURM-USER-NAME': 'fleet', 'X-SLURM-USER-TOKEN': 'bench-token' };
    const fetchAndParse = await timeRuns(RUNS, () =>
      Promise.all(
        ['nodes/', 'jobs/'].map(async (path) =>
          JSON.parse(await (await fetch(`${server.url}/slurm/${VERSION}/${path}`, { headers })).text()),
        ),
      ),
    );
    for (const [name, summary] of Object.entries({ sourceStep, schedulerRead, parseOnly, fetchAndParse })) {
      console.log(`[bench] ${name}: median ${summary.medianMs} ms (p95 ${summary.p95Ms})`);
    }
    writeResult(
      'slurm-1024',
      {
        targetMs: TARGET_MS,
        cluster: {
          apiVersion: VERSION,
          nodes: cluster.nodes,
          gpus: cluster.nodes * 8,
          jobs: cluster.jobs,
          runningJobs: cluster.runningJobs,
          heldGpus: held,
          nodesJsonBytes: cluster.bodies.nodes.length,
          jobsJsonBytes: cluster.bodies.jobs.length,
        },
        sourceStep,
        schedulerRead,
        baseline: { parseOnly, fetchAndParse },
        ratioToParse: ratio(sourceStep.medianMs, parseOnly.medianMs),
        ratioReadToFetchAndParse: ratio(schedulerRead.medianMs, fetchAndParse.medianMs),
        meetsTarget: sourceStep.medianMs < TARGET_MS && sourceStep.p95Ms < TARGET_MS,
      },
      loadBefore,
    );
  } finally {
    await server.close();
  }
}

benchMain('slurm-1024', main);
