// One job with its team and project, as the scheduler and the health evaluator last left it.
import 'server-only';
import { db } from '@/lib/db';
import type { JobHealth, JobKind, JobState, WaitReason } from '@/lib/domain/enums';
import type { JobDetail, JobIdentity, JobWaitView } from './types';

export interface JobRow {
  id: number;
  external_id: string;
  name: string;
  kind: JobKind;
  team: string;
  project: string;
  owner: string | null;
  state: JobState;
  health: JobHealth;
  health_reason: string | null;
  health_since: Date | null;
  gpus_requested: number;
  submitted_at: Date;
  started_at: Date | null;
  ended_at: Date | null;
  restart_count: number;
  last_checkpoint_at: Date | null;
  step: bigint | null;
  tokens_per_second: number | null;
  replicas: number | null;
  desired_replicas: number | null;
  wait_reason: WaitReason | null;
  wait_detail: string | null;
  queue_position: number | null;
  queued_at: Date | null;
  partition: string | null;
}

export async function jobRow(id: number): Promise<JobRow | null> {
  const rows = await db.$queryRaw<JobRow[]>`
    SELECT j.id, j.external_id, j.name, j.kind::text AS kind, t.name AS team, p.name AS project, j.owner,
           j.state::text AS state, j.health::text AS health, j.health_reason, j.health_since, j.gpus_requested,
           j.submitted_at, j.started_at, j.ended_at, j.restart_count, j.last_checkpoint_at, j.step,
           j.tokens_per_second, j.replicas, j.desired_replicas, j.wait_reason::text AS wait_reason, j.wait_detail,
           j.queue_position, j.queued_at, j.partition
    FROM job j JOIN team t ON t.id = j.team_id JOIN project p ON p.id = j.project_id
    WHERE j.id = ${id}`;
  return rows[0] ?? null;
}

const iso = (at: Date | null) => (at ? at.toISOString() : null);

type WaitColumns = Pick<JobRow, 'state' | 'wait_reason' | 'wait_detail' | 'queue_position' | 'queued_at'>;

/** Why a pending job waits; one whose source gave no reason still waits, since it was queued. */
export function waitOf(row: WaitColumns): JobWaitView | null {
  if (row.state !== 'pending' || !row.queued_at) return null;
  return {
    reason: row.wait_reason ?? 'other',
    detail: row.wait_detail,
    position: row.queue_position,
    since: row.queued_at.toISOString(),
  };
}

type IdentityColumns = WaitColumns &
  Pick<
    JobRow,
    'id' | 'external_id' | 'name' | 'kind' | 'team' | 'project' | 'owner' | 'health' | 'health_reason' | 'partition'
  >;

/** What names a job and says how it is, the same on its page and in the list. */
export function jobIdentity(row: IdentityColumns): JobIdentity {
  return {
    id: row.id,
    externalId: row.external_id,
    name: row.name,
    kind: row.kind,
    team: row.team,
    project: row.project,
    owner: row.owner,
    state: row.state,
    health: row.health,
    healthReason: row.health_reason,
    partition: row.partition,
    wait: waitOf(row),
  };
}

export function toJobHeader(row: JobRow): JobDetail['job'] {
  return {
    ...jobIdentity(row),
    healthSince: iso(row.health_since),
    gpusRequested: row.gpus_requested,
    submittedAt: row.submitted_at.toISOString(),
    startedAt: iso(row.started_at),
    endedAt: iso(row.ended_at),
    restarts: row.restart_count,
    lastCheckpointAt: iso(row.last_checkpoint_at),
    step: row.step === null ? null : Number(row.step),
    tokensPerSecond: row.tokens_per_second,
    replicas: row.replicas,
    desiredReplicas: row.desired_replicas,
  };
}
