// Reading whole collections from the API server: in pages (a large cluster has tens of thousands of pods) and
// with a time limit, since the client itself waits forever on a server that stops answering.
import { SourceError } from '@/lib/sources/types';
import { describeKubernetesError } from './errors';
import { parsePyTorchJobs, PYTORCHJOB_API, type PyTorchJob } from './pytorchjob';
import type { KubernetesApis } from './client';

export const PAGE_SIZE = 500;

interface Page<T> {
  items: T[];
  metadata?: { _continue?: string };
}

export async function listAll<T>(fetchPage: (cont: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cont: string | undefined;
  do {
    const page = await fetchPage(cont);
    items.push(...page.items);
    cont = page.metadata?._continue || undefined;
  } while (cont);
  return items;
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SourceError(`Kubernetes: ${what} took longer than ${ms} ms`, 'timeout')), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** PyTorchJobs in every namespace; none when the cluster has no training operator (the API answers 404). */
export async function listPyTorchJobs(apis: KubernetesApis): Promise<PyTorchJob[]> {
  try {
    const raw = await listAll(async (cont) => {
      const page: unknown = await apis.custom.listClusterCustomObject({
        ...PYTORCHJOB_API,
        limit: PAGE_SIZE,
        _continue: cont,
      });
      const body = (page ?? {}) as { items?: unknown; metadata?: { continue?: unknown } };
      const next = typeof body.metadata?.continue === 'string' ? body.metadata.continue : undefined;
      return { items: Array.isArray(body.items) ? body.items : [], metadata: { _continue: next } };
    });
    return parsePyTorchJobs(raw);
  } catch (error) {
    if (describeKubernetesError(error).status === 404) return [];
    throw error;
  }
}
