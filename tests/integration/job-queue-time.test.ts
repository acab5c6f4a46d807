// Since when a pending job waits, as the ingest keeps it (the overview's "longest" and the jobs list's wait read
// job.queued_at): a job back in the queue keeps the time it went back even when its source, for a moment, cannot
// say it; a simulator restored from its saved state has no scheduling pass behind it until its next change.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_TRAINING_PROGRESS, type JobRecord } from '@/lib/sources/types';
import { Batch } from '@/lib/worker/ingest/batch';
import { loadContext } from '@/lib/worker/ingest/context';
import { writeBatch } from '@/lib/worker/ingest/write';

let pool: pg.Pool;

const job = (fields: Partial<JobRecord>): JobRecord => ({
  externalId: 'train-1',
  name: 'pretrain',
  kind: 'training',
  team: 'research',
  project: 'llm',
  owner: null,
  state: 'pending',
  gpusRequested: 128,
  submittedAt: new Date('2026-11-13T09:00Z'),
  startedAt: null,
  endedAt: null,
  restartCount: 0,
  ...NO_TRAINING_PROGRESS,
  gpuUuids: [],
  ...fields,
});

async function write(record: JobRecord) {
  const client = await pool.connect();
  try {
    const batch = new Batch();
    batch.jobs.set(record.externalId, record);
    await writeBatch(client, await loadContext(client, 'c'), batch);
  } finally {
    client.release();
  }
}

const queuedAt = async (externalId: string) =>
  (await pool.query<{ queued_at: Date | null }>('SELECT queued_at FROM job WHERE external_id = $1', [externalId]))
    .rows[0].queued_at;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
  await pool.query(`INSERT INTO cluster (id, name, scheduler) VALUES (1, 'c', 'simulator')`);
});
afterAll(() => pool.end());

describe('a pending job’s time in the queue', () => {
  it('is its submission for a job that never ran, when the source does not say', async () => {
    await write(job({ externalId: 'eval-1' }));
    expect(await queuedAt('eval-1')).toEqual(new Date('2026-11-13T09:00Z'));
  });

  it('stays the time a job went back to the queue while its source cannot say it, never its submission', async () => {
    // Submitted on 13 Nov, ran from 14 Nov, evicted on 22 Nov at 09:00: waiting since then.
    const ran = { startedAt: new Date('2026-11-14T09:00Z'), restartCount: 1 };
    const wait = { reason: 'capacity' as const, detail: 'Needs 16 whole nodes', position: 1 };
    await write(job({ ...ran, wait: { ...wait, since: new Date('2026-11-22T09:00Z') } }));
    expect(await queuedAt('train-1')).toEqual(new Date('2026-11-22T09:00Z'));
    // The scheduler restarted: the job is still pending, with no word on why or since when.
    await write(job({ ...ran, wait: null }));
    expect(await queuedAt('train-1')).toEqual(new Date('2026-11-22T09:00Z'));
    // Its scheduler speaks again.
    await write(job({ ...ran, wait: { ...wait, since: new Date('2026-11-22T09:00Z') } }));
    expect(await queuedAt('train-1')).toEqual(new Date('2026-11-22T09:00Z'));
  });
});
