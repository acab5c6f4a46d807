// Rows read as one JSON document (lib/db/json-rows.ts): what the charts' reads rely on, column by column.
import { describe, expect, it } from 'vitest';

const { Prisma } = await import('@/lib/db');
const { epochMs, jsonRows } = await import('@/lib/db/json-rows');

describe('jsonRows', () => {
  it('answers each row as an object of its columns: times as epoch ms, numbers as numbers, nulls as null', async () => {
    const rows = await jsonRows<{ t: number; n: number; x: number | null; name: string }>(Prisma.sql`
      SELECT ${epochMs(Prisma.sql`t`)} AS t, n, x, name
      FROM (VALUES (TIMESTAMPTZ '2026-11-25T10:00:00Z', 2::int, 0.1::float8, 'a'),
                   (TIMESTAMPTZ '1970-01-01T00:01:00Z', 7::int, NULL::float8, 'b')) v(t, n, x, name)
      WHERE n > ${1}
      ORDER BY t`);
    // 1970-01-01 00:01 is 60,000 ms after the epoch; 2026-11-25 10:00 UTC is Date.parse's.
    expect(rows).toEqual([
      { t: 60_000, n: 7, x: null, name: 'b' },
      { t: Date.parse('2026-11-25T10:00:00Z'), n: 2, x: 0.1, name: 'a' },
    ]);
  });

  it('answers an empty list when no row matches, never null', async () => {
    expect(await jsonRows(Prisma.sql`SELECT 1 AS one WHERE false`)).toEqual([]);
  });

  it('keeps a float as PostgreSQL holds it, to the last digit', async () => {
    // 1/3 as float8 is 0.333…33 to 17 significant digits; the text round-trips to the same double.
    const [row] = await jsonRows<{ third: number }>(Prisma.sql`SELECT (1::float8 / 3) AS third`);
    expect(row.third).toBe(1 / 3);
  });
});
