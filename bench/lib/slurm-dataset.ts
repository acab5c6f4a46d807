// A recorded Slurm cluster of 1,024 GPU nodes and 5,000 jobs, as slurmrestd v0.0.41 answers GET nodes/ and
// GET jobs/ for it (the shapes of tests/fakes/slurmrestd-render.ts, checked against the published OpenAPI
// document), replayed by a local HTTP server that serves the recorded bytes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { responseProblems } from '../../tests/fakes/slurm-openapi/validate';
import { renderJob, renderNode, type FakeSlurmJob, type FakeSlurmNode } from '../../tests/fakes/slurmrestd-render';

export const VERSION = 'v0.0.41';
const MINOR = 41;
const NOW = Math.floor(Date.parse('2026-11-02T10:00:00Z') / 1000);

export interface RecordedCluster {
  nodes: number;
  jobs: number;
  runningJobs: number;
  bodies: { nodes: string; jobs: string };
}

/** A deterministic draw in [0, 1) from a seed (mulberry32), so the cluster is the same on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const meta = {
  plugin: {
    type: 'openapi/slurmctld',
    name: 'Slurm OpenAPI slurmctld',
    data_parser: `data_parser/${VERSION}`,
    accounting_storage: 'accounting_storage/slurmdbd',
  },
  client: { source: '[10.0.0.2]:41000', user: 'fleet', group: 'fleet' },
  command: [],
  slurm: { version: { major: '24', micro: '3', minor: '11' }, release: '24.11.3', cluster: 'hpc' },
};
const noVal = (number: number) => ({ set: true, infinite: false, number });

/**
 * 1,024 nodes of 8 H100 in 4 partitions of 256; 5,000 jobs: most running on 1 to 8 whole or partial nodes (some
 * array tasks), the rest pending, failed or finished, like a busy cluster's queue a few minutes after a scheduling pass.
 */
export function recordCluster(nodeCount = 1_024, jobCount = 5_000): RecordedCluster {
  const draw = random(1_024);
  const nodes: FakeSlurmNode[] = Array.from({ length: nodeCount }, (_, i) => ({
    name: `gpu${String(i + 1).padStart(4, '0')}`,
    state: ['IDLE'],
    reason: '',
    reasonSetBy: '',
    reasonChangedAt: 0,
    gres: 'gpu:h100:8(S:0-1)',
    gresUsed: 'gpu:h100:0(IDX:N/A)',
    partitions: [`p${Math.floor(i / 256)}`],
    features: i % 4 === 3 ? ['spot'] : [],
    cpus: 128,
    bootTime: NOW - 20 * 86_400,
  }));
  const free = nodes.map(() => [0, 1, 2, 3, 4, 5, 6, 7]);
  const jobs: FakeSlurmJob[] = [];
  let running = 0;
  for (let j = 0; j < jobCount; j++) {
    const id = 100_000 + j;
    const roll = draw();
    const gpusPerNode = [1, 2, 4, 8, 8, 8][Math.floor(draw() * 6)];
    const nodesWanted = gpusPerNode === 8 ? 1 + Math.floor(draw() * 8) : 1;
    const job: FakeSlurmJob = {
      job_id: id,
      name: `job-${j % 97}`,
      user: `user${j % 61}`,
      account: `team${j % 13}`,
      comment: j % 5 === 0 ? `project=p${j % 29} kind=fine_tuning` : '',
      wckey: j % 7 === 0 ? `proj${j % 17}` : '',
      partition: `p${j % 4}`,
      job_state: ['PENDING'],
      state_reason: 'Priority',
      exit: { code: 0, signal: 0 },
      restart_cnt: j % 23 === 0 ? 1 : 0,
      requeue: true,
      submit: NOW - 7_200 - j,
      start: 0,
      end: 0,
      nodes: [],
      gres_detail: [],
      tres_per_node: `gres/gpu:h100:${gpusPerNode}`,
      array: j % 11 === 0 ? { jobId: 100_000 + j - (j % 22), taskId: j % 22 } : null,
      het: null,
    };
    if (roll < 0.7) {
      // Place it on the first nodes with room, as a packing scheduler would.
      const placed: number[] = [];
      for (let n = 0; n < nodes.length && placed.length < nodesWanted; n++) {
        if (free[n].length >= gpusPerNode) placed.push(n);
      }
      if (placed.length === nodesWanted) {
        job.job_state = ['RUNNING'];
        job.state_reason = 'None';
        job.start = NOW - 3_600 + (j % 3_000);
        job.nodes = placed.map((n) => nodes[n].name);
        job.gres_detail = placed.map((n) => {
          const taken = free[n].splice(0, gpusPerNode);
          return `gpu:h100:${gpusPerNode}(IDX:${taken.join(',')})`;
        });
        running++;
      } else job.state_reason = 'Resources';
    } else if (roll < 0.8) {
      job.job_state = ['FAILED'];
      job.state_reason = 'NonZeroExitCode';
      job.exit = { code: 1 + (j % 3), signal: 0 };
      job.start = NOW - 1_800;
      job.end = NOW - 60;
    } else if (roll < 0.85) {
      job.job_state = ['COMPLETED'];
      job.start = NOW - 3_000;
      job.end = NOW - 120;
    }
    jobs.push(job);
  }
  nodes.forEach((node, n) => {
    const used = 8 - free[n].length;
    if (used) {
      node.state = [used === 8 ? 'ALLOCATED' : 'MIXED'];
      node.gresUsed = `gpu:h100:${used}(IDX:${[0, 1, 2, 3, 4, 5, 6, 7].filter((i) => !free[n].includes(i)).join(',')})`;
    }
    if (n % 97 === 5) {
      node.state = [...node.state, 'DRAIN'];
      node.reason = 'XID 79';
      node.reasonSetBy = 'root';
      node.reasonChangedAt = NOW - 600;
    }
  });
  const nodesBody = {
    nodes: nodes.map((node) => renderNode(node, MINOR)),
    last_update: noVal(NOW),
    meta,
    errors: [],
    warnings: [],
  };
  const jobsBody = {
    jobs: jobs.map((job) => renderJob(job, MINOR)),
    last_backfill: noVal(NOW),
    last_update: noVal(NOW),
    meta,
    errors: [],
    warnings: [],
  };
  const problems = [
    ...responseProblems(VERSION, 'nodes/', 'get', nodesBody),
    ...responseProblems(VERSION, 'jobs/', 'get', jobsBody),
  ];
  if (problems.length)
    throw new Error(`the recorded answers do not fit ${VERSION}'s document: ${problems.slice(0, 5).join('; ')}`);
  return {
    nodes: nodes.length,
    jobs: jobs.length,
    runningJobs: running,
    bodies: { nodes: JSON.stringify(nodesBody), jobs: JSON.stringify(jobsBody) },
  };
}

/** Serves the recorded answers as slurmrestd would, for the console's user and token. */
export async function replay(cluster: RecordedCluster): Promise<{ url: string; close(): Promise<void> }> {
  const bodies: Record<string, Buffer> = {
    [`/slurm/${VERSION}/nodes/`]: Buffer.from(cluster.bodies.nodes),
    [`/slurm/${VERSION}/jobs/`]: Buffer.from(cluster.bodies.jobs),
  };
  const server: Server = createServer((req, res) => {
    const body = bodies[req.url ?? ''];
    if (!body || req.headers['x-slurm-user-token'] !== 'bench-token') {
      res
        .writeHead(body ? 401 : 404, { 'Content-Type': 'text/plain' })
        .end(body ? 'Authentication failure' : 'Unable to find requested URL');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length }).end(body);
  });
  // Idle connections stay open between the timed phases: on a loaded machine a client can pick up a connection
  // just as Node's 5-second default closes it (ECONNRESET), which would fail the run for nothing it measures.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
