// A plain pg client on the test file's own database (setup.ts points DATABASE_URL at it), connected before the
// file's tests run and closed after: for writing fixtures in SQL and reading back what the code wrote.
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

/** `build` writes the file's fixture once connected. */
export function testClient(build?: () => Promise<void>) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  beforeAll(async () => {
    await client.connect();
    await build?.();
  });
  afterAll(() => client.end());
  return { client, sql: (text: string, params: unknown[] = []) => client.query(text, params) };
}
