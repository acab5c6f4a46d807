// The minute readings' store: minute rows of the hours not packed yet (gpu_sample), hours packed into arrays of 60
// (gpu_sample_hour), read back as minute rows through gpu_minutes(), kept and dropped by day. Also the migration
// that moves a database's minute rows into it.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listMigrations, migrate, migrationsDir } from '@/lib/db/migrate';
import { createTestDatabase } from './db';

let client: pg.Client;
const sql = (text: string, params: unknown[] = []) => client.query(text, params);

interface Minute {
  gpu: number;
  at: string;
  job: number | null;
  util: number;
  xid?: number;
  throttled?: boolean;
}
const insert = (rows: Minute[]) =>
  sql(
    `INSERT INTO gpu_sample (gpu_id, ts, job_id, util, sm_active_bp, fb_used_mib, power_w, temp_c, xid, throttled)
     SELECT g, t, j, u, u * 100, 1000 + u, 300 + u, 40 + u / 10, x, th
     FROM unnest($1::int[], $2::timestamptz[], $3::int[], $4::smallint[], $5::smallint[], $6::bool[]) AS r(g, t, j, u, x, th)`,
    [
      rows.map((r) => r.gpu),
      rows.map((r) => r.at),
      rows.map((r) => r.job),
      rows.map((r) => r.util),
      rows.map((r) => r.xid ?? 0),
      rows.map((r) => r.throttled ?? false),
    ],
  );
const minutesOf = async (gpuIds: number[], from: string, to: string) =>
  (
    await sql(
      `SELECT gpu_id, ts, job_id, util, sm_active_bp, fb_used_mib, power_w, temp_c, xid, throttled
       FROM gpu_minutes($1::int[], $2, $3) ORDER BY gpu_id, ts`,
      [gpuIds, from, to],
    )
  ).rows.map((row) => ({ ...row, ts: (row.ts as Date).toISOString() }));
const iso = (hour: string, minute: number) => `2026-03-02T${hour}:${String(minute).padStart(2, '0')}:00.000Z`;

// GPU 1: every minute of 10:00 (job 7 until 10:29, then job 8), XID 13 at 10:05, throttled at 10:40; 11:00-11:09.
// GPU 2: 10:00-10:19 only (its node went down), no job.
const gpu1: Minute[] = [
  ...Array.from({ length: 60 }, (_, m) => ({
    gpu: 1,
    at: iso('10', m),
    job: m < 30 ? 7 : 8,
    util: 50 + (m % 10),
    xid: m === 5 ? 13 : 0,
    throttled: m === 40,
  })),
  ...Array.from({ length: 10 }, (_, m) => ({ gpu: 1, at: iso('11', m), job: 8, util: 90 })),
];
const gpu2: Minute[] = Array.from({ length: 20 }, (_, m) => ({ gpu: 2, at: iso('10', m), job: null, util: 3 }));

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await insert([...gpu1, ...gpu2]);
});
afterAll(() => client.end());

describe('packing an hour', () => {
  let before: Awaited<ReturnType<typeof minutesOf>>;

  it('moves the minutes of hours before the given time into one row a GPU-hour, minute i at element i + 1', async () => {
    before = await minutesOf([1, 2], iso('09', 0), iso('12', 0));
    expect(before).toHaveLength(90);
    const { rows } = await sql(`SELECT fleet_pack_samples('2026-03-02T11:00Z') AS packed`);
    expect(rows[0].packed).toBe(2); // GPU 1 and GPU 2, hour 10:00
    const left = await sql('SELECT count(*)::int AS n FROM gpu_sample');
    expect(left.rows[0].n).toBe(10); // GPU 1's 11:00-11:09 stay as minute rows
    const { rows: hours } = await sql('SELECT * FROM gpu_sample_hour ORDER BY gpu_id');
    const [one, two] = hours;
    expect(one.hour.toISOString()).toBe('2026-03-02T10:00:00.000Z');
    expect(one.util).toEqual(gpu1.slice(0, 60).map((m) => m.util));
    expect(one.job_id).toEqual([...Array(30).fill(7), ...Array(30).fill(8)]);
    expect(one.xid.indexOf(13)).toBe(5); // 10:05
    expect(one.throttled.indexOf(true)).toBe(40); // 10:40
    // GPU 2: 20 minutes then none; no job, no XID, never throttled: those columns are null, not arrays of zeros.
    expect(two.util).toEqual([...Array(20).fill(3), ...Array(40).fill(null)]);
    expect(two).toMatchObject({ job_id: null, xid: null, ecc_sbe: null, throttled: null });
  });

  it('reads back every minute as it was written, wherever it is kept', async () => {
    expect(await minutesOf([1, 2], iso('09', 0), iso('12', 0))).toEqual(before);
  });

  it('reads only the minutes inside the bounds, to the second', async () => {
    // [10:58:30, 11:02): 10:59 from the packed hour, 11:00 and 11:01 from the minute rows.
    const edge = await minutesOf([1], '2026-03-02T10:58:30Z', '2026-03-02T11:02:00Z');
    expect(edge.map((m) => m.ts)).toEqual([iso('10', 59), iso('11', 0), iso('11', 1)]);
    expect(await minutesOf([2], iso('10', 19), iso('10', 20))).toEqual([expect.objectContaining({ util: 3 })]);
    expect(await minutesOf([2], iso('10', 20), iso('11', 0))).toEqual([]);
  });

  it('merges a late minute into an hour already packed', async () => {
    await insert([{ gpu: 2, at: iso('10', 45), job: 9, util: 77 }]);
    await sql(`SELECT fleet_pack_samples('2026-03-02T11:00Z')`);
    const { rows } = await sql('SELECT util, job_id FROM gpu_sample_hour WHERE gpu_id = 2');
    expect(rows[0].util[45]).toBe(77);
    expect(rows[0].util.slice(0, 20)).toEqual(Array(20).fill(3));
    expect(rows[0].job_id[45]).toBe(9);
    expect(rows[0].job_id.filter((job: number | null) => job !== null)).toEqual([9]);
  });

  it('drops whole days as they age out, with any minute row left from them', async () => {
    await insert([{ gpu: 3, at: '2026-03-01T23:59Z', job: null, util: 1 }]);
    await sql(`SELECT fleet_pack_samples('2026-03-02T00:00Z')`);
    await insert([{ gpu: 3, at: '2026-03-01T23:58Z', job: null, util: 1 }]); // never packed
    const { rows } = await sql(`SELECT fleet_drop_sample_partitions('2026-03-02') AS dropped`);
    expect(rows[0].dropped).toBe(1); // the day of 2026-03-01
    expect(await minutesOf([3], '2026-03-01T00:00Z', '2026-03-03T00:00Z')).toEqual([]);
    expect(await minutesOf([1, 2], iso('09', 0), iso('12', 0))).toHaveLength(91);
  });
});

describe('the migration to packed hours', () => {
  let dir: string;
  let url: string;
  let db: pg.Client;

  beforeAll(async () => {
    url = await createTestDatabase(inject('pgAdminUrl'), 'template1');
    db = new pg.Client({ connectionString: url });
    await db.connect();
    // Every migration before this one, as a database that has collected minute rows has them.
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleet-migrations-'));
    const all = listMigrations();
    const at = all.indexOf('20261206235000_gpu_sample_hour');
    for (const name of all.slice(0, at))
      cpSync(path.join(migrationsDir(), name), path.join(dir, name), { recursive: true });
    await migrate(url, dir);
    for (const name of all.slice(at))
      cpSync(path.join(migrationsDir(), name), path.join(dir, name), { recursive: true });
  });
  afterAll(async () => {
    await db.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('packs every whole hour of the old minute rows, keeps the last hour as rows, and loses no minute', async () => {
    await db.query(`SELECT fleet_ensure_sample_partitions('2026-03-02', '2026-03-02')`);
    const old = [...gpu1, ...gpu2];
    await db.query(
      `INSERT INTO gpu_sample (gpu_id, ts, job_id, util, fb_used_mib, power_w, temp_c, xid)
       SELECT g, t, j, u, 1000, 300, 40, x FROM unnest($1::int[], $2::timestamptz[], $3::int[], $4::smallint[], $5::smallint[]) AS r(g, t, j, u, x)`,
      [
        old.map((r) => r.gpu),
        old.map((r) => r.at),
        old.map((r) => r.job),
        old.map((r) => r.util),
        old.map((r) => r.xid ?? 0),
      ],
    );
    await migrate(url, dir);
    // The last hour holding rows is 11:00: 10:00 is packed (2 GPU-hours), 11:00-11:09 stay minute rows.
    expect((await db.query('SELECT count(*)::int AS n FROM gpu_sample_hour')).rows[0].n).toBe(2);
    expect((await db.query('SELECT count(*)::int AS n FROM gpu_sample')).rows[0].n).toBe(10);
    const { rows } = await db.query(
      `SELECT gpu_id, ts, job_id, util, xid FROM gpu_minutes(ARRAY[1, 2], '2026-03-02T00:00Z', '2026-03-03T00:00Z') ORDER BY gpu_id, ts`,
    );
    expect(rows.map((row) => [row.gpu_id, row.ts.toISOString(), row.job_id, row.util, row.xid])).toEqual(
      old.map((r) => [r.gpu, r.at, r.job, r.util, r.xid ?? 0]),
    );
  });
});
