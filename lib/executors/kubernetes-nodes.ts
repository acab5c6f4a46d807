// Cordon, uncordon and drain, as `kubectl cordon` and `kubectl drain` do them: cordon sets spec.unschedulable,
// drain cordons and then evicts the node's pods through the Eviction API, so PodDisruptionBudgets are honoured.
import type { V1Pod } from '@kubernetes/client-node';
import type { KubernetesApis } from '@/lib/sources/kubernetes/client';
import { describeKubernetesError } from '@/lib/sources/kubernetes/errors';
import { CORDONED_AT_ANNOTATION, CORDON_REASON_ANNOTATION } from '@/lib/sources/kubernetes/labels';
import { listAll } from '@/lib/sources/kubernetes/list';
import { isEvictable } from '@/lib/sources/kubernetes/map-nodes';
import { podKey } from '@/lib/sources/kubernetes/map-pods';
import { apiFailure, mergePatch, retryUntil, type Backoff } from './kubernetes-support';
import { failed, succeeded, type ExecutorResult } from './types';

export async function cordon(apis: KubernetesApis, hostname: string, reason: string): Promise<ExecutorResult> {
  try {
    const node = await apis.core.readNode({ name: hostname });
    const already = node.spec?.unschedulable === true;
    // Keep the time of the first cordon, so a drain after a cordon does not reset it.
    const since = (already && node.metadata?.annotations?.[CORDONED_AT_ANNOTATION]) || new Date().toISOString();
    const body = {
      spec: { unschedulable: true },
      metadata: { annotations: { [CORDON_REASON_ANNOTATION]: reason, [CORDONED_AT_ANNOTATION]: since } },
    };
    await apis.core.patchNode({ name: hostname, body }, mergePatch);
    return succeeded(already ? `${hostname} was already cordoned; reason updated` : `Cordoned ${hostname}`);
  } catch (error) {
    return apiFailure(`Cordon of ${hostname}`, error);
  }
}

export async function uncordon(apis: KubernetesApis, hostname: string): Promise<ExecutorResult> {
  const body = {
    spec: { unschedulable: false },
    metadata: { annotations: { [CORDON_REASON_ANNOTATION]: null, [CORDONED_AT_ANNOTATION]: null } },
  };
  try {
    await apis.core.patchNode({ name: hostname, body }, mergePatch);
    return succeeded(`Uncordoned ${hostname}`);
  } catch (error) {
    return apiFailure(`Uncordon of ${hostname}`, error);
  }
}

export interface DrainOptions {
  timeoutMs: number;
  backoff: Backoff;
}

async function podsOn(apis: KubernetesApis, hostname: string): Promise<V1Pod[]> {
  const fieldSelector = `spec.nodeName=${hostname}`;
  return listAll((cont) => apis.core.listPodForAllNamespaces({ fieldSelector, limit: 500, _continue: cont }));
}

const names = (keys: Iterable<string>) => [...keys].join(', ');
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

export async function drain(
  apis: KubernetesApis,
  hostname: string,
  reason: string,
  options: DrainOptions,
): Promise<ExecutorResult> {
  const deadline = Date.now() + options.timeoutMs;
  const cordoned = await cordon(apis, hostname, reason);
  if (!cordoned.ok) return cordoned;

  let toEvict: Map<string, V1Pod>;
  try {
    const pods = await podsOn(apis, hostname);
    toEvict = new Map(pods.filter((p) => isEvictable(p) && !p.metadata?.deletionTimestamp).map((p) => [podKey(p), p]));
  } catch (error) {
    return apiFailure(`Drain of ${hostname} (listing its pods)`, error);
  }
  if (toEvict.size === 0) return succeeded(`Drained ${hostname}: cordoned, no pods to evict`);

  const evicted = new Map<string, string | undefined>(); // pod key → uid
  const heldBy = new Map<string, string>();
  // Set inside the retried attempt when an eviction fails for a reason waiting will not fix.
  const halt: { result: ExecutorResult | null } = { result: null };
  const done = await retryUntil(
    async () => {
      for (const [key, pod] of toEvict) {
        const name = pod.metadata?.name ?? '';
        const namespace = pod.metadata?.namespace ?? 'default';
        try {
          await apis.core.createNamespacedPodEviction({
            name,
            namespace,
            body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } },
          });
          evicted.set(key, pod.metadata?.uid);
          toEvict.delete(key);
          heldBy.delete(key);
        } catch (error) {
          const failure = describeKubernetesError(error);
          if (failure.status === 404) {
            toEvict.delete(key); // gone already
          } else if (failure.status === 429) {
            heldBy.set(key, failure.causes[0] ?? failure.message); // a disruption budget says not yet
          } else {
            halt.result = failed(`Drain of ${hostname} stopped: eviction of ${key} failed: ${failure.message}`);
            return true;
          }
        }
      }
      return toEvict.size === 0;
    },
    deadline,
    options.backoff,
  );
  if (halt.result) return halt.result;
  if (!done) {
    const held = [...heldBy.entries()].map(([key, why]) => `${key} (${why})`).join('; ');
    return failed(
      `Drain of ${hostname} timed out after ${seconds(options.timeoutMs)}: ` +
        `evicted ${evicted.size} pod(s); ${toEvict.size} kept by a PodDisruptionBudget: ${held || names(toEvict.keys())}`,
    );
  }
  return waitUntilGone(apis, hostname, evicted, deadline, options.backoff);
}

/** Evicted pods terminate in their own grace period; the drain is done when they have left the node. */
async function waitUntilGone(
  apis: KubernetesApis,
  hostname: string,
  evicted: Map<string, string | undefined>,
  deadline: number,
  backoff: Backoff,
): Promise<ExecutorResult> {
  const seen: { remaining: string[]; error: unknown } = { remaining: [], error: null };
  const gone = await retryUntil(
    async () => {
      try {
        // By uid: a controller may create a pod of the same name, which the cordon keeps off this node.
        const uids = new Set(evicted.values());
        const pods = await podsOn(apis, hostname);
        seen.remaining = pods.filter((pod) => uids.has(pod.metadata?.uid)).map(podKey);
        return seen.remaining.length === 0;
      } catch (error) {
        seen.error = error;
        return true;
      }
    },
    deadline,
    backoff,
  );
  if (seen.error) return apiFailure(`Drain of ${hostname} (waiting for pods to leave)`, seen.error);
  if (!gone) {
    return failed(
      `Drain of ${hostname}: evicted ${evicted.size} pod(s) but ${names(seen.remaining)} still terminating`,
    );
  }
  return succeeded(`Drained ${hostname}: cordoned, evicted ${evicted.size} pod(s): ${names(evicted.keys())}`);
}
