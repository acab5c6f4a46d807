// The sim_command table from the web's side: an operator's fault queued for the worker's simulator, and the
// latest commands with what the simulator made of each.
import 'server-only';
import { clusters } from '@/lib/clusters/config';
import { db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { FaultInjectionInput } from './injectable-faults';

export interface SimCommandView {
  id: string;
  kind: string;
  params: unknown;
  requestedBy: string;
  requestedAt: string;
  appliedAt: string | null;
  result: unknown;
}

const view = (row: {
  id: bigint;
  kind: string;
  params: unknown;
  requestedBy: string;
  requestedAt: Date;
  appliedAt: Date | null;
  result: unknown;
}): SimCommandView => ({
  ...row,
  id: row.id.toString(),
  requestedAt: row.requestedAt.toISOString(),
  appliedAt: row.appliedAt?.toISOString() ?? null,
});

/**
 * Queues a fault for the simulator; the collecting worker applies it on its next step (every few seconds).
 * With an idempotency key, the same person sending the same fault again gets the first command back instead of
 * queueing another; the key is theirs alone, and reused for another fault it is a conflict (null).
 */
export async function queueFault(
  input: FaultInjectionInput,
  requestedBy: string,
  idempotencyKey?: string,
  cluster?: string,
): Promise<{ command: SimCommandView; created: boolean } | null> {
  const addressed = await simulatedClusterFor(input.target, cluster);
  try {
    const row = await db.simCommand.create({
      data: { kind: 'fault', params: input, requestedBy, idempotencyKey, cluster: addressed },
    });
    return { command: view(row), created: true };
  } catch (error) {
    if (!idempotencyKey || !(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002')
      throw error;
    const row = await db.simCommand.findUniqueOrThrow({
      where: { requestedBy_idempotencyKey: { requestedBy, idempotencyKey } },
    });
    return sameFault(row.params, input) ? { command: view(row), created: false } : null;
  }
}

const sameFault = (stored: unknown, input: FaultInjectionInput) => {
  const fault = stored as Partial<FaultInjectionInput>;
  return fault.kind === input.kind && fault.target === input.target && fault.code === input.code;
};

export class AmbiguousTargetError extends Error {}

/**
 * The simulated cluster a fault is for: the one named, else, when several are watched, the one holding the target.
 * Null with one simulated cluster (it takes what is addressed to none).
 */
async function simulatedClusterFor(target: string, named: string | undefined): Promise<string | null> {
  const simulated = clusters().filter((c) => c.env.FLEET_SOURCE === 'simulator');
  if (named !== undefined) {
    if (!simulated.some((c) => c.name === named)) {
      throw new AmbiguousTargetError(`${named} is not a simulated cluster of this console`);
    }
    return named;
  }
  if (simulated.length <= 1) return null;
  const holders = await db.$queryRaw<{ name: string }[]>`
    SELECT c.name FROM cluster c WHERE c.name = ANY(${simulated.map((s) => s.name)})
      AND (EXISTS (SELECT 1 FROM job j WHERE j.cluster_id = c.id AND j.external_id = ${target})
        OR EXISTS (SELECT 1 FROM node n WHERE n.cluster_id = c.id AND n.hostname = ${target}))`;
  if (holders.length === 1) return holders[0].name;
  throw new AmbiguousTargetError(
    holders.length
      ? `${target} is in ${holders.map((h) => h.name).join(' and ')}: say which cluster`
      : `No simulated cluster has a job or node named ${target}`,
  );
}

export async function recentSimCommands(limit = 20): Promise<SimCommandView[]> {
  const rows = await db.simCommand.findMany({ orderBy: { id: 'desc' }, take: limit });
  return rows.map(view);
}
