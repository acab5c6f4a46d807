// A small cluster whose operations' impact is worked out by hand, shared by the action route and server
// action tests. "Now" is Wed 2026-11-25 10:30:00Z.
//
// Pools (8 GPUs a node):
//   1 h800-reserved (H800 reserved, $2.50 per GPU-hour), desired 2: n1 and n2 ready, n3 cordoned
//   2 h800-spot     (H800 spot, $1.00),                  desired 1: n4 ready
// Jobs:
//   1 pretrain-16 training, running since 06:00, 16 GPUs (all of n1 and n2), last checkpoint 10:00 (30 min ago)
//     restart: 16 x (30 min + 5 min to recover) = 9.333 GPU-h, x $2.50 = $23.33
//     cancel:  16 x 30 min (it does not come back)  = 8 GPU-h,     x $2.50 = $20.00
//   2 serve-chat inference, running, 2 GPUs on n4, 2 replicas: keeps no training state
//   3 done-job training, succeeded at 09:00
//   4 pretrain-512 training, running, 512 GPUs asked (none held here): its name must be typed
//   5 restarting-job training, recovering
//   6 eval-run evaluation, running, 8 GPUs asked (none held here)
import pg from 'pg';

export const NOW = new Date('2026-11-25T10:30:00Z');

export const USERS = {
  viewer: { id: 1, name: 'V', email: 'viewer@fleet.local', role: 'viewer' as const },
  operator: { id: 2, name: 'O', email: 'operator@fleet.local', role: 'operator' as const },
  admin: { id: 3, name: 'A', email: 'admin@fleet.local', role: 'admin' as const },
};

export async function withClient<T>(
  work: (sql: (text: string, params?: unknown[]) => Promise<pg.QueryResult>) => Promise<T>,
) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await work((text, params = []) => client.query(text, params));
  } finally {
    await client.end();
  }
}

export function buildActionsFleet() {
  return withClient(async (sql) => {
    await sql(`INSERT INTO setting (key, value) VALUES ('org.currency', '"USD"'), ('org.timeZone', '"UTC"')`);
    await sql(
      `INSERT INTO app_user (id, email, name, role) VALUES ($1, $2, 'V', 'viewer'), ($3, $4, 'O', 'operator'), ($5, $6, 'A', 'admin')`,
      [USERS.viewer.id, USERS.viewer.email, USERS.operator.id, USERS.operator.email, USERS.admin.id, USERS.admin.email],
    );
    await sql(`INSERT INTO cluster (id, name, scheduler) VALUES (1, 'test', 'simulator')`);
    await sql(`INSERT INTO pool (id, cluster_id, name, gpu_model, pricing_class, gpus_per_node, desired_nodes) VALUES
      (1, 1, 'h800-reserved', 'H800', 'reserved', 8, 2), (2, 1, 'h800-spot', 'H800', 'spot', 8, 1)`);
    await sql(`INSERT INTO node (id, cluster_id, pool_id, hostname, state) VALUES
      (1, 1, 1, 'n1', 'ready'), (2, 1, 1, 'n2', 'ready'), (3, 1, 1, 'n3', 'cordoned'), (4, 1, 2, 'n4', 'ready')`);
    // GPU ids: node id x 100 + index.
    await sql(`INSERT INTO gpu (id, node_id, index, uuid, model, memory_mib)
      SELECT n * 100 + i, n, i, 'GPU-' || n || '-' || i, 'H800', 81559 FROM generate_series(1, 4) n, generate_series(0, 7) i`);
    await sql(`INSERT INTO rate_card (gpu_model, pricing_class, price_per_gpu_hour, currency, effective_from) VALUES
      ('H800', 'reserved', 2.50, 'USD', '2026-01-01Z'), ('H800', 'spot', 1.00, 'USD', '2026-01-01Z')`);
    await sql(`INSERT INTO team (id, name) VALUES (1, 'research')`);
    await sql(`INSERT INTO project (id, team_id, name) VALUES (1, 1, 'llm')`);
    await sql(`INSERT INTO job (id, cluster_id, external_id, name, kind, team_id, project_id, state, health, gpus_requested,
                                submitted_at, started_at, ended_at, last_checkpoint_at, replicas, desired_replicas) VALUES
      (1, 1, 'j1', 'pretrain-16', 'training', 1, 1, 'running', 'healthy', 16,
       '2026-11-25T06:00Z', '2026-11-25T06:00Z', NULL, '2026-11-25T10:00Z', NULL, NULL),
      (2, 1, 'j2', 'serve-chat', 'inference', 1, 1, 'running', 'healthy', 2,
       '2026-11-25T06:00Z', '2026-11-25T06:00Z', NULL, NULL, 2, 2),
      (3, 1, 'j3', 'done-job', 'training', 1, 1, 'succeeded', 'succeeded', 8,
       '2026-11-25T01:00Z', '2026-11-25T01:00Z', '2026-11-25T09:00Z', '2026-11-25T08:00Z', NULL, NULL),
      (4, 1, 'j4', 'pretrain-512', 'training', 1, 1, 'running', 'healthy', 512,
       '2026-11-25T06:00Z', '2026-11-25T06:00Z', NULL, '2026-11-25T10:00Z', NULL, NULL),
      (5, 1, 'j5', 'restarting-job', 'training', 1, 1, 'recovering', 'recovering', 8,
       '2026-11-25T06:00Z', '2026-11-25T06:00Z', NULL, '2026-11-25T10:00Z', NULL, NULL),
      (6, 1, 'j6', 'eval-run', 'evaluation', 1, 1, 'running', 'healthy', 8,
       '2026-11-25T06:00Z', '2026-11-25T06:00Z', NULL, NULL, NULL, NULL)`);
    await sql(`INSERT INTO allocation (job_id, gpu_id, "from")
      SELECT 1, id, '2026-11-25T06:00Z'::timestamptz FROM gpu WHERE node_id IN (1, 2)
      UNION ALL SELECT 2, id, '2026-11-25T06:00Z' FROM gpu WHERE node_id = 4 AND index < 2`);
  });
}
