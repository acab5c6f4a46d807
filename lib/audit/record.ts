// The audit log's one writer: who, what, target, why, when, result; one row per change, attempted or done.
// Every field is capped here, whoever calls, so that a hostile caller cannot make the log heavy; and refusals
// repeated by one caller within a minute are counted on one row instead of adding rows (see REFUSAL_WINDOW).
import 'server-only';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { AuditResult } from '@/lib/domain/enums';

/** A person (id null for a caller with no session, such as Alertmanager), or the console itself. */
export type AuditActor = { id: number | null; email: string } | 'system';

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  targetType?: string;
  targetId?: string;
  reason?: string;
  input?: unknown;
  result: AuditResult;
  message?: string;
  /** When it happened, where not now: a step of automatic recovery replayed over backfilled history. */
  at?: Date;
}

/** The longest each stored text may be; longer text is cut and marked with an ellipsis. */
export const AUDIT_LIMITS = {
  actorLabel: 254,
  action: 100,
  targetType: 60,
  targetId: 200,
  reason: 1_000,
  message: 2_000,
  /** Each text inside the input. */
  inputText: 1_000,
  /** The input as JSON, after its texts are cut; beyond this only its size is kept. */
  inputJson: 16_000,
} as const;

/** A refusal (denied, invalid) from the same caller for the same action within this window joins one row. */
export const REFUSAL_WINDOW = '1 minute';

export function clip(text: string, limit: number): string;
export function clip(text: string | undefined, limit: number): string | undefined;
export function clip(text: string | undefined, limit: number): string | undefined {
  if (text === undefined) return text;
  // PostgreSQL cannot store a NUL character in text or JSON: a refusal of one must still be recorded.
  const storable = text.replaceAll('\u0000', '\uFFFD');
  return storable.length <= limit ? storable : `${storable.slice(0, limit - 1)}…`;
}

/** The input with every text cut to its limit, and replaced by its size when it is still too large. */
export function capInput(input: unknown): Prisma.InputJsonValue | undefined {
  if (input === undefined) return undefined;
  const json = JSON.stringify(input, (_key, value: unknown) =>
    typeof value === 'string' ? clip(value, AUDIT_LIMITS.inputText) : value,
  )?.replaceAll('\\u0000', '\\uFFFD');
  if (json === undefined) return undefined;
  if (json.length > AUDIT_LIMITS.inputJson)
    return { omitted: `input of ${json.length.toLocaleString('en-US')} characters` };
  return JSON.parse(json) as Prisma.InputJsonValue;
}

type Writer = Pick<typeof db, 'auditEvent' | '$queryRaw'>;

export async function recordAudit(entry: AuditEntry, tx: Writer = db) {
  const system = entry.actor === 'system';
  const actorId = entry.actor === 'system' ? null : entry.actor.id;
  const actorLabel = clip(entry.actor === 'system' ? 'system' : entry.actor.email, AUDIT_LIMITS.actorLabel);
  const action = clip(entry.action, AUDIT_LIMITS.action);
  if (entry.result === 'denied' || entry.result === 'invalid') {
    // Signed-in callers are told apart by id, others by what they call themselves (an email typed at sign-in,
    // which the sign-in throttle bounds, 'anonymous', 'alertmanager').
    const [joined] = await tx.$queryRaw<{ id: bigint }[]>`
      UPDATE audit_event SET repeats = repeats + 1, last_at = now()
      WHERE id = (
        SELECT id FROM audit_event
        WHERE action = ${action} AND at > now() - ${REFUSAL_WINDOW}::interval AND result = ${entry.result}::"AuditResult"
          AND actor_kind = 'user'
          AND (actor_id = ${actorId} OR (${actorId}::int IS NULL AND actor_id IS NULL AND actor_label = ${actorLabel}))
        ORDER BY at DESC LIMIT 1
      )
      RETURNING id`;
    if (joined) return;
  }
  await tx.auditEvent.create({
    data: {
      actorKind: system ? 'system' : 'user',
      actorId,
      actorLabel,
      action,
      targetType: clip(entry.targetType, AUDIT_LIMITS.targetType),
      targetId: clip(entry.targetId, AUDIT_LIMITS.targetId),
      reason: clip(entry.reason, AUDIT_LIMITS.reason),
      input: capInput(entry.input),
      result: entry.result,
      message: clip(entry.message, AUDIT_LIMITS.message),
      ...(entry.at ? { at: entry.at } : {}),
    },
  });
}
