// One deadline for the whole overview: a database that does not answer is as unreachable as one that refuses.
import 'server-only';
import { DatabaseUnavailableError, isDatabaseUnavailable } from '@/lib/db';

const DEADLINE_MS = 8_000;

/** Turns "the database cannot be reached" (or does not answer in time) into one error the page can show. */
export async function withDeadline<T>(promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DatabaseUnavailableError(`no answer within ${DEADLINE_MS / 1000} s`)),
      DEADLINE_MS,
    );
  });
  try {
    return await Promise.race([promise, deadline]);
  } catch (error) {
    if (error instanceof DatabaseUnavailableError || !isDatabaseUnavailable(error)) throw error;
    throw new DatabaseUnavailableError(undefined, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
