// An in-memory Kubernetes API server for tests, answering as the API documents it and as Debian's kubectl needs:
// discovery (/api, /apis, APIResourceList, /version), typed lists with a resourceVersion, paging (limit and
// continue), label and field selectors, server-side printing (Table), watches, `Status` objects for every error,
// merge / strategic-merge / JSON patches, the pod eviction subresource (policy/v1, refused with 429 while a
// PodDisruptionBudget allows no disruption), the scale subresource, Job creation with the controller's generated
// selector, deletion with propagationPolicy, and bearer-token authentication, over HTTPS (kubectl sends a token
// only over TLS) or plain HTTP. Every request is recorded. Not modelled: controllers (nothing runs the pods; tests
// play the controllers), server-side apply, strategic-merge list semantics.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { coreVersions, groupList, resourceList, versionInfo } from './discovery';
import { fieldSelector, matchesLabels, parseSelector } from './patch';
import { Store, TooOldResourceVersion, type WatchEvent } from './store';
import { toTable, wantsTable } from './tables';
import { localCertificate } from './tls';
import {
  apiVersionOf,
  BUILT_IN_GROUPS,
  clone,
  keyOf,
  NO_RESOURCE,
  notFound,
  statusAnswer,
  TYPES,
  type Answer,
  type KubeObject,
  type Plural,
  type RecordedRequest,
  type ResourceType,
} from './types';
import { create, evict, patch, remove, scale } from './writes';

interface Request {
  method: string;
  url: URL;
  contentType: string | null;
  accept: string | null;
  body: unknown;
}

export interface FakeOptions {
  token?: string;
  /** Without them the cluster serves no Kubeflow or JobSet CRDs (404 for their groups). Default true. */
  customResources?: boolean;
  /** Serve HTTPS with a self-signed certificate for 127.0.0.1 (its file in `caFile`). Default false. */
  tls?: boolean;
  /** The port to listen on; default: a free one. */
  port?: number;
  /** Keep every request in `requests` (default true; a benchmark making tens of thousands does not). */
  record?: boolean;
  /**
   * RBAC rules the token's account is granted (as ClusterRoles list them); a request they do not allow is refused
   * with 403 as the API server's authorizer refuses it. Unset: everything is allowed.
   */
  rules?: PolicyRule[];
  /** How often a watch that allows bookmarks gets one; default 60 s (the API server sends one about a minute). */
  bookmarkIntervalMs?: number;
}

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const ACCOUNT = 'system:serviceaccount:fleet-console:fleet-console';

export class FakeKubernetesApi {
  readonly requests: RecordedRequest[] = [];
  /** Runs after each request is answered and before the answer is sent; tests change the world here. */
  onRequest: ((request: RecordedRequest) => void) | null = null;
  url = '';
  /** With TLS, the certificate to trust. */
  caFile: string | null = null;
  private readonly store = new Store();
  private readonly server: Server;
  private readonly streams = new Set<ServerResponse>();

  private constructor(
    readonly token: string,
    readonly customResourcesInstalled: boolean,
    tls: boolean,
    private readonly recording: boolean,
    private readonly rules: PolicyRule[] | null,
    private readonly bookmarkIntervalMs: number,
  ) {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    if (tls) {
      const certificate = localCertificate();
      this.caFile = certificate.certFile;
      this.server = createHttpsServer({ key: certificate.key, cert: certificate.cert }, handler);
    } else {
      this.server = createHttpServer(handler);
    }
  }

  /** Listens on 127.0.0.1 at a free port. */
  static async start(options: FakeOptions = {}): Promise<FakeKubernetesApi> {
    const api = new FakeKubernetesApi(
      options.token ?? 'test-token',
      options.customResources ?? true,
      !!options.tls,
      options.record ?? true,
      options.rules ?? null,
      options.bookmarkIntervalMs ?? 60_000,
    );
    await new Promise<void>((resolve, reject) => {
      api.server.once('error', reject);
      api.server.listen(options.port ?? 0, '127.0.0.1', resolve);
    });
    const scheme = options.tls ? 'https' : 'http';
    api.url = `${scheme}://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
    return api;
  }

  async close(): Promise<void> {
    for (const stream of this.streams) stream.end();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Stores an object as if created through the API: uid, resourceVersion and creationTimestamp filled in. */
  add(plural: Plural, object: KubeObject): KubeObject {
    return this.store.add(plural, object);
  }

  get(plural: Plural, namespace: string | undefined, name: string): KubeObject | undefined {
    const object = this.store.collection(plural).get(keyOf(namespace, name));
    return object && clone(object);
  }

  all(plural: Plural): KubeObject[] {
    return [...this.store.collection(plural).values()].map(clone);
  }

  /** Changes a stored object (a controller's or another client's doing). */
  update(plural: Plural, namespace: string | undefined, name: string, change: (object: KubeObject) => void): void {
    const object = this.store.collection(plural).get(keyOf(namespace, name));
    if (!object) throw new Error(`no ${plural} ${keyOf(namespace, name)}`);
    change(object);
    this.store.replace(plural, object);
  }

  /** Deletes an object as its controller or the kubelet would, without a request. */
  delete(plural: Plural, namespace: string | undefined, name: string): void {
    this.store.remove(plural, namespace, name);
  }

  requestsTo(method: string, pathPattern: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && pathPattern.test(r.path));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const request: Request = {
      method: req.method ?? 'GET',
      url,
      contentType: req.headers['content-type']?.split(';')[0].trim() ?? null,
      accept: req.headers.accept ?? null,
      body: undefined,
    };
    let answer: Answer;
    try {
      request.body = text ? JSON.parse(text) : undefined;
      const refused = this.forbidden(request);
      if (req.headers.authorization !== `Bearer ${this.token}`)
        answer = statusAnswer(401, 'Unauthorized', 'Unauthorized');
      else if (refused) answer = refused;
      else if (request.method === 'GET' && isWatch(url.searchParams)) return this.watch(request, res);
      else answer = this.route(request, req.headers.host ?? '127.0.0.1');
    } catch {
      answer = statusAnswer(400, 'BadRequest', 'the request body is not valid JSON');
    }
    this.record(request, answer.status, answer.body);
    res.writeHead(answer.status, { 'Content-Type': answer.contentType ?? 'application/json' });
    res.end(JSON.stringify(answer.body));
  }

  private record(request: Request, status: number, responseBody: unknown) {
    const record: RecordedRequest = {
      method: request.method,
      path: request.url.pathname,
      query: Object.fromEntries(request.url.searchParams),
      contentType: request.contentType,
      accept: request.accept,
      body: request.body,
      status,
      responseBody,
    };
    if (this.recording) this.requests.push(record);
    this.onRequest?.(record);
  }

  private route(request: Request, host: string): Answer {
    const { method, url } = request;
    const parts = url.pathname.split('/').filter(Boolean);
    const custom = this.customResourcesInstalled;
    if (method === 'GET') {
      if (url.pathname === '/version') return versionInfo();
      if (url.pathname === '/api') return coreVersions(host);
      if (url.pathname === '/apis') return groupList(custom);
      if (parts[0] === 'api' && parts.length === 2) return resourceList('', parts[1], custom) ?? NO_RESOURCE;
      if (parts[0] === 'apis' && parts.length === 3) return resourceList(parts[1], parts[2], custom) ?? NO_RESOURCE;
    }
    const target = this.resolve(parts);
    if (!target) return NO_RESOURCE;
    const { type, namespace, name, subresource } = target;
    const query = url.searchParams;
    if (!name) {
      if (method === 'GET') return this.list(type, namespace, query, request.accept);
      if (method === 'POST' && namespace) return create(this.store, type, namespace, request.body);
    } else if (!subresource) {
      if (method === 'GET') return this.read(type, namespace, name, request.accept, query);
      if (method === 'PATCH') return patch(this.store, type, namespace, name, request.contentType, request.body);
      if (method === 'DELETE') return remove(this.store, type, namespace, name, query, request.body);
    } else if (subresource === 'eviction' && type.plural === 'pods' && method === 'POST') {
      return evict(this.store, namespace ?? 'default', name, request.body);
    } else if (subresource === 'scale' && (type.plural === 'deployments' || type.plural === 'statefulsets')) {
      return scale(this.store, type, method, namespace ?? 'default', name, request.contentType, request.body);
    } else {
      return NO_RESOURCE;
    }
    return statusAnswer(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
  }

  /**
   * The authorizer's answer to a request for a resource, by the RBAC rules: its verb (get, list, watch, create,
   * patch, update, delete) on `<resource>[/<subresource>]` in its API group. Discovery is open to every account.
   */
  private forbidden(request: Request): Answer | null {
    if (!this.rules) return null;
    const parts = request.url.pathname.split('/').filter(Boolean);
    const group = parts[0] === 'apis' ? parts[1] : '';
    let rest = parts.slice(parts[0] === 'apis' ? 3 : 2);
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) [namespace, rest] = [rest[1], rest.slice(2)];
    const [plural, name, subresource] = rest;
    if (!plural) return null;
    const verb = {
      GET: name ? 'get' : isWatch(request.url.searchParams) ? 'watch' : 'list',
      POST: 'create',
      PATCH: 'patch',
      PUT: 'update',
      DELETE: name ? 'delete' : 'deletecollection',
    }[request.method];
    const resource = subresource ? `${plural}/${subresource}` : plural;
    const allowed = this.rules.some(
      (rule) =>
        (rule.apiGroups.includes(group) || rule.apiGroups.includes('*')) &&
        (rule.resources.includes(resource) || rule.resources.includes('*')) &&
        (rule.verbs.includes(verb ?? '') || rule.verbs.includes('*')),
    );
    if (allowed) return null;
    const what = name ? `${plural} "${name}"` : plural;
    const where = namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
    return statusAnswer(
      403,
      'Forbidden',
      `${what} is forbidden: User "${ACCOUNT}" cannot ${verb} resource "${resource}" in API group "${group}"${where}`,
      { ...(name ? { name } : {}), ...(group ? { group } : {}), kind: plural },
    );
  }

  /** The resource a path names: /api/v1/[namespaces/<ns>/]<plural>[/<name>[/<subresource>]], or /apis/<g>/<v>/… */
  private resolve(parts: string[]) {
    let group: string;
    let rest: string[];
    if (parts[0] === 'api' && parts[1] === 'v1') [group, rest] = ['', parts.slice(2)];
    else if (parts[0] === 'apis' && parts.length >= 4) [group, rest] = [parts[1], parts.slice(3)];
    else return null;
    const version = group ? parts[2] : 'v1';
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) [namespace, rest] = [rest[1], rest.slice(2)];
    const [plural, name, subresource, ...extra] = rest;
    const type = TYPES.find((t) => t.group === group && t.version === version && t.plural === plural);
    if (!type || extra.length > 0 || (namespace && !type.namespaced)) return null;
    if (!BUILT_IN_GROUPS.has(type.group) && !this.customResourcesInstalled) return null;
    return { type, namespace, name: name as string | undefined, subresource: subresource as string | undefined };
  }

  /** The objects a list or watch selects, in the API server's order, or the error of a bad selector. */
  private matching(type: ResourceType, namespace: string | undefined, query: URLSearchParams): KubeObject[] | Answer {
    let labels;
    try {
      labels = parseSelector(query.get('labelSelector') ?? '');
    } catch (error) {
      return statusAnswer(400, 'BadRequest', (error as Error).message);
    }
    const fields = fieldSelector(query.get('fieldSelector') ?? '', type.plural);
    if (typeof fields === 'string') return statusAnswer(400, 'BadRequest', fields);
    return this.store
      .ordered(type.plural)
      .filter(
        (o) =>
          (!namespace || o.metadata.namespace === namespace) &&
          matchesLabels(o.metadata.labels ?? {}, labels) &&
          fields(o),
      );
  }

  private list(
    type: ResourceType,
    namespace: string | undefined,
    query: URLSearchParams,
    accept: string | null,
  ): Answer {
    const matching = this.matching(type, namespace, query);
    if (!Array.isArray(matching)) return matching;
    const offset = Number(query.get('continue') ? Buffer.from(query.get('continue')!, 'base64url').toString() : 0);
    const limit = Number(query.get('limit') ?? 0) || matching.length;
    const page = matching.slice(offset, offset + limit);
    const next =
      offset + limit < matching.length ? Buffer.from(String(offset + limit)).toString('base64url') : undefined;
    const metadata = {
      resourceVersion: String(this.store.revision),
      ...(next ? { continue: next, remainingItemCount: matching.length - offset - limit } : {}),
    };
    if (wantsTable(accept)) return { status: 200, body: toTable(type, page, metadata, query.get('includeObject')) };
    // Lists of built-in kinds leave kind and apiVersion off their items; lists of custom resources keep them.
    const builtIn = BUILT_IN_GROUPS.has(type.group);
    const items = page.map((o) => {
      // A recorded answer must not change with the store; an unrecorded one is written out at once.
      const item = this.recording ? clone(o) : { ...o };
      if (builtIn) {
        delete item.kind;
        delete item.apiVersion;
      }
      return item;
    });
    return { status: 200, body: { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata, items } };
  }

  private read(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    accept: string | null,
    query: URLSearchParams,
  ): Answer {
    const object = this.store.collection(type.plural).get(keyOf(namespace, name));
    if (!object) return notFound(type, name);
    if (wantsTable(accept)) {
      const metadata = { resourceVersion: object.metadata.resourceVersion };
      return { status: 200, body: toTable(type, [object], metadata, query.get('includeObject')) };
    }
    return { status: 200, body: clone(object) };
  }

  /**
   * A watch, as the API server's: from no resourceVersion or "0", the matching objects as ADDED first; from a
   * resourceVersion, the changes since (410 Expired, as an ERROR event, when they are no longer kept). Then each
   * change as it happens, one JSON event a line, until `timeoutSeconds` or the client goes. With a selector, an
   * object that comes to match is ADDED and one that stops matching is DELETED. With `allowWatchBookmarks`, a
   * BOOKMARK carries the current resourceVersion every `bookmarkIntervalMs` and just before the watch ends.
   */
  private watch(request: Request, res: ServerResponse) {
    const target = this.resolve(request.url.pathname.split('/').filter(Boolean));
    const query = request.url.searchParams;
    const matching = target && !target.name ? this.matching(target.type, target.namespace, query) : NO_RESOURCE;
    if (!Array.isArray(matching)) {
      const answer = matching as Answer;
      this.record(request, answer.status, answer.body);
      res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
      return;
    }
    this.record(request, 200, null);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    this.streams.add(res);
    const { type, namespace } = target!;
    // As a list, a watch answers Tables when asked (kubectl get --watch): each event's object is a one-row Table.
    const table = wantsTable(request.accept);
    const write = (event: string, object: unknown) => res.write(`${JSON.stringify({ type: event, object })}\n`);
    const send = (eventType: WatchEvent['type'], object: KubeObject) =>
      write(
        eventType,
        table
          ? toTable(type, [object], { resourceVersion: object.metadata.resourceVersion }, query.get('includeObject'))
          : object,
      );
    const fields = fieldSelector(query.get('fieldSelector') ?? '', type.plural) as (o: KubeObject) => boolean;
    const labels = parseSelector(query.get('labelSelector') ?? '');
    const selected = (o: KubeObject | undefined) =>
      !!o &&
      (!namespace || o.metadata.namespace === namespace) &&
      matchesLabels(o.metadata.labels ?? {}, labels) &&
      fields(o);
    const version = query.get('resourceVersion') ?? '';
    const from = version === '' || version === '0' ? null : Number(version);
    if (from === null) for (const object of matching) send('ADDED', clone(object));
    let stop = () => {};
    try {
      stop = this.store.watch(type.plural, from, (event) => {
        const now = selected(event.object);
        const before = selected(event.previous);
        if (event.type === 'DELETED') {
          if (before) send('DELETED', event.object);
        } else if (now) send(before ? event.type : 'ADDED', event.object);
        else if (before) send('DELETED', event.object);
      });
    } catch (error) {
      if (!(error instanceof TooOldResourceVersion)) throw error;
      write('ERROR', statusAnswer(410, 'Expired', error.message).body);
      this.streams.delete(res);
      res.end();
      return;
    }
    const bookmark = () =>
      write('BOOKMARK', {
        kind: type.kind,
        apiVersion: apiVersionOf(type),
        metadata: { resourceVersion: String(this.store.revision) },
      });
    const bookmarks = query.get('allowWatchBookmarks') === 'true';
    const ticker = bookmarks ? setInterval(bookmark, this.bookmarkIntervalMs) : undefined;
    const timeout = setTimeout(
      () => {
        if (bookmarks) bookmark();
        res.end();
      },
      Number(query.get('timeoutSeconds') ?? 1800) * 1000,
    );
    res.on('close', () => {
      stop();
      clearTimeout(timeout);
      clearInterval(ticker);
      this.streams.delete(res);
    });
  }

  /** Forgets every change so far, as etcd's compaction does: watches from older versions are answered 410. */
  compact(): void {
    this.store.compact();
  }

  /**
   * Ends every open watch: `broken`, the connection cut as an API server restart or a network fault cuts it;
   * `expired`, with the 410 Expired ERROR event the API server sends when a watch has fallen out of its window.
   */
  dropWatches(how: 'broken' | 'expired' = 'broken'): void {
    for (const stream of this.streams) {
      if (how === 'broken') {
        stream.destroy();
        continue;
      }
      const status = statusAnswer(410, 'Expired', `too old resource version: 1 (${this.store.revision})`).body;
      stream.end(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
    }
  }
}

const isWatch = (query: URLSearchParams) => query.get('watch') === 'true' || query.get('watch') === '1';
