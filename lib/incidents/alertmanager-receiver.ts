// The Alertmanager webhook receiver: a machine caller with a bearer token rather than a session, so it does its
// own checks in the order that keeps them cheap (configured, token, size, JSON, schema) and answers errors as
// { error: { code, message } }. A notification that cannot be stored is answered 5xx, which Alertmanager retries.
import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { errorResponse } from '@/lib/api/route';
import { recordAudit, type AuditEntry } from '@/lib/audit/record';
import { db, isDatabaseUnavailable } from '@/lib/db';
import { describeIssues, webhookSchema } from './alertmanager-payload';
import { receiveAlerts } from './alertmanager';

export const MAX_BODY_BYTES = 1024 * 1024;
const AUDIT_NAME = 'alertmanager.receive';
const CALLER = { id: null, email: 'alertmanager' } as const;

interface ReceiverOptions {
  /** The token Alertmanager must send; undefined turns the receiver off. */
  token: () => string | undefined;
}

/** Equal-length digests, so the comparison takes the same time whatever the token sent. */
function tokenMatches(sent: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(sent), digest(expected));
}

function bearerToken(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  return match ? match[1] : null;
}

/** The body as text, or null once it passes `limit` bytes: nothing larger is read into memory. */
async function readCapped(request: Request, limit: number): Promise<string | null> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Errors from the database, as opposed to bugs: worth a retry. */
function isDatabaseError(error: unknown): boolean {
  if (isDatabaseUnavailable(error)) return true;
  const name = error instanceof Error ? error.name : '';
  return name.startsWith('PrismaClient') || name === 'DriverAdapterError';
}

const audit = (entry: Omit<AuditEntry, 'actor' | 'action'>) =>
  recordAudit({ actor: CALLER, action: AUDIT_NAME, targetType: 'alertmanager', ...entry }).catch((error) =>
    console.error('audit event not written', error),
  );

export function alertmanagerReceiver(options: ReceiverOptions) {
  return async function receive(request: Request): Promise<Response> {
    const expected = options.token();
    if (!expected) {
      return errorResponse(
        503,
        'not_configured',
        'The Alertmanager receiver is not configured: set FLEET_ALERTMANAGER_TOKEN on the console.',
      );
    }
    const sent = bearerToken(request);
    if (!sent || !tokenMatches(sent, expected)) {
      await audit({ result: 'denied', message: sent ? 'wrong bearer token' : 'no bearer token' });
      const response = errorResponse(401, 'unauthenticated', 'Send Authorization: Bearer <FLEET_ALERTMANAGER_TOKEN>.');
      response.headers.set('www-authenticate', 'Bearer realm="alertmanager"');
      return response;
    }

    const text = await readCapped(request, MAX_BODY_BYTES);
    if (text === null) {
      await audit({ result: 'invalid', message: 'body larger than 1 MiB' });
      return errorResponse(413, 'payload_too_large', 'The notification is larger than 1 MiB.');
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      await audit({ result: 'invalid', message: 'body is not JSON' });
      return errorResponse(400, 'malformed_json', 'The body is not valid JSON.');
    }
    const parsed = webhookSchema.safeParse(json);
    if (!parsed.success) {
      const fields = describeIssues(parsed.error);
      const summary = Object.entries(fields)
        .slice(0, 5)
        .map(([path, messages]) => `${path}: ${messages.join('; ')}`)
        .join('. ');
      await audit({ result: 'invalid', message: summary });
      return errorResponse(400, 'invalid_payload', `Not an Alertmanager webhook notification. ${summary}.`, fields);
    }
    const payload = parsed.data;

    try {
      const outcome = await db.$transaction(
        async (tx) => {
          const received = await receiveAlerts(tx, payload);
          await recordAudit(
            {
              actor: CALLER,
              action: AUDIT_NAME,
              targetType: 'alertmanager',
              targetId: payload.receiver,
              input: { groupKey: payload.groupKey, status: payload.status, alerts: payload.alerts.length },
              result: 'ok',
              message: `${received.firing} firing, ${received.resolved} resolved, ${received.unchanged} unchanged`,
            },
            tx,
          );
          return received;
        },
        { timeout: 30_000 },
      );
      return Response.json(
        {
          data: {
            incidents: outcome.incidents,
            firing: outcome.firing,
            resolved: outcome.resolved,
            unchanged: outcome.unchanged,
          },
        },
        { headers: { 'cache-control': 'no-store' } },
      );
    } catch (error) {
      console.error('alertmanager notification not stored', error);
      await audit({ result: 'failed', message: error instanceof Error ? error.message : String(error) });
      if (isDatabaseError(error)) {
        return errorResponse(
          503,
          'unavailable',
          'The notification could not be stored right now; nothing was changed. Send it again.',
        );
      }
      return errorResponse(500, 'internal', 'Something went wrong on the server; it has been logged.');
    }
  };
}
