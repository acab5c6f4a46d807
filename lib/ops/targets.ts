// What an operation acts on, read in the transaction that requests it, and the rules that refuse an operation
// the target's state does not allow (a job already restarting, a node already cordoned, a job that has finished).
import 'server-only';
import type { JobKind, JobState, NodeState } from '@/lib/domain/enums';
import type { Prisma } from '@/lib/generated/prisma/client';
import { OPERATIONS, type OperationKind } from './kinds';
import { MAX_POOL_NODES_INPUT, MAX_REPLICAS_INPUT } from './limits';

type Tx = Prisma.TransactionClient;

export type Target =
  | {
      type: 'job';
      id: number;
      externalId: string;
      name: string;
      kind: JobKind;
      state: JobState;
      health: string;
      gpus: number;
      teamId: number;
      restartCount: number;
      desiredReplicas: number | null;
      replicas: number | null;
    }
  | { type: 'node'; id: number; hostname: string; state: NodeState; poolId: number; gpus: number }
  | { type: 'pool'; id: number; name: string; desiredNodes: number; nodes: number; gpusPerNode: number };

export async function loadTarget(tx: Tx, type: Target['type'], id: number): Promise<Target | null> {
  if (type === 'job') {
    const job = await tx.job.findUnique({ where: { id } });
    if (!job) return null;
    const gpus = await tx.allocation.count({ where: { jobId: id, to: null } });
    return {
      type,
      id,
      externalId: job.externalId,
      name: job.name,
      kind: job.kind,
      state: job.state,
      health: job.health,
      gpus: gpus || job.gpusRequested,
      teamId: job.teamId,
      restartCount: job.restartCount,
      desiredReplicas: job.desiredReplicas,
      replicas: job.replicas,
    };
  }
  if (type === 'node') {
    const node = await tx.node.findUnique({ where: { id }, include: { _count: { select: { gpus: true } } } });
    if (!node) return null;
    return {
      type,
      id,
      hostname: node.hostname,
      state: node.state,
      poolId: node.poolId,
      gpus: node._count.gpus,
    };
  }
  const pool = await tx.pool.findUnique({ where: { id }, include: { _count: { select: { nodes: true } } } });
  if (!pool) return null;
  return {
    type,
    id,
    name: pool.name,
    desiredNodes: pool.desiredNodes,
    nodes: pool._count.nodes,
    gpusPerNode: pool.gpusPerNode,
  };
}

/** GPUs on a node that jobs hold now: what a drain still has to evict. */
export async function gpusHeldOnNode(client: Pick<Tx, '$queryRaw'>, nodeId: number): Promise<number> {
  const [{ held }] = await client.$queryRaw<{ held: number }[]>`
    SELECT count(*)::int AS held FROM allocation a JOIN gpu g ON g.id = a.gpu_id
    WHERE g.node_id = ${nodeId} AND a."to" IS NULL`;
  return held;
}

const ENDED: readonly JobState[] = ['succeeded', 'cancelled'];

/** Why this operation cannot be done to this target now, or null when it can. */
export function refusal(kind: OperationKind, target: Target, params: { count?: number }): string | null {
  if (OPERATIONS[kind].target !== target.type)
    return `${kind} acts on a ${OPERATIONS[kind].target}, not a ${target.type}`;
  if (target.type === 'job') {
    const name = target.name;
    switch (kind) {
      case 'job.restart':
        if (ENDED.includes(target.state)) return `${name} has ${target.state}; there is nothing to restart`;
        if (target.state === 'pending') return `${name} is pending; it has not started yet`;
        if (target.state === 'recovering' || target.health === 'recovering') return `${name} is already restarting`;
        return null;
      case 'job.cancel':
        if (ENDED.includes(target.state) || target.state === 'failed') return `${name} has already ${target.state}`;
        return null;
      case 'service.scale':
        if (target.kind !== 'inference') return `${name} is not an inference service`;
        if (ENDED.includes(target.state) || target.state === 'failed') return `${name} has ${target.state}`;
        if (params.count === undefined) return 'Give the number of replicas';
        if (params.count > MAX_REPLICAS_INPUT) return `A service can have at most ${MAX_REPLICAS_INPUT} replicas`;
        if (params.count === target.desiredReplicas) return `${name} is already set to ${params.count} replicas`;
        return null;
    }
  }
  if (target.type === 'node') {
    const host = target.hostname;
    switch (kind) {
      case 'node.cordon':
        if (target.state === 'cordoned' || target.state === 'draining') return `${host} is already cordoned`;
        if (target.state === 'retired') return `${host} has been retired from its pool`;
        return null;
      case 'node.uncordon':
        if (target.state === 'ready') return `${host} is not cordoned`;
        if (target.state !== 'cordoned') return `${host} is ${target.state}; uncordon it once it is back`;
        return null;
      case 'node.drain':
        if (target.state === 'draining') return `${host} is already draining`;
        if (target.state === 'retired') return `${host} has been retired from its pool`;
        return null;
      case 'node.reboot':
      case 'node.replace':
        if (target.state === 'rebooting' || target.state === 'provisioning')
          return `${host} is already ${target.state === 'rebooting' ? 'rebooting' : 'being provisioned'}`;
        if (target.state === 'retired') return `${host} has been retired from its pool`;
        return null;
    }
  }
  if (target.type === 'pool' && kind === 'pool.scale') {
    if (params.count === undefined) return 'Give the number of nodes';
    if (params.count > MAX_POOL_NODES_INPUT) return `A pool can have at most ${MAX_POOL_NODES_INPUT} nodes`;
    if (params.count === target.desiredNodes) return `${target.name} is already set to ${params.count} nodes`;
    return null;
  }
  return `${kind} cannot act on this target`;
}
