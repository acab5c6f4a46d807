// How automatic recovery did over a range (DOMAIN.md "Automatic recovery"), per target type and per cause.
// A recovery belongs to the range its detection falls in, [from, to).
//
// Time to recover = recovered_at - fault_at, time to detect = detected_at - fault_at. Percentiles are
// PostgreSQL's percentile_cont, which interpolates between the two nearest values: of 2, 3, 4, 6 and 12 minutes
// the median is 4 and the 95th percentile sits 0.95 x (5 - 1) = 3.8 of the way up the sorted list, between 6
// and 12: 6 + 0.8 x 6 = 10.8 minutes.
//
// The share within target is out of the recoveries that finished: recovered, failed, or stopped by the circuit
// breaker (those never came back by themselves, so they are not within target). Ones still acting, or left to a
// person because the policy was off, are counted but not in the share.
import 'server-only';
import { db } from '@/lib/db';
import type { TimeRange } from '@/lib/domain/time';
import {
  RECOVERY_CAUSES,
  RECOVERY_TARGET_MS,
  targetTypeOfCause,
  type RecoveryCause,
  type RecoveryFigures,
  type RecoveryPoint,
  type RecoverySummary,
  type RecoveryTargetType,
} from './types';

/** A row of the query: the counts of each outcome under the names the figures give them, then the rest. */
interface Row extends Pick<RecoveryFigures, 'count' | 'recovered' | 'failed' | 'escalated' | 'acting' | 'disabled'> {
  target_type: RecoveryTargetType;
  /** null on the per-target-type rows of the grouping sets. */
  cause: RecoveryCause | null;
  within_target: number;
  median_recover_s: number | null;
  p95_recover_s: number | null;
  median_detect_s: number | null;
  lost_gpu_hours: number;
  lost_cost: number;
  unpriced_lost_gpu_hours: number;
}

function empty(targetType: RecoveryTargetType, cause: RecoveryCause | null): RecoveryFigures {
  return {
    targetType,
    cause,
    targetMs: RECOVERY_TARGET_MS[targetType],
    count: 0,
    recovered: 0,
    failed: 0,
    escalated: 0,
    acting: 0,
    disabled: 0,
    finished: 0,
    withinTarget: 0,
    withinTargetShare: null,
    medianRecoverMs: null,
    p95RecoverMs: null,
    medianDetectMs: null,
    lostGpuHours: 0,
    lostCost: 0,
    unpricedLostGpuHours: 0,
  };
}

const ms = (seconds: number | null) => (seconds === null ? null : Math.round(seconds * 1000));

function figures(row: Row): RecoveryFigures {
  const finished = row.recovered + row.failed + row.escalated;
  return {
    ...empty(row.target_type, row.cause),
    count: row.count,
    recovered: row.recovered,
    failed: row.failed,
    escalated: row.escalated,
    acting: row.acting,
    disabled: row.disabled,
    finished,
    withinTarget: row.within_target,
    withinTargetShare: finished > 0 ? row.within_target / finished : null,
    medianRecoverMs: ms(row.median_recover_s),
    p95RecoverMs: ms(row.p95_recover_s),
    medianDetectMs: ms(row.median_detect_s),
    lostGpuHours: row.lost_gpu_hours,
    lostCost: row.lost_cost,
    unpricedLostGpuHours: row.unpriced_lost_gpu_hours,
  };
}

export async function recoverySummary(range: TimeRange): Promise<RecoverySummary> {
  const jobTargetS = RECOVERY_TARGET_MS.job / 1000;
  const nodeTargetS = RECOVERY_TARGET_MS.node / 1000;
  const rows = await db.$queryRaw<Row[]>`
    WITH r AS (
      SELECT target_type, cause, state::text AS state, lost_gpu_hours, lost_cost,
             extract(epoch FROM recovered_at - fault_at)::float8 AS recover_s,
             extract(epoch FROM detected_at - fault_at)::float8 AS detect_s,
             CASE target_type WHEN 'job' THEN ${jobTargetS}::float8 ELSE ${nodeTargetS}::float8 END AS target_s
      FROM recovery
      WHERE detected_at >= ${range.from}::timestamptz AND detected_at < ${range.to}::timestamptz
    )
    SELECT target_type, cause,
           count(*)::int AS count,
           count(*) FILTER (WHERE state = 'recovered')::int AS recovered,
           count(*) FILTER (WHERE state = 'failed')::int AS failed,
           count(*) FILTER (WHERE state = 'escalated')::int AS escalated,
           count(*) FILTER (WHERE state = 'acting')::int AS acting,
           count(*) FILTER (WHERE state = 'disabled')::int AS disabled,
           count(*) FILTER (WHERE state = 'recovered' AND recover_s <= target_s)::int AS within_target,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY recover_s) FILTER (WHERE state = 'recovered') AS median_recover_s,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY recover_s) FILTER (WHERE state = 'recovered') AS p95_recover_s,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY detect_s) AS median_detect_s,
           coalesce(sum(lost_gpu_hours), 0)::float8 AS lost_gpu_hours,
           coalesce(sum(lost_cost), 0)::float8 AS lost_cost,
           coalesce(sum(lost_gpu_hours) FILTER (WHERE lost_cost IS NULL), 0)::float8 AS unpriced_lost_gpu_hours
    FROM r
    GROUP BY GROUPING SETS ((target_type), (target_type, cause))`;
  const whole = (targetType: RecoveryTargetType) =>
    rows.find((row) => row.target_type === targetType && row.cause === null);
  const ofCause = (cause: RecoveryCause) => rows.find((row) => row.cause === cause);
  const figuresOr = (row: Row | undefined, targetType: RecoveryTargetType, cause: RecoveryCause | null) =>
    row ? figures(row) : empty(targetType, cause);
  return {
    job: figuresOr(whole('job'), 'job', null),
    node: figuresOr(whole('node'), 'node', null),
    byCause: RECOVERY_CAUSES.map((cause) => figuresOr(ofCause(cause), targetTypeOfCause(cause), cause)),
  };
}

/** Every recovered fault detected in the range with its time to recover, oldest first, for the chart. */
export async function recoveryPoints(range: TimeRange, limit = 5000): Promise<RecoveryPoint[]> {
  const rows = await db.$queryRaw<
    { id: number; target_type: RecoveryTargetType; fault_at: Date; recover_ms: number }[]
  >`
    SELECT id, target_type, fault_at, (extract(epoch FROM recovered_at - fault_at) * 1000)::float8 AS recover_ms
    FROM recovery
    WHERE detected_at >= ${range.from}::timestamptz AND detected_at < ${range.to}::timestamptz
      AND state = 'recovered' AND recovered_at IS NOT NULL
    ORDER BY fault_at DESC, id DESC
    LIMIT ${limit}`;
  return rows.reverse().map((row) => ({
    id: row.id,
    targetType: row.target_type,
    faultAt: row.fault_at.toISOString(),
    timeToRecoverMs: Math.round(row.recover_ms),
  }));
}
