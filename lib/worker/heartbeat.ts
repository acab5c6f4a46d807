import os from 'node:os';
import type { Pool } from 'pg';

/** Each worker says it is alive every few seconds; /api/health reads the newest beat. */
export async function beat(pool: Pool, workerId: string, startedAt: Date) {
  await pool.query(
    `INSERT INTO worker_heartbeat (worker_id, hostname, pid, started_at, beat_at) VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (worker_id) DO UPDATE SET beat_at = now()`,
    [workerId, os.hostname(), process.pid, startedAt],
  );
}
