// The jobs of the jobs benchmark: 5,000 jobs submitted over 30 days to an 8,192-GPU cluster, placed on whole
// nodes by a first-free scheduler, so that no GPU is held by two jobs at once. Deterministic (a seeded stream).
import { TEAMS } from '../../lib/sources/simulator/catalog';
import { Rng } from '../../lib/sources/simulator/random';
import type { JobKind } from '../../lib/domain/enums';
import type { JobIdentity } from '../../lib/queries/jobs/types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface PlannedJob extends Pick<
  JobIdentity,
  'id' | 'externalId' | 'name' | 'kind' | 'team' | 'project' | 'state' | 'health' | 'healthReason'
> {
  gpus: number;
  submittedAt: number;
  startedAt: number | null;
  endedAt: number | null;
  restarts: number;
  /** Mean utilization its GPUs run at, percent. */
  util: number;
  /** Runs: [from, to or null while it holds them], all on `nodes`. */
  runs: [number, number | null][];
  nodes: number[];
}

const KINDS: { kind: JobKind; share: number; prefix: string; sizes: number[]; hours: [number, number] }[] = [
  { kind: 'evaluation', share: 0.5, prefix: 'eval', sizes: [1, 1, 8], hours: [0.5, 3] },
  { kind: 'fine_tuning', share: 0.3, prefix: 'ft', sizes: [8, 16, 32], hours: [3, 18] },
  { kind: 'training', share: 0.1, prefix: 'train', sizes: [32, 64, 128], hours: [12, 60] },
  { kind: 'inference', share: 0.1, prefix: 'svc', sizes: [1, 8, 16], hours: [24, 120] },
];

/**
 * The plan: job 1 is the 512-GPU pre-training run (64 nodes, started 8 days ago, restarted 3 days ago,
 * running, with a straggler); the others follow. `nodeCount` nodes of 8 GPUs.
 */
export function planJobs(count: number, nodeCount: number, now: number, days = 30): PlannedJob[] {
  const rng = Rng.fromSeed(5000);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rng.next() * list.length)];
  const bigNodes = Array.from({ length: 64 }, (_, k) => k);
  const jobs: PlannedJob[] = [
    {
      id: 1,
      externalId: 'train-00001',
      name: 'pretrain-llm-70b',
      kind: 'training',
      team: 'foundation-models',
      project: 'pretrain-llm',
      state: 'running',
      health: 'degraded',
      healthReason: "GPU 3 of gpu-r-012 under 50% of the job's median utilization for 25 min (31% vs median 91%)",
      gpus: 512,
      submittedAt: now - 8 * DAY - HOUR,
      startedAt: now - 8 * DAY,
      endedAt: null,
      restarts: 1,
      util: 91,
      runs: [
        [now - 8 * DAY, now - 3 * DAY],
        [now - 3 * DAY + 10 * 60_000, null],
      ],
      nodes: bigNodes,
    },
  ];
  // When each node is next free; the big job's nodes never are.
  const freeAt = new Array<number>(nodeCount).fill(now - days * DAY);
  for (const node of bigNodes) freeAt[node] = Infinity;
  for (let id = 2; id <= count; id++) {
    let r = rng.next();
    const spec = KINDS.find((kind) => (r -= kind.share) < 0) ?? KINDS[0];
    const team = pick(TEAMS);
    const project = pick(team.projects);
    const gpus = pick(spec.sizes);
    const submittedAt = now - days * DAY + ((id - 1) / count) * days * DAY;
    const hours = spec.hours[0] + rng.next() * (spec.hours[1] - spec.hours[0]);
    const nodesNeeded = Math.ceil(gpus / 8);
    const order = freeAt.map((at, node) => [at, node] as const).sort((a, b) => a[0] - b[0]);
    const nodes = order.slice(0, nodesNeeded).map(([, node]) => node);
    const start = Math.max(submittedAt, ...nodes.map((node) => freeAt[node]));
    const job: PlannedJob = {
      id,
      externalId: `${spec.prefix}-${String(id).padStart(5, '0')}`,
      name: `${spec.prefix}-${project}-${String(id).padStart(5, '0')}`,
      kind: spec.kind,
      team: team.name,
      project,
      state: 'pending',
      health: 'pending',
      healthReason: null,
      gpus,
      submittedAt,
      startedAt: null,
      endedAt: null,
      restarts: 0,
      util: Math.round(35 + rng.next() * 60),
      runs: [],
      nodes: [],
    };
    jobs.push(job);
    if (!Number.isFinite(start) || start >= now) continue;
    const end = start + hours * HOUR;
    job.startedAt = start;
    job.nodes = nodes;
    // Long runs are sometimes restarted: a 10-minute gap on the same nodes.
    const restarted = hours > 12 && rng.chance(0.3);
    const cut = start + (end - start) / 2;
    job.runs = restarted
      ? [
          [start, cut],
          [cut + 10 * 60_000, end < now ? end : null],
        ]
      : [[start, end < now ? end : null]];
    job.restarts = restarted ? 1 : 0;
    for (const node of nodes) freeAt[node] = end < now ? end : Infinity;
    if (end < now) {
      job.endedAt = end;
      r = rng.next();
      job.state = r < 0.85 ? 'succeeded' : r < 0.95 ? 'failed' : 'cancelled';
      job.health = job.state;
    } else {
      job.state = 'running';
      r = rng.next();
      job.health = r < 0.88 ? 'healthy' : r < 0.95 ? 'degraded' : 'stalled';
      if (job.health === 'degraded') job.healthReason = `GPU 0 of a node under 50% of the job's median utilization`;
      if (job.health === 'stalled') job.healthReason = `All ${gpus} GPUs under 5% utilization for 10 min`;
    }
  }
  return jobs;
}
