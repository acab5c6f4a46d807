// Incident rows as the lists show them: who has it, what it concerns, and the latest step automatic recovery took
// (its newest recovery and the newest action linked to the incident or to that recovery). One statement.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import type { IncidentSeverity, IncidentSource, IncidentState, ActorKind } from '@/lib/domain/enums';
import type { IncidentRow, RecoveryStep } from './types';

interface Row {
  id: number;
  key: string;
  title: string;
  severity: IncidentSeverity;
  severity_rule: string | null;
  state: IncidentState;
  source: IncidentSource;
  summary: string | null;
  opened_at: Date;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  assignee_id: number | null;
  assignee_name: string | null;
  job_id: number | null;
  job_name: string | null;
  team: string | null;
  node_id: number | null;
  hostname: string | null;
  recovery_id: number | null;
  cause: string | null;
  target_type: string | null;
  recovery_state: RecoveryStep['state'];
  recovery_summary: string | null;
  recovery_message: string | null;
  detected_at: Date | null;
  acted_at: Date | null;
  recovered_at: Date | null;
  last_checkpoint_at: Date | null;
  action_kind: string | null;
  action_state: NonNullable<RecoveryStep['action']>['state'] | null;
  action_message: string | null;
  requested_at: Date | null;
  finished_at: Date | null;
  action_actor_kind: ActorKind | null;
  total: number;
}

const iso = (at: Date | null) => (at ? at.toISOString() : null);

function recoveryOf(row: Row): RecoveryStep | null {
  if (row.recovery_id === null && row.action_kind === null) return null;
  return {
    cause: row.cause,
    targetType: row.target_type === 'job' || row.target_type === 'node' ? row.target_type : null,
    state: row.recovery_state,
    summary: row.recovery_summary,
    message: row.recovery_message,
    detectedAt: iso(row.detected_at),
    actedAt: iso(row.acted_at),
    recoveredAt: iso(row.recovered_at),
    lastCheckpointAt: iso(row.last_checkpoint_at),
    action:
      row.action_kind && row.action_state && row.requested_at
        ? {
            kind: row.action_kind,
            state: row.action_state,
            message: row.action_message,
            requestedAt: row.requested_at.toISOString(),
            finishedAt: iso(row.finished_at),
            automatic: row.action_actor_kind === 'system',
          }
        : null,
  };
}

export function toIncidentRow(row: Row): IncidentRow {
  return {
    id: row.id,
    key: row.key,
    title: row.title,
    severity: row.severity,
    severityRule: row.severity_rule,
    state: row.state,
    source: row.source,
    summary: row.summary,
    openedAt: row.opened_at.toISOString(),
    acknowledgedAt: iso(row.acknowledged_at),
    resolvedAt: iso(row.resolved_at),
    assignee: row.assignee_id === null ? null : { id: row.assignee_id, name: row.assignee_name ?? '' },
    team: row.team,
    job: row.job_id === null ? null : { id: row.job_id, name: row.job_name ?? '' },
    node: row.node_id === null ? null : { id: row.node_id, hostname: row.hostname ?? '' },
    recovery: recoveryOf(row),
  };
}

/** Rows matching `where` (on `i` incident and `t` team), in `order`, with the total count before the limit. */
export async function incidentRows(options: {
  where: Prisma.Sql;
  order: Prisma.Sql;
  limit: number;
  offset?: number;
}): Promise<{ rows: IncidentRow[]; total: number }> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT i.id, i.key, i.title, i.severity::text AS severity, i.severity_rule, i.state::text AS state,
           i.source::text AS source,
           i.summary, i.opened_at, i.acknowledged_at, i.resolved_at,
           u.id AS assignee_id, u.name AS assignee_name, j.id AS job_id, j.name AS job_name, t.name AS team,
           n.id AS node_id, n.hostname,
           r.id AS recovery_id, r.cause, r.target_type, r.state::text AS recovery_state, r.summary AS recovery_summary,
           r.message AS recovery_message, r.detected_at, r.acted_at, r.recovered_at, r.last_checkpoint_at,
           a.kind AS action_kind, a.state::text AS action_state, a.message AS action_message, a.requested_at,
           a.finished_at, a.actor_kind::text AS action_actor_kind,
           count(*) OVER ()::int AS total
    FROM incident i
    LEFT JOIN app_user u ON u.id = i.assignee_id
    LEFT JOIN job j ON j.id = i.job_id
    LEFT JOIN team t ON t.id = j.team_id
    LEFT JOIN node n ON n.id = i.node_id
    LEFT JOIN LATERAL (
      SELECT * FROM recovery WHERE incident_id = i.id ORDER BY detected_at DESC, id DESC LIMIT 1
    ) r ON true
    LEFT JOIN LATERAL (
      SELECT * FROM (
        SELECT * FROM action WHERE incident_id = i.id
        UNION
        SELECT * FROM action WHERE r.id IS NOT NULL AND recovery_id = r.id
      ) linked ORDER BY requested_at DESC, id DESC LIMIT 1
    ) a ON true
    WHERE ${options.where}
    ORDER BY ${options.order}
    LIMIT ${options.limit} OFFSET ${options.offset ?? 0}`;
  return { rows: rows.map(toIncidentRow), total: rows[0]?.total ?? 0 };
}
