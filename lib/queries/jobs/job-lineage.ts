// The attempts of one run: a job resubmitted after it failed resumes the failed attempt (job.resumes_job_id), so
// a run's cost, restarts and ETTR are those of every attempt together, whichever attempt's page is open.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { roundCents } from '@/lib/domain/cost';
import { jobLifetimeLedger } from '@/lib/queries/ledger/job';
import { metricsCtes } from './metrics';
import type { JobLineage } from './types';

/** Most attempts read back: a run resubmitted more often than this is shown by its latest ones. */
const MAX_ATTEMPTS = 200;

/** The run the job is an attempt of, or null when it is its run's only attempt. */
export async function jobLineage(id: number, now: Date): Promise<JobLineage | null> {
  const rows = await db.$queryRaw<
    {
      id: number;
      external_id: string;
      name: string;
      state: JobLineage['attempts'][number]['state'];
      restart_count: number;
      submitted_at: Date;
      ended_at: Date | null;
      cost: number | null;
      unpriced_gpu_hours: number | null;
    }[]
  >`
    WITH RECURSIVE up AS (
      SELECT j.id, j.resumes_job_id, 0 AS depth FROM job j WHERE j.id = ${id}
      UNION ALL
      SELECT j.id, j.resumes_job_id, up.depth + 1 FROM job j JOIN up ON j.id = up.resumes_job_id
      WHERE up.depth < ${MAX_ATTEMPTS}
    ), down AS (
      SELECT id, 0 AS depth FROM (SELECT id FROM up ORDER BY depth DESC LIMIT 1) root
      UNION ALL
      SELECT j.id, down.depth + 1 FROM job j JOIN down ON j.resumes_job_id = down.id WHERE down.depth < ${MAX_ATTEMPTS}
    ), attempts AS (SELECT DISTINCT id FROM down),
    ${metricsCtes(Prisma.sql`SELECT id FROM attempts`, { from: now, to: now, now }, { cost: true, utilization: false })}
    SELECT j.id, j.external_id, j.name, j.state, j.restart_count, j.submitted_at, j.ended_at,
           m.cost, m.unpriced_gpu_hours
    FROM attempts t JOIN job j ON j.id = t.id LEFT JOIN metrics m ON m.id = j.id
    ORDER BY j.submitted_at, j.id`;
  if (rows.length < 2) return null;
  const ledger = await jobLifetimeLedger(
    rows.map((row) => row.id),
    now,
  );
  return {
    attempts: rows.map((row) => ({
      id: row.id,
      externalId: row.external_id,
      name: row.name,
      state: row.state,
      restarts: row.restart_count,
      submittedAt: row.submitted_at.toISOString(),
      endedAt: row.ended_at?.toISOString() ?? null,
      cost: roundCents(row.cost ?? 0),
    })),
    cost: roundCents(rows.reduce((sum, row) => sum + (row.cost ?? 0), 0)),
    unpricedGpuHours: rows.reduce((sum, row) => sum + (row.unpriced_gpu_hours ?? 0), 0),
    restarts: rows.reduce((sum, row) => sum + row.restart_count, 0),
    resubmissions: rows.length - 1,
    ettr: ledger.ettr,
  };
}
