// Words and tones for what the jobs pages show. Tones pick colour and shape; the label says it in words.
import type { Tone } from '@/components/ui';
import { STATUS, type Status } from '@/components/ui/status';
import type { JobEventKind, JobKind, JobState, WaitReason } from '@/lib/domain/enums';
import type { HealthRuleId } from '@/lib/domain/health';
import type { FilterKey, JobSort } from '@/lib/queries/jobs/params';

export { FAULT_KIND, JOB_HEALTH, NODE_STATE } from '@/components/overview/labels';

export const JOB_KIND: Record<JobKind, string> = {
  training: 'Training',
  fine_tuning: 'Fine-tuning',
  evaluation: 'Evaluation',
  inference: 'Inference',
};

/** Why a pending job waits, in a few words; the scheduler's own sentence goes beside it. */
export const WAIT_REASON: Record<WaitReason, string> = {
  capacity: 'no capacity',
  quota: 'over quota',
  cordoned: 'nodes cordoned or down',
  priority: 'behind other jobs',
  dependency: 'waits for another job',
  other: 'waiting',
};

/** A job's state, in the words every status shares. */
export const JOB_STATE: Record<JobState, Status> = STATUS;

export const FILTER_LABELS: Record<FilterKey, string> = {
  team: 'Team',
  project: 'Project',
  kind: 'Kind',
  state: 'State',
  health: 'Health',
  partition: 'Partition',
  q: 'Name',
};

export const SORT_LABELS: Record<JobSort, string> = {
  name: 'Job',
  team: 'Team / project',
  kind: 'Kind',
  state: 'State',
  health: 'Health',
  gpus: 'GPUs',
  utilization: 'Utilization',
  age: 'Age',
  restarts: 'Restarts',
  cost: 'Cost so far',
};

/** Which row of DOMAIN.md's job health table gave the verdict, in its own words. */
export const HEALTH_RULE: Record<HealthRuleId, string> = {
  scheduler_state: 'Shown as the scheduler reports it (pending, succeeded and cancelled are not judged)',
  scheduler_failed: 'Failed: the scheduler reports failure',
  fatal_xid: 'Failed: a fatal XID hit one of its GPUs',
  no_progress: 'Stalled: running, and its step has not advanced for max(3 × its median step time, 2 minutes)',
  hang: 'Stalled: a job that reports no progress, every one of its GPUs under 5% utilization for 10 minutes of its own run (a hang)',
  straggler: "Degraded: a straggler, one GPU under 50% of the job's median utilization for 10 minutes",
  thermal_throttling: 'Degraded: thermal throttling',
  restart: 'Recovering: a restart is under way',
  running: 'Healthy: running, and no other rule holds',
};

export const EVENT_KIND: Record<JobEventKind, { label: string; tone: Tone }> = {
  submitted: { label: 'Submitted', tone: 'neutral' },
  started: { label: 'Started', tone: 'info' },
  checkpoint: { label: 'Checkpoint', tone: 'neutral' },
  stalled: { label: 'Stalled', tone: 'bad' },
  degraded: { label: 'Degraded', tone: 'warn' },
  failed: STATUS.failed,
  restart_requested: { label: 'Restart requested', tone: 'info' },
  restarted: { label: 'Restarted', tone: 'info' },
  succeeded: STATUS.succeeded,
  cancelled: STATUS.cancelled,
  preempted: { label: 'Preempted', tone: 'warn' },
  scaled: { label: 'Scaled', tone: 'neutral' },
  xid: { label: 'XID', tone: 'warn' },
};
