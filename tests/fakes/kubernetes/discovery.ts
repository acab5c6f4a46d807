// The discovery documents kubectl reads before it does anything: /api (APIVersions), /apis (APIGroupList),
// /api/v1 and /apis/<group>/<version> (APIResourceList), and /version. Aggregated discovery (apidiscovery.k8s.io)
// is not served: kubectl asks for it first and falls back to these, as it does with older servers.
import { BUILT_IN_GROUPS, TYPES, VERBS, type Answer, type ResourceType } from './types';

const json = (body: unknown): Answer => ({ status: 200, body });

export function versionInfo(): Answer {
  return json({
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.4',
    gitCommit: 'fake',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.23.8',
    compiler: 'gc',
    platform: 'linux/amd64',
  });
}

function served(withCustom: boolean): ResourceType[] {
  return TYPES.filter((type) => withCustom || BUILT_IN_GROUPS.has(type.group));
}

export function coreVersions(host: string): Answer {
  return json({
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: host }],
  });
}

export function groupList(withCustom: boolean): Answer {
  const groups = new Map<string, string[]>();
  // policy is served for evictions and disruption budgets; autoscaling for the scale subresource.
  groups.set('autoscaling', ['v1']);
  for (const type of served(withCustom)) {
    if (!type.group) continue;
    const versions = groups.get(type.group) ?? [];
    if (!versions.includes(type.version)) versions.push(type.version);
    groups.set(type.group, versions);
  }
  return json({
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups].map(([name, versions]) => ({
      name,
      versions: versions.map((version) => ({ groupVersion: `${name}/${version}`, version })),
      preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
    })),
  });
}

/** The resources of one group version, or null when it is not served. */
export function resourceList(group: string, version: string, withCustom: boolean): Answer | null {
  const types = served(withCustom).filter((type) => type.group === group && type.version === version);
  if (!types.length && !(group === 'autoscaling' && version === 'v1')) return null;
  const resources = types.flatMap((type) => [
    {
      name: type.plural,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: VERBS,
      ...(type.shortNames ? { shortNames: type.shortNames } : {}),
      ...(type.categories ? { categories: type.categories } : {}),
    },
    ...(type.subresources ?? []).map((sub) => ({
      name: `${type.plural}/${sub.name}`,
      singularName: '',
      namespaced: type.namespaced,
      ...(sub.group ? { group: sub.group, version: sub.version } : {}),
      kind: sub.kind,
      verbs: sub.verbs,
    })),
  ]);
  const groupVersion = group ? `${group}/${version}` : version;
  return json({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources });
}
