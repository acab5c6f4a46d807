// A run resubmitted after it failed is one lineage: on the hand-worked fleet of cost-fixture.ts, pretrain-7b (J1,
// failed) is resumed by pretrain-7b-r2 (J5), and either attempt's page shows the run's attempts and totals.
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { jobLineage } from '@/lib/queries/jobs/job-lineage';
import { buildCostFleet } from './cost-fixture';

const NOW = new Date('2026-11-24T12:00:00Z');

beforeAll(async () => {
  await buildCostFleet(process.env.DATABASE_URL!);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  // J5 resumes J1 on GPU 11 (reserved, $2.50 after 11-18T12:00Z) for 4 h and is restarted once: 4 x $2.50 = $10.
  await client.query(`
    INSERT INTO job (id, cluster_id, external_id, name, kind, team_id, project_id, state, health, gpus_requested,
                     submitted_at, started_at, ended_at, restart_count, resumes_job_id) VALUES
      (5, 1, 'j5', 'pretrain-7b-r2', 'training', 1, 1, 'succeeded', 'succeeded', 1,
       '2026-11-20T00:00Z', '2026-11-20T00:00Z', '2026-11-20T04:00Z', 1, 1);
    INSERT INTO allocation (job_id, gpu_id, "from", "to") VALUES (5, 11, '2026-11-20T00:00Z', '2026-11-20T04:00Z');`);
  await client.end();
});

describe("a run's lineage", () => {
  it('holds every attempt, with the run cost, restarts and resubmissions, from either attempt', async () => {
    for (const id of [1, 5]) {
      const lineage = await jobLineage(id, NOW);
      expect(lineage?.attempts.map((a) => [a.id, a.name, a.state, a.restarts, a.cost])).toEqual([
        [1, 'pretrain-7b', 'failed', 0, 54],
        [5, 'pretrain-7b-r2', 'succeeded', 1, 10],
      ]);
      // $54 (J1, see the fixture) + $10 = $64; J5's one restart; one resubmission.
      expect(lineage).toMatchObject({ cost: 64, unpricedGpuHours: 0, restarts: 1, resubmissions: 1 });
    }
  });

  it('is absent for a job that stands alone', async () => {
    expect(await jobLineage(2, NOW)).toBeNull();
  });
});
