// The collector's bulk writes (COPY text format): every kind of value it sends arrives as it was, across the
// chunks a large batch is sent in, whatever the order of the times and the characters in the text.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyInto, copyRows, type CopyValue } from '@/lib/worker/ingest/copy';

const ROWS = 20_003;
const times = [new Date('2026-11-25T10:00:00Z'), new Date('2026-11-25T10:01:00Z'), new Date('2026-11-25T09:59:00Z')];
const texts = ['plain', 'tab\there', 'new\nline', 'back\\slash', 'carriage\rreturn', 'ünïcode ✓', '\\N', ''];

/** Row i's values: times repeat in runs and out of order, as a batch of several minutes' readings does. */
function row(i: number) {
  return {
    id: i,
    at: times[Math.floor(i / 7) % times.length],
    label: i % 11 === 0 ? null : texts[i % texts.length],
    flag: i % 5 === 0 ? null : i % 3 === 0,
    watts: i % 13 === 0 ? null : i * 1.5 + 0.125,
    ratio: -(i + 0.5) / 7,
  };
}

const columns = (from: number): Record<string, (r: number) => CopyValue> => ({
  id: (r) => row(from + r).id,
  at: (r) => row(from + r).at,
  label: (r) => row(from + r).label,
  flag: (r) => row(from + r).flag,
  watts: (r) => row(from + r).watts,
  ratio: (r) => row(from + r).ratio,
});

describe('bulk writes through COPY', () => {
  let pool: pg.Pool;
  let client: pg.PoolClient;
  const stored = async () =>
    (await client.query('SELECT id, at, label, flag, watts, ratio FROM copy_probe ORDER BY id')).rows;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    client = await pool.connect();
    await client.query(`CREATE TABLE copy_probe (id int PRIMARY KEY, at timestamptz NOT NULL, label text, flag bool,
                                                 watts float8, ratio float8 NOT NULL)`);
  });
  afterAll(async () => {
    client.release();
    await pool.end();
  });

  it('stores every value as sent, over several chunks', async () => {
    await client.query('BEGIN');
    await copyRows(client, 'copy_probe', columns(0), ROWS, 'ON CONFLICT (id) DO NOTHING');
    await client.query('COMMIT');
    expect(await stored()).toEqual(Array.from({ length: ROWS }, (_, i) => row(i)));
  });

  it('takes rows it already holds the staging way, the conflict clause deciding', async () => {
    await client.query('BEGIN');
    // Rows 10,000 to 30,002: the first half are there already and are left as they are.
    await copyRows(client, 'copy_probe', columns(10_000), ROWS, 'ON CONFLICT (id) DO NOTHING');
    await copyInto(
      client,
      'copy_probe',
      { id: (r) => r * 2, at: () => times[0], label: () => 'again', flag: () => true, watts: () => 1, ratio: () => 0 },
      3,
      'ON CONFLICT (id) DO UPDATE SET label = EXCLUDED.label',
    );
    await client.query('COMMIT');
    const rows = await stored();
    expect(rows).toHaveLength(30_003);
    expect(rows.slice(0, 5).map((r) => r.label)).toEqual(['again', texts[1], 'again', texts[3], 'again']);
    expect(rows.slice(5, ROWS)).toEqual(Array.from({ length: ROWS - 5 }, (_, i) => row(i + 5)));
    expect(rows.slice(ROWS)).toEqual(Array.from({ length: 10_000 }, (_, i) => row(i + ROWS)));
  });
});
