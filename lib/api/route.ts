// One wrapper for every route handler, so that no handler can skip a step: it checks where a change comes from
// (same origin, JSON), who asks (a session and its role, or a machine's bearer token), reads the body within a
// size limit, validates path, query and body, runs the work (in one bounded transaction when asked), audits the
// outcome (refusals too), and answers errors as { error: { code, message } } with the status that fits.
import 'server-only';
import { z } from 'zod';
import type { Role } from '@/lib/domain/enums';
import { ForbiddenError, UnauthenticatedError, authorize, getCurrentUser, type SessionUser } from '@/lib/auth/session';
import { recordAudit, type AuditActor, type AuditEntry } from '@/lib/audit/record';
import { boundedTransaction, BusyError, db, isDatabaseBusy, isDatabaseUnavailable, type Tx } from '@/lib/db';
import { errorMeaning } from '@/lib/db/errors';
import type { BoundedOptions } from '@/lib/db/transaction';
import { bearerMatches, type BearerToken } from './bearer';
import { checkOrigin, isJson } from './origin';
import { findNul, readCapped } from './input';
import { ApiError, errorResponse } from './errors';

export { ApiError } from './errors';

export const MAX_BODY_BYTES = 1024 * 1024;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface BaseOptions<Body, Query, Params> {
  body?: Body;
  query?: Query;
  /** The route's dynamic segments (`[id]` in the path); a segment that does not parse is answered 404. */
  params?: Params;
  /** Audit name, e.g. 'simulator.fault': every call is then audited, done or refused. */
  audit?: string;
  /** Runs the handler in one transaction with bounded waits; the success audit commits with it. */
  transaction?: boolean | BoundedOptions;
  /** The largest body read, in bytes (1 MiB unless said). */
  maxBytes?: number;
}

/** A person with a session cookie, holding at least `role`. */
interface SessionOptions<B, Q, P> extends BaseOptions<B, Q, P> {
  role: Role;
  token?: never;
}

/** A machine (Alertmanager) with `Authorization: Bearer <token>`: no session, and no Origin to check. */
interface TokenOptions<B, Q, P> extends BaseOptions<B, Q, P> {
  token: BearerToken;
  role?: never;
}

/** What the handler tells the audit event of a success. */
export interface AuditNote {
  target?: { type: string; id: string | number };
  message?: string;
  /** What to record as the input; the body when left unset. */
  input?: unknown;
  /** A replay of an earlier request (an idempotency key seen before): nothing new to record. */
  replay?: boolean;
}

export interface RouteContext<Body, Query, Params, User> {
  request: Request;
  user: User;
  body: Body;
  query: Query;
  params: Params;
  search: URLSearchParams;
  /** The transaction when the route asked for one, else the plain client. */
  tx: Tx;
  audit: AuditNote;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;
type Handler<B, Q, P, U> = (context: RouteContext<Infer<B>, Infer<Q>, Infer<P>, U>) => Promise<unknown> | unknown;

/** What Next passes a route handler after the request. */
type SegmentContext = { params: Promise<Record<string, string | string[] | undefined>> };

export function route<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(options: SessionOptions<B, Q, P>, handler: Handler<B, Q, P, SessionUser>): RouteHandler;
export function route<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(options: TokenOptions<B, Q, P>, handler: Handler<B, Q, P, null>): RouteHandler;
export function route(
  options: SessionOptions<unknown, unknown, unknown> | TokenOptions<unknown, unknown, unknown>,
  typedHandler: (context: never) => unknown,
): RouteHandler {
  // The overloads tie each handler's context to its options; inside, one shape serves both.
  const handler = typedHandler as (context: RouteContext<unknown, unknown, unknown, SessionUser | null>) => unknown;
  return async (request, segments) => {
    const started = performance.now();
    let authorized = started;
    let actor: AuditActor | undefined;
    let input: unknown;
    const mutating = MUTATING.has(request.method);
    try {
      let user: SessionUser | null = null;
      if (options.token) {
        actor = { id: null, email: options.token.actor };
        const expected = options.token.value();
        if (!expected) throw new ApiError(503, 'not_configured', `This receiver is off: set ${options.token.name}.`);
        const refusal = bearerMatches(request, expected);
        if (refusal)
          throw new ApiError(401, 'unauthenticated', `${refusal}: send Authorization: Bearer <${options.token.name}>.`);
      } else {
        user = await getCurrentUser();
        if (user) actor = user;
        // Before anything else is read: a change another site's page asked a signed-in browser to make.
        if (mutating) {
          const foreign = checkOrigin(request);
          if (foreign) throw new ApiError(403, 'cross_origin', foreign);
        }
        if (!user) throw new UnauthenticatedError();
        if (!authorize(user, options.role!)) throw new ForbiddenError(options.role!, user.role);
      }
      authorized = performance.now();

      const search = new URL(request.url).searchParams;
      const rawParams = (await segments?.params) ?? {};
      const nul = findNul(Object.fromEntries(search), 'query') ?? findNul(rawParams, 'path');
      if (nul) throw nulError(nul);
      const params = options.params ? parse(options.params, rawParams, 404) : undefined;
      const query = options.query ? parse(options.query, Object.fromEntries(search), 422) : undefined;
      let body: unknown;
      if (options.body || (mutating && request.headers.get('content-length') !== '0' && request.body)) {
        if (!isJson(request)) {
          throw new ApiError(
            415,
            'unsupported_media_type',
            'Send the body as JSON, with Content-Type: application/json.',
          );
        }
        const limit = options.maxBytes ?? MAX_BODY_BYTES;
        const text = await readCapped(request, limit);
        if (text === null) {
          throw new ApiError(413, 'payload_too_large', `The body is larger than ${Math.round(limit / 1024)} KiB.`);
        }
        try {
          input = text ? JSON.parse(text) : {};
        } catch {
          throw new ApiError(400, 'malformed_json', 'The request body is not valid JSON.');
        }
        const nulInBody = findNul(input, 'body');
        if (nulInBody) throw nulError(nulInBody);
        if (options.body) body = parse(options.body, input, 422);
      }

      const note: AuditNote = {};
      const run = async (tx: Tx) => {
        const result = await handler({ request, user, body, query, params, search, tx, audit: note });
        if (options.audit && actor && !note.replay) {
          await recordAudit(
            {
              actor,
              action: options.audit,
              targetType: note.target?.type,
              targetId: note.target?.id.toString(),
              input: note.input ?? input,
              result: 'ok',
              message: note.message,
            },
            tx,
          );
        }
        return result;
      };
      const { transaction } = options;
      const result = transaction
        ? await boundedTransaction(run, transaction === true ? {} : transaction)
        : await run(db);
      const response =
        result instanceof Response ? result : Response.json(result, { headers: { 'cache-control': 'no-store' } });
      return withServerTiming(response, started, authorized);
    } catch (error) {
      const response = toResponse(error);
      if (options.token && response.status === 401) {
        response.headers.set('www-authenticate', `Bearer realm="${options.token.actor}"`);
      }
      // Refusals are audited too: a viewer probing an operator's route, or a wrong token, is worth knowing about.
      if (options.audit && actor) {
        await recordAudit({
          actor,
          action: options.audit,
          input,
          result: auditResult(response.status),
          // What the caller was told: an unexpected error's own text (a Prisma invocation) stays in the server log.
          message: response.status >= 500 ? `${response.status}: ${errorMeaning(error)}` : (error as Error).message,
        }).catch((auditError) => console.error('audit event not written', auditError));
      }
      return response;
    }
  };
}

export type RouteHandler = (request: Request, segments?: SegmentContext) => Promise<Response>;

/**
 * Where the handler's time went, for the browser's network panel and for benchmarks: checking who asks (the session,
 * its role re-read) and the work itself. The framework's own share is the rest of the response time.
 */
function withServerTiming(response: Response, started: number, authorized: number): Response {
  const ms = (value: number) => value.toFixed(1);
  const done = performance.now();
  try {
    response.headers.set('server-timing', `auth;dur=${ms(authorized - started)}, work;dur=${ms(done - authorized)}`);
  } catch {
    // A response whose headers are immutable (a redirect, a fetched one) goes out as it is.
  }
  return response;
}

function parse(schema: unknown, value: unknown, status: 404 | 422): unknown {
  const result = (schema as z.ZodType).safeParse(value);
  if (result.success) return result.data;
  if (status === 404) throw new ApiError(404, 'not_found', result.error.issues[0].message);
  const fields: Record<string, string[]> = {};
  for (const issue of result.error.issues) (fields[issue.path.join('.') || '_'] ??= []).push(issue.message);
  const summary = Object.entries(fields)
    .slice(0, 5)
    .map(([path, messages]) => `${path}: ${messages.join('; ')}`)
    .join('. ');
  throw new ApiError(422, 'invalid_input', `Some fields are not valid. ${summary}.`, fields);
}

const nulError = (where: string) =>
  new ApiError(
    400,
    'invalid_characters',
    `${where} holds a NUL character (\\u0000), which the console does not accept.`,
  );

function auditResult(status: number): AuditEntry['result'] {
  if (status === 401 || status === 403) return 'denied';
  return status >= 400 && status < 500 && status !== 404 && status !== 409 ? 'invalid' : 'failed';
}

function toResponse(error: unknown): Response {
  if (error instanceof ApiError) return errorResponse(error.status, error.code, error.message, error.fields);
  if (error instanceof UnauthenticatedError) return errorResponse(401, error.code, error.message);
  if (error instanceof ForbiddenError) return errorResponse(403, error.code, error.message);
  if (error instanceof BusyError || isDatabaseBusy(error)) {
    const busy = error instanceof BusyError ? error : new BusyError({ cause: error });
    const response = errorResponse(503, busy.code, busy.message);
    response.headers.set('retry-after', String(busy.retryAfterSeconds));
    return response;
  }
  if (isDatabaseUnavailable(error)) {
    return errorResponse(503, 'database_unavailable', 'The console cannot reach its database right now.');
  }
  console.error(error);
  return errorResponse(500, 'internal', 'Something went wrong on the server; it has been logged.');
}
