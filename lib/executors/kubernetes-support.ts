// Small pieces the Kubernetes executor's operations share.
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { describeKubernetesError } from '@/lib/sources/kubernetes/errors';
import { failed, type ExecutorResult } from './types';

/** Patches are sent as JSON merge patches (RFC 7386): a plain object of the fields to change, null to remove. */
export const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export function apiFailure(action: string, error: unknown): ExecutorResult {
  return failed(`${action} failed: ${describeKubernetesError(error).message}`);
}

export const statusOf = (error: unknown) => describeKubernetesError(error).status;

/** `namespace/name`, as the Kubernetes source writes job external ids. */
export function splitExternalId(externalId: string): { namespace: string; name: string } | null {
  const parts = externalId.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  return { namespace: parts[0], name: parts[1] };
}

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls `attempt` until it reports done, waiting with exponential backoff between tries, and gives up when the
 * next wait would pass the deadline. Returns whether it finished.
 */
export async function retryUntil(
  attempt: () => Promise<boolean>,
  deadline: number,
  backoff: Backoff,
): Promise<boolean> {
  let wait = backoff.initialMs;
  for (;;) {
    if (await attempt()) return true;
    if (Date.now() + wait > deadline) return false;
    await sleep(wait);
    wait = Math.min(wait * 2, backoff.maxMs);
  }
}
