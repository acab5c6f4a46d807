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

/** A copy of a link's or a live refresh's parameters with `cluster=<name>`, or without it for every cluster. */
export function withClusterScope(
  search: URLSearchParams | Record<string, string>,
  scope: ClusterScope,
): URLSearchParams {
  const scoped = new URLSearchParams(search);
  if (scope.cluster) scoped.set(CLUSTER_PARAM, scope.cluster);
  else scoped.delete(CLUSTER_PARAM);
  return scoped;
}
