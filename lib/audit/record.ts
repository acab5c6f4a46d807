import 'server-only';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { AuditResult } from '@/lib/domain/enums';

export interface AuditEntry {
  /** A person (id null for a caller with no session), or the console itself. */
  actor: { id: number | null; email: string } | 'system';
  action: string;
  targetType?: string;
  targetId?: string;
  reason?: string;
  input?: unknown;
  result: AuditResult;
  message?: string;
}

/** Who, what, target, why, when, result: one row per change, attempted or done. */
export async function recordAudit(entry: AuditEntry, tx: Pick<typeof db, 'auditEvent'> = db) {
  const system = entry.actor === 'system';
  await tx.auditEvent.create({
    data: {
      actorKind: system ? 'system' : 'user',
      actorId: entry.actor === 'system' ? null : entry.actor.id,
      actorLabel: entry.actor === 'system' ? 'system' : entry.actor.email,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      reason: entry.reason,
      input: entry.input === undefined ? undefined : (JSON.parse(JSON.stringify(entry.input)) as Prisma.InputJsonValue),
      result: entry.result,
      message: entry.message?.slice(0, 2000),
    },
  });
}
