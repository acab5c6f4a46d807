// Reading whole collections from the API server: in pages (a large cluster has tens of thousands of pods) and
// with a time limit, since the client itself waits forever on a server that stops answering.
import http from 'node:http';
import https from 'node:https';
import { ApiException } from '@kubernetes/client-node';
import { SourceError } from '@/lib/sources/types';
import { describeKubernetesError } from './errors';
import type { KubernetesApis } from './client';
import type { CustomKind } from './custom';
import type { Listed } from './informer';

export const PAGE_SIZE = 500;

interface Page<T> {
  items: T[];
  metadata?: { _continue?: string; resourceVersion?: string };
}

/** Every page of a list, and the resourceVersion the list is as of (the first page's: all pages share it). */
export async function listVersioned<T>(fetchPage: (cont: string | undefined) => Promise<Page<T>>): Promise<Listed<T>> {
  const items: T[] = [];
  let resourceVersion: string | undefined;
  let cont: string | undefined;
  do {
    const page = await fetchPage(cont);
    items.push(...page.items);
    resourceVersion ??= page.metadata?.resourceVersion;
    cont = page.metadata?._continue || undefined;
  } while (cont);
  return { items, resourceVersion: resourceVersion ?? '' };
}

export async function listAll<T>(fetchPage: (cont: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  return (await listVersioned(fetchPage)).items;
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

/** The path of a custom kind's collection in every namespace. */
export const customPath = (kind: CustomKind, version: string) => `/apis/${kind.group}/${version}/${kind.plural}`;

/**
 * Every object of a custom kind in every namespace, from the first of its versions the cluster serves (`version`
 * says which); null when it serves none (the operator is not installed: the API answers 404) or the console may
 * not read it (403).
 */
export async function listCustom(
  apis: KubernetesApis,
  kind: CustomKind,
): Promise<(Listed<unknown> & { version: string }) | null> {
  for (const version of kind.versions) {
    try {
      return { ...(await listCustomVersion(apis, kind, version)), version };
    } catch (error) {
      // Not served (its operator is not installed), or not granted to the console: read as absent.
      const status = describeKubernetesError(error).status;
      if (status !== 404 && status !== 403) throw error;
    }
  }
  return null;
}

/** Every object of a custom kind in every namespace, at one version. */
export function listCustomVersion(apis: KubernetesApis, kind: CustomKind, version: string): Promise<Listed<unknown>> {
  return listVersioned(async (cont) => {
    const page: unknown = await apis.custom.listClusterCustomObject({
      group: kind.group,
      version,
      plural: kind.plural,
      limit: PAGE_SIZE,
      _continue: cont,
    });
    const body = (page ?? {}) as { items?: unknown; metadata?: { continue?: unknown; resourceVersion?: unknown } };
    const next = typeof body.metadata?.continue === 'string' ? body.metadata.continue : undefined;
    const resourceVersion =
      typeof body.metadata?.resourceVersion === 'string' ? body.metadata.resourceVersion : undefined;
    return { items: Array.isArray(body.items) ? body.items : [], metadata: { _continue: next, resourceVersion } };
  });
}

/** Connections kept open between the pages of a read and between reads, one pool per API server. */
const agents = new WeakMap<KubernetesApis, { http: http.Agent; https: https.Agent }>();

function agentsOf(apis: KubernetesApis) {
  let pair = agents.get(apis);
  if (!pair)
    agents.set(
      apis,
      (pair = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) }),
    );
  return pair;
}

/** One GET of the API as plain JSON, with the configuration's credentials and TLS settings. */
async function getJson(apis: KubernetesApis, path: string): Promise<unknown> {
  const url = new URL(apis.server.replace(/\/+$/, '') + path);
  const options: https.RequestOptions = {
    method: 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port,
    path: url.pathname + url.search,
    headers: { accept: 'application/json' },
  };
  await apis.kubeConfig.applyToHTTPSOptions(options);
  const secure = url.protocol === 'https:';
  options.agent = secure ? agentsOf(apis).https : agentsOf(apis).http;
  const send = secure ? https.request : http.request;
  const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = send(options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
  // Failures as the typed clients report them, so that errors.ts reads both alike.
  if (status < 200 || status > 299) throw new ApiException(status, `HTTP ${status} for GET ${url.pathname}`, body, {});
  return JSON.parse(body);
}

/**
 * Every object of a list as plain JSON (dates left as the API's strings), page by page: for pods, whose typed
 * decoding by the client costs more than reading them.
 */
export async function listJson<T>(
  apis: KubernetesApis,
  path: string,
  query: Record<string, string> = {},
): Promise<Listed<T>> {
  return listVersioned(async (cont) => {
    const params = new URLSearchParams({ ...query, limit: String(PAGE_SIZE), ...(cont ? { continue: cont } : {}) });
    const page = (await getJson(apis, `${path}?${params}`)) as {
      items?: T[];
      metadata?: { continue?: string; resourceVersion?: string };
    };
    return {
      items: page.items ?? [],
      metadata: { _continue: page.metadata?.continue, resourceVersion: page.metadata?.resourceVersion },
    };
  });
}
