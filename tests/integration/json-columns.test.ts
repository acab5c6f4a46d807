// Rows read as one JSON document of columns (lib/db/json-columns.ts): what the charts' reads rely on.
import { describe, expect, it } from 'vitest';

const { Prisma } = await import('@/lib/db');
const { epochMs, jsonColumns } = await import('@/lib/db/json-columns');

describe('jsonColumns', () => {
  it("answers an array per column in the rows' order: times as epoch ms, numbers as numbers, nulls as null", async () => {
    const columns = await jsonColumns<{ t: number; n: number; x: number | null; name: string }>(
      Prisma.sql`
        SELECT ${epochMs(Prisma.sql`t`)} AS t, n, x, name
        FROM (VALUES (TIMESTAMPTZ '2026-11-25T10:00:00Z', 2::int, 0.1::float8, 'a'),
                     (TIMESTAMPTZ '1970-01-01T00:01:00Z', 7::int, NULL::float8, 'b'),
                     (TIMESTAMPTZ '2026-11-25T10:00:00Z', 0::int, 1::float8, 'c')) v(t, n, x, name)
        WHERE n > ${1}
        ORDER BY t`,
      ['t', 'n', 'x', 'name'],
    );
    // 'c' is left out by n > 1. 1970-01-01 00:01 is 60,000 ms after the epoch; 2026-11-25 10:00 UTC is Date.parse's.
    expect(columns).toEqual({
      t: [60_000, Date.parse('2026-11-25T10:00:00Z')],
      n: [7, 2],
      x: [null, 0.1],
      name: ['b', 'a'],
    });
  });

  it('answers empty columns when no row matches, never null', async () => {
    expect(await jsonColumns<{ one: number }>(Prisma.sql`SELECT 1 AS one WHERE false`, ['one'])).toEqual({ one: [] });
  });

  it('keeps a float as PostgreSQL holds it, to the last digit', async () => {
    // 1/3 as float8 is 0.333…33 to 17 significant digits; its text round-trips to the same double.
    const { third } = await jsonColumns<{ third: number }>(Prisma.sql`SELECT (1::float8 / 3) AS third`, ['third']);
    expect(third).toEqual([1 / 3]);
  });
});
