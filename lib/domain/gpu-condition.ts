// What a GPU on the fleet map is doing now, one word each, first match wins: a node that is gone outranks a
// GPU's own fault, which outranks the node's scheduling state, which outranks the GPU's readings.
import type { NodeState } from './enums';

export const GPU_CONDITIONS = [
  'down',
  'fatal',
  'draining',
  'cordoned',
  'throttled',
  'xid',
  'no_data',
  'idle',
  'busy',
] as const;
export type GpuCondition = (typeof GPU_CONDITIONS)[number];

export const GPU_CONDITION_LABELS: Record<GpuCondition, string> = {
  down: 'Node down',
  fatal: 'Fatal XID',
  draining: 'Draining',
  cordoned: 'Cordoned',
  throttled: 'Throttled',
  xid: 'XID warning (1 h)',
  no_data: 'Not reporting',
  idle: 'Idle (unallocated)',
  busy: 'Allocated, healthy',
};

export interface GpuConditionInput {
  nodeState: NodeState;
  gpuHealthy: boolean;
  /** False when the GPU has no reading, or none recent enough (it is not reporting). */
  hasSample: boolean;
  throttled: boolean;
  /** Warning XIDs seen in the last hour. */
  recentXids: number;
  allocated: boolean;
}

export function gpuCondition(gpu: GpuConditionInput): GpuCondition {
  if (gpu.nodeState === 'down' || gpu.nodeState === 'rebooting' || gpu.nodeState === 'provisioning') return 'down';
  if (!gpu.gpuHealthy) return 'fatal';
  if (gpu.nodeState === 'draining') return 'draining';
  if (gpu.nodeState === 'cordoned') return 'cordoned';
  if (!gpu.hasSample) return 'no_data';
  if (gpu.throttled) return 'throttled';
  if (gpu.recentXids > 0) return 'xid';
  return gpu.allocated ? 'busy' : 'idle';
}
