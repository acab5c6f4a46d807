// The one wrapper every server action goes through (docs/architecture.md): it parses the input with zod,
// checks the role on the server, claims the caller's idempotency key, runs the work in one transaction with bounded
// waits, writes the audit event (refusals too), and answers { ok, data } or { ok: false, error, fieldErrors }. It
// never throws. A database too slow to answer in time is `busy` ("try again"), never a wrong or half-done answer.
import 'server-only';
import { z } from 'zod';
import { recordAudit, type AuditEntry } from '@/lib/audit/record';
import { authorize, getCurrentUser, type SessionUser } from '@/lib/auth/session';
import { boundedTransaction, BusyError, db, isDatabaseBusy, isDatabaseUnavailable } from '@/lib/db';
import type { Role } from '@/lib/domain/enums';
import type { Tx } from '@/lib/db';
import { ActionError, type ActionResult, type FieldErrors } from '@/lib/errors';
import { claim, keepAnswer, releaseKey, waitForAnswer, type Replay } from './idempotency';
import { oversizedFields, readInput } from './input';

export { ActionError, type ActionResult } from '@/lib/errors';

export type { Tx } from '@/lib/db';

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
  /** The work waits on the network (a test message): it runs outside a transaction, so no lock is held meanwhile. */
  waitsOnNetwork?: boolean;
  /** Fields kept out of the audit log and the idempotency record (secrets, routing keys): only their last 4 characters. */
  sensitive?: readonly string[];
  /** Fields never kept at all (passwords): recorded as "(set)". */
  secrets?: readonly string[];
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

function redact(
  fields: Record<string, unknown>,
  sensitive: readonly string[] = [],
  secrets: readonly string[] = [],
): Record<string, unknown> {
  if (!sensitive.length && !secrets.length) return fields;
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) => {
      if (typeof value !== 'string' || value === '') return [name, value];
      if (secrets.includes(name)) return [name, '(set)'];
      return sensitive.includes(name) ? [name, `…${value.slice(-4)}`] : [name, value];
    }),
  );
}

export function action<Schema extends z.ZodType, Data>(definition: ActionDefinition<Schema, Data>): Action<Data> {
  const requiresKey = definition.idempotent ?? true;
  return async (stateOrInput, formData) => {
    const raw = readInput(formData ?? stateOrInput);
    const { idempotencyKey: rawKey, ...fields } = raw;
    const recorded = redact(fields, definition.sensitive, definition.secrets);
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

    let target: { type: string; id: string | number } | undefined;
    try {
      const unreadable = oversizedFields(fields);
      user = await getCurrentUser();
      if (!user) return refuse('denied', { ok: false, code: 'unauthenticated', error: 'Sign in to do this.' });
      if (!authorize(user, definition.role)) {
        return refuse('denied', {
          ok: false,
          code: 'forbidden',
          error: `This needs the ${definition.role} role; you are signed in as ${user.role}.`,
        });
      }
      if (unreadable) {
        return refuse('invalid', {
          ok: false,
          code: 'invalid',
          error: 'Some fields are not valid.',
          fieldErrors: unreadable,
        });
      }
      const parsed = await definition.input.safeParseAsync(fields);
      const key = requiresKey || rawKey !== undefined ? idempotencyKey.safeParse(rawKey) : null;
      if (!parsed.success || (key && !key.success)) {
        const fieldErrors = {
          ...(parsed.success ? {} : fieldErrorsOf(parsed.error)),
          ...(key && !key.success ? { idempotencyKey: key.error.issues.map((issue) => issue.message) } : {}),
        };
        return refuse('invalid', { ok: false, code: 'invalid', error: 'Some fields are not valid.', fieldErrors });
      }
      const input = parsed.data as z.infer<Schema>;
      target = definition.target?.(input);
      const actor = user;
      const request = key?.success
        ? { key: key.data, action: definition.name, actorId: actor.id, input: recorded }
        : undefined;
      const okAudit = (tx: Tx) =>
        recordAudit(
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
      const work = (tx: Tx) => definition.run({ input, user: actor, tx });
      const outcome = definition.waitsOnNetwork
        ? await performOutside(request, work, okAudit)
        : await boundedTransaction(
            async (tx) => {
              const replay = request && (await claim(tx, request));
              if (replay === 'pending') throw new BusyError();
              if (replay) return replay;
              const data = await work(tx);
              if (request) await keepAnswer(tx, request.actorId, request.key, data);
              await okAudit(tx);
              return { replayed: false as const, data };
            },
            // A twin request waits for the first to commit (its key's row is locked until then), a bounded time.
            { lockWaitMs: 5_000, deadlineMs: 20_000 },
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
      if (error instanceof ActionError) {
        return refuse(error.fieldErrors ? 'invalid' : 'failed', error.toResult(), target);
      }
      if (error instanceof BusyError || isDatabaseBusy(error)) {
        return refuse('failed', { ok: false, code: 'busy', error: new BusyError().message }, target);
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

/**
 * For work that waits on the network (a test message to a channel): no transaction is held while it waits. The key
 * is claimed and committed first, the work runs on the plain client, and its answer and audit event are kept in a
 * second short transaction; a twin polls for that answer instead of holding a lock, and failed work frees the key.
 */
async function performOutside<Data>(
  request: { key: string; action: string; actorId: number; input: unknown } | undefined,
  work: (tx: Tx) => Promise<Data>,
  okAudit: (tx: Tx) => Promise<void>,
): Promise<Replay | { replayed: false; data: Data }> {
  const deadline = Date.now() + 30_000;
  if (request) {
    const replay = await boundedTransaction((tx) => claim(tx, request));
    if (replay === 'pending') return (await waitForAnswer(request.actorId, request.key, deadline)) ?? busy();
    if (replay) return replay;
  }
  let data: Data;
  try {
    data = await work(db);
  } catch (error) {
    if (request) await releaseKey(request.actorId, request.key);
    throw error;
  }
  await boundedTransaction(async (tx) => {
    if (request) await keepAnswer(tx, request.actorId, request.key, data);
    await okAudit(tx);
  });
  return { replayed: false, data };
}

const busy = (): never => {
  throw new BusyError();
};
