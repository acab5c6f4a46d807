// Many small rows read as one JSON document of columns: PostgreSQL builds an array per column, and it is parsed
// here in one native JSON.parse. Prisma decodes each value of each row on its own, which for a chart's rows (a
// node's week: 1,344 rows of six values) cost about twice the web process's CPU of this; objects per row, with
// every key repeated, cost half as much again as the columns.
import 'server-only';
import { db, Prisma } from '@/lib/db';

/** Each column of a row type as an array, in the rows' order. */
export type Columns<Row> = { [Column in keyof Row]: Row[Column][] };

/**
 * The rows of `query` as one array per column, each named in `columns`. JSON has no time type: select times as
 * epoch milliseconds (`epochMs(column)`), not as timestamps, which would come back as text.
 */
export async function jsonColumns<Row>(
  query: Prisma.Sql,
  columns: readonly (keyof Row & string)[],
): Promise<Columns<Row>> {
  const arrays = columns.map(
    (column) => Prisma.sql`${column}::text, coalesce(json_agg(q.${Prisma.raw(`"${column}"`)}), '[]')`,
  );
  const [{ doc }] = await db.$queryRaw<{ doc: string }[]>`
    SELECT json_build_object(${Prisma.join(arrays)})::text AS doc FROM (${query}) q`;
  return JSON.parse(doc) as Columns<Row>;
}

/**
 * A timestamp as epoch milliseconds, a number in JSON. Apply it to grouped rows, not inside a GROUP BY key: it is
 * arithmetic on every row it sees (date_part's float, exact to the millisecond for these dates).
 */
export const epochMs = (column: Prisma.Sql) => Prisma.sql`(date_part('epoch', ${column}) * 1000)::bigint`;
