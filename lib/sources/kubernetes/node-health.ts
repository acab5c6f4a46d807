// What GPU health tools say about a node, read from the Node object and the GPU operator's validator pod:
// conditions a node problem detector sets (NVIDIA's NVSentinel: GpuMemWatch, SysLogsXIDError…; AKS: GPUMissing,
// GPUXIDErrors…), taints, the driver upgrade label, and allocatable GPUs dropping below capacity when the device
// plugin marks GPUs unhealthy. Pure.
import type { V1Node } from '@kubernetes/client-node';
import type { FaultKind } from '@/lib/domain/enums';
import type { NodeSignal } from '@/lib/sources/types';
import type { PodObject } from './map-pods';
import { DRIVER_UPGRADE_STATE_LABEL, GPU_RESOURCE, KUBELET_CONDITIONS, VALIDATOR_APP_LABEL } from './labels';

/** A condition whose type names a GPU part: True means the node's GPUs cannot be trusted. */
const GPU_CONDITION = /gpu|xid|nvlink|nvswitch|dcgm|fallenoff/i;

const FAULT_OF_CONDITION: [RegExp, FaultKind][] = [
  [/xid|fallen/i, 'xid'],
  [/mem|ecc/i, 'ecc_dbe'],
  [/nvlink|nvswitch/i, 'nvlink'],
  [/pcie/i, 'pcie'],
  [/thermal/i, 'thermal'],
  [/power/i, 'power'],
];

/** Taints that say a node is unwell; the cordon taint is the node's state, shown as such. */
const PROBLEM_TAINT = /^(nvidia\.com\/|node\.kubernetes\.io\/(not-ready|unreachable|.*-pressure|network-unavailable))/;
const CORDON_TAINT = 'node.kubernetes.io/unschedulable';

const count = (quantity: string | undefined) => {
  const value = Number.parseInt(quantity ?? '', 10);
  return Number.isFinite(value) ? value : null;
};

export interface GpuHealth {
  signals: NodeSignal[];
  /** A GPU condition that is True: the node is down, with this fault. */
  gpuProblem: { reason: string; since: Date | null; fault: FaultKind } | null;
  /** Why the node's GPUs are not yet usable (validation pending or failed, none allocatable), if so. */
  notReady: string | null;
}

export function gpuHealth(node: V1Node, podsOnNode: PodObject[]): GpuHealth {
  const signals: NodeSignal[] = [];
  let gpuProblem: GpuHealth['gpuProblem'] = null;
  let notReady: string | null = null;

  for (const condition of node.status?.conditions ?? []) {
    const problem = condition.status === 'True';
    // The kubelet's own pressure conditions are shown when they bite; a health tool's, always.
    if (condition.type === 'Ready' || (KUBELET_CONDITIONS.includes(condition.type) && !problem)) continue;
    const message = [condition.reason, condition.message].filter(Boolean).join(': ') || null;
    const since = condition.lastTransitionTime ?? null;
    signals.push({ kind: 'condition', name: condition.type, problem, message, since });
    if (problem && !gpuProblem && GPU_CONDITION.test(condition.type)) {
      const fault = FAULT_OF_CONDITION.find(([pattern]) => pattern.test(condition.type))?.[1] ?? 'xid';
      gpuProblem = { reason: `${condition.type}${message ? `: ${message}` : ''}`, since, fault };
    }
  }

  for (const taint of node.spec?.taints ?? []) {
    if (taint.key === CORDON_TAINT) continue;
    const name = `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
    signals.push({
      kind: 'taint',
      name,
      problem: PROBLEM_TAINT.test(taint.key),
      message: null,
      since: taint.timeAdded ?? null,
    });
  }

  const upgrade = node.metadata?.labels?.[DRIVER_UPGRADE_STATE_LABEL];
  if (upgrade && upgrade !== 'upgrade-done') {
    signals.push({
      kind: 'label',
      name: `${DRIVER_UPGRADE_STATE_LABEL}=${upgrade}`,
      problem: upgrade === 'upgrade-failed',
      message:
        upgrade === 'upgrade-failed' ? 'the GPU operator could not upgrade the driver' : 'GPU driver upgrade under way',
      since: null,
    });
  }

  const [appLabel, appValue] = VALIDATOR_APP_LABEL;
  const validator = podsOnNode.find((pod) => pod.metadata?.labels?.[appLabel] === appValue);
  if (validator) {
    const ready = validator.status?.conditions?.find((c) => c.type === 'Ready');
    if (ready?.status !== 'True') {
      const waiting = [
        ...(validator.status?.initContainerStatuses ?? []),
        ...(validator.status?.containerStatuses ?? []),
      ]
        .filter((status) => !status.ready && (status.state?.waiting || status.state?.terminated))
        .map(
          (status) =>
            `${status.name}: ${status.state?.waiting?.reason ?? status.state?.terminated?.reason ?? 'not ready'}`,
        );
      const message = waiting.length ? waiting.join(', ') : 'validator pod not ready';
      signals.push({ kind: 'validator', name: 'nvidia-operator-validator', problem: true, message, since: null });
      notReady = `GPU operator validation has not passed (${message})`;
    }
  }

  const capacity = count(node.status?.capacity?.[GPU_RESOURCE]);
  const allocatable = count(node.status?.allocatable?.[GPU_RESOURCE]);
  if (capacity && allocatable !== null && allocatable < capacity) {
    const message = `${allocatable} of ${capacity} GPUs allocatable: the device plugin reports ${capacity - allocatable} unhealthy`;
    signals.push({ kind: 'gpus', name: `${GPU_RESOURCE} allocatable`, problem: true, message, since: null });
    if (allocatable === 0) notReady ??= message;
  }
  return { signals, gpuProblem, notReady };
}
