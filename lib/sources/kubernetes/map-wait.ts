// Why a pending workload waits, from its pods as the Kubernetes scheduler left them: a pod it could not place has
// the condition PodScheduled=False, reason Unschedulable, and a message that counts the nodes by why each was
// refused ("0/16 nodes are available: 4 node(s) were unschedulable, 12 Insufficient nvidia.com/gpu."). A workload
// with no pod yet that a queue holds back (Kueue suspends it until its ClusterQueue has quota) waits for quota.
import type { JobRecord, JobWait } from '@/lib/sources/types';
import type { PodObject } from './map-pods';

const byReason: [RegExp, JobWait['reason']][] = [
  [/exceeded quota|quota/i, 'quota'],
  [
    /were unschedulable|untolerated taint.*unschedulable|node\.kubernetes\.io\/unschedulable|not-ready|unreachable/i,
    'cordoned',
  ],
  [/insufficient nvidia\.com\/gpu|insufficient /i, 'capacity'],
  [/preemption/i, 'priority'],
];

function classify(message: string): JobWait['reason'] {
  // The refusal that counts the most nodes decides, as "12 Insufficient nvidia.com/gpu" outweighs "4 … unschedulable".
  const parts = message
    .replace(/^\d+\/\d+ nodes are available:\s*/, '')
    .split(/[,.]\s+/)
    .map((part) => ({ part, count: Number(/^(\d+)\s/.exec(part.trim())?.[1] ?? 0) }))
    .sort((a, b) => b.count - a.count);
  for (const { part } of parts) for (const [pattern, reason] of byReason) if (pattern.test(part)) return reason;
  for (const [pattern, reason] of byReason) if (pattern.test(message)) return reason;
  return 'other';
}

/** Why the workload waits; null when none of its pods says and no queue holds it. */
export function podsWait(
  record: Pick<JobRecord, 'submittedAt'>,
  pods: PodObject[],
  suspended: boolean,
): JobWait | null {
  const waiting = pods
    .map((pod) => ({
      pod,
      condition: pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False'),
    }))
    .filter((entry) => entry.condition);
  const since = (entry: (typeof waiting)[number]) => {
    const at = entry.condition!.lastTransitionTime;
    return at ? new Date(at) : null;
  };
  const first = waiting.sort((a, b) => (since(a)?.getTime() ?? 0) - (since(b)?.getTime() ?? 0))[0];
  if (first) {
    const message = first.condition!.message ?? first.condition!.reason ?? 'Not scheduled';
    return {
      reason: classify(message),
      detail: message.trim(),
      position: null,
      since: since(first) ?? record.submittedAt,
    };
  }
  if (suspended && pods.length === 0) {
    return {
      reason: 'quota',
      detail: 'Suspended until its queue admits it (Kueue waits for quota in its ClusterQueue)',
      position: null,
      since: record.submittedAt,
    };
  }
  return null;
}
