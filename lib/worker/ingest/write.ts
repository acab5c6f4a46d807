// Writes one batch in one transaction, with set-based statements (unnest of arrays) rather than row-by-row
// inserts: a 1,024-GPU minute is one statement, not a thousand.
import type { PoolClient } from 'pg';
import type { JobHealth, JobState } from '@/lib/domain/enums';
import { LEDGER_CLASSES } from '@/lib/domain/ledger';
import type { GpuSampleRecord, JobRecord } from '@/lib/sources/types';
import { toBp, type Batch, type JobHourAccumulator } from './batch';
import { copyInto } from './copy';
import { writeSamples } from './samples';
import { projectKey, type IngestContext } from './context';
import type { LedgerHour } from './ledger';
import { medianStepSeconds } from './progress';

/** The health a job shows before the evaluator has looked at its samples. */
export function initialHealth(state: JobState): JobHealth {
  return state === 'running' ? 'healthy' : state;
}

async function ensureTeamsAndProjects(client: PoolClient, ctx: IngestContext, jobs: JobRecord[]) {
  for (const job of jobs) {
    if (!ctx.teamIdByName.has(job.team)) {
      const { rows } = await client.query<{ id: number }>(
        'INSERT INTO team (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id',
        [job.team],
      );
      ctx.teamIdByName.set(job.team, rows[0].id);
    }
    const key = projectKey(job.team, job.project);
    if (!ctx.projectIdByKey.has(key)) {
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO project (team_id, name) VALUES ($1, $2)
         ON CONFLICT (team_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        [ctx.teamIdByName.get(job.team), job.project],
      );
      ctx.projectIdByKey.set(key, rows[0].id);
    }
  }
}

/** A job's row as upsertJobs writes it: its values in the order of the statement's arrays. */
function jobValues(ctx: IngestContext, job: JobRecord) {
  const pending = job.state === 'pending';
  const progress = ctx.progress.get(job.externalId);
  return [
    job.externalId,
    job.name,
    job.kind,
    ctx.teamIdByName.get(job.team),
    ctx.projectIdByKey.get(projectKey(job.team, job.project)),
    job.owner,
    job.state,
    initialHealth(job.state),
    job.gpusRequested,
    job.replicas,
    job.desiredReplicas,
    job.submittedAt,
    job.startedAt,
    job.endedAt,
    job.restartCount,
    job.lastCheckpointAt,
    job.step === null ? null : Math.round(job.step),
    job.tokensPerSecond,
    ctx.runningSince.get(job.externalId) ?? null,
    progress?.advancedAt ?? null,
    medianStepSeconds(progress),
    pending ? (job.wait?.reason ?? null) : null,
    pending ? (job.wait?.detail ?? null) : null,
    pending ? (job.wait?.position ?? null) : null,
    // A source that cannot say since when a job waits (a scheduler just restarted): one that never ran waits
    // since it was submitted; one that ran before keeps the time it went back to the queue (below).
    pending ? (job.wait?.since ?? (job.startedAt ? null : job.submittedAt)) : null,
    job.state === 'running' ? null : (job.stateReason ?? null),
    job.resumes ?? null,
    job.partition ?? null,
  ];
}

/**
 * Writes the jobs whose row would change: about 60% of them a minute (a running training job's step moves; a
 * service's, a finished or a waiting job's record mostly stays as it was). What was last written is kept in the
 * context, which a failed write throws away, so a job is written again whenever it may not be as last written.
 */
async function upsertJobs(client: PoolClient, ctx: IngestContext, jobs: JobRecord[]) {
  await ensureTeamsAndProjects(client, ctx, jobs);
  const written = new Map<string, string>();
  const changed: unknown[][] = [];
  for (const job of jobs) {
    const values = jobValues(ctx, job);
    // The job it resumes is looked up by the statement, which does not see a row it writes itself: such a job is
    // written again once the one it resumes has its row.
    const resumes = job.resumes ? ctx.jobIdByExternalId.has(job.resumes) : null;
    const key = JSON.stringify([resumes, ...values.map((value) => (value instanceof Date ? value.getTime() : value))]);
    written.set(job.externalId, key);
    if (ctx.writtenJobs.get(job.externalId) !== key) changed.push(values);
  }
  if (changed.length) await writeJobs(client, ctx, changed);
  ctx.writtenJobs = written;
}

async function writeJobs(client: PoolClient, ctx: IngestContext, changed: unknown[][]) {
  const { rows } = await client.query<{ id: number; external_id: string }>(
    `INSERT INTO job (cluster_id, external_id, name, kind, team_id, project_id, owner, state, health, gpus_requested,
                      replicas, desired_replicas, submitted_at, started_at, ended_at, restart_count,
                      last_checkpoint_at, step, tokens_per_second, running_since, step_advanced_at,
                      step_seconds, wait_reason, wait_detail, queue_position, queued_at, health_reason, resumes_job_id,
                      partition, updated_at)
     SELECT $1, v.external_id, v.name, v.kind, v.team_id, v.project_id, v.owner, v.state, v.health, v.gpus_requested,
            v.replicas, v.desired_replicas, v.submitted_at, v.started_at, v.ended_at, v.restart_count,
            v.last_checkpoint_at, v.step, v.tokens_per_second, v.running_since, v.step_advanced_at, v.step_seconds,
            v.wait_reason, v.wait_detail, v.queue_position, v.queued_at, v.health_reason,
            (SELECT r.id FROM job r WHERE r.cluster_id = $1 AND r.external_id = v.resumes), v.partition, now()
     FROM unnest($2::text[], $3::text[], $4::"JobKind"[], $5::int[], $6::int[], $7::text[],
                           $8::"JobState"[], $9::"JobHealth"[], $10::int[], $11::int[], $12::int[], $13::timestamptz[],
                           $14::timestamptz[], $15::timestamptz[], $16::int[], $17::timestamptz[], $18::bigint[],
                           $19::float8[], $20::timestamptz[], $21::timestamptz[], $22::float4[], $23::"WaitReason"[],
                           $24::text[], $25::int[], $26::timestamptz[], $27::text[], $28::text[], $29::text[])
       AS v(external_id, name, kind, team_id, project_id, owner, state, health, gpus_requested, replicas,
            desired_replicas, submitted_at, started_at, ended_at, restart_count, last_checkpoint_at, step,
            tokens_per_second, running_since, step_advanced_at, step_seconds, wait_reason, wait_detail,
            queue_position, queued_at, health_reason, resumes, partition)
     ON CONFLICT (cluster_id, external_id) DO UPDATE SET
       state = EXCLUDED.state,
       -- A running job keeps the health the evaluator gave it; any other state shows as it is, with the
       -- scheduler's reason where it gives one.
       health = CASE WHEN EXCLUDED.state = 'running' AND job.state = 'running' THEN job.health ELSE EXCLUDED.health END,
       health_reason = CASE WHEN EXCLUDED.state = 'running' AND job.state = 'running' THEN job.health_reason
                            ELSE EXCLUDED.health_reason END,
       health_since = CASE WHEN EXCLUDED.state = job.state THEN job.health_since ELSE now() END,
       replicas = EXCLUDED.replicas, desired_replicas = EXCLUDED.desired_replicas,
       started_at = EXCLUDED.started_at, ended_at = EXCLUDED.ended_at, restart_count = EXCLUDED.restart_count,
       last_checkpoint_at = EXCLUDED.last_checkpoint_at, step = EXCLUDED.step,
       tokens_per_second = EXCLUDED.tokens_per_second, gpus_requested = EXCLUDED.gpus_requested,
       running_since = EXCLUDED.running_since, step_advanced_at = EXCLUDED.step_advanced_at,
       step_seconds = EXCLUDED.step_seconds,
       wait_reason = EXCLUDED.wait_reason, wait_detail = EXCLUDED.wait_detail, queue_position = EXCLUDED.queue_position,
       partition = EXCLUDED.partition,
       -- Waiting since the source says, else since it was first seen waiting this time.
       queued_at = CASE WHEN EXCLUDED.state <> 'pending' THEN NULL
                        ELSE coalesce(EXCLUDED.queued_at, CASE WHEN job.state = 'pending' THEN job.queued_at END, now()) END,
       resumes_job_id = coalesce(job.resumes_job_id, EXCLUDED.resumes_job_id),
       updated_at = now()
     RETURNING id, external_id`,
    [ctx.clusterId, ...Array.from({ length: changed[0].length }, (_, i) => changed.map((values) => values[i]))],
  );
  for (const row of rows) ctx.jobIdByExternalId.set(row.external_id, row.id);
}

async function writeAllocations(client: PoolClient, ctx: IngestContext, batch: Batch) {
  const closes = batch.allocations.filter((row) => row.dbId !== null);
  if (closes.length) {
    await client.query(
      `UPDATE allocation a SET "to" = c.until FROM unnest($1::bigint[], $2::timestamptz[]) AS c(id, until) WHERE a.id = c.id`,
      [closes.map((row) => row.dbId), closes.map((row) => row.to)],
    );
  }
  const inserts = batch.allocations.filter((row) => row.dbId === null && ctx.jobIdByExternalId.has(row.jobExternalId));
  if (!inserts.length) return;
  const { rows } = await client.query<{ id: string; gpu_id: number; open: boolean }>(
    `INSERT INTO allocation (job_id, gpu_id, "from", "to")
     SELECT * FROM unnest($1::int[], $2::int[], $3::timestamptz[], $4::timestamptz[])
     RETURNING id, gpu_id, ("to" IS NULL) AS open`,
    [
      inserts.map((row) => ctx.jobIdByExternalId.get(row.jobExternalId)),
      inserts.map((row) => row.gpuId),
      inserts.map((row) => row.from),
      inserts.map((row) => row.to),
    ],
  );
  for (const row of rows) {
    if (!row.open) continue;
    const open = ctx.openAllocations.get(row.gpu_id);
    if (open && open.dbId === null) open.dbId = row.id;
  }
}

async function writeNodes(client: PoolClient, ctx: IngestContext, batch: Batch) {
  if (batch.nodeChanges.length) {
    const changes = batch.nodeChanges;
    await client.query(
      `INSERT INTO node_state_change (node_id, at, "from", "to", reason)
       SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::"NodeState"[], $4::"NodeState"[], $5::text[])`,
      [
        changes.map((c) => c.nodeId),
        changes.map((c) => c.at),
        changes.map((c) => c.from),
        changes.map((c) => c.to),
        changes.map((c) => c.reason),
      ],
    );
    const latest = new Map(changes.map((c) => [c.nodeId, c]));
    await client.query(
      `UPDATE node n SET state = c.state, state_reason = c.reason, state_since = c.at, last_seen_at = now()
       FROM unnest($1::int[], $2::"NodeState"[], $3::text[], $4::timestamptz[]) AS c(id, state, reason, at) WHERE n.id = c.id`,
      [
        [...latest.keys()],
        [...latest.values()].map((c) => c.to),
        [...latest.values()].map((c) => c.reason),
        [...latest.values()].map((c) => c.at),
      ],
    );
  }
  if (batch.gpuHealth.size) {
    await client.query(
      'UPDATE gpu g SET healthy = c.healthy FROM unnest($1::int[], $2::bool[]) AS c(id, healthy) WHERE g.id = c.id',
      [[...batch.gpuHealth.keys()], [...batch.gpuHealth.values()]],
    );
  }
}

async function writeEvents(client: PoolClient, ctx: IngestContext, batch: Batch) {
  const events = batch.events.filter((event) => ctx.jobIdByExternalId.has(event.jobExternalId));
  if (events.length) {
    await client.query(
      `INSERT INTO job_event (job_id, at, kind, message, data)
       SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::"JobEventKind"[], $4::text[], $5::jsonb[])`,
      [
        events.map((e) => ctx.jobIdByExternalId.get(e.jobExternalId)),
        events.map((e) => e.at),
        events.map((e) => e.kind),
        events.map((e) => e.message),
        events.map((e) => (e.data ? JSON.stringify(e.data) : null)),
      ],
    );
  }
  const checkpoints = batch.checkpoints.filter((c) => ctx.jobIdByExternalId.has(c.jobExternalId));
  if (checkpoints.length) {
    await client.query(
      `INSERT INTO checkpoint (job_id, at, step, size_gib, duration_seconds)
       SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::bigint[], $4::float8[], $5::float4[])`,
      [
        checkpoints.map((c) => ctx.jobIdByExternalId.get(c.jobExternalId)),
        checkpoints.map((c) => c.at),
        checkpoints.map((c) => Math.round(c.step)),
        checkpoints.map((c) => c.sizeGib),
        checkpoints.map((c) => c.durationSeconds ?? null),
      ],
    );
  }
  const faults = batch.faults.filter((f) => ctx.nodeIdByHostname.has(f.hostname));
  if (faults.length) {
    await client.query(
      `INSERT INTO gpu_fault (node_id, gpu_id, at, kind, code, fatal, message)
       SELECT * FROM unnest($1::int[], $2::int[], $3::timestamptz[], $4::"FaultKind"[], $5::int[], $6::bool[], $7::text[])`,
      [
        faults.map((f) => ctx.nodeIdByHostname.get(f.hostname)),
        faults.map((f) => (f.gpuUuid ? (ctx.gpuIdByUuid.get(f.gpuUuid) ?? null) : null)),
        faults.map((f) => f.at),
        faults.map((f) => f.kind),
        faults.map((f) => f.code),
        faults.map((f) => f.fatal),
        faults.map((f) => f.message),
      ],
    );
  }
}

function writeMinuteReadings(client: PoolClient, ctx: IngestContext, batch: Batch): Promise<number[]> {
  const jobIds = batch.samples.jobExternalId.map((ext) =>
    ext === null ? null : (ctx.jobIdByExternalId.get(ext) ?? null),
  );
  return writeSamples(client, batch, jobIds);
}

const LATEST_COLUMNS = [
  'ts',
  'job_id',
  'util',
  'sm_active_bp',
  'tensor_active_bp',
  'fb_used_mib',
  'fb_free_mib',
  'fb_reserved_mib',
  'power_w',
  'temp_c',
  'xid',
  'throttled',
];
/** gpu_latest's readings set from those of `from`. */
const setLatest = (from: string) => LATEST_COLUMNS.map((column) => `${column} = ${from}.${column}`).join(', ');

/**
 * Each GPU's newest reading, kept only if it is newer than the one stored (a window read again is older). Those
 * just written as minute rows (a live step's, all of them) are taken from gpu_sample in SQL, one statement a
 * minute, with only the columns gpu_sample lacks sent along: sending the rows again cost twice as much. The rest
 * (readings of hours packed whole, or older than the raw retention) are sent.
 */
async function writeLatest(client: PoolClient, ctx: IngestContext, batch: Batch, minuteRows: number[]) {
  const s = batch.samples;
  const nullable = (value: number | null | undefined) =>
    value === undefined || value === null ? null : Math.round(value);
  const inRows = new Map<number, { gpuIds: number[]; readings: GpuSampleRecord[] }>();
  const fromRows = new Set<number>();
  for (const i of minuteRows) {
    const gpuId = s.gpuId[i];
    const reading = batch.latest.get(gpuId);
    const ts = s.ts[i].getTime();
    // A GPU read twice in the minute (two exporters scraped for it) has one latest reading.
    if (reading?.ts.getTime() !== ts || fromRows.has(gpuId)) continue;
    fromRows.add(gpuId);
    const group = inRows.get(ts) ?? { gpuIds: [], readings: [] };
    group.gpuIds.push(gpuId);
    group.readings.push(reading);
    inRows.set(ts, group);
  }
  for (const [ts, { gpuIds, readings }] of inRows) {
    const memory = readings.some((r) => nullable(r.fbFreeMib) !== null || nullable(r.fbReservedMib) !== null);
    // Each GPU's minute row found by its key, GPU by GPU (the lateral subquery, kept apart by OFFSET 0): a minute
    // just written is newer than the table's statistics, which then expect one row at that time, and a planner free
    // to choose scanned the minute's rows once per GPU (1,024 x 1,024 comparisons, 130 ms at 1,024 GPUs).
    await client.query(
      `MERGE INTO gpu_latest l
       USING (SELECT s.gpu_id, s.ts, s.job_id, s.util, s.sm_active_bp, s.tensor_active_bp, s.fb_used_mib, m.fb_free_mib,
                     m.fb_reserved_mib, s.power_w, s.temp_c, s.xid, s.throttled
              FROM unnest($2::int[], $3::int[], $4::int[]) AS m(gpu_id, fb_free_mib, fb_reserved_mib)
              CROSS JOIN LATERAL (SELECT * FROM gpu_sample s WHERE s.gpu_id = m.gpu_id AND s.ts = $1 OFFSET 0) s
             ) AS n ON l.gpu_id = n.gpu_id
       WHEN MATCHED AND l.ts <= n.ts THEN UPDATE SET ${setLatest('n')}
       WHEN NOT MATCHED THEN INSERT (gpu_id, ${LATEST_COLUMNS.join(', ')})
         VALUES (n.gpu_id, ${LATEST_COLUMNS.map((column) => `n.${column}`).join(', ')})`,
      [
        new Date(ts),
        gpuIds,
        memory ? readings.map((r) => nullable(r.fbFreeMib)) : null,
        memory ? readings.map((r) => nullable(r.fbReservedMib)) : null,
      ],
    );
  }
  const gpuIds = [...batch.latest.keys()].filter((gpuId) => !fromRows.has(gpuId));
  const readings = gpuIds.map((gpuId) => batch.latest.get(gpuId)!);
  await copyInto(
    client,
    'gpu_latest',
    {
      gpu_id: (i) => gpuIds[i],
      ts: (i) => readings[i].ts,
      job_id: (i) =>
        readings[i].jobExternalId === null ? null : (ctx.jobIdByExternalId.get(readings[i].jobExternalId!) ?? null),
      util: (i) => Math.round(readings[i].util),
      sm_active_bp: (i) => toBp(readings[i].smActive),
      tensor_active_bp: (i) => toBp(readings[i].tensorActive),
      fb_used_mib: (i) => Math.round(readings[i].fbUsedMib),
      fb_free_mib: (i) => nullable(readings[i].fbFreeMib),
      fb_reserved_mib: (i) => nullable(readings[i].fbReservedMib),
      power_w: (i) => readings[i].powerW,
      temp_c: (i) => Math.round(readings[i].tempC),
      xid: (i) => readings[i].xid,
      throttled: (i) => readings[i].throttled,
    },
    gpuIds.length,
    `ON CONFLICT (gpu_id) DO UPDATE SET ${setLatest('EXCLUDED')}
     WHERE gpu_latest.ts <= EXCLUDED.ts`,
  );
}

/** A job-hour's ledger classes, as job_hourly has a column for each: those of the ledger, and a service's down. */
const HOUR_CLASSES: (keyof LedgerHour)[] = [...LEDGER_CLASSES, 'down'];

async function writeJobHours(client: PoolClient, ctx: IngestContext, batch: Batch) {
  // The hour's utilization and its ledger classes, one row per job-hour; both are sums, added to what is there.
  const rows = new Map<string, JobHourAccumulator & { ledger: LedgerHour | null }>();
  for (const [key, row] of batch.jobHours) rows.set(key, { ...row, ledger: null });
  for (const [key, { jobExternalId, hour, amounts }] of batch.ledger.hours) {
    const row = rows.get(key);
    if (row) row.ledger = amounts;
    else rows.set(key, { jobExternalId, hour, gpuMinutes: 0, utilSum: 0, idleGpuMinutes: 0, ledger: amounts });
  }
  const list = [...rows.values()].filter((row) => ctx.jobIdByExternalId.has(row.jobExternalId));
  if (list.length) {
    // A few hundred rows a minute: one statement, where a staging table took four.
    const ledger = (cls: keyof LedgerHour) => list.map((row) => row.ledger?.[cls] ?? 0);
    const classes = HOUR_CLASSES.map((cls) => `ledger_${cls}`);
    const sums = ['gpu_minutes', 'util_sum', 'idle_gpu_minutes', ...classes];
    await client.query(
      `INSERT INTO job_hourly (job_id, hour, gpu_minutes, util_sum, idle_gpu_minutes, ${classes.join(', ')})
       SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float8[],
                            ${classes.map((_, i) => `$${i + 6}::float8[]`).join(', ')})
       ON CONFLICT (job_id, hour) DO UPDATE SET
         ${sums.map((c) => `${c} = job_hourly.${c} + EXCLUDED.${c}`).join(', ')}`,
      [
        list.map((row) => ctx.jobIdByExternalId.get(row.jobExternalId)),
        list.map((row) => new Date(row.hour)),
        list.map((row) => row.gpuMinutes),
        list.map((row) => row.utilSum),
        list.map((row) => row.idleGpuMinutes),
        ...HOUR_CLASSES.map(ledger),
      ],
    );
  }
  const states = [...batch.ledger.states].filter(([externalId]) => ctx.jobIdByExternalId.has(externalId));
  if (states.length) {
    await client.query(
      `INSERT INTO job_ledger_state (job_id, state) SELECT * FROM unnest($1::int[], $2::jsonb[])
       ON CONFLICT (job_id) DO UPDATE SET state = EXCLUDED.state`,
      [
        states.map(([externalId]) => ctx.jobIdByExternalId.get(externalId)),
        states.map(([, state]) => JSON.stringify(state)),
      ],
    );
  }
}

/**
 * Per pool, the GPUs of nodes held as warm spares (cordoned by recovery) in a minute ending at `ts`: those whose
 * hold began before it. A spare runs nothing, so these are unallocated GPUs held on purpose.
 */
async function spareGpus(client: PoolClient, ctx: IngestContext): Promise<(poolId: number, ts: number) => number> {
  const { rows } = await client.query<{ pool_id: number; since: Date; gpus: number }>(
    `SELECT n.pool_id, n.spare_since AS since, count(g.id)::int AS gpus FROM node n JOIN gpu g ON g.node_id = n.id
     WHERE n.cluster_id = $1 AND n.spare_since IS NOT NULL AND n.state = 'cordoned' GROUP BY n.id`,
    [ctx.clusterId],
  );
  return (poolId, ts) =>
    rows.reduce((sum, row) => sum + (row.pool_id === poolId && row.since.getTime() < ts ? row.gpus : 0), 0);
}

async function writeRollups(client: PoolClient, ctx: IngestContext, batch: Batch) {
  const pm = batch.poolMinutes;
  const spares = pm.length > 0 ? await spareGpus(client, ctx) : () => 0;
  await copyInto(
    client,
    'pool_minute',
    {
      pool_id: (i) => pm[i].poolId,
      ts: (i) => new Date(pm[i].ts),
      provisioned_gpus: (i) => pm[i].provisioned,
      healthy_gpus: (i) => pm[i].healthy,
      allocated_gpus: (i) => pm[i].allocated,
      util_sum: (i) => pm[i].utilSum,
      power_sum_w: (i) => pm[i].powerSum,
      silent_gpus: (i) => pm[i].silent,
      spare_gpus: (i) => Math.max(0, Math.min(spares(pm[i].poolId, pm[i].ts), pm[i].provisioned - pm[i].allocated)),
    },
    pm.length,
    `ON CONFLICT (pool_id, ts) DO UPDATE SET provisioned_gpus = EXCLUDED.provisioned_gpus,
       healthy_gpus = EXCLUDED.healthy_gpus, allocated_gpus = EXCLUDED.allocated_gpus,
       util_sum = EXCLUDED.util_sum, power_sum_w = EXCLUDED.power_sum_w, silent_gpus = EXCLUDED.silent_gpus,
       spare_gpus = EXCLUDED.spare_gpus`,
  );
  const hours = [...batch.hours.entries()].flatMap(([gpuId, list]) => list.map((acc) => ({ gpuId, ...acc })));
  await copyInto(
    client,
    'gpu_sample_hourly',
    {
      gpu_id: (i) => hours[i].gpuId,
      hour: (i) => new Date(hours[i].hour),
      minutes: (i) => hours[i].minutes,
      util_avg: (i) => hours[i].utilSum / hours[i].minutes,
      util_min: (i) => hours[i].utilMin,
      fb_used_max: (i) => hours[i].fbUsedMax,
      power_avg: (i) => hours[i].powerSum / hours[i].minutes,
      temp_max: (i) => hours[i].tempMax,
      xid_count: (i) => hours[i].xidCount,
      throttled_minutes: (i) => hours[i].throttledMinutes,
    },
    hours.length,
    `ON CONFLICT (gpu_id, hour) DO UPDATE SET minutes = EXCLUDED.minutes, util_avg = EXCLUDED.util_avg,
       util_min = EXCLUDED.util_min, fb_used_max = EXCLUDED.fb_used_max, power_avg = EXCLUDED.power_avg,
       temp_max = EXCLUDED.temp_max, xid_count = EXCLUDED.xid_count, throttled_minutes = EXCLUDED.throttled_minutes`,
  );
}

/** Milliseconds spent per kind of write since the process started: the benchmark reads them. */
export const writeTimings: Record<string, number> = {};
async function timed<T>(name: string, work: Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await work;
  writeTimings[name] = (writeTimings[name] ?? 0) + performance.now() - t0;
  return result;
}
export async function writeBatch(client: PoolClient, ctx: IngestContext, batch: Batch) {
  await timed('jobs', upsertJobs(client, ctx, [...batch.jobs.values()]));
  await timed('allocations', writeAllocations(client, ctx, batch));
  await timed('nodes', writeNodes(client, ctx, batch));
  await timed('events', writeEvents(client, ctx, batch));
  const minuteRows = await timed('samples', writeMinuteReadings(client, ctx, batch));
  await timed('rollups', writeRollups(client, ctx, batch));
  await timed('latest', writeLatest(client, ctx, batch, minuteRows));
  await timed('jobHours', writeJobHours(client, ctx, batch));
}
