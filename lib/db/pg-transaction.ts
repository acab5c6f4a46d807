// One transaction on a connection of a pg pool (the worker writes through pg, not Prisma): BEGIN, the work, COMMIT;
// on a failure it rolls back whole and throws on. The connection goes back to the pool either way.
import type { Pool, PoolClient } from 'pg';

export async function pgTransaction<T>(pool: Pick<Pool, 'connect'>, work: (client: PoolClient) => Promise<T>) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
