// Why a pending Slurm job waits, from its `state_reason` (slurmctld's reason codes, as squeue's %r prints them).
import type { WaitReason } from '@/lib/domain/enums';
import type { JobWait } from '@/lib/sources/types';
import type { SlurmJob } from './read';

const REASONS: [RegExp, WaitReason][] = [
  [/^Dependency|^DependencyNeverSatisfied/, 'dependency'],
  [/^(QOS|Assoc|Partition(Node|Time)?Limit|.*Limit$|.*MaxGRES|.*GrpGRES|.*MaxCpu|.*MaxJobs)/, 'quota'],
  [/^(ReqNodeNotAvail|NodeDown|PartitionDown|PartitionInactive)/, 'cordoned'],
  [/^(Priority|JobHeldAdmin|BeginTime)/, 'priority'],
  [/^(Resources|Nodes_required_for_job_are_DOWN|Licenses|BadConstraints)/, 'capacity'],
];

export function slurmWait(
  job: Pick<SlurmJob, 'state' | 'stateReason' | 'stateDescription' | 'submitTime' | 'eligibleTime'>,
): JobWait | null {
  if (job.state[0] !== 'PENDING') return null;
  const code = job.stateReason || 'None';
  const reason = REASONS.find(([pattern]) => pattern.test(code))?.[1] ?? 'other';
  const since = job.eligibleTime ?? job.submitTime;
  if (!since) return null;
  return { reason, detail: job.stateDescription ? `${code}: ${job.stateDescription}` : code, position: null, since };
}
