// The one wrapper every server action goes through (CONVENTIONS.md "A mutation"): it parses the input with zod,
// checks the role on the server, claims the idempotency key, runs the work in one transaction, writes the audit
// event (refusals too), and answers { ok, data } or { ok: false, error, fieldErrors }. It never throws.
import 'server-only';
import { z } from 'zod';
import { recordAudit, type AuditEntry } from '@/lib/audit/record';
import { authorize, getCurrentUser, type SessionUser } from '@/lib/auth/session';
import { db, isDatabaseUnavailable } from '@/lib/db';
import type { Role } from '@/lib/domain/enums';
import type { Prisma } from '@/lib/generated/prisma/client';
import { ActionError, type ActionResult, type FieldErrors } from '@/lib/errors';
import { readInput } from './input';

export { ActionError, type ActionResult } from '@/lib/errors';

export type Tx = Prisma.TransactionClient;

export interface ActionContext<Input> {
  input: Input;
  user: SessionUser;
  /** The transaction the work runs in: the idempotency key and the audit event commit with it, or not at all. */
  tx: Tx;
}

export interface ActionDefinition<Schema extends z.ZodType, Data> {
  /** What is done, as the audit log names it: 'rate.create', 'job.restart'. */
  name: string;
  role: Role;
  input: Schema;
  /** What the action changes, for the audit event. */
  target?: (input: z.infer<Schema>) => { type: string; id: string | number };
  /** A key is required unless the action is harmless to repeat. */
  idempotent?: boolean;
  /** Fields kept out of the audit log and the idempotency record (secrets, routing keys): only their last 4 characters. */
  sensitive?: readonly string[];
  run(context: ActionContext<z.infer<Schema>>): Promise<Data>;
  /** Called after a commit (e.g. revalidatePath); its failure does not undo the action. */
  after?(data: Data): void | Promise<void>;
}

/** Called as `act(input)`, or by useActionState as `act(previousState, formData)`. */
export type Action<Data> = (stateOrInput?: unknown, formData?: FormData) => Promise<ActionResult<Data>>;

const idempotencyKey = z.uuid({ error: 'must be a UUID, generated once per form' });

/** Errors by form field: an issue deep inside a field (an item of a list) belongs to the field. */
function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const list = (fields[String(issue.path[0] ?? '_')] ??= []);
    if (!list.includes(issue.message)) list.push(issue.message);
  }
  return fields;
}

function redact(fields: Record<string, unknown>, sensitive: readonly string[] = []): Record<string, unknown> {
  if (!sensitive.length) return fields;
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) =>
      sensitive.includes(name) && typeof value === 'string' && value !== ''
        ? [name, `…${value.slice(-4)}`]
        : [name, value],
    ),
  );
}

/** JSON with keys sorted, so that input read back from JSONB compares equal to the input sent. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

export function action<Schema extends z.ZodType, Data>(definition: ActionDefinition<Schema, Data>): Action<Data> {
  const requiresKey = definition.idempotent ?? true;
  return async (stateOrInput, formData) => {
    const raw = readInput(formData ?? stateOrInput);
    const { idempotencyKey: rawKey, ...fields } = raw;
    const recorded = redact(fields, definition.sensitive);
    let user: SessionUser | null = null;
    const audit = async (entry: Omit<AuditEntry, 'actor' | 'action'>) => {
      await recordAudit({
        actor: user ?? { id: null, email: 'anonymous' },
        action: definition.name,
        input: recorded,
        reason: typeof fields.reason === 'string' ? fields.reason : undefined,
        ...entry,
      }).catch((error) => console.error('audit event not written', error));
    };
    const refuse = async (
      result: AuditEntry['result'],
      failure: Extract<ActionResult<Data>, { ok: false }>,
      target?: { type: string; id: string | number },
    ) => {
      await audit({ result, message: failure.error, targetType: target?.type, targetId: target?.id?.toString() });
      return failure;
    };

    try {
      user = await getCurrentUser();
      if (!user) return refuse('denied', { ok: false, code: 'unauthenticated', error: 'Sign in to do this.' });
      if (!authorize(user, definition.role)) {
        return refuse('denied', {
          ok: false,
          code: 'forbidden',
          error: `This needs the ${definition.role} role; you are signed in as ${user.role}.`,
        });
      }
      const parsed = definition.input.safeParse(fields);
      const key = requiresKey || rawKey !== undefined ? idempotencyKey.safeParse(rawKey) : null;
      if (!parsed.success || (key && !key.success)) {
        const fieldErrors = {
          ...(parsed.success ? {} : fieldErrorsOf(parsed.error)),
          ...(key && !key.success ? { idempotencyKey: key.error.issues.map((issue) => issue.message) } : {}),
        };
        return refuse('invalid', { ok: false, code: 'invalid', error: 'Some fields are not valid.', fieldErrors });
      }
      const input = parsed.data as z.infer<Schema>;
      const target = definition.target?.(input);
      const actor = user;
      const outcome = await db.$transaction(
        async (tx) => {
          if (key?.success) {
            const replay = await claim(tx, key.data, definition.name, actor.id, recorded);
            if (replay) return replay;
          }
          const data = await definition.run({ input, user: actor, tx });
          if (key?.success) {
            await tx.actionRequest.update({
              where: { key: key.data },
              data: { result: { data: (data ?? null) as Prisma.InputJsonValue } },
            });
          }
          await recordAudit(
            {
              actor,
              action: definition.name,
              targetType: target?.type,
              targetId: target?.id.toString(),
              reason: typeof fields.reason === 'string' ? fields.reason : undefined,
              input: recorded,
              result: 'ok',
            },
            tx,
          );
          return { replayed: false as const, data };
        },
        { timeout: 30_000 },
      );
      if (outcome.replayed) {
        if (outcome.conflict) {
          return { ok: false, code: 'conflict', error: 'This form was already sent with other values. Reload it.' };
        }
        return { ok: true, data: outcome.data as Data };
      }
      try {
        await definition.after?.(outcome.data);
      } catch (error) {
        console.error(`action ${definition.name}: after() failed; the action itself was done`, error);
      }
      return { ok: true, data: outcome.data };
    } catch (error) {
      const target = safeTarget(definition, fields);
      if (error instanceof ActionError) {
        return refuse(error.fieldErrors ? 'invalid' : 'failed', error.toResult(), target);
      }
      if (isDatabaseUnavailable(error)) {
        return refuse('failed', {
          ok: false,
          code: 'unavailable',
          error: 'The console cannot reach its database right now. Nothing was changed.',
        });
      }
      console.error(`action ${definition.name} failed`, error);
      return refuse(
        'failed',
        { ok: false, code: 'internal', error: 'Something went wrong on the server; it has been logged.' },
        target,
      );
    }
  };
}

type Replay = { replayed: true; conflict: boolean; data: unknown };

/**
 * Claims the key for this transaction. A twin submitted at the same time blocks on the insert until the first
 * commits, then reads its result; a key reused with other input, by someone else or for another action, is a
 * conflict, never someone else's answer.
 */
async function claim(tx: Tx, key: string, name: string, actorId: number, fields: unknown): Promise<Replay | null> {
  const inserted = await tx.$executeRaw`
    INSERT INTO action_request (key, action, actor_id, input) VALUES (${key}, ${name}, ${actorId}, ${canonicalJson(fields)}::jsonb)
    ON CONFLICT (key) DO NOTHING`;
  if (inserted === 1) return null;
  const first = await tx.actionRequest.findUniqueOrThrow({ where: { key } });
  const same =
    first.action === name && first.actorId === actorId && canonicalJson(first.input) === canonicalJson(fields);
  return { replayed: true, conflict: !same, data: (first.result as { data?: unknown } | null)?.data ?? null };
}

function safeTarget<Schema extends z.ZodType, Data>(
  definition: ActionDefinition<Schema, Data>,
  fields: Record<string, unknown>,
): { type: string; id: string | number } | undefined {
  try {
    const parsed = definition.input.safeParse(fields);
    return parsed.success ? definition.target?.(parsed.data) : undefined;
  } catch {
    return undefined;
  }
}
