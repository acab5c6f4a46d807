// A small fleet for the incident tests: people of each role, two nodes of H100s at $4.00 per GPU-hour, and a
// training job holding the two GPUs of node gpu-a-001.
//   users: 1 viewer, 2 operator, 3 admin, 4 a second operator, 5 a disabled operator
//   pool 1 h100-od (H100, on demand, $4.00/GPU-h); node 1 gpu-a-001 GPUs 10, 11; node 2 gpu-a-002 GPUs 20, 21
//   team 1 research (project 1 llm), team 2 product (project 2 search)
//   job 1 pretrain-70b (external id research/pretrain-70b-0), research/llm, GPUs 10 and 11 since 2026-11-20T00:00Z
//   job 2 search-api (external id product/search-api-0), product/search, GPU 20 since 2026-11-20T00:00Z
import pg from 'pg';

export const USERS = {
  viewer: { id: 1, name: 'Vera Viewer', email: 'viewer@fleet.local', role: 'viewer' as const },
  operator: { id: 2, name: 'Otto Operator', email: 'operator@fleet.local', role: 'operator' as const },
  admin: { id: 3, name: 'Ada Admin', email: 'admin@fleet.local', role: 'admin' as const },
  operator2: { id: 4, name: 'Olga Oncall', email: 'olga@fleet.local', role: 'operator' as const },
  disabled: { id: 5, name: 'Gone Away', email: 'gone@fleet.local', role: 'operator' as const },
};

export async function buildIncidentFleet(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const sql = (text: string) => client.query(text);
  try {
    await sql(`INSERT INTO setting (key, value) VALUES ('org.timeZone', '"UTC"'), ('org.currency', '"USD"')`);
    await sql(`INSERT INTO app_user (id, email, name, role, disabled) VALUES
      (1, 'viewer@fleet.local', 'Vera Viewer', 'viewer', false),
      (2, 'operator@fleet.local', 'Otto Operator', 'operator', false),
      (3, 'admin@fleet.local', 'Ada Admin', 'admin', false),
      (4, 'olga@fleet.local', 'Olga Oncall', 'operator', false),
      (5, 'gone@fleet.local', 'Gone Away', 'operator', true)`);
    await sql(`SELECT setval(pg_get_serial_sequence('app_user', 'id'), 5)`);
    await sql(`INSERT INTO cluster (id, name, scheduler) VALUES (1, 'test', 'simulator')`);
    await sql(`INSERT INTO pool (id, cluster_id, name, gpu_model, pricing_class, desired_nodes)
      VALUES (1, 1, 'h100-od', 'H100', 'on_demand', 2)`);
    await sql(`INSERT INTO node (id, cluster_id, pool_id, hostname, state) VALUES
      (1, 1, 1, 'gpu-a-001', 'ready'), (2, 1, 1, 'gpu-a-002', 'ready')`);
    await sql(`INSERT INTO gpu (id, node_id, index, uuid, model, memory_mib) VALUES
      (10, 1, 0, 'g10', 'H100', 81559), (11, 1, 1, 'g11', 'H100', 81559),
      (20, 2, 0, 'g20', 'H100', 81559), (21, 2, 1, 'g21', 'H100', 81559)`);
    await sql(`INSERT INTO rate_card (gpu_model, pricing_class, price_per_gpu_hour, currency, effective_from)
      VALUES ('H100', 'on_demand', 4.00, 'USD', '2026-01-01Z')`);
    await sql(`INSERT INTO team (id, name) VALUES (1, 'research'), (2, 'product')`);
    await sql(`INSERT INTO project (id, team_id, name) VALUES (1, 1, 'llm'), (2, 2, 'search')`);
    await sql(`INSERT INTO job (id, cluster_id, external_id, name, kind, team_id, project_id, state, health,
                                gpus_requested, submitted_at, started_at) VALUES
      (1, 1, 'research/pretrain-70b-0', 'pretrain-70b', 'training', 1, 1, 'running', 'healthy', 2,
       '2026-11-20T00:00Z', '2026-11-20T00:00Z'),
      (2, 1, 'product/search-api-0', 'search-api', 'inference', 2, 2, 'running', 'healthy', 1,
       '2026-11-20T00:00Z', '2026-11-20T00:00Z')`);
    await sql(`INSERT INTO allocation (job_id, gpu_id, "from", "to") VALUES
      (1, 10, '2026-11-20T00:00Z', NULL), (1, 11, '2026-11-20T00:00Z', NULL), (2, 20, '2026-11-20T00:00Z', NULL)`);
  } finally {
    await client.end();
  }
}
