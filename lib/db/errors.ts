// "The database cannot be reached" recognised in one place, so that pages show a banner and route handlers
// answer 503 for exactly the same failures. Plain code: no Prisma client, no server-only, safe to import anywhere.

/** Postgres cannot be reached (down, refusing, unknown database, no answer in time): pages show a banner,
 * route handlers answer 503. Any other error is a bug and stays a 500. */
export class DatabaseUnavailableError extends Error {
  readonly code = 'database_unavailable';
  constructor(detail?: string, options?: ErrorOptions) {
    super(`The database is unreachable${detail ? `: ${detail}` : ''}.`, options);
    this.name = 'DatabaseUnavailableError';
  }
}

// Prisma's driver adapter reports connection failures as a `kind`; Postgres's own as SQLSTATE classes 08
// (connection exception), 57P0x (shutting down, cannot connect now) and 53300 (too many connections).
const UNREACHABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'DatabaseDoesNotExist',
  'DatabaseAccessDenied',
  'AuthenticationFailed',
  'ConnectionClosed',
  'SocketTimeout',
  'TlsConnectionError',
  'TooManyConnections',
]);

// Prisma's own codes: cannot reach (P1001), timed out (P1002), no such database (P1003), connection closed
// (P1017), no connection from the pool in time (P2024).
const UNREACHABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1003', 'P1017', 'P2024']);

type DriverCause = { kind?: string; originalCode?: string; code?: string };

/** What the driver said, whether Prisma wrapped it (`meta.driverAdapterError`) or passed it on as it was. */
function driverCause(error: Error): { cause: DriverCause | undefined; sqlState: string } {
  const wrapped = (error as { meta?: { driverAdapterError?: { cause?: DriverCause } } }).meta?.driverAdapterError;
  const cause = wrapped?.cause ?? (error.name === 'DriverAdapterError' ? (error.cause as DriverCause) : undefined);
  return { cause, sqlState: cause?.originalCode ?? cause?.code ?? '' };
}

export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const { cause, sqlState } = driverCause(error);
  if (cause?.kind && UNREACHABLE_KINDS.has(cause.kind)) return true;
  if (/^(08|57P0)/.test(sqlState) || sqlState === '53300') return true;
  const prismaCode = (error as { code?: unknown }).code;
  if (typeof prismaCode === 'string' && UNREACHABLE_PRISMA_CODES.has(prismaCode)) return true;
  // The last: a pooled client whose connection broke (the database restarted) says so when it is next used.
  return /ECONNREFUSED|ECONNRESET|ENOTFOUND|Connection terminated|Can't reach database|connection error and is not queryable/i.test(
    error.message,
  );
}

/** A page's first read: its value, or null when the database cannot be reached (the page shows its banner). */
export async function orUnavailable<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (!(error instanceof DatabaseUnavailableError)) throw error;
    return null;
  }
}

/** Waits gave up (a lock, a free connection, a transaction slot, a deadlock victim): the same request can succeed
 * a moment later, and nothing of it was kept. Lock timeout 55P03, deadlock 40P01, serialization 40001,
 * statement timeout 57014; Prisma's P2024 (no connection in time) and P2028 "Unable to start a transaction". */
export function isDatabaseBusy(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { cause, sqlState } = driverCause(error);
  if (['55P03', '40P01', '40001', '57014'].includes(sqlState) || cause?.kind === 'TransactionWriteConflict')
    return true;
  const prismaCode = (error as { code?: unknown }).code;
  if (prismaCode === 'P2034' || prismaCode === 'P2024') return true;
  return prismaCode === 'P2028' && /unable to start a transaction/i.test(error.message);
}

/** Prisma's request errors a person can be told the meaning of, by code. */
const PRISMA_MEANINGS: Record<string, string> = {
  P2002: 'it conflicts with a record that already exists',
  P2003: 'it refers to a record that no longer exists',
  P2025: 'the record it needs no longer exists',
};

/**
 * What an error means, in a sentence fit for a page or the audit log: never a Prisma invocation with its query and
 * stack (that goes to the server log). A database error is named by its kind; anything else keeps its message.
 */
export function errorMeaning(error: unknown): string {
  if (isDatabaseUnavailable(error)) return 'the database could not be reached';
  if (isDatabaseBusy(error)) return 'the database was busy and gave up waiting';
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && PRISMA_MEANINGS[code]) return PRISMA_MEANINGS[code];
  // A Prisma client error reads "Invalid `prisma.job.findUnique()` invocation in …" and the query, then what is wrong.
  if (/invocation/.test(error.message) || error.name.startsWith('PrismaClient')) {
    const last = error.message.trim().split('\n').filter(Boolean).at(-1)?.trim();
    return last && !/invocation/.test(last) ? `a database error: ${last}` : 'a database error';
  }
  return error.message;
}
