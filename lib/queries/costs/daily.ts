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
    days AS (
      SELECT d::date AS day, d AT TIME ZONE ${timeZone} AS d_from, (d + interval '1 day') AT TIME ZONE ${timeZone} AS d_to
      FROM generate_series((${from}::timestamptz AT TIME ZONE ${timeZone})::date::timestamp,
                           (${to}::timestamptz AT TIME ZONE ${timeZone})::date::timestamp, interval '1 day') d
    ), per_job_day AS (
      SELECT pc.job_id, dy.day, pc.price,
             date_part('epoch', least(pc.t, dy.d_to) - greatest(pc.f, dy.d_from)) AS seconds
      FROM pieces pc JOIN days dy ON dy.d_from < pc.t AND dy.d_to > pc.f
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
