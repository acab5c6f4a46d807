// Which cluster a page, an API answer or a report is about: `?cluster=<name>` in the URL, or every cluster the
// console watches when the parameter is absent (read against the watched clusters by readClusterScope in
// ./config). Plain code: the header's picker shares it.

export interface ClusterScope {
  /** The cluster's name, or null for every cluster. */
  cluster: string | null;
}

export const ALL_CLUSTERS: ClusterScope = { cluster: null };

/** The URL parameter that scopes a page to one cluster. */
export const CLUSTER_PARAM = 'cluster';

/** `cluster=<name>` for a link or a live refresh, or nothing for every cluster. */
export function clusterSearchParams(scope: ClusterScope): Record<string, string> {
  return scope.cluster ? { [CLUSTER_PARAM]: scope.cluster } : {};
}
