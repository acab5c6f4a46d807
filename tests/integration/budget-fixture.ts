// One H800 reserved GPU at $2.00/h, held without a break since 20 Dec 2026 by team research / project llm:
// $48 a day, so the last 7 days' run rate is $48/day at any time after 27 Dec. Organisation: Europe/Berlin.
import pg from 'pg';

export async function buildBudgetFleet(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`
      INSERT INTO app_user (id, email, name, role) VALUES (1, 'admin@fleet.local', 'A', 'admin');
      INSERT INTO setting (key, value) VALUES ('org.timeZone', '"Europe/Berlin"'), ('org.currency', '"USD"');
      INSERT INTO cluster (id, name, scheduler) VALUES (1, 'c', 'simulator');
      INSERT INTO pool (id, cluster_id, name, gpu_model, pricing_class, desired_nodes) VALUES (1, 1, 'r', 'H800', 'reserved', 1);
      INSERT INTO node (id, cluster_id, pool_id, hostname) VALUES (1, 1, 1, 'n1');
      INSERT INTO gpu (id, node_id, index, uuid, model, memory_mib) VALUES (10, 1, 0, 'g10', 'H800', 1);
      INSERT INTO rate_card (gpu_model, pricing_class, price_per_gpu_hour, currency, effective_from)
        VALUES ('H800', 'reserved', 2.00, 'USD', '2026-01-01Z');
      INSERT INTO team (id, name) VALUES (1, 'research'), (2, 'product');
      INSERT INTO project (id, team_id, name) VALUES (1, 1, 'llm'), (2, 2, 'search');
      INSERT INTO job (id, cluster_id, external_id, name, kind, team_id, project_id, state, health, gpus_requested, submitted_at)
        VALUES (1, 1, 'j1', 'pretrain', 'training', 1, 1, 'running', 'healthy', 1, '2026-12-20Z');
      INSERT INTO allocation (job_id, gpu_id, "from") VALUES (1, 10, '2026-12-20T00:00Z');`);
  } finally {
    await client.end();
  }
}
