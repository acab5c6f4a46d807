// A list-and-watch cache of one kind, as Kubernetes controllers keep one (the API's "efficient detection of
// changes"): list once, then follow a watch from the list's resourceVersion, with bookmarks so that a watch
// restarted after the server ends it begins where the last one stopped. A watch that is refused as too old
// (410 Expired) or that breaks leaves the cache unread until the next list: `current()` answers only while a
// watch follows, so a read never takes a cache that has silently stopped following for the cluster.
import { Watch } from '@kubernetes/client-node';
import type { KubernetesApis } from './client';

export interface Listed<T> {
  items: T[];
  resourceVersion: string;
}

interface Metadata {
  metadata?: { namespace?: string; name?: string; resourceVersion?: string };
}

export interface InformerOptions<T> {
  /** The collection's path, e.g. /api/v1/pods. */
  path: string;
  /** Selectors the list and the watch share (fieldSelector, labelSelector). */
  query?: Record<string, string>;
  /** One whole list of the collection, and the resourceVersion it is as of. */
  list(): Promise<Listed<T>>;
  /** An object of a watch event (plain JSON) in the form the list gives (the typed clients' models). */
  decode?(object: unknown): T;
  /** How long the server is asked to keep one watch open (`timeoutSeconds`); the next begins where it ended. */
  watchSeconds?: number;
  /** A watch not read for this long stops at its end, and the next read lists again. */
  idleMs?: number;
}

export type InformerState =
  | { following: true }
  /** listed: the collection has been listed (its watch is starting, or is down since `since`). */
  | { following: false; listed: boolean; since: Date | null; reason: string };

const WATCH_SECONDS = 300;
/** How long past its own timeout a watch may stay open before it is taken for dead (a half-open connection). */
const GRACE_MS = 30_000;
const IDLE_MS = 10 * 60_000;

export class Informer<T extends Metadata> {
  private readonly objects = new Map<string, T>();
  private resourceVersion = '';
  private following = false;
  private downSince: Date | null = null;
  private downReason = 'not listed yet';
  private listed = false;
  private controller: AbortController | null = null;
  private deadline: NodeJS.Timeout | undefined;
  private listing: Promise<T[]> | null = null;
  private lastRead = Date.now();
  private stopped = false;
  /** Bumped by each list and stop: events of an older watch are dropped. */
  private generation = 0;

  constructor(
    private readonly apis: KubernetesApis,
    private readonly options: InformerOptions<T>,
  ) {}

  /** The cached objects while a watch follows the collection; null when none does (list instead). */
  current(): T[] | null {
    this.lastRead = Date.now();
    return this.following ? [...this.objects.values()] : null;
  }

  state(): InformerState {
    return this.following
      ? { following: true }
      : { following: false, listed: this.listed, since: this.downSince, reason: this.downReason };
  }

  /** Lists the collection (one list at a time, shared by whoever asks), refills the cache and follows it again. */
  list(): Promise<T[]> {
    this.lastRead = Date.now();
    this.listing ??= this.relist().finally(() => (this.listing = null));
    return this.listing;
  }

  /** Stops following; the cache is not read again until the next list. */
  stop(): void {
    this.stopped = true;
    this.generation++;
    this.endWatch();
    this.markDown('stopped');
  }

  private async relist(): Promise<T[]> {
    this.stopped = false;
    const generation = ++this.generation;
    this.endWatch();
    this.following = false;
    const listed = await this.options.list();
    this.objects.clear();
    for (const item of listed.items) this.objects.set(keyOf(item), item);
    this.resourceVersion = listed.resourceVersion;
    this.listed = true;
    if (generation === this.generation) void this.watch(generation);
    return listed.items;
  }

  private async watch(generation: number): Promise<void> {
    const seconds = this.options.watchSeconds ?? WATCH_SECONDS;
    const query = {
      ...this.options.query,
      resourceVersion: this.resourceVersion,
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(seconds),
    };
    const current = () => generation === this.generation;
    let expired = false;
    let ended = false;
    const controller = await new Watch(this.apis.kubeConfig)
      .watch(
        this.options.path,
        query,
        (type: string, object: unknown) => {
          if (!current()) return;
          if (type === 'ERROR') {
            const status = object as { code?: number; message?: string };
            expired = status.code === 410;
            this.markDown(expired ? `the watch expired (410): ${status.message ?? ''}`.trim() : status.message);
            return;
          }
          const version = (object as Metadata).metadata?.resourceVersion;
          if (type === 'ADDED' || type === 'MODIFIED') {
            const item = this.options.decode ? this.options.decode(object) : (object as T);
            this.objects.set(keyOf(item), item);
          } else if (type === 'DELETED') {
            this.objects.delete(keyOf(object as T));
          }
          if (version) this.resourceVersion = version;
        },
        (error: unknown) => {
          ended = true;
          if (!current()) return;
          this.endWatch();
          if (error) this.markDown(`the watch broke: ${(error as Error).message ?? String(error)}`);
          else if (expired || !this.following) return;
          else if (this.stopped || Date.now() - this.lastRead > (this.options.idleMs ?? IDLE_MS)) this.markDown('idle');
          else void this.watch(generation);
        },
      )
      .catch((error: unknown) => {
        if (current()) this.markDown(`the watch could not start: ${(error as Error).message}`);
        return null;
      });
    if (!controller || ended || !current()) {
      controller?.abort();
      return;
    }
    this.controller = controller;
    this.following = true;
    this.downSince = null;
    // The server ends the watch at its timeout; one still open well after is on a connection gone dead.
    this.deadline = setTimeout(
      () => {
        if (!current()) return;
        this.endWatch();
        this.markDown(`the watch went silent past its ${seconds} s timeout`);
      },
      seconds * 1000 + GRACE_MS,
    );
    this.deadline.unref();
  }

  private endWatch() {
    clearTimeout(this.deadline);
    this.controller?.abort();
    this.controller = null;
  }

  private markDown(reason: string | undefined) {
    if (this.following || !this.downSince) this.downSince = new Date();
    this.following = false;
    this.downReason = reason || 'the watch ended';
  }
}

const keyOf = (object: Metadata) => `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
