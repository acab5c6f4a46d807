// Many small rows read as one JSON document: PostgreSQL builds the array, and it is parsed here in one native
// JSON.parse. Prisma decodes each value of each row on its own, which for a chart's rows (a node's week: 1,344
// rows of six values) cost about three times the CPU of the JSON; a chart's request spends most of its own time
// there once the SQL is a rollup read.
import 'server-only';
import { db, Prisma } from '@/lib/db';

/**
 * The rows of `query`, each an object keyed by its column names. JSON has no time type: select times as epoch
 * milliseconds (`epochMs(column)`), not as timestamps, which would come back as text.
 */
export async function jsonRows<Row>(query: Prisma.Sql): Promise<Row[]> {
  const [{ rows }] = await db.$queryRaw<{ rows: string }[]>`
    SELECT coalesce(json_agg(q), '[]')::text AS rows FROM (${query}) q`;
  return JSON.parse(rows) as Row[];
}

/** A timestamp column as epoch milliseconds, a number in JSON. */
export const epochMs = (column: Prisma.Sql) => Prisma.sql`(extract(epoch FROM ${column}) * 1000)::bigint`;
