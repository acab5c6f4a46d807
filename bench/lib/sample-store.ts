// What the console's per-GPU minute readings take on disk: the minute rows of the hours not packed yet and every
// partition of the packed hours, with their indexes and TOAST, against the GPU-minutes they hold.
import type pg from 'pg';

export async function sampleStore(pool: pg.Pool) {
  const { rows } = await pool.query<{ bytes: string; partitions: number; minute_rows: string; packed_minutes: string }>(
    `SELECT pg_total_relation_size('gpu_sample')
              + coalesce((SELECT sum(pg_total_relation_size(i.inhrelid)) FROM pg_inherits i
                          WHERE i.inhparent = 'gpu_sample_hour'::regclass), 0) AS bytes,
            (SELECT count(*)::int FROM pg_inherits i WHERE i.inhparent = 'gpu_sample_hour'::regclass) AS partitions,
            (SELECT count(*) FROM gpu_sample) AS minute_rows,
            (SELECT coalesce(sum(cardinality(array_remove(util, NULL))), 0) FROM gpu_sample_hour) AS packed_minutes`,
  );
  const bytes = Number(rows[0].bytes);
  const gpuMinutes = Number(rows[0].minute_rows) + Number(rows[0].packed_minutes);
  return {
    tables: 'gpu_sample (minute rows) + gpu_sample_hour (packed hours)',
    partitions: rows[0].partitions,
    bytes,
    gpuMinutes,
    minuteRows: Number(rows[0].minute_rows),
    bytesPerGpuMinute: Math.round((bytes / gpuMinutes) * 100) / 100,
  };
}
