// The jobs benchmark's data set: the real seed of an 8,192-GPU cluster (1,024 nodes, rate card, teams, users),
// then 5,000 planned jobs (./jobs-schedule) written in bulk, with what the jobs pages read: allocations, the
// per-GPU hourly rollup of every GPU for the last 7 days, minute samples of the 512-GPU job for 7 days and of
// every other held GPU for the hour under way, checkpoints, events and faults. Built in SQL rather than by the
// simulator's collector, which takes about 16 minutes for 7 days of this cluster; the rows the pages read have
// the same shape and, for the 512-GPU job, the same count.
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../lib/db/embedded';
import { migrate } from '../../lib/db/migrate';
import { loadClusters } from '../../lib/clusters/config';
import { parseEnv } from '../../lib/env';
import { packBoundary } from '../../lib/worker/ingest/samples';
import { seedDatabase } from '../../scripts/seed';
import { BENCH_PASSWORD } from './dataset';
import { planJobs, type PlannedJob } from './jobs-schedule';
import { onInterrupt } from './processes';
import { round } from './stats';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const JOBS_SET = { name: 'jobs-5000', nodes: 1024, jobs: 5000, days: 30, hourlyDays: 7, bigJobDays: 7 };

export interface JobsDataset {
  url: string;
  /** The instant the data reaches: queries measured in process are pinned to it. */
  now: Date;
  bigJobId: number;
  build: Record<string, unknown>;
  stop(): Promise<void>;
}

async function insertJobs(pool: pg.Pool, jobs: PlannedJob[]) {
  const ids = async (table: string) =>
    new Map(
      (await pool.query<{ id: number; name: string }>(`SELECT id, name FROM ${table}`)).rows.map((r) => [r.name, r.id]),
    );
  const teams = await ids('team');
  const projects = new Map(
    (
      await pool.query<{ id: number; key: string }>(
        `SELECT p.id, t.name || '/' || p.name AS key FROM project p JOIN team t ON t.id = p.team_id`,
      )
    ).rows.map((r) => [r.key, r.id]),
  );
  const col = <T>(pick: (job: PlannedJob) => T) => jobs.map(pick);
  const at = (ms: number | null) => (ms === null ? null : new Date(ms));
  await pool.query(
    `INSERT INTO job (id, cluster_id, external_id, name, kind, team_id, project_id, owner, state, health, health_reason,
                      health_since, gpus_requested, submitted_at, started_at, ended_at, restart_count, last_checkpoint_at)
     SELECT v.id, (SELECT id FROM cluster LIMIT 1), v.ext, v.name, v.kind::"JobKind", v.team, v.project, 'bench',
            v.state::"JobState", v.health::"JobHealth", v.reason, coalesce(v.ended, v.started, v.submitted),
            v.gpus, v.submitted, v.started, v.ended, v.restarts,
            CASE WHEN v.kind IN ('training', 'fine_tuning') AND v.state = 'running'
                 THEN now() - make_interval(mins => (v.id % 29) + 1) END
     FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[], $8::text[], $9::text[],
                 $10::int[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[], $14::int[])
       AS v(id, ext, name, kind, team, project, state, health, reason, gpus, submitted, started, ended, restarts)`,
    [
      col((j) => j.id),
      col((j) => j.externalId),
      col((j) => j.name),
      col((j) => j.kind),
      col((j) => teams.get(j.team)),
      col((j) => projects.get(`${j.team}/${j.project}`)),
      col((j) => j.state),
      col((j) => j.health),
      col((j) => j.healthReason),
      col((j) => j.gpus),
      col((j) => at(j.submittedAt)),
      col((j) => at(j.startedAt)),
      col((j) => at(j.endedAt)),
      col((j) => j.restarts),
    ],
  );
  await pool.query(`SELECT setval(pg_get_serial_sequence('job', 'id'), (SELECT max(id) FROM job))`);
  // One allocation row per GPU per run: GPU k of a job is GPU k mod 8 of its (k div 8)-th node.
  const rows: [number, number, Date, Date | null][] = [];
  const gpuIds = (await pool.query<{ id: number }>('SELECT id FROM gpu ORDER BY node_id, index')).rows.map((r) => r.id);
  for (const job of jobs) {
    for (const [from, to] of job.runs) {
      for (let k = 0; k < job.gpus; k++) {
        rows.push([job.id, gpuIds[job.nodes[Math.floor(k / 8)] * 8 + (k % 8)], new Date(from), at(to)]);
      }
    }
  }
  for (let i = 0; i < rows.length; i += 20_000) {
    const chunk = rows.slice(i, i + 20_000);
    await pool.query(
      `INSERT INTO allocation (job_id, gpu_id, "from", "to")
       SELECT * FROM unnest($1::int[], $2::int[], $3::timestamptz[], $4::timestamptz[])`,
      [chunk.map((r) => r[0]), chunk.map((r) => r[1]), chunk.map((r) => r[2]), chunk.map((r) => r[3])],
    );
  }
  return rows.length;
}

/** Every GPU, every hour of the last `days` days before the hour under way: its holder's utilization, or 0.
 * GPU 3 of gpu-r-012 (the big job's) runs slow for the last 6 hours: a straggler. */
async function hourlyRollup(pool: pg.Pool, now: Date, days: number) {
  await pool.query(
    `INSERT INTO gpu_sample_hourly (gpu_id, hour, minutes, util_avg, util_min, fb_used_max, power_avg, temp_max, xid_count, throttled_minutes)
     SELECT g.id, h, 60,
            CASE WHEN j.id IS NULL THEN 0
                 WHEN n.hostname = 'gpu-r-012' AND g.index = 3 AND h > $2::timestamptz - interval '6 hours' THEN 31
                 ELSE least(100, j.util + ((g.id * 7 + extract(hour FROM h)::int) % 9) - 4) END,
            CASE WHEN j.id IS NULL THEN 0 ELSE greatest(0, j.util - 20) END,
            CASE WHEN j.id IS NULL THEN 0 ELSE 60000 END, CASE WHEN j.id IS NULL THEN 90 ELSE 520 END, 70, 0, 0
     FROM gpu g JOIN node n ON n.id = g.node_id
     CROSS JOIN generate_series(date_trunc('hour', $2::timestamptz) - make_interval(days => $1),
                                date_trunc('hour', $2::timestamptz) - interval '1 hour', interval '1 hour') h
     LEFT JOIN LATERAL (
       SELECT a.job_id AS id, 35 + (a.job_id * 37) % 60 AS util FROM allocation a
       WHERE a.gpu_id = g.id AND a."from" <= h AND (a."to" IS NULL OR a."to" > h) LIMIT 1
     ) j ON true`,
    [days, now],
  );
}

/** Minute samples: the big job's GPUs for `days` days (one runs slow for its last 25 minutes), every other
 * held GPU for the hour under way. */
async function minuteSamples(pool: pg.Pool, now: Date, days: number, bigJobId: number) {
  const from = new Date(now.getTime() - days * DAY);
  await pool.query('SELECT fleet_ensure_sample_partitions($1::date, $2::date)', [
    new Date(from.getTime() - DAY).toISOString().slice(0, 10),
    new Date(now.getTime() + DAY).toISOString().slice(0, 10),
  ]);
  const insert = (big: boolean, since: Date) =>
    pool.query(
      `INSERT INTO gpu_sample (gpu_id, ts, job_id, util, sm_active_bp, tensor_active_bp, fb_used_mib, power_w, temp_c)
       SELECT a.gpu_id, m, a.job_id,
              CASE WHEN a.job_id = $3 AND g.index = 3 AND n.hostname = 'gpu-r-012' AND m > $1::timestamptz - interval '25 minutes'
                   THEN 31 ELSE least(100, 35 + (a.job_id * 37) % 60 + ((a.gpu_id + extract(minute FROM m)::int) % 7) - 3) END,
              6000, 4000, 60000, 520, 70
       FROM allocation a
       JOIN gpu g ON g.id = a.gpu_id JOIN node n ON n.id = g.node_id
       CROSS JOIN LATERAL generate_series(
         date_trunc('minute', greatest(a."from", $2::timestamptz)),
         date_trunc('minute', least(coalesce(a."to", $1::timestamptz), $1::timestamptz)) - interval '1 minute',
         interval '1 minute') m
       WHERE ${big ? 'a.job_id = $3' : 'a.job_id <> $3 AND a."to" IS NULL'}`,
      [now, since, bigJobId],
    );
  await insert(true, from);
  await insert(false, new Date(Math.floor(now.getTime() / HOUR) * HOUR));
  // As the collector leaves them: hours that ended a quarter of an hour ago packed, one row a GPU-hour.
  await pool.query('SELECT fleet_pack_samples($1)', [packBoundary(now)]);
}

/** The per-job hourly rollup, as the collector sums it: each job's GPU-minutes and utilization in every hour it
 * held GPUs, from the GPUs' hourly rollup before the hour under way and from its minute samples in it. */
async function jobHourly(pool: pg.Pool, now: Date) {
  await pool.query(
    `INSERT INTO job_hourly (job_id, hour, gpu_minutes, util_sum, idle_gpu_minutes)
     SELECT job_id, hour, sum(minutes), sum(util * minutes), coalesce(sum(minutes) FILTER (WHERE util < 5), 0)
     FROM (
       SELECT a.job_id, hr.hour, hr.util_avg AS util,
              date_part('epoch', least(coalesce(a."to", $1::timestamptz), hr.hour + interval '1 hour')
                                 - greatest(a."from", hr.hour)) / 60 AS minutes
       FROM allocation a
       JOIN gpu_sample_hourly hr ON hr.gpu_id = a.gpu_id AND hr.hour >= date_trunc('hour', a."from")
                                AND hr.hour < coalesce(a."to", $1::timestamptz)
       UNION ALL
       SELECT job_id, date_trunc('hour', ts), util, 1 FROM gpu_sample WHERE ts >= date_trunc('hour', $1::timestamptz)
         AND job_id IS NOT NULL
     ) held
     WHERE minutes > 0 GROUP BY 1, 2`,
    [now],
  );
}

async function timelineAndFaults(pool: pg.Pool, now: Date, bigJobId: number) {
  // The big job checkpoints every 30 minutes; every job has its submitted/started/ended events.
  await pool.query(
    `INSERT INTO checkpoint (job_id, at, step, size_gib)
     SELECT $2, at, (row_number() OVER (ORDER BY at)) * 100, 1043
     FROM generate_series($1::timestamptz - interval '8 days', $1::timestamptz - interval '5 minutes', interval '30 minutes') at`,
    [now, bigJobId],
  );
  await pool.query(
    `INSERT INTO job_event (job_id, at, kind, message)
     SELECT job_id, at, kind::"JobEventKind", message FROM (
       SELECT id AS job_id, submitted_at AS at, 'submitted' AS kind, 'Submitted by bench: ' || gpus_requested || ' GPUs' AS message FROM job
       UNION ALL SELECT id, started_at, 'started', 'Started' FROM job WHERE started_at IS NOT NULL
       UNION ALL SELECT id, ended_at, state::text, 'Ended ' || state FROM job WHERE ended_at IS NOT NULL
       UNION ALL SELECT $2, at, 'checkpoint', 'Checkpoint saved' FROM checkpoint WHERE job_id = $2
       UNION ALL SELECT $2, $1::timestamptz - interval '3 days' - interval '20 minutes', 'stalled', 'All 512 GPUs under 5% utilization for 10 min'
       UNION ALL SELECT $2, $1::timestamptz - interval '3 days', 'restart_requested', 'Restart requested from the latest checkpoint'
       UNION ALL SELECT $2, $1::timestamptz - interval '3 days' + interval '10 minutes', 'restarted', 'Running again'
       UNION ALL SELECT $2, $1::timestamptz - interval '10 minutes', 'degraded', 'GPU 3 of gpu-r-012 under 50% of the job''s median'
     ) e`,
    [now, bigJobId],
  );
  // About 4,000 faults over 30 days on random nodes: mostly warnings, some fatal.
  await pool.query(
    `INSERT INTO gpu_fault (node_id, gpu_id, at, kind, code, fatal, message)
     SELECT g.node_id, g.id, $1::timestamptz - (k * interval '11 minutes'), 'xid', x.code, x.code IN (48, 79, 94, 95),
            'XID ' || x.code
     FROM generate_series(1, 4000) k
     JOIN gpu g ON g.id = (SELECT min(id) FROM gpu) + (k * 2654435761 % 8192)
     CROSS JOIN LATERAL (SELECT (ARRAY[13, 31, 43, 63, 92, 13, 31, 79, 48, 94])[1 + k % 10] AS code) x`,
    [now],
  );
  await pool.query(
    `UPDATE job SET last_checkpoint_at = (SELECT max(at) FROM checkpoint WHERE job_id = $1) WHERE id = $1`,
    [bigJobId],
  );
  await pool.query(
    `INSERT INTO data_source (name, kind, last_success_at, data_until) VALUES ('demo-h800', 'simulator', $1, $1)
     ON CONFLICT (name) DO UPDATE SET last_success_at = $1, data_until = $1`,
    [now],
  );
}

export async function openJobsDataset(workDir: string): Promise<JobsDataset> {
  const dataDir = path.join(workDir, `data-${JOBS_SET.name}`);
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o755);
  const t0 = performance.now();
  const lap = () => round((performance.now() - t0) / 1000);
  const laps: Record<string, number> = {};
  let server: EmbeddedPostgres | undefined;
  let pool: pg.Pool | undefined;
  try {
    server = await startEmbeddedPostgres({ dataDir });
    onInterrupt(server.stop);
    await migrate(server.url);
    // The cluster is this one alone, whatever the bench's own environment names.
    const vars = {
      FLEET_SIM_NODES: String(JOBS_SET.nodes),
      FLEET_BACKFILL_DAYS: String(JOBS_SET.days + 1),
      FLEET_DEMO_PASSWORD_VIEWER: BENCH_PASSWORD,
    };
    const env = parseEnv(vars);
    await seedDatabase(server.url, env, loadClusters(vars));
    laps.seed = lap();
    pool = new pg.Pool({ connectionString: server.url, max: 4 });
    pool.on('error', () => {});
    const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    // A price change two days ago: the big job's cost spans it.
    await pool.query(
      `WITH old AS (UPDATE rate_card SET effective_to = $1 WHERE pricing_class = 'reserved' RETURNING *)
       INSERT INTO rate_card (gpu_model, pricing_class, price_per_gpu_hour, currency, effective_from)
       SELECT gpu_model, pricing_class, price_per_gpu_hour + 0.15, currency, $1 FROM old`,
      [new Date(now.getTime() - 2 * DAY)],
    );
    const jobs = planJobs(JOBS_SET.jobs, JOBS_SET.nodes, now.getTime(), JOBS_SET.days);
    const allocations = await insertJobs(pool, jobs);
    laps.jobs = lap();
    await hourlyRollup(pool, now, JOBS_SET.hourlyDays);
    laps.hourly = lap();
    await minuteSamples(pool, now, JOBS_SET.bigJobDays, 1);
    laps.minutes = lap();
    await jobHourly(pool, now);
    laps.jobHourly = lap();
    await timelineAndFaults(pool, now, 1);
    // What autovacuum does after a load of this size: statistics, and the visibility map that lets the hourly
    // rollup's covering index answer without the heap.
    await pool.query('VACUUM ANALYZE');
    laps.analyze = lap();
    const count = async (table: string) => Number((await pool!.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    const build = {
      seconds: laps,
      jobs: jobs.length,
      jobsByState: Object.fromEntries(
        ['pending', 'running', 'succeeded', 'failed', 'cancelled'].map((s) => [
          s,
          jobs.filter((j) => j.state === s).length,
        ]),
      ),
      allocations,
      gpuSampleHourly: await count('gpu_sample_hourly'),
      jobHourly: await count('job_hourly'),
      gpuSample: await count('gpu_sample'),
      checkpoints: await count('checkpoint'),
      jobEvents: await count('job_event'),
      faults: await count('gpu_fault'),
    };
    console.log(`[bench] jobs data set built in ${lap()} s: ${JSON.stringify(build)}`);
    const [openPool, openServer] = [pool, server];
    return {
      url: server.url,
      now,
      bigJobId: 1,
      build,
      async stop() {
        await openPool.end().catch(() => {});
        await openServer.stop();
      },
    };
  } catch (error) {
    await pool?.end().catch(() => {});
    await server?.stop();
    throw error;
  }
}
