// The clusters one console watches. With FLEET_CLUSTERS_FILE, each cluster of the file has its own source, executor
// and credentials; without it, the environment describes one cluster, as it always has. Either way every cluster's
// settings are the environment's own variables (PROMETHEUS_URL, KUBERNETES_TOKEN, SLURM_REST_URL…), validated by the
// one environment schema, so a setting means the same in the file as in the environment.
import { readFileSync } from 'node:fs';
import { env, EnvError, parseEnv, type Env } from '@/lib/env';
import { CLUSTER_NAME as SIMULATED_CLUSTER_NAME } from '@/lib/sources/simulator/topology';
import { clustersFromYaml } from './file';
import { ALL_CLUSTERS, CLUSTER_PARAM, type ClusterScope } from './scope';
import { paramValue, type ParamIssue, type SearchParamsLike } from '@/lib/url-state';

export interface ClusterConfig {
  /** The cluster's name in the console (unique). */
  name: string;
  region: string | null;
  /** The cluster's settings: the process's environment with the cluster's own source settings in place. */
  env: Env;
  /** The same settings as variables, for the parsers of each source and executor. */
  vars: Record<string, string | undefined>;
}

/** Variables that describe one cluster's source and executor; a clusters file sets them per cluster. */
export const CLUSTER_VARIABLES =
  /^(FLEET_SOURCE|FLEET_EXECUTOR|FLEET_SIM_(SEED|NODES)|PROMETHEUS_.*|KUBERNETES_.*|KUBECONFIG|SLURM_.*)$/;

/** The name a source gives its cluster when the environment describes one cluster. */
export function singleClusterName(config: Env, vars: Record<string, string | undefined>): string {
  const source: string = config.FLEET_SOURCE;
  if (source === 'simulator') return SIMULATED_CLUSTER_NAME;
  if (source === 'prometheus') return config.PROMETHEUS_CLUSTER_NAME;
  // Kubernetes and Slurm name their cluster in their own settings.
  const named = (config as Record<string, unknown>)[`${source.toUpperCase()}_CLUSTER_NAME`];
  return typeof named === 'string' ? named : (vars[`${source.toUpperCase()}_CLUSTER_NAME`] ?? source);
}

/**
 * The clusters to watch: those of FLEET_CLUSTERS_FILE, or the one the environment describes. Throws EnvError with
 * every problem, each naming its line in the file.
 */
export function loadClusters(vars: Record<string, string | undefined> = process.env): ClusterConfig[] {
  const config = vars === process.env ? env() : parseEnv(vars);
  const file = config.FLEET_CLUSTERS_FILE;
  if (!file) {
    return [{ name: singleClusterName(config, vars), region: null, env: config, vars }];
  }
  const conflicting = Object.keys(vars).filter((key) => CLUSTER_VARIABLES.test(key) && vars[key]);
  if (conflicting.length) {
    throw new EnvError(
      `FLEET_CLUSTERS_FILE is set, so each cluster's settings come from ${file}; unset ${conflicting.join(', ')} ` +
        '(or move them into the file).',
    );
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new EnvError(`FLEET_CLUSTERS_FILE: cannot read ${file}: ${(error as Error).message}`);
  }
  const base = Object.fromEntries(Object.entries(vars).filter(([key]) => !CLUSTER_VARIABLES.test(key)));
  return clustersFromYaml(text, file, base);
}

let cached: ClusterConfig[] | undefined;

/** The clusters of this process, read once. */
export function clusters(): ClusterConfig[] {
  cached ??= loadClusters();
  return cached;
}

/** The names of the clusters this console watches. */
export function clusterNames(): string[] {
  return clusters().map((cluster) => cluster.name);
}

/**
 * The cluster a link asks for. A name the console does not know is named as a link issue, and the page shows every
 * cluster instead, as with any other unreadable parameter.
 */
export function readClusterScope(search: SearchParamsLike): { scope: ClusterScope; issue: ParamIssue | null } {
  const name = paramValue(search, CLUSTER_PARAM, { trim: true });
  if (!name) return { scope: ALL_CLUSTERS, issue: null };
  const names = clusterNames();
  if (names.includes(name)) return { scope: { cluster: name }, issue: null };
  return {
    scope: ALL_CLUSTERS,
    issue: {
      field: CLUSTER_PARAM,
      message: `\`cluster\` must name a cluster this console watches: ${names.join(', ')} (got "${name}")`,
    },
  };
}
