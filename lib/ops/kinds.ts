// The operations an operator (or automatic recovery) can ask of the cluster, as the pages, the server actions,
// the worker's runner and the audit log name them. Client-safe: no server imports.

export const OPERATION_KINDS = [
  'job.restart',
  'job.cancel',
  'service.scale',
  'node.cordon',
  'node.uncordon',
  'node.drain',
  'node.reboot',
  'node.replace',
  'pool.scale',
] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

export type TargetType = 'job' | 'node' | 'pool';

export interface OperationInfo {
  target: TargetType;
  /** The button's label. */
  label: string;
  /** What it does, for the confirmation dialog. */
  description: string;
  /**
   * Done once the executor has accepted it (a cordon is one API call) and the console's records have caught up
   * (lib/ops/runner.ts, caughtUp); the others wait until their change is observed.
   */
  instant: boolean;
  /** How long the runner waits to observe the change before calling the action failed. */
  settleMinutes: number;
}

export const OPERATIONS: Readonly<Record<OperationKind, OperationInfo>> = {
  'job.restart': {
    target: 'job',
    label: 'Restart from checkpoint',
    description: 'Stops the job and starts it again from its latest checkpoint. Work since that checkpoint is redone.',
    instant: false,
    settleMinutes: 10,
  },
  'job.cancel': {
    target: 'job',
    label: 'Cancel',
    description: 'Stops the job for good and frees its GPUs. Work since the latest checkpoint is lost.',
    instant: true,
    settleMinutes: 5,
  },
  'service.scale': {
    target: 'job',
    label: 'Scale replicas',
    description: 'Sets the inference service’s number of replicas; new replicas start as GPUs allow.',
    instant: false,
    settleMinutes: 15,
  },
  'node.cordon': {
    target: 'node',
    label: 'Cordon',
    description: 'Stops new work from being scheduled on the node. Jobs already on it keep running.',
    instant: true,
    settleMinutes: 5,
  },
  'node.uncordon': {
    target: 'node',
    label: 'Uncordon',
    description: 'Lets new work be scheduled on the node again.',
    instant: true,
    settleMinutes: 5,
  },
  'node.drain': {
    target: 'node',
    label: 'Drain',
    description:
      'Cordons the node and evicts its jobs, honouring disruption budgets; they are rescheduled elsewhere and lose the work since their latest checkpoint.',
    instant: false,
    settleMinutes: 15,
  },
  'node.reboot': {
    target: 'node',
    label: 'Reboot',
    description: 'Restarts the node, which resets its GPUs. Jobs still on it die.',
    instant: false,
    settleMinutes: 15,
  },
  'node.replace': {
    target: 'node',
    label: 'Replace',
    description: 'Swaps the node for a spare machine. Jobs still on it die.',
    instant: false,
    settleMinutes: 20,
  },
  'pool.scale': {
    target: 'pool',
    label: 'Scale pool',
    description: 'Sets the pool’s node count. Nodes removed are drained first, idle ones before busy ones.',
    instant: false,
    settleMinutes: 20,
  },
};

/** Acting on a job this large, or disrupting one, asks for its name to be typed (DOMAIN.md scale: 512 GPUs). */
export const TYPED_CONFIRMATION_GPUS = 512;

export const isOperationKind = (value: string): value is OperationKind =>
  (OPERATION_KINDS as readonly string[]).includes(value);
