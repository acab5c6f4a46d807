// One transaction with bounded waits, for the requests people and machines send (actions, route handlers). On a
// slow or crowded database a request waits a bounded time for a connection and for each lock, and is tried again
// while its deadline allows; only then does it give up with BusyError, which callers answer as "still working, try
// again" (503 with Retry-After, or the action code `busy`). Every try rolls back whole, so trying again is safe.
import { db } from './client';
import { isDatabaseBusy } from './errors';
import type { Prisma } from '@/lib/generated/prisma/client';

export type Tx = Prisma.TransactionClient;

export const BUSY_RETRY_AFTER_SECONDS = 5;

export class BusyError extends Error {
  readonly code = 'busy';
  readonly retryAfterSeconds = BUSY_RETRY_AFTER_SECONDS;
  constructor(options?: ErrorOptions) {
    super(
      'The console is busy and could not finish in time; nothing was changed. Try again in a few seconds.',
      options,
    );
    this.name = 'BusyError';
  }
}

export interface BoundedOptions {
  /** How long one statement may wait for a lock (a twin request holding the same idempotency key, a busy row). */
  lockWaitMs?: number;
  /** How long all tries together may take before the request gives up. */
  deadlineMs?: number;
  /** How long the work of one try may take once it has a connection. */
  timeoutMs?: number;
}

const DEFAULTS = { lockWaitMs: 5_000, deadlineMs: 20_000, timeoutMs: 30_000 };

export async function boundedTransaction<T>(work: (tx: Tx) => Promise<T>, options: BoundedOptions = {}): Promise<T> {
  const { lockWaitMs, deadlineMs, timeoutMs } = { ...DEFAULTS, ...options };
  const deadline = Date.now() + deadlineMs;
  for (let attempt = 1; ; attempt++) {
    const left = deadline - Date.now();
    try {
      return await db.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = ${Math.max(1, Math.min(lockWaitMs, left))}`);
          return work(tx);
        },
        { maxWait: Math.max(1, left), timeout: timeoutMs },
      );
    } catch (error) {
      if (!isDatabaseBusy(error)) throw error;
      // A short, growing pause with jitter, so that twins waiting on each other do not meet again at once.
      const pause = Math.min(1_000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2);
      if (Date.now() + pause >= deadline) throw new BusyError({ cause: error });
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
