// A job's health reads only its own minutes on its own GPUs: never the minutes before it started, nor those of
// the GPU's previous holder.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { seedDemo } from '@/lib/db/seed';
import { evaluateJobHealth } from '@/lib/worker/evaluate';
import { newSimulator } from '@/lib/worker/simulator-session';

const MINUTE = 60_000;
const NOW = new Date('2026-03-02T12:00:07Z');
const at = (minutesBefore: number) => new Date(Date.parse('2026-03-02T12:00:00Z') - minutesBefore * MINUTE);

describe('job health reads only the job’s own minutes', () => {
  let pool: pg.Pool;
  let allGpuIds: number[];
  let teamId: number;
  let projectId: number;
  let clusterId: number;

  const addJob = async (name: string, startedAt: Date, state = 'running') => {
    const { rows } = await pool.query<{ id: number }>(
      `INSERT INTO job (cluster_id, external_id, name, kind, team_id, project_id, state, health, gpus_requested,
                        submitted_at, started_at, running_since)
       VALUES ($1, $2, $2, 'evaluation', $3, $4, $5, 'healthy', 2, $6, $6, $6) RETURNING id`,
      [clusterId, name, teamId, projectId, state, startedAt],
    );
    return rows[0].id;
  };
  const samples = async (
    gpuIds: number[],
    jobId: number | null,
    fromMinutesBefore: number,
    toMinutesBefore: number,
    util: number,
  ) => {
    for (const gpuId of gpuIds)
      for (let k = fromMinutesBefore; k > toMinutesBefore; k--)
        await pool.query(
          `INSERT INTO gpu_sample (gpu_id, ts, job_id, util, fb_used_mib, power_w, temp_c) VALUES ($1, $2, $3, $4, 0, 60, 35)`,
          [gpuId, at(k), jobId, util],
        );
  };
  const health = async (jobId: number) =>
    (
      await pool.query<{ health: string; health_reason: string }>(
        'SELECT health, health_reason FROM job WHERE id = $1',
        [jobId],
      )
    ).rows[0];

  beforeAll(async () => {
    await seedDemo(db, await newSimulator({ seed: 3, nodes: 2, backfillDays: 1 }).topology(), {
      pricesFrom: new Date('2026-01-01T00:00:00Z'),
    });
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    await pool.query(`SELECT fleet_ensure_sample_partitions('2026-03-02'::date, '2026-03-02'::date)`);
    const ids = await pool.query<{ id: number }>('SELECT id FROM gpu ORDER BY id LIMIT 4');
    allGpuIds = ids.rows.map((row) => row.id);
    const team = await pool.query<{ id: number; project_id: number }>(
      'SELECT t.id, p.id AS project_id FROM team t JOIN project p ON p.team_id = t.id LIMIT 1',
    );
    teamId = team.rows[0].id;
    projectId = team.rows[0].project_id;
    clusterId = (await pool.query<{ id: number }>('SELECT id FROM cluster LIMIT 1')).rows[0].id;
  });
  afterAll(async () => {
    await pool.end();
  });

  it('does not call a job stalled 7 seconds after it started on GPUs that sat idle for 11 minutes', async () => {
    // The two GPUs were free and idle from 11:49 to 11:59; the job took them at 12:00:00 and runs at 80-90%.
    const gpuIds = allGpuIds.slice(0, 2);
    await samples(gpuIds, null, 11, 0, 0);
    const jobId = await addJob('eval-gsm8k-llm-70b', at(0));
    for (const gpuId of gpuIds)
      await pool.query(`INSERT INTO allocation (job_id, gpu_id, "from") VALUES ($1, $2, $3)`, [jobId, gpuId, at(0)]);
    await evaluateJobHealth(pool, NOW);
    expect(await health(jobId)).toMatchObject({ health: 'healthy' });
  });

  it('does not read the minutes of the GPU’s previous holder', async () => {
    // A hung job held the GPUs until 11:58; a new job has held them since then, for 2 minutes.
    const gpuIds = allGpuIds.slice(2, 4);
    const previous = await addJob('train-hung', at(30), 'failed');
    await samples(gpuIds, previous, 14, 2, 1);
    const jobId = await addJob('train-new', at(2));
    for (const gpuId of gpuIds) {
      await pool.query(`INSERT INTO allocation (job_id, gpu_id, "from", "to") VALUES ($1, $2, $3, $4)`, [
        previous,
        gpuId,
        at(30),
        at(2),
      ]);
      await pool.query(`INSERT INTO allocation (job_id, gpu_id, "from") VALUES ($1, $2, $3)`, [jobId, gpuId, at(2)]);
    }
    // Its own two minutes are quiet too (loading): still far from the 10 minutes the hang rule needs.
    await samples(gpuIds, jobId, 2, 0, 2);
    await evaluateJobHealth(pool, NOW);
    expect(await health(jobId)).toMatchObject({ health: 'healthy' });
  });
});
