// The weekly report's data set: 8,192 GPUs (1,024 nodes, three quarters in a reserved pool, a quarter spot) and about
// 5,000 jobs in the week, with the week before for the comparison; or the same shape at another size (`nodes`, a
// multiple of 128: blocks and jobs scale with it). Written straight into PostgreSQL (set-based SQL and one
// unnest per table), not collected from the simulator: the report reads allocations, per-job hourly rollups,
// the fleet rollup, job events, checkpoints and incidents, and those are what is built here, at scale.
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../lib/db/embedded';
import { migrate } from '../../lib/db/migrate';
import { round } from './stats';

export const WEEK = { from: new Date('2026-11-16T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z') };
const START = new Date(WEEK.from.getTime() - 7 * 86_400_000);
const HOUR = 3_600_000;

/** Blocks of nodes that run jobs one after another, per 1,024 nodes: one to 64 nodes a job. */
const BLOCKS: [nodes: number, per1024Nodes: number][] = [
  [1, 256],
  [2, 96],
  [4, 48],
  [8, 16],
  [16, 8],
  [64, 2],
];
/** A small seeded generator (mulberry32): the same data set on every run. */
function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const TEAMS = ['foundation-models', 'research-applied', 'alignment', 'inference-platform', 'eval'];

/**
 * A PostgreSQL of its own in `dataDir`, migrated and holding the data set of `nodes` nodes; buildSeconds counts
 * its start, the migration and the data set. Stopped again if anything fails before it is handed over.
 */
export async function openReportDatabase(dataDir: string, nodes: number) {
  mkdirSync(dataDir, { recursive: true });
  const t0 = performance.now();
  const server = await startEmbeddedPostgres({ dataDir });
  try {
    await migrate(server.url);
    const dataSet = await buildReportData(server.url, nodes);
    return {
      url: server.url,
      stop: () => server.stop(),
      dataSet,
      buildSeconds: round((performance.now() - t0) / 1000),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function buildReportData(url: string, nodes: number) {
  const scale = nodes / 1024;
  const reserved = (nodes * 3) / 4;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const random = seededRandom(2026);
  try {
    await client.query(`
      INSERT INTO setting (key, value) VALUES ('org.timeZone', '"UTC"'), ('org.currency', '"USD"');
      INSERT INTO cluster (id, name, scheduler) VALUES (1, 'bench', 'simulator');
      INSERT INTO pool (id, cluster_id, name, gpu_model, pricing_class, desired_nodes) VALUES
        (1, 1, 'h800-reserved', 'H800', 'reserved', ${reserved}), (2, 1, 'h800-spot', 'H800', 'spot', ${nodes - reserved});
      INSERT INTO node (id, cluster_id, pool_id, hostname)
        SELECT n, 1, CASE WHEN n <= ${reserved} THEN 1 ELSE 2 END, 'node-' || n FROM generate_series(1, ${nodes}) n;
      INSERT INTO gpu (id, node_id, index, uuid, model, memory_mib)
        SELECT (n - 1) * 8 + i + 1, n, i, 'gpu-' || n || '-' || i, 'H800', 81559
        FROM generate_series(1, ${nodes}) n, generate_series(0, 7) i;
      INSERT INTO rate_card (gpu_model, pricing_class, price_per_gpu_hour, currency, effective_from) VALUES
        ('H800', 'reserved', 2.10, 'USD', '2026-01-01Z'), ('H800', 'spot', 1.35, 'USD', '2026-01-01Z'),
        ('H800', 'on_demand', 3.40, 'USD', '2026-01-01Z');
      INSERT INTO slo (name, kind, target) VALUES ('GPU availability', 'gpu_availability', 0.999),
        ('Job goodput', 'job_goodput', 0.99), ('Inference availability', 'inference_availability', 0.999);`);
    for (const [i, team] of TEAMS.entries()) {
      await client.query('INSERT INTO team (id, name) VALUES ($1, $2)', [i + 1, team]);
      for (let p = 0; p < 3; p++) {
        await client.query('INSERT INTO project (id, team_id, name) VALUES ($1, $2, $3)', [
          i * 3 + p + 1,
          i + 1,
          `${team}-p${p + 1}`,
        ]);
      }
    }

    // Each block of nodes runs jobs back to back over both weeks, 2 to 26 hours each, with short gaps.
    const jobs: {
      id: number;
      kind: string;
      team: number;
      project: number;
      gpus: number[];
      from: number;
      to: number;
    }[] = [];
    let firstNode = 1;
    for (const [blockNodes, per1024] of BLOCKS) {
      for (let b = 0; b < Math.floor(per1024 * scale); b++) {
        const gpus = Array.from({ length: blockNodes * 8 }, (_, g) => (firstNode - 1) * 8 + g + 1);
        firstNode += blockNodes;
        let at = START.getTime() - random() * 12 * HOUR;
        while (at < WEEK.to.getTime()) {
          const hours = 2 + random() * 24;
          const team = Math.floor(random() * TEAMS.length);
          const kind =
            blockNodes >= 8
              ? 'training'
              : ['evaluation', 'fine_tuning', 'inference', 'training'][Math.floor(random() * 4)];
          jobs.push({
            id: jobs.length + 1,
            kind,
            team: team + 1,
            project: team * 3 + Math.floor(random() * 3) + 1,
            gpus,
            from: at,
            to: at + hours * HOUR,
          });
          at += hours * HOUR + random() * 1.5 * HOUR;
        }
      }
    }
    const column = <T>(pick: (job: (typeof jobs)[number]) => T) => jobs.map(pick);
    await client.query(
      `INSERT INTO job (id, cluster_id, external_id, name, kind, team_id, project_id, state, health, gpus_requested,
                        submitted_at, started_at, ended_at, replicas, desired_replicas)
       SELECT id, 1, 'job-' || id, kind || '-' || id, kind::"JobKind", team, project, 'succeeded', 'succeeded', gpus,
              f, f, t, CASE WHEN kind = 'inference' THEN 4 END, CASE WHEN kind = 'inference' THEN 4 END
       FROM unnest($1::int[], $2::text[], $3::int[], $4::int[], $5::int[], $6::timestamptz[], $7::timestamptz[])
         AS j(id, kind, team, project, gpus, f, t)`,
      [
        column((job) => job.id),
        column((job) => job.kind),
        column((job) => job.team),
        column((job) => job.project),
        column((job) => job.gpus.length),
        column((job) => new Date(job.from)),
        column((job) => new Date(job.to)),
      ],
    );
    // One allocation row per GPU of each job.
    await client.query(
      `INSERT INTO allocation (job_id, gpu_id, "from", "to")
       SELECT j.id, g, j.f, j.t
       FROM unnest($1::int[], $2::int[], $3::int[], $4::timestamptz[], $5::timestamptz[]) AS j(id, first_gpu, gpus, f, t),
            generate_series(j.first_gpu, j.first_gpu + j.gpus - 1) g`,
      [
        column((job) => job.id),
        column((job) => job.gpus[0]),
        column((job) => job.gpus.length),
        column((job) => new Date(job.from)),
        column((job) => new Date(job.to)),
      ],
    );
    // Per job and hour: utilization around the job's own level, idle minutes for the laziest; the ledger's classes
    // share each hour out: 3% checkpoint writes, 2% redone and 1% recovery for one job in 30, 4% straggling for
    // one in 11, the idle minutes idle, the rest productive.
    await client.query(`
      INSERT INTO job_hourly (job_id, hour, gpu_minutes, util_sum, idle_gpu_minutes, ledger_productive, ledger_redone,
                              ledger_recovery, ledger_checkpoint, ledger_straggler, ledger_idle)
      SELECT j.id, h, g.minutes, g.minutes * u.util, g.idle,
             g.minutes - g.idle - g.minutes * (0.03 + c.redone + c.recovery + c.straggler),
             g.minutes * c.redone, g.minutes * c.recovery, g.minutes * 0.03, g.minutes * c.straggler, g.idle
      FROM job j
      CROSS JOIN LATERAL (SELECT 8 + (hashint4(j.id) & 1023) / 1023.0 * 90 AS util) u
      CROSS JOIN LATERAL (SELECT CASE WHEN j.id % 30 = 0 THEN 0.02 ELSE 0 END AS redone,
                                 CASE WHEN j.id % 30 = 0 THEN 0.01 ELSE 0 END AS recovery,
                                 CASE WHEN j.id % 11 = 0 THEN 0.04 ELSE 0 END AS straggler) c
      CROSS JOIN LATERAL generate_series(date_trunc('hour', j.started_at), j.ended_at - interval '1 second', '1 hour') h
      CROSS JOIN LATERAL (SELECT date_part('epoch', least(h + interval '1 hour', j.ended_at) - greatest(h, j.started_at)) / 60 AS minutes) m
      CROSS JOIN LATERAL (SELECT m.minutes * j.gpus_requested AS minutes,
                                 CASE WHEN u.util < 20 THEN m.minutes * j.gpus_requested * 0.3 ELSE 0 END AS idle) g`);
    await client.query(
      `INSERT INTO pool_minute (pool_id, ts, provisioned_gpus, healthy_gpus, allocated_gpus, util_sum, power_sum_w)
       SELECT p, m, CASE p WHEN 1 THEN ${reserved * 8} ELSE ${(nodes - reserved) * 8} END,
              CASE p WHEN 1 THEN ${reserved * 8} ELSE ${(nodes - reserved) * 8} END - (hashint4(extract(epoch FROM m)::int + p) & 3),
              CASE p WHEN 1 THEN ${Math.round(5600 * scale)} ELSE ${Math.round(1800 * scale)} END,
              CASE p WHEN 1 THEN ${Math.round(5600 * scale)} ELSE ${Math.round(1800 * scale)} END * 70.0, 0
       FROM generate_series(1, 2) p, generate_series($1::timestamptz, $2::timestamptz - interval '1 minute', '1 minute') m`,
      [START, WEEK.to],
    );
    await client.query(`
      INSERT INTO job_event (job_id, at, kind, message) SELECT id, started_at, 'started', 'started' FROM job;
      INSERT INTO checkpoint (job_id, at, step)
        SELECT j.id, c, row_number() OVER (PARTITION BY j.id ORDER BY c)
        FROM job j, generate_series(j.started_at + interval '30 minutes', j.ended_at, '30 minutes') c
        WHERE j.kind IN ('training', 'fine_tuning');
      -- One job in 30 fails; one in 60 is restarted after hanging, and runs again 4 minutes later.
      INSERT INTO job_event (job_id, at, kind, message)
        SELECT id, ended_at - interval '7 minutes', 'failed', 'NCCL error' FROM job WHERE id % 30 = 0;
      INSERT INTO job_event (job_id, at, kind, message)
        SELECT id, started_at + interval '95 minutes', 'restart_requested'::"JobEventKind", 'hang' FROM job WHERE id % 60 = 7
        UNION ALL
        SELECT id, started_at + interval '99 minutes', 'restarted'::"JobEventKind", 'running again' FROM job WHERE id % 60 = 7;
      INSERT INTO incident (key, title, severity, state, source, opened_at, resolved_at)
        SELECT 'bench-' || i, 'Incident ' || i, CASE WHEN i % 5 = 0 THEN 'page' ELSE 'ticket' END::"IncidentSeverity",
               'resolved', 'health_rule', '${WEEK.from.toISOString()}'::timestamptz + i * interval '100 minutes',
               '${WEEK.from.toISOString()}'::timestamptz + i * interval '100 minutes' + (i % 17 + 3) * interval '1 minute'
        FROM generate_series(1, 100) i;`);
    await client.query('ANALYZE');
    const { rows } = await client.query<{ jobs: number; allocations: number; hourly: number }>(
      `SELECT (SELECT count(DISTINCT job_id) FROM allocation WHERE "from" < $2 AND "to" > $1)::int AS jobs,
              (SELECT count(*) FROM allocation)::int AS allocations,
              (SELECT count(*) FROM job_hourly)::int AS hourly`,
      [WEEK.from, WEEK.to],
    );
    return {
      gpus: nodes * 8,
      jobsInWeek: rows[0].jobs,
      jobsInBothWeeks: jobs.length,
      allocationRows: rows[0].allocations,
      jobHourlyRows: rows[0].hourly,
    };
  } finally {
    await client.end();
  }
}
