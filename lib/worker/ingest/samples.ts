// Minute readings into their two tables (see the gpu_sample_hour migration): the hours a batch holds whole, and
// that ended a while before its end, go straight to gpu_sample_hour as one row a GPU-hour (a day of backfill is
// 24 rows a GPU, not 1,440); every other minute is appended to gpu_sample with a bare COPY, and packed by
// fleet_pack_samples() once its hour is over (packBoundary).
import type { PoolClient } from 'pg';
import type { Batch, SampleColumns } from './batch';
import { copyInto, copyRows, type CopyValue } from './copy';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * Minute rows of an hour are packed once the collected data is this far past its end: a late reading still finds
 * its hour unpacked, and "now" (a job's last ten minutes, the fleet's latest minute) is read from plain rows.
 */
export const PACK_LAG_MS = 15 * MINUTE;

/** Hours before this are packed (or are to be), for data collected up to `until`. */
export const packBoundary = (until: Date) => {
  const lagged = until.getTime() - PACK_LAG_MS;
  return new Date(lagged - (lagged % HOUR));
};

const isoDay = (t: number) => new Date(t - (t % DAY)).toISOString().slice(0, 10);

/** An array literal as COPY's text format takes it: `{1,2,NULL}`. */
const arrayText = (values: ArrayLike<number | boolean | null>) => {
  let text = '{';
  for (let i = 0; i < values.length; i++) text += (i ? ',' : '') + (values[i] === null ? 'NULL' : String(values[i]));
  return `${text}}`;
};

/** A GPU-hour row's columns in gpu_sample_hour: each minute's job, then its readings. */
export const HOUR_COLUMNS = [
  'job_id',
  'util',
  'sm_active_bp',
  'tensor_active_bp',
  'fb_used_mib',
  'power_w',
  'temp_c',
  'xid',
  'ecc_sbe',
  'ecc_dbe',
  'throttled',
] as const;
type Column = (typeof HOUR_COLUMNS)[number];
/** Null for the whole hour when no minute has one: a GPU with no job, or none of these events (nearly always). */
const NULL_WHEN_NONE: ReadonlySet<Column> = new Set([
  'job_id',
  'sm_active_bp',
  'tensor_active_bp',
  'xid',
  'ecc_sbe',
  'ecc_dbe',
  'throttled',
]);

function valuesOf(s: SampleColumns, jobIds: (number | null)[]): Record<Column, (i: number) => number | boolean | null> {
  return {
    job_id: (i) => jobIds[i],
    util: (i) => s.util[i],
    sm_active_bp: (i) => s.smActiveBp[i],
    tensor_active_bp: (i) => s.tensorActiveBp[i],
    fb_used_mib: (i) => s.fbUsedMib[i],
    power_w: (i) => s.powerW[i],
    temp_c: (i) => s.tempC[i],
    xid: (i) => s.xid[i],
    ecc_sbe: (i) => s.eccSbe[i],
    ecc_dbe: (i) => s.eccDbe[i],
    throttled: (i) => s.throttled[i],
  };
}

/** One GPU-hour: for each column, its 60 minutes (null where no reading). */
function packHour(rows: number[], s: SampleColumns, values: ReturnType<typeof valuesOf>) {
  const packed = {} as Record<Column, string | null>;
  for (const column of HOUR_COLUMNS) {
    const minutes = new Array<number | boolean | null>(60).fill(null);
    let any = false;
    for (const i of rows) {
      const value = values[column](i);
      minutes[Math.floor((s.ts[i].getTime() % HOUR) / MINUTE)] = value;
      if (value !== null && value !== 0 && value !== false) any = true;
    }
    packed[column] = NULL_WHEN_NONE.has(column) && !any ? null : arrayText(minutes);
  }
  return packed;
}

/**
 * Writes the batch's minute readings: whole, finished hours packed, the rest as minute rows. `jobIds` are the
 * samples' jobs by row, resolved to database ids. Returns the samples (their indexes) written as minute rows.
 */
export async function writeSamples(client: PoolClient, batch: Batch, jobIds: (number | null)[]): Promise<number[]> {
  const s = batch.samples;
  if (!s.length || !batch.until) return [];
  const from = batch.from?.getTime() ?? -Infinity;
  const firstWholeHour = Math.ceil(from / HOUR) * HOUR;
  const packBefore = packBoundary(batch.until).getTime();
  const byHour = new Map<number, Map<number, number[]>>();
  const minuteRows: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const t = s.ts[i].getTime();
    const hour = t - (t % HOUR);
    if (hour < firstWholeHour || hour >= packBefore) {
      minuteRows.push(i);
      continue;
    }
    let gpus = byHour.get(hour);
    if (!gpus) byHour.set(hour, (gpus = new Map()));
    const rows = gpus.get(s.gpuId[i]);
    if (rows) rows.push(i);
    else gpus.set(s.gpuId[i], [i]);
  }
  const values = valuesOf(s, jobIds);
  if (byHour.size) {
    const hours = [...byHour.keys()];
    await client.query('SELECT fleet_ensure_sample_partitions($1::date, $2::date)', [
      isoDay(Math.min(...hours)),
      isoDay(Math.max(...hours)),
    ]);
    const rows: { gpuId: number; hour: Date; columns: Record<Column, string | null> }[] = [];
    for (const [hour, gpus] of byHour) {
      for (const [gpuId, indexes] of gpus)
        rows.push({ gpuId, hour: new Date(hour), columns: packHour(indexes, s, values) });
    }
    await copyInto(
      client,
      'gpu_sample_hour',
      {
        gpu_id: (r) => rows[r].gpuId,
        hour: (r) => rows[r].hour,
        ...Object.fromEntries(HOUR_COLUMNS.map((column) => [column, (r: number) => rows[r].columns[column]])),
      },
      rows.length,
      `ON CONFLICT (gpu_id, hour) DO UPDATE SET
         ${HOUR_COLUMNS.map((c) => `${c} = fleet_merge_minutes(gpu_sample_hour.${c}, EXCLUDED.${c})`).join(', ')}`,
    );
  }
  if (minuteRows.length) {
    const columns: Record<string, (row: number) => CopyValue> = {
      gpu_id: (r) => s.gpuId[minuteRows[r]],
      ts: (r) => s.ts[minuteRows[r]],
      ...Object.fromEntries(HOUR_COLUMNS.map((column) => [column, (r: number) => values[column](minuteRows[r])])),
    };
    await copyRows(client, 'gpu_sample', columns, minuteRows.length, 'ON CONFLICT (gpu_id, ts) DO NOTHING');
  }
  return minuteRows;
}
