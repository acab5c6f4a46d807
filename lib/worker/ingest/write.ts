// Writes one batch in one transaction, with set-based statements (unnest of arrays) rather than row-by-row
// inserts: a 1,024-GPU minute is one statement, not a thousand.
import type { PoolClient } from 'pg';
import type { JobHealth, JobState } from '@/lib/domain/enums';
import type { JobRecord } from '@/lib/sources/types';
import { type Batch } from './batch';
import { projectKey, type IngestContext } from './context';

const DAY = 86_400_000;

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

async function upsertJobs(client: PoolClient, ctx: IngestContext, jobs: JobRecord[]) {
  if (!jobs.length) return;
  await ensureTeamsAndProjects(client, ctx, jobs);
  const col = <T>(pick: (job: JobRecord) => T) => jobs.map(pick);
  const { rows } = await client.query<{ id: number; external_id: string }>(
    `INSERT INTO job (cluster_id, external_id, name, kind, team_id, project_id, owner, state, health, gpus_requested,
                      replicas, desired_replicas, submitted_at, started_at, ended_at, restart_count,
                      last_checkpoint_at, step, tokens_per_second, updated_at)
     SELECT $1, * , now() FROM unnest($2::text[], $3::text[], $4::"JobKind"[], $5::int[], $6::int[], $7::text[],
                           $8::"JobState"[], $9::"JobHealth"[], $10::int[], $11::int[], $12::int[], $13::timestamptz[],
                           $14::timestamptz[], $15::timestamptz[], $16::int[], $17::timestamptz[], $18::bigint[],
                           $19::float8[])
     ON CONFLICT (cluster_id, external_id) DO UPDATE SET
       state = EXCLUDED.state,
       -- A running job keeps the health the evaluator gave it; any other state shows as it is.
       health = CASE WHEN EXCLUDED.state = 'running' AND job.state = 'running' THEN job.health ELSE EXCLUDED.health END,
       health_reason = CASE WHEN EXCLUDED.state = 'running' AND job.state = 'running' THEN job.health_reason ELSE NULL END,
       health_since = CASE WHEN EXCLUDED.state = job.state THEN job.health_since ELSE now() END,
       replicas = EXCLUDED.replicas, desired_replicas = EXCLUDED.desired_replicas,
       started_at = EXCLUDED.started_at, ended_at = EXCLUDED.ended_at, restart_count = EXCLUDED.restart_count,
       last_checkpoint_at = EXCLUDED.last_checkpoint_at, step = EXCLUDED.step,
       tokens_per_second = EXCLUDED.tokens_per_second, gpus_requested = EXCLUDED.gpus_requested, updated_at = now()
     RETURNING id, external_id`,
    [
      ctx.clusterId,
      col((job) => job.externalId),
      col((job) => job.name),
      col((job) => job.kind),
      col((job) => ctx.teamIdByName.get(job.team)),
      col((job) => ctx.projectIdByKey.get(projectKey(job.team, job.project))),
      col((job) => job.owner),
      col((job) => job.state),
      col((job) => initialHealth(job.state)),
      col((job) => job.gpusRequested),
      col((job) => job.replicas),
      col((job) => job.desiredReplicas),
      col((job) => job.submittedAt),
      col((job) => job.startedAt),
      col((job) => job.endedAt),
      col((job) => job.restartCount),
      col((job) => job.lastCheckpointAt),
      col((job) => (job.step === null ? null : Math.round(job.step))),
      col((job) => job.tokensPerSecond),
    ],
  );
  for (const row of rows) ctx.jobIdByExternalId.set(row.external_id, row.id);
}

async function writeAllocations(client: PoolClient, ctx: IngestContext, batch: Batch) {
  const closes = batch.allocations.filter((row) => row.dbId !== null);
  if (closes.length) {
    await client.query(
      `UPDATE allocation a SET "to" = c.to FROM unnest($1::bigint[], $2::timestamptz[]) AS c(id, to) WHERE a.id = c.id`,
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
      [changes.map((c) => c.nodeId), changes.map((c) => c.at), changes.map((c) => c.from), changes.map((c) => c.to), changes.map((c) => c.reason)],
    );
    const latest = new Map(changes.map((c) => [c.nodeId, c]));
    await client.query(
      `UPDATE node n SET state = c.state, state_reason = c.reason, state_since = c.at, last_seen_at = now()
       FROM unnest($1::int[], $2::"NodeState"[], $3::text[], $4::timestamptz[]) AS c(id, state, reason, at) WHERE n.id = c.id`,
      [[...latest.keys()], [...latest.values()].map((c) => c.to), [...latest.values()].map((c) => c.reason), [...latest.values()].map((c) => c.at)],
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
      `INSERT INTO checkpoint (job_id, at, step, size_gib) SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::bigint[], $4::float8[])`,
      [checkpoints.map((c) => ctx.jobIdByExternalId.get(c.jobExternalId)), checkpoints.map((c) => c.at), checkpoints.map((c) => Math.round(c.step)), checkpoints.map((c) => c.sizeGib)],
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

const SAMPLE_CHUNK = 50_000;

async function writeSamples(client: PoolClient, ctx: IngestContext, batch: Batch) {
  const s = batch.samples;
  if (!s.length) return;
  let min = Infinity;
  let max = -Infinity;
  for (const ts of s.ts) {
    const t = ts.getTime();
    if (t < min) min = t;
    if (t > max) max = t;
  }
  await client.query('SELECT fleet_ensure_sample_partitions($1::date, $2::date)', [
    new Date(min - (min % DAY)).toISOString().slice(0, 10),
    new Date(max - (max % DAY)).toISOString().slice(0, 10),
  ]);
  const jobIds = s.jobExternalId.map((ext) => (ext === null ? null : (ctx.jobIdByExternalId.get(ext) ?? null)));
  for (let start = 0; start < s.length; start += SAMPLE_CHUNK) {
    const end = Math.min(start + SAMPLE_CHUNK, s.length);
    const part = <T>(values: T[]) => values.slice(start, end);
    // ON CONFLICT keeps a re-sent minute (a source read twice after a reconnect) from failing the batch.
    await client.query(
      `INSERT INTO gpu_sample (gpu_id, ts, job_id, util, sm_active_bp, tensor_active_bp, fb_used_mib, power_w, temp_c,
                               xid, ecc_sbe, ecc_dbe, throttled)
       SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::int[], $4::int2[], $5::int2[], $6::int2[], $7::int[],
                            $8::int2[], $9::int2[], $10::int2[], $11::int2[], $12::int2[], $13::bool[])
       ON CONFLICT (gpu_id, ts) DO NOTHING`,
      [
        part(s.gpuId), part(s.ts), part(jobIds), part(s.util), part(s.smActiveBp), part(s.tensorActiveBp), part(s.fbUsedMib),
        part(s.powerW), part(s.tempC), part(s.xid), part(s.eccSbe), part(s.eccDbe), part(s.throttled),
      ],
    );
  }
}

async function writeRollups(client: PoolClient, batch: Batch) {
  const pm = batch.poolMinutes;
  for (let start = 0; start < pm.length; start += SAMPLE_CHUNK) {
    const rows = pm.slice(start, start + SAMPLE_CHUNK);
    await client.query(
      `INSERT INTO pool_minute (pool_id, ts, provisioned_gpus, healthy_gpus, allocated_gpus, util_sum, power_sum_w)
       SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::int[], $4::int[], $5::int[], $6::float8[], $7::float8[])
       ON CONFLICT (pool_id, ts) DO UPDATE SET provisioned_gpus = EXCLUDED.provisioned_gpus,
         healthy_gpus = EXCLUDED.healthy_gpus, allocated_gpus = EXCLUDED.allocated_gpus,
         util_sum = EXCLUDED.util_sum, power_sum_w = EXCLUDED.power_sum_w`,
      [
        rows.map((r) => r.poolId), rows.map((r) => new Date(r.ts)), rows.map((r) => r.provisioned), rows.map((r) => r.healthy),
        rows.map((r) => r.allocated), rows.map((r) => r.utilSum), rows.map((r) => r.powerSum),
      ],
    );
  }
  const hours = [...batch.hours.entries()].flatMap(([gpuId, list]) => list.map((acc) => ({ gpuId, ...acc })));
  for (let start = 0; start < hours.length; start += SAMPLE_CHUNK) {
    const rows = hours.slice(start, start + SAMPLE_CHUNK);
    await client.query(
      `INSERT INTO gpu_sample_hourly (gpu_id, hour, minutes, util_avg, util_min, fb_used_max, power_avg, temp_max, xid_count, throttled_minutes)
       SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::int2[], $4::float4[], $5::int2[], $6::int[], $7::float4[], $8::int2[], $9::int2[], $10::int2[])
       ON CONFLICT (gpu_id, hour) DO UPDATE SET minutes = EXCLUDED.minutes, util_avg = EXCLUDED.util_avg,
         util_min = EXCLUDED.util_min, fb_used_max = EXCLUDED.fb_used_max, power_avg = EXCLUDED.power_avg,
         temp_max = EXCLUDED.temp_max, xid_count = EXCLUDED.xid_count, throttled_minutes = EXCLUDED.throttled_minutes`,
      [
        rows.map((r) => r.gpuId), rows.map((r) => new Date(r.hour)), rows.map((r) => r.minutes), rows.map((r) => r.utilSum / r.minutes),
        rows.map((r) => r.utilMin), rows.map((r) => r.fbUsedMax), rows.map((r) => r.powerSum / r.minutes), rows.map((r) => r.tempMax),
        rows.map((r) => r.xidCount), rows.map((r) => r.throttledMinutes),
      ],
    );
  }
}

/** Writes everything the batch holds. The caller owns the transaction. */
export async function writeBatch(client: PoolClient, ctx: IngestContext, batch: Batch) {
  await upsertJobs(client, ctx, [...batch.jobs.values()]);
  await writeAllocations(client, ctx, batch);
  await writeNodes(client, ctx, batch);
  await writeEvents(client, ctx, batch);
  await writeSamples(client, ctx, batch);
  await writeRollups(client, batch);
}
