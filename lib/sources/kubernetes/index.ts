// The Kubernetes source: GPU nodes and their health, GPU workloads (batch Jobs, Kubeflow training jobs, JobSets,
// GPU Deployments and StatefulSets) and where their pods hold GPUs, read from the API server. It has no GPU
// readings: those and the real GPU UUIDs come from dcgm-exporter through Prometheus, which lib/sources/compose
// joins to these records (FLEET_SOURCE=kubernetes).
import type { V1Deployment, V1Job, V1Node, V1StatefulSet } from '@kubernetes/client-node';
// The models' decoder, which the typed clients apply to what they read (the package's index leaves it out).
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';
import type { SchedulerSnapshot, SchedulerSource } from '@/lib/sources/types';
import { createKubernetesApis, type KubernetesApis } from './client';
import type { KubernetesConfig } from './config';
import { JOBSET_KIND, parseJobSets, parseTrainingJobs, TRAINING_KINDS, type CustomKind } from './custom';
import { describeKubernetesError, toSourceError } from './errors';
import { Informer, type Listed } from './informer';
import { customPath, listCustom, listCustomVersion, listJson, listVersioned, PAGE_SIZE, withTimeout } from './list';
import type { PodObject } from './map-pods';
import { clusterView, type ClusterObjects } from './view';
import { MINUTE_MS } from '@/lib/domain/time';

export { kubernetesConfig, type KubernetesConfig } from './config';
export { createKubernetesApis, type KubernetesApis } from './client';

/** A kind the cluster does not serve (its operator is not installed) is asked about again after this long. */
const ABSENT_RECHECK_MS = 10 * MINUTE_MS;
/** Pods that have finished hold no GPUs; the API server leaves them out (a field selector it supports for pods). */
const UNFINISHED_PODS = 'status.phase!=Succeeded,status.phase!=Failed';

export interface KubernetesSourceOptions {
  clusterName: string;
  /** Longest wait for one read of the cluster (all lists together). Default 30 s. */
  timeoutMs?: number;
  now?: () => Date;
  /** How long the API server is asked to keep each watch open; the next begins where it ended. Default 300 s. */
  watchSeconds?: number;
}

/** What a read of the cluster costs: all from the watched caches, or some collections listed. */
export interface WatchHealth {
  /** Collections read from a cache a watch follows. */
  following: string[];
  /** Collections whose watch is down (read by a list instead), with why and since when. */
  down: { collection: string; reason: string; since: Date }[];
  /** Collections listed whose first watch has not begun to follow yet (read by a list until it does). */
  starting: string[];
}

/** What an operator should know when some watches are down (null when all follow), and since when. */
export function watchWarning(health: WatchHealth): { text: string; since: Date } | null {
  if (!health.down.length) return null;
  const since = new Date(Math.min(...health.down.map((d) => d.since.getTime())));
  const what = health.down.map((d) => `${d.collection} (${d.reason})`).join('; ');
  return { text: `Watch down, listing at every read instead: ${what}`, since };
}

const decoder = (type: string) => (object: unknown) => ObjectSerializer.deserialize(object, type, '') as never;

/**
 * The Kubernetes source. Each collection is listed once and then followed by a watch (lib/sources/kubernetes/
 * informer.ts), so a read after the first takes the cached objects and costs little; a collection whose watch is
 * down is listed again at the read, which starts a new watch.
 */
export class KubernetesSource implements SchedulerSource {
  readonly name = 'kubernetes';
  private readonly absent = new Map<string, number>();
  private readonly informers: {
    nodes: Informer<V1Node>;
    pods: Informer<PodObject>;
    jobs: Informer<V1Job>;
    deployments: Informer<V1Deployment>;
    statefulSets: Informer<V1StatefulSet>;
  };
  /** Custom kinds the cluster serves, by plural, each followed at the version it serves. */
  private readonly custom = new Map<string, Informer<{ metadata?: { namespace?: string; name?: string } }>>();

  constructor(
    private readonly apis: KubernetesApis,
    private readonly options: KubernetesSourceOptions,
  ) {
    const { core, batch, apps } = apis;
    const page = { limit: PAGE_SIZE };
    const watchSeconds = options.watchSeconds;
    this.informers = {
      nodes: new Informer(apis, {
        path: '/api/v1/nodes',
        list: () => listVersioned((cont) => core.listNode({ ...page, _continue: cont })),
        decode: decoder('V1Node'),
        watchSeconds,
      }),
      pods: new Informer(apis, {
        path: '/api/v1/pods',
        query: { fieldSelector: UNFINISHED_PODS },
        list: () => listJson<PodObject>(apis, '/api/v1/pods', { fieldSelector: UNFINISHED_PODS }),
        watchSeconds,
      }),
      jobs: new Informer(apis, {
        path: '/apis/batch/v1/jobs',
        list: () => listVersioned((cont) => batch.listJobForAllNamespaces({ ...page, _continue: cont })),
        decode: decoder('V1Job'),
        watchSeconds,
      }),
      deployments: new Informer(apis, {
        path: '/apis/apps/v1/deployments',
        list: () => listVersioned((cont) => apps.listDeploymentForAllNamespaces({ ...page, _continue: cont })),
        decode: decoder('V1Deployment'),
        watchSeconds,
      }),
      statefulSets: new Informer(apis, {
        path: '/apis/apps/v1/statefulsets',
        list: () => listVersioned((cont) => apps.listStatefulSetForAllNamespaces({ ...page, _continue: cont })),
        decode: decoder('V1StatefulSet'),
        watchSeconds,
      }),
    };
  }

  static fromConfig(config: KubernetesConfig): KubernetesSource {
    return new KubernetesSource(createKubernetesApis(config.connection), {
      clusterName: config.clusterName,
      timeoutMs: config.timeoutMs,
    });
  }

  /** One consistent read of the cluster: topology, node states, jobs and where their pods hold GPUs. */
  async read(): Promise<SchedulerSnapshot> {
    const objects = await withTimeout(this.fetch(), this.options.timeoutMs ?? 30_000, 'reading the cluster').catch(
      (error: unknown) => {
        throw toSourceError(error);
      },
    );
    return clusterView(objects, this.options.clusterName, this.options.now?.() ?? new Date());
  }

  /** Which collections a watch follows, and which are read by a list because theirs is down. */
  watchHealth(): WatchHealth {
    const health: WatchHealth = { following: [], down: [], starting: [] };
    const all = [...Object.entries(this.informers), ...this.custom.entries()];
    for (const [collection, informer] of all) {
      const state = informer.state();
      if (state.following) health.following.push(collection);
      else if (state.since) health.down.push({ collection, reason: state.reason, since: state.since });
      // A collection not read yet is in none.
      else if (state.listed) health.starting.push(collection);
    }
    return health;
  }

  /** Stops every watch (the next read lists again). */
  close(): void {
    for (const informer of [...Object.values(this.informers), ...this.custom.values()]) informer.stop();
  }

  private async fetch(): Promise<ClusterObjects> {
    const { nodes, pods, jobs, deployments, statefulSets } = this.informers;
    const [nodeList, podList, jobList, deploymentList, statefulSetList, jobSets, ...training] = await Promise.all([
      cachedOrListed(nodes),
      cachedOrListed(pods),
      cachedOrListed(jobs),
      cachedOrListed(deployments),
      cachedOrListed(statefulSets),
      this.listIfServed(JOBSET_KIND),
      ...TRAINING_KINDS.map((kind) => this.listIfServed(kind)),
    ]);
    return {
      nodes: nodeList,
      pods: podList,
      jobs: jobList,
      deployments: deploymentList,
      statefulSets: statefulSetList,
      jobSets: parseJobSets(jobSets),
      trainingJobs: TRAINING_KINDS.flatMap((kind, i) => parseTrainingJobs(kind, training[i])),
    };
  }

  /** A custom kind's objects; none, without asking again for a while, when the cluster does not serve it. */
  private async listIfServed(kind: CustomKind): Promise<unknown[]> {
    const informer = this.custom.get(kind.plural);
    if (informer) {
      try {
        return await cachedOrListed(informer);
      } catch (error) {
        // Its operator was removed since, or the console's access to it.
        const status = describeKubernetesError(error).status;
        if (status !== 404 && status !== 403) throw error;
        informer.stop();
        this.custom.delete(kind.plural);
        this.absent.set(kind.plural, Date.now());
        return [];
      }
    }
    const absentSince = this.absent.get(kind.plural);
    if (absentSince !== undefined && Date.now() - absentSince < ABSENT_RECHECK_MS) return [];
    const listed = await listCustom(this.apis, kind);
    if (listed === null) {
      this.absent.set(kind.plural, Date.now());
      return [];
    }
    this.absent.delete(kind.plural);
    // The first list is the one just made; later ones (after the watch breaks) list the same version again.
    let first: typeof listed | null = listed;
    const follower = new Informer<{ metadata?: { namespace?: string; name?: string } }>(this.apis, {
      path: customPath(kind, listed.version),
      list: async () => {
        const taken = first ?? (await listCustomVersion(this.apis, kind, listed.version));
        first = null;
        return taken as Listed<{ metadata?: { namespace?: string; name?: string } }>;
      },
      watchSeconds: this.options.watchSeconds,
    });
    this.custom.set(kind.plural, follower);
    return follower.list();
  }
}

const cachedOrListed = <T extends { metadata?: object }>(informer: Informer<T>): Promise<T[]> | T[] =>
  informer.current() ?? informer.list();
