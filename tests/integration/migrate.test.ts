import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listMigrations, migrate } from '@/lib/db/migrate';
import { createTestDatabase } from './db';

describe('migrations', () => {
  let client: Client;
  let emptyUrl: string;

  beforeAll(async () => {
    emptyUrl = await createTestDatabase(inject('pgAdminUrl'), 'template1');
    client = new Client({ connectionString: emptyUrl });
    await client.connect();
  });
  afterAll(() => client.end());

  it('applies every migration to an empty database and records it as Prisma does', async () => {
    const result = await migrate(emptyUrl);
    expect(result.applied).toEqual(listMigrations());
    const { rows } = await client.query(
      'SELECT migration_name, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((row) => row.migration_name)).toEqual(listMigrations());
    expect(rows.every((row) => row.finished_at)).toBe(true);
  });

  it('is safe to run again, and from two processes at once', async () => {
    const [first, second] = await Promise.all([migrate(emptyUrl), migrate(emptyUrl)]);
    expect(first.applied).toEqual([]);
    expect(second.applied).toEqual([]);
    expect(first.skipped).toBe(listMigrations().length);
  });

  it('creates daily sample partitions on demand and drops those that aged out', async () => {
    const created = await client.query("SELECT fleet_ensure_sample_partitions('2026-01-01', '2026-01-03') AS n");
    expect(created.rows[0].n).toBe(3);
    const again = await client.query("SELECT fleet_ensure_sample_partitions('2026-01-01', '2026-01-03') AS n");
    expect(again.rows[0].n).toBe(0);
    await client.query(
      "INSERT INTO gpu_sample (gpu_id, ts, util, fb_used_mib, power_w, temp_c) VALUES (1, '2026-01-02T10:00:00Z', 90, 1000, 500, 60)",
    );
    const dropped = await client.query("SELECT fleet_drop_sample_partitions('2026-01-03') AS n");
    expect(dropped.rows[0].n).toBe(2);
    const left = await client.query('SELECT count(*)::int AS n FROM gpu_sample');
    expect(left.rows[0].n).toBe(0);
  });

  it('refuses a second open allocation of one GPU', async () => {
    await client.query("INSERT INTO cluster (name, scheduler) VALUES ('c', 'simulator')");
    await client.query(
      "INSERT INTO pool (cluster_id, name, gpu_model, pricing_class, desired_nodes) VALUES (1, 'p', 'H800', 'reserved', 1)",
    );
    await client.query("INSERT INTO node (cluster_id, pool_id, hostname) VALUES (1, 1, 'n1')");
    await client.query(
      "INSERT INTO gpu (node_id, index, uuid, model, memory_mib) VALUES (1, 0, 'GPU-1', 'H800', 81559)",
    );
    await client.query("INSERT INTO team (name) VALUES ('t')");
    await client.query("INSERT INTO project (team_id, name) VALUES (1, 'p')");
    const job = (ext: string) =>
      client.query(
        `INSERT INTO job (cluster_id, external_id, name, kind, team_id, project_id, state, health, gpus_requested, submitted_at)
         VALUES (1, $1, $1, 'training', 1, 1, 'running', 'healthy', 1, now()) RETURNING id`,
        [ext],
      );
    const a = (await job('a')).rows[0].id;
    const b = (await job('b')).rows[0].id;
    await client.query('INSERT INTO allocation (job_id, gpu_id, "from") VALUES ($1, 1, now())', [a]);
    await expect(
      client.query('INSERT INTO allocation (job_id, gpu_id, "from") VALUES ($1, 1, now())', [b]),
    ).rejects.toThrow(/allocation_open_gpu_key/);
  });
});
