// Each GPU's latest reading (gpu_latest), as the collector keeps it: what the fleet map, a node's page and the
// freshness of a node read as "now". Backfilled history (readings older than the raw retention, never stored as
// minute rows) and live minutes (stored as minute rows, and copied from them) must both leave every GPU's newest
// reading, with its time, and a GPU that stops reporting keeps its last one, with the time it was taken.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { seedDemo } from '@/lib/db/seed';
import type { GpuSampleRecord, Snapshot } from '@/lib/sources/types';
import { Collector } from '@/lib/worker/collector';
import { newSimulator, openSimulator, type SimulatorConfig } from '@/lib/worker/simulator-session';

const MINUTE = 60_000;
const NOW = new Date('2026-11-25T12:00:00Z');
const config: SimulatorConfig = { seed: 11, nodes: 4, backfillDays: 1 };

interface LatestRow {
  gpu_id: number;
  uuid: string;
  ts: Date;
  job: string | null;
  util: number;
  sm_active_bp: number | null;
  tensor_active_bp: number | null;
  fb_used_mib: number;
  fb_free_mib: number | null;
  fb_reserved_mib: number | null;
  power_w: number;
  temp_c: number;
  xid: number;
  throttled: boolean;
}

/** What gpu_latest holds for a reading: its figures as gpu_sample stores them (basis points, whole units). */
function stored(reading: GpuSampleRecord) {
  const bp = (ratio: number | null) => (ratio === null ? null : Math.round(ratio * 10_000));
  return {
    uuid: reading.uuid,
    ts: reading.ts,
    job: reading.jobExternalId,
    util: Math.round(reading.util),
    sm_active_bp: bp(reading.smActive),
    tensor_active_bp: bp(reading.tensorActive),
    fb_used_mib: Math.round(reading.fbUsedMib),
    fb_free_mib: reading.fbFreeMib ?? null,
    fb_reserved_mib: reading.fbReservedMib ?? null,
    power_w: Math.fround(reading.powerW),
    temp_c: Math.round(reading.tempC),
    xid: reading.xid,
    throttled: reading.throttled,
  };
}

describe("each GPU's latest reading", () => {
  let pool: pg.Pool;
  let collector: Collector;
  /** The newest reading the source gave for each GPU. */
  const newest = new Map<string, GpuSampleRecord>();
  /** GPUs the source stops reporting (their exporter gone), and GPUs it gives framebuffer free and reserved for. */
  const silenced = new Set<string>();
  /** GPUs the source gives twice each minute, as two exporters scraped for one GPU would. */
  const doubled = new Set<string>();
  let withMemory: (uuid: string) => boolean = () => false;

  const latest = async () =>
    (
      await pool.query<LatestRow>(
        `SELECT l.gpu_id, g.uuid, l.ts, j.external_id AS job, l.util, l.sm_active_bp, l.tensor_active_bp,
                l.fb_used_mib, l.fb_free_mib, l.fb_reserved_mib, l.power_w::float8 AS power_w, l.temp_c, l.xid,
                l.throttled
         FROM gpu_latest l JOIN gpu g ON g.id = l.gpu_id LEFT JOIN job j ON j.id = l.job_id ORDER BY g.uuid`,
      )
    ).rows.map(({ gpu_id: _, ...row }) => row);
  const expected = () => [...newest.values()].sort((a, b) => a.uuid.localeCompare(b.uuid)).map(stored);

  beforeAll(async () => {
    // A fixed date: the simulator's history starts a day before "now", so the cluster is the same at any hour.
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    await seedDemo(db, await newSimulator(config).topology(), {
      pricesFrom: new Date(NOW.getTime() - 3 * 86_400_000),
    });
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    collector = new Collector(pool, {
      openSource: async (p) => {
        const session = await openSimulator(p, config);
        const { source } = session;
        const collect = async (...args: Parameters<typeof source.collect>): Promise<Snapshot> => {
          const snapshot = await source.collect(...args);
          const samples = snapshot.samples
            .flatMap((sample) => (doubled.has(sample.uuid) ? [sample, sample] : [sample]))
            .filter((sample) => !silenced.has(sample.uuid))
            .map((sample) =>
              withMemory(sample.uuid)
                ? { ...sample, fbFreeMib: 81_559 - Math.round(sample.fbUsedMib), fbReservedMib: 520 }
                : sample,
            );
          for (const sample of samples) newest.set(sample.uuid, sample);
          return { ...snapshot, samples };
        };
        return { ...session, source: { name: source.name, topology: () => source.topology(), collect } };
      },
      // No raw minutes kept before now: the history's readings are rolled up only, never stored as minute rows.
      backfillSampleHours: 0,
    });
    expect(await collector.lead()).toBe(true);
  }, 300_000);

  afterAll(async () => {
    await collector.resign();
    vi.useRealTimers();
    await pool.end();
  });

  it('holds the newest reading of every GPU after a backfill that stored no minute rows', async () => {
    await collector.advance(NOW);
    expect(Number((await pool.query('SELECT count(*) AS n FROM gpu_sample')).rows[0].n)).toBe(0);
    // 4 nodes of 8 GPUs, each with its reading of the last period read (10-minute samples while backfilling).
    expect(newest.size).toBe(32);
    expect(await latest()).toEqual(expected());
    expect(new Set((await latest()).map((row) => row.ts.getTime()))).toEqual(new Set([NOW.getTime()]));
  });

  it('moves every reporting GPU to the minute just read, from live minutes stored as rows', async () => {
    const uuids = [...newest.keys()].sort();
    withMemory = (uuid) => uuids.indexOf(uuid) % 2 === 0;
    let cursor = NOW;
    for (let minute = 1; minute <= 5; minute++) {
      // After two minutes, one GPU's exporter goes silent; in the fourth, another GPU is read twice.
      if (minute === 3) silenced.add(uuids[5]);
      if (minute === 4) doubled.add(uuids[2]);
      if (minute === 5) doubled.clear();
      cursor = await collector.advance(new Date(NOW.getTime() + minute * MINUTE));
      expect(await latest()).toEqual(expected());
    }
    expect(Number((await pool.query('SELECT count(*) AS n FROM gpu_sample')).rows[0].n)).toBe(5 * 32 - 3);
    const rows = await latest();
    // Every GPU but the silent one is as of the last minute, whether or not its figures changed since the last.
    expect(rows.filter((row) => row.ts.getTime() === cursor.getTime()).map((row) => row.uuid)).toEqual(
      uuids.filter((uuid) => uuid !== uuids[5]),
    );
    // The silent one keeps its reading of the minute before it went quiet.
    expect(rows.find((row) => row.uuid === uuids[5])?.ts).toEqual(new Date(NOW.getTime() + 2 * MINUTE));
    // Framebuffer free and reserved, which gpu_sample does not keep, where the source gives them.
    expect(rows.find((row) => row.uuid === uuids[0])).toMatchObject({ fb_reserved_mib: 520 });
    expect(rows.find((row) => row.uuid === uuids[1])).toMatchObject({ fb_free_mib: null, fb_reserved_mib: null });
  });
});
