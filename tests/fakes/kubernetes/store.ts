// The fake's objects, by resource and `namespace/name`, with the server's resourceVersion counter, the watchers
// that hear of each change, and a short history of changes, so a watch from a resourceVersion hears what happened
// since (as the API server's watch cache does: a list then a watch misses nothing in between). A version older
// than the history holds is too old to watch from (410 Expired), as one the API server's etcd has compacted.
import { randomUUID } from 'node:crypto';
import { apiVersionOf, clone, keyOf, typeOf, type KubeObject, type Plural } from './types';

export type WatchEvent = {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
  /** The object as watchers last heard of it (none for ADDED): a selective watch needs it to tell who left. */
  previous?: KubeObject;
};
type Watcher = { plural: string; send: (event: WatchEvent) => void };
const HISTORY = 1000;

/** A watch from a resourceVersion whose changes are no longer kept: the API server's 410 Expired. */
export class TooOldResourceVersion extends Error {
  constructor(
    readonly requested: number,
    readonly oldest: number,
  ) {
    super(`too old resource version: ${requested} (${oldest})`);
  }
}

export class Store {
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly watchers = new Set<Watcher>();
  private readonly history: { plural: string; revision: number; event: WatchEvent }[] = [];
  /** Each object as the last event about it carried it, by plural and key. */
  private readonly heard = new Map<string, Map<string, KubeObject>>();
  /** Changes up to this revision are forgotten: a watch must start after it. */
  private compactedRevision = 0;
  /** Keys of each collection in the API server's order (its storage keys, byte order), made when asked. */
  private readonly sortedKeys = new Map<string, string[]>();
  revision = 1000;

  collection(plural: string): Map<string, KubeObject> {
    let map = this.objects.get(plural);
    if (!map) this.objects.set(plural, (map = new Map()));
    return map;
  }

  /** Stores an object as if created through the API: uid, resourceVersion and creationTimestamp filled in. */
  add(plural: Plural, object: KubeObject): KubeObject {
    const type = typeOf(plural);
    const stored = clone(object);
    stored.apiVersion ??= apiVersionOf(type);
    stored.kind ??= type.kind;
    stored.metadata.uid ??= randomUUID();
    stored.metadata.creationTimestamp ??= new Date().toISOString();
    stored.metadata.generation ??= 1;
    stored.metadata.resourceVersion = String(++this.revision);
    if (type.namespaced) stored.metadata.namespace ??= 'default';
    this.collection(plural).set(keyOf(stored.metadata.namespace, stored.metadata.name), stored);
    this.sortedKeys.delete(plural);
    this.notify(plural, 'ADDED', stored);
    return clone(stored);
  }

  /** The collection's objects in the order a list answers them. */
  ordered(plural: string): KubeObject[] {
    const collection = this.collection(plural);
    let keys = this.sortedKeys.get(plural);
    if (!keys) this.sortedKeys.set(plural, (keys = [...collection.keys()].sort()));
    return keys.map((key) => collection.get(key)!);
  }

  /** Puts a changed object back under a new resourceVersion. */
  replace(plural: string, object: KubeObject): KubeObject {
    object.metadata.resourceVersion = String(++this.revision);
    this.collection(plural).set(keyOf(object.metadata.namespace, object.metadata.name), object);
    this.notify(plural, 'MODIFIED', object);
    return clone(object);
  }

  remove(plural: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const key = keyOf(namespace, name);
    const object = this.collection(plural).get(key);
    if (!object) return undefined;
    this.collection(plural).delete(key);
    this.sortedKeys.delete(plural);
    object.metadata.resourceVersion = String(++this.revision);
    this.notify(plural, 'DELETED', object);
    return object;
  }

  /**
   * Sends the changes since `fromRevision` (when given), then each change as it happens. Returns stop. Throws
   * TooOldResourceVersion when changes after `fromRevision` are no longer kept.
   */
  watch(plural: string, fromRevision: number | null, send: (event: WatchEvent) => void): () => void {
    if (fromRevision !== null) {
      if (fromRevision < this.compactedRevision)
        throw new TooOldResourceVersion(fromRevision, this.compactedRevision + 1);
      for (const past of this.history)
        if (past.plural === plural && past.revision > fromRevision) send(clone(past.event));
    }
    const watcher = { plural, send };
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /** Forgets every change so far, as etcd's compaction does: a watch from an earlier version is answered 410. */
  compact(): void {
    this.history.length = 0;
    this.compactedRevision = this.revision;
  }

  private notify(plural: string, type: WatchEvent['type'], object: KubeObject) {
    let heard = this.heard.get(plural);
    if (!heard) this.heard.set(plural, (heard = new Map()));
    const key = keyOf(object.metadata.namespace, object.metadata.name);
    const event: WatchEvent = { type, object: clone(object), previous: heard.get(key) };
    if (type === 'DELETED') heard.delete(key);
    else heard.set(key, event.object);
    this.history.push({ plural, revision: this.revision, event });
    if (this.history.length > HISTORY) this.compactedRevision = this.history.shift()!.revision;
    for (const watcher of this.watchers) if (watcher.plural === plural) watcher.send(clone(event));
  }
}
