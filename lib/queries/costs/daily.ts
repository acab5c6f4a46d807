// Spend per day (in the organisation's time zone), project and kind of job: what the stacked chart and the burn charts draw.
import 'server-only';
import { db } from '@/lib/db';
import type { JobKind } from '@/lib/domain/enums';
import type { TimeRange } from '@/lib/domain/time';
import { pricedPieces } from '@/lib/pricing/sql';
import type { ClusterScope } from '@/lib/clusters/scope';

export interface DailyProjectSpend {
  /** The local calendar day, YYYY-MM-DD. */
  day: string;
  projectId: number;
  teamId: number;
  jobKind: JobKind;
  cost: number;
  gpuHours: number;
}

/** Each piece is cut again at local midnights, so a day holds exactly its own hours, DST days included. */
export async function dailySpendByProject(
  range: TimeRange,
  timeZone: string,
  scope?: ClusterScope,
): Promise<DailyProjectSpend[]> {
  const { from, to } = range;
  const rows = await db.$queryRaw<
    { day: string; project_id: number; team_id: number; kind: JobKind; cost: number; gpu_hours: number }[]
  >`
    ${pricedPieces(from, to, scope)},
    -- A job's GPUs mostly share their intervals: each cut at midnights once, times its GPUs (a month of 5,000
    -- jobs is 99,000 GPU pieces but a few thousand runs).
    runs AS MATERIALIZED (
      SELECT job_id, price, f, t, count(*) AS gpus FROM pieces GROUP BY 1, 2, 3, 4
    ), days AS MATERIALIZED (
      SELECT d::date AS day, d AT TIME ZONE ${timeZone} AS d_from, (d + interval '1 day') AT TIME ZONE ${timeZone} AS d_to
      FROM generate_series((${from}::timestamptz AT TIME ZONE ${timeZone})::date::timestamp,
                           (${to}::timestamptz AT TIME ZONE ${timeZone})::date::timestamp, interval '1 day') d
    ), per_job_day AS (
      SELECT r.job_id, dy.day, r.price,
             r.gpus * date_part('epoch', least(r.t, dy.d_to) - greatest(r.f, dy.d_from)) AS seconds
      FROM runs r JOIN days dy ON dy.d_from < r.t AND dy.d_to > r.f
    )
    SELECT to_char(pjd.day, 'YYYY-MM-DD') AS day, j.project_id, j.team_id, j.kind,
           coalesce(sum(pjd.seconds * pjd.price), 0) / 3600 AS cost, sum(pjd.seconds) / 3600 AS gpu_hours
    FROM per_job_day pjd JOIN job j ON j.id = pjd.job_id
    GROUP BY pjd.day, j.project_id, j.team_id, j.kind
    ORDER BY pjd.day, j.project_id, j.kind`;
  return rows.map((row) => ({
    day: row.day,
    projectId: row.project_id,
    teamId: row.team_id,
    jobKind: row.kind,
    cost: row.cost,
    gpuHours: row.gpu_hours,
  }));
}
