// Reading whole collections from the API server: in pages (a large cluster has tens of thousands of pods) and
// with a time limit, since the client itself waits forever on a server that stops answering.
import { SourceError } from '@/lib/sources/types';
import { describeKubernetesError } from './errors';
import type { KubernetesApis } from './client';
import type { CustomKind } from './custom';

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

/**
 * Every object of a custom kind in every namespace, from the first of its versions the cluster serves; null when
 * it serves none (the operator is not installed: the API answers 404).
 */
export async function listCustom(apis: KubernetesApis, kind: CustomKind): Promise<unknown[] | null> {
  for (const version of kind.versions) {
    try {
      return await listAll(async (cont) => {
        const page: unknown = await apis.custom.listClusterCustomObject({
          group: kind.group,
          version,
          plural: kind.plural,
          limit: PAGE_SIZE,
          _continue: cont,
        });
        const body = (page ?? {}) as { items?: unknown; metadata?: { continue?: unknown } };
        const next = typeof body.metadata?.continue === 'string' ? body.metadata.continue : undefined;
        return { items: Array.isArray(body.items) ? body.items : [], metadata: { _continue: next } };
      });
    } catch (error) {
      if (describeKubernetesError(error).status !== 404) throw error;
    }
  }
  return null;
}
