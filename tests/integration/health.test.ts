import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getHealth } from '@/lib/queries/health';

describe('the health report', () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
  });
  afterAll(() => pool.end());

  it('is degraded while no worker has reported and no data has arrived', async () => {
    const health = await getHealth();
    expect(health.status).toBe('degraded');
    expect(health.database.reachable).toBe(true);
    expect(health.worker).toMatchObject({ lastHeartbeat: null, running: 0 });
    expect(health.data).toMatchObject({ dataUntil: null, lagSeconds: null });
  });

  it('is ok with a fresh heartbeat and fresh data, and reports the lag', async () => {
    await pool.query(
      `INSERT INTO worker_heartbeat (worker_id, hostname, pid, started_at, beat_at) VALUES ('w1', 'h', 1, now(), now() - interval '3 seconds')`,
    );
    await pool.query(
      `INSERT INTO data_source (name, kind, last_success_at, data_until) VALUES ('demo-h800', 'simulator', now(), now() - interval '20 seconds')`,
    );
    const health = await getHealth();
    expect(health.status).toBe('ok');
    expect(health.worker.running).toBe(1);
    expect(health.worker.ageSeconds).toBeGreaterThanOrEqual(3);
    expect(health.data.lagSeconds).toBeGreaterThanOrEqual(20);
    expect(health.data.lagSeconds).toBeLessThan(60);
  });

  it('is degraded, with the reason, when the source has been failing and the data is stale', async () => {
    await pool.query(
      `UPDATE data_source SET data_until = now() - interval '10 minutes', last_success_at = now() - interval '10 minutes',
         last_error_at = now(), last_error = 'connect ECONNREFUSED 127.0.0.1:9090'`,
    );
    const health = await getHealth();
    expect(health.status).toBe('degraded');
    expect(health.data.lastError).toBe('connect ECONNREFUSED 127.0.0.1:9090');
    expect(health.data.lagSeconds).toBeGreaterThanOrEqual(600);
  });
});
