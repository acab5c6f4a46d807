// The cluster's shape from dcgm-exporter's labels: nodes are `Hostname`s, GPUs are (`gpu`, `UUID`, `modelName`),
// a GPU's memory is FB_USED + FB_FREE (+ FB_RESERVED where exported), and each GPU model makes one pool named like
// `h100-on-demand` with the configured pricing class, unless a `pool` label names the node's pool. Pure: no I/O.
import type { PricingClass, SchedulerKind } from '@/lib/domain/enums';
import type { GpuInfo, NodeInfo, PoolInfo, Topology } from '@/lib/sources/types';
import type { QueryResult } from './api';
import { identityOf, poolName, uuidOf, type GpuIdentity } from './labels';
import type { TopologyKey } from './queries';

function latestValues(result: QueryResult): Map<string, number> {
  const values = new Map<string, number>();
  if (result.resultType !== 'vector') return values;
  for (const sample of result.result) {
    const uuid = sample?.metric && uuidOf(sample.metric);
    const value = Number(sample?.value?.[1]);
    if (uuid && Number.isFinite(value)) values.set(uuid, Math.max(value, values.get(uuid) ?? 0));
  }
  return values;
}

export function topologyFromResults(
  results: Record<TopologyKey, QueryResult>,
  options: { clusterName: string; pricingClass: PricingClass },
): Topology {
  const gpus = new Map<string, GpuIdentity>();
  const namespaces = new Set<string>();
  if (results.identity.resultType === 'vector') {
    for (const sample of results.identity.result) {
      const id = sample?.metric && identityOf(sample.metric);
      if (!id) continue;
      if (id.namespace) namespaces.add(id.namespace);
      // A GPU seen under several pods in the lookback is one GPU.
      if (!gpus.has(id.uuid)) gpus.set(id.uuid, id);
    }
  }
  const used = latestValues(results.fbUsed);
  const free = latestValues(results.fbFree);
  const reserved = latestValues(results.fbReserved);

  const byHost = new Map<string, GpuIdentity[]>();
  for (const id of gpus.values()) byHost.set(id.hostname, [...(byHost.get(id.hostname) ?? []), id]);

  const nodes: NodeInfo[] = [];
  const pools = new Map<string, PoolInfo>();
  for (const [hostname, ids] of byHost) {
    ids.sort((a, b) => a.index - b.index);
    const memoryMib = (uuid: string) =>
      Math.round((used.get(uuid) ?? 0) + (free.get(uuid) ?? 0) + (reserved.get(uuid) ?? 0));
    const nodeGpus: GpuInfo[] = ids.map((id) => ({
      index: id.index,
      uuid: id.uuid,
      model: id.model,
      memoryMib: memoryMib(id.uuid),
    }));
    // A node's pool is its first GPU's: nodes hold one model as a rule.
    const pool = poolName(ids[0], options.pricingClass);
    nodes.push({ hostname, pool, gpus: nodeGpus });
    const info = pools.get(pool);
    if (info) {
      info.desiredNodes++;
      info.gpusPerNode = Math.max(info.gpusPerNode, nodeGpus.length);
    } else {
      pools.set(pool, {
        name: pool,
        gpuModel: ids[0].model,
        pricingClass: options.pricingClass,
        gpusPerNode: nodeGpus.length,
        desiredNodes: 1,
      });
    }
  }
  // Pod labels mean Kubernetes; dcgm-exporter elsewhere is most often on a Slurm cluster.
  const scheduler: SchedulerKind = namespaces.size ? 'kubernetes' : 'slurm';
  return {
    cluster: { name: options.clusterName, scheduler },
    pools: [...pools.values()].sort((a, b) => a.name.localeCompare(b.name)),
    nodes: nodes.sort((a, b) => a.hostname.localeCompare(b.hostname)),
    teams: [...namespaces].sort().map((name) => ({ name, projects: [name] })),
  };
}
