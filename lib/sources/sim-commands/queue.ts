// The sim_command table from the web's side: an operator's fault queued for the worker's simulator, and the
// latest commands with what the simulator made of each.
import 'server-only';
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
 * With an idempotency key, a second request returns the first one's command instead of queueing another.
 */
export async function queueFault(
  input: FaultInjectionInput,
  requestedBy: string,
  idempotencyKey?: string,
): Promise<{ command: SimCommandView; created: boolean }> {
  try {
    const row = await db.simCommand.create({ data: { kind: 'fault', params: input, requestedBy, idempotencyKey } });
    return { command: view(row), created: true };
  } catch (error) {
    if (!idempotencyKey || !(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002')
      throw error;
    const row = await db.simCommand.findUniqueOrThrow({ where: { idempotencyKey } });
    return { command: view(row), created: false };
  }
}

export async function recentSimCommands(limit = 20): Promise<SimCommandView[]> {
  const rows = await db.simCommand.findMany({ orderBy: { id: 'desc' }, take: limit });
  return rows.map(view);
}
