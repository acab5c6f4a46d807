// Automatic recovery policies (DOMAIN.md "Automatic recovery"), as stored in recovery_policy and edited by admins.
import { z } from 'zod';
import { JOB_KINDS } from '@/lib/domain/enums';

export const POLICY_KINDS = ['restart_failed_job', 'restart_stalled_job', 'remediate_fatal_xid_node'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

const jobKinds = z.array(z.enum(JOB_KINDS)).min(1);

export const restartPolicyConfig = z.object({
  /** The circuit breaker: automatic restarts of one job in an hour before on-call is paged instead. */
  maxRestartsPerHour: z.coerce.number().int().min(1).max(20).default(3),
  jobKinds: jobKinds.default(['training', 'fine_tuning']),
});
export const nodePolicyConfig = z.object({
  drainTimeoutMinutes: z.coerce.number().int().min(1).max(60).default(5),
  /** A node rebooted this many times by recovery in a day is replaced instead. */
  replaceAfterReboots: z.coerce.number().int().min(1).max(10).default(2),
  /** A node with this many faults in the window (DOMAIN.md "Automatic recovery") is replaced, not rebooted again. */
  replaceAfterFaults: z.coerce.number().int().min(1).max(50).default(3),
  /** The window those faults are counted over, in hours: up to 30 days. */
  faultWindowHours: z.coerce.number().int().min(1).max(720).default(168),
});

export type RestartPolicyConfig = z.infer<typeof restartPolicyConfig>;
export type NodePolicyConfig = z.infer<typeof nodePolicyConfig>;

export const POLICY_INFO: Record<PolicyKind, { title: string; description: string }> = {
  restart_failed_job: {
    title: 'Restart failed jobs',
    description:
      'A failed training job is restarted from its latest checkpoint. Target: running again within 5 minutes of the fault.',
  },
  restart_stalled_job: {
    title: 'Restart stalled jobs',
    description:
      'A training job whose step has not advanced for max(3 × its median step time, 2 minutes) (or, reporting no progress, whose GPUs have all been under 5% for 10 minutes) is restarted from its latest checkpoint. Target: running again within 5 minutes of the fault.',
  },
  remediate_fatal_xid_node: {
    title: 'Remediate nodes with a fatal XID',
    description:
      'A node with a fatal XID or that stopped responding is cordoned, drained, rebooted and uncordoned. It is replaced instead when a reboot rarely fixes its fault, when it has had too many faults in the window, or after repeated reboots; a warm spare of its pool takes its place at once. Target: back within 10 minutes of the fault.',
  },
};

export function parsePolicyConfig(kind: PolicyKind, config: unknown) {
  return kind === 'remediate_fatal_xid_node'
    ? nodePolicyConfig.parse(config ?? {})
    : restartPolicyConfig.parse(config ?? {});
}
