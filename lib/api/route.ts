// One wrapper for every route handler: it authenticates, checks the role on the server, validates the input,
// and answers errors as { error: { code, message } } with the right status. A handler cannot skip a step.
import 'server-only';
import { z } from 'zod';
import type { Role } from '@/lib/domain/enums';
import { ForbiddenError, UnauthenticatedError, authorize, getCurrentUser, type SessionUser } from '@/lib/auth/session';
import { recordAudit } from '@/lib/audit/record';
import { isDatabaseUnavailable } from '@/lib/db';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
  }
}

export function errorResponse(status: number, code: string, message: string, fields?: Record<string, string[]>) {
  return Response.json(
    { error: { code, message, ...(fields ? { fields } : {}) } },
    { status, headers: { 'cache-control': 'no-store' } },
  );
}

interface RouteOptions<Body extends z.ZodType, Query extends z.ZodType> {
  role: Role;
  body?: Body;
  query?: Query;
  /** Audit name for mutations, e.g. 'simulator.fault'; reads are not audited. */
  audit?: string;
}

interface RouteContext<Body, Query> {
  request: Request;
  user: SessionUser;
  body: Body;
  query: Query;
  /** The route's dynamic segments (`[table]` in the path). */
  params: Record<string, string | string[] | undefined>;
}

/** What Next passes a route handler after the request. */
type SegmentContext = { params: Promise<Record<string, string | string[] | undefined>> };

export function route<Body extends z.ZodType = z.ZodUndefined, Query extends z.ZodType = z.ZodUndefined>(
  options: RouteOptions<Body, Query>,
  handler: (context: RouteContext<z.infer<Body>, z.infer<Query>>) => Promise<unknown>,
) {
  return async (request: Request, segments?: SegmentContext): Promise<Response> => {
    let user: SessionUser | undefined;
    let input: unknown;
    try {
      user = (await getCurrentUser()) ?? undefined;
      if (!user) throw new UnauthenticatedError();
      if (!authorize(user, options.role)) throw new ForbiddenError(options.role, user.role);
      const query = options.query
        ? parse(options.query, Object.fromEntries(new URL(request.url).searchParams))
        : undefined;
      if (options.body) {
        const text = await request.text();
        if (text.length > 1_000_000) {
          throw new ApiError(413, 'payload_too_large', 'The request body is larger than 1 MB.');
        }
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : {};
        } catch {
          throw new ApiError(400, 'malformed_json', 'The request body is not valid JSON.');
        }
        input = json;
      }
      const body = options.body ? parse(options.body, input) : undefined;
      const params = (await segments?.params) ?? {};
      const result = await handler({
        request,
        user,
        body: body as z.infer<Body>,
        query: query as z.infer<Query>,
        params,
      });
      return result instanceof Response ? result : Response.json(result, { headers: { 'cache-control': 'no-store' } });
    } catch (error) {
      const response = toResponse(error);
      // Refusals are audited too: a viewer probing an operator's route is worth knowing about.
      if (options.audit && user) {
        await recordAudit({
          actor: user,
          action: options.audit,
          input,
          result: auditResult(response.status),
          message: error instanceof Error ? error.message : String(error),
        }).catch(() => {});
      }
      return response;
    }
  };
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const fields: Record<string, string[]> = {};
    for (const issue of result.error.issues) (fields[issue.path.join('.') || '_'] ??= []).push(issue.message);
    throw new ApiError(422, 'invalid_input', 'Some fields are not valid.', fields);
  }
  return result.data;
}

function auditResult(status: number): 'denied' | 'invalid' | 'failed' {
  if (status === 403) return 'denied';
  return status === 400 || status === 422 ? 'invalid' : 'failed';
}

function toResponse(error: unknown): Response {
  if (error instanceof ApiError) return errorResponse(error.status, error.code, error.message, error.fields);
  if (error instanceof UnauthenticatedError) return errorResponse(401, error.code, error.message);
  if (error instanceof ForbiddenError) return errorResponse(403, error.code, error.message);
  if (isDatabaseUnavailable(error)) {
    return errorResponse(503, 'database_unavailable', 'The console cannot reach its database right now.');
  }
  console.error(error);
  return errorResponse(500, 'internal', 'Something went wrong on the server; it has been logged.');
}
