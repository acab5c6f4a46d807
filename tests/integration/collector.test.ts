import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@/lib/db/embedded';
import { migrate } from '@/lib/db/migrate';
import { seedDemo } from '@/lib/db/seed';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
import { Collector } from '@/lib/worker/collector';
import { packBoundary } from '@/lib/worker/ingest/samples';
import { newSimulator, openSimulator, type SimulatorConfig } from '@/lib/worker/simulator-session';
import { ALL_MINUTES } from './minutes';

const MINUTE = 60_000;
const config: SimulatorConfig = { seed: 7, nodes: 4, backfillDays: 1 };

async function seed(url: string) {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  await seedDemo(db, await newSimulator(config).topology(), { pricesFrom: new Date(Date.now() - 3 * 86_400_000) });
  await db.$disconnect();
}

function collector(pool: pg.Pool) {
  return new Collector(pool, { openSource: (p) => openSimulator(p, config), backfillSampleHours: 2 });
}

const count = async (pool: pg.Pool, sql: string, params: unknown[] = []) =>
  Number((await pool.query(sql, params)).rows[0].n);

describe('collector', () => {
  let pool: pg.Pool;
  beforeAll(async () => {
    await seed(process.env.DATABASE_URL!);
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
  });
  afterAll(() => pool.end());

  it('backfills history with a fleet rollup for every minute and raw samples only for the recent hours', async () => {
    const c = collector(pool);
    expect(await c.lead()).toBe(true);
    const now = new Date();
    const until = await c.advance(now);
    expect(until.getTime()).toBe(now.getTime());

    const pools = await count(pool, 'SELECT count(*) AS n FROM pool');
    const minutes = await count(pool, 'SELECT count(DISTINCT ts) AS n FROM pool_minute');
    expect(minutes).toBeGreaterThanOrEqual(24 * 60 - 1);
    expect(await count(pool, 'SELECT count(*) AS n FROM pool_minute')).toBe(minutes * pools);
    // Every minute counts all 32 GPUs as provisioned, and never more allocated than provisioned.
    expect(
      await count(
        pool,
        'SELECT count(*) AS n FROM (SELECT ts FROM pool_minute GROUP BY ts HAVING sum(provisioned_gpus) <> 32) x',
      ),
    ).toBe(0);
    expect(
      await count(
        pool,
        'SELECT count(*) AS n FROM pool_minute WHERE allocated_gpus > provisioned_gpus OR healthy_gpus > provisioned_gpus',
      ),
    ).toBe(0);

    const oldest = (await pool.query(`SELECT min(ts) AS t FROM ${ALL_MINUTES} s`)).rows[0].t as Date;
    expect(now.getTime() - oldest.getTime()).toBeLessThanOrEqual(2 * 3_600_000 + MINUTE);
    // Hours that ended a quarter of an hour before the data are packed, one row a GPU-hour; later minutes are rows.
    const boundary = packBoundary(until);
    const rowsFrom = (await pool.query('SELECT min(ts) AS t FROM gpu_sample')).rows[0].t as Date;
    expect(rowsFrom.getTime()).toBeGreaterThanOrEqual(boundary.getTime());
    const packed = await pool.query('SELECT max(hour) AS last, count(*)::int AS n FROM gpu_sample_hour');
    expect(packed.rows[0].last.getTime()).toBe(boundary.getTime() - 3_600_000);
    expect(packed.rows[0].n).toBeGreaterThan(0);
    expect(await count(pool, 'SELECT count(*) AS n FROM gpu_sample_hourly')).toBeGreaterThan(20 * 32);
    expect(await count(pool, 'SELECT count(*) AS n FROM job')).toBeGreaterThan(0);
    await c.resign();
  });

  it('keeps allocations consistent with the jobs that hold GPUs', async () => {
    // A running job holds exactly as many open allocations as GPUs it requested (inference: replicas' GPUs).
    const { rows } = await pool.query(`
      SELECT j.external_id, j.state, count(a.id)::int AS open FROM job j
      LEFT JOIN allocation a ON a.job_id = j.id AND a."to" IS NULL GROUP BY j.id`);
    for (const row of rows) {
      if (row.state === 'running') expect(row.open, row.external_id).toBeGreaterThan(0);
      if (['succeeded', 'failed', 'cancelled', 'pending'].includes(row.state))
        expect(row.open, row.external_id).toBe(0);
    }
    expect(await count(pool, 'SELECT count(*) AS n FROM allocation WHERE "to" < "from"')).toBe(0);
  });

  it('records why each pending job waits, its place in the queue and since when', async () => {
    // 4 nodes are always short of GPUs for the demand on them: there is a queue.
    const { rows } = await pool.query<{
      wait_reason: string | null;
      wait_detail: string | null;
      queue_position: number | null;
      queued_at: Date | null;
      submitted_at: Date;
    }>(`SELECT wait_reason, wait_detail, queue_position, queued_at, submitted_at FROM job WHERE state = 'pending'`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.wait_reason).not.toBeNull();
      expect(row.wait_detail).toMatch(/^Needs /);
      expect(row.queued_at!.getTime()).toBeGreaterThanOrEqual(row.submitted_at.getTime());
    }
    expect(rows.map((row) => row.queue_position).sort((a, b) => a! - b!)).toEqual(rows.map((_, k) => k + 1));
    expect(
      await count(pool, `SELECT count(*) AS n FROM job WHERE state <> 'pending' AND wait_reason IS NOT NULL`),
    ).toBe(0);
  });

  it('rolls each job up per hour: the minute samples of the recent hours exactly, the older ones by the minutes each stands for', async () => {
    // Hours with minute samples: job_hourly is their sum per job and hour (idle = under 5%).
    const recent = await pool.query(`
      SELECT s.job_id, date_trunc('hour', s.ts) AS hour, count(*)::float8 AS minutes, sum(s.util)::float8 AS util,
             count(*) FILTER (WHERE s.util < 5)::float8 AS idle, h.gpu_minutes, h.util_sum, h.idle_gpu_minutes
      FROM ${ALL_MINUTES} s JOIN job_hourly h ON h.job_id = s.job_id AND h.hour = date_trunc('hour', s.ts)
      WHERE s.job_id IS NOT NULL AND s.ts >= date_trunc('hour', (SELECT min(ts) FROM ${ALL_MINUTES} m)) + interval '1 hour'
      GROUP BY s.job_id, date_trunc('hour', s.ts), h.gpu_minutes, h.util_sum, h.idle_gpu_minutes`);
    expect(recent.rows.length).toBeGreaterThan(0);
    for (const row of recent.rows) {
      expect([row.gpu_minutes, row.util_sum, row.idle_gpu_minutes]).toEqual([row.minutes, row.util, row.idle]);
    }
    // The whole day: sampled GPU-minutes per job agree with its allocated GPU-minutes within the 10-minute
    // sampling of the backfill.
    const { rows } = await pool.query(`
      SELECT (SELECT sum(gpu_minutes) FROM job_hourly)::float8 AS sampled,
             (SELECT sum(extract(epoch FROM coalesce("to", (SELECT data_until FROM data_source)) - "from")) / 60
              FROM allocation)::float8 AS allocated`);
    expect(rows[0].sampled / rows[0].allocated).toBeGreaterThan(0.97);
    expect(rows[0].sampled / rows[0].allocated).toBeLessThan(1.03);
  });

  it('lets one worker collect at a time, and a new leader carries on without gaps or duplicates', async () => {
    const first = collector(pool);
    const second = collector(pool);
    expect(await first.lead()).toBe(true);
    expect(await second.lead()).toBe(false);
    const before = (await pool.query('SELECT data_until FROM data_source')).rows[0].data_until as Date;
    await first.advance(new Date(before.getTime() + 3 * MINUTE));
    await first.resign();

    expect(await second.lead()).toBe(true);
    const target = new Date(before.getTime() + 10 * MINUTE);
    await second.advance(target);
    await second.resign();
    const from = new Date(before.getTime() - 30 * MINUTE);
    const perMinute = await pool.query(
      'SELECT ts, count(*)::int AS n FROM pool_minute WHERE ts > $1 AND ts <= $2 GROUP BY ts ORDER BY ts',
      [from, target],
    );
    const pools = await count(pool, 'SELECT count(*) AS n FROM pool');
    expect(perMinute.rows.every((row) => row.n === pools)).toBe(true);
    const spanMinutes = Math.floor(target.getTime() / MINUTE) - Math.floor(from.getTime() / MINUTE);
    expect(perMinute.rows.length).toBe(spanMinutes);
  });
});

describe('collector across a database restart', () => {
  let server: EmbeddedPostgres;
  let dataDir: string;
  let pool: pg.Pool;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'fleet-restart-'));
    server = await startEmbeddedPostgres({ dataDir });
    await migrate(server.url);
    await seed(server.url);
    pool = new pg.Pool({ connectionString: server.url });
    pool.on('error', () => {});
  });
  afterAll(async () => {
    await pool.end().catch(() => {});
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('fails while the database is down, then reconnects and fills the gap', async () => {
    const c = collector(pool);
    expect(await c.lead()).toBe(true);
    const start = await c.advance(new Date());

    await server.stop();
    await expect(c.advance(new Date(start.getTime() + 2 * MINUTE))).rejects.toThrow();
    await c.resign();

    server = await startEmbeddedPostgres({ dataDir, port: server.port });
    expect(await c.lead()).toBe(true);
    const end = new Date(start.getTime() + 5 * MINUTE);
    await c.advance(end);
    const minutes = await pool.query(
      'SELECT count(DISTINCT ts)::int AS n FROM pool_minute WHERE ts > $1 AND ts <= $2',
      [start, end],
    );
    expect(minutes.rows[0].n).toBe(Math.floor(end.getTime() / MINUTE) - Math.floor(start.getTime() / MINUTE));
    await c.resign();
  });
});
