// A small fleet whose costs are worked out by hand, shared by the costs, budgets and weekly report tests.
//
// The organisation is in America/New_York (UTC-5 in November). The week of Monday 16 Nov 2026 runs
//   W = [2026-11-16T05:00Z, 2026-11-23T05:00Z)        and the week before P = [2026-11-09T05:00Z, 2026-11-16T05:00Z).
// Pools (one GPU model and pricing class each):
//   1 h800-reserved: GPUs 10, 11   $2.00 until 2026-11-18T12:00Z, then $2.50 (a price change mid-week)
//   2 h800-spot:     GPU 20        $1.00
//   3 a100-od:       GPU 30        $3.00 (on demand)
// Jobs:
//   J1 research/llm training, GPUs 10+11, 11-18T06:00Z to 18:00Z: spans the price change
//      2 x 6 h x $2.00 + 2 x 6 h x $2.50 = 24 + 30 = $54.00 (24 GPU-h); utilization 50%
//   J2 research/vision fine-tuning, GPU 10 (reserved) and GPU 20 (spot), 11-19T00:00Z to 10:00Z: two pools
//      10 h x $2.50 + 10 h x $1.00 = $35.00 (20 GPU-h); utilization 25%
//   J3 product/search evaluation, GPU 30, 11-14T05:00Z to 11-17T05:00Z: began before the week
//      in W: 24 h x $3.00 = $72.00; in P: 48 h x $3.00 = $144.00; utilization 80%
//   J4 product/search inference, GPU 20, Sunday 22 Nov 22:00 to Monday 02:00 New York time
//      (11-23T03:00Z to 07:00Z): 2 h x $1.00 = $2.00 in W, the rest in the next week; not measured
// W: $163.00; research $89.00 (llm 54, vision 35), product $74.00 (search). P: $144.00 -> +13.19%.
import pg from 'pg';

export const ZONE = 'America/New_York';
export const WEEK = { from: new Date('2026-11-16T05:00:00Z'), to: new Date('2026-11-23T05:00:00Z') };
/** WEEK as a URL's query names it. */
export const WEEK_QUERY = `from=${WEEK.from.toISOString()}&to=${WEEK.to.toISOString()}`;
export const PREVIOUS_WEEK = { from: new Date('2026-11-09T05:00:00Z'), to: WEEK.from };

export async function buildCostFleet(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const sql = (text: string) => client.query(text);
  try {
    await sql(`INSERT INTO setting (key, value) VALUES ('org.timeZone', '"${ZONE}"'), ('org.currency', '"USD"')`);
    await sql(`INSERT INTO cluster (id, name, scheduler) VALUES (1, 'test', 'simulator')`);
    await sql(`INSERT INTO pool (id, cluster_id, name, gpu_model, pricing_class, desired_nodes) VALUES
      (1, 1, 'h800-reserved', 'H800', 'reserved', 1), (2, 1, 'h800-spot', 'H800', 'spot', 1),
      (3, 1, 'a100-od', 'A100', 'on_demand', 1)`);
    await sql(`INSERT INTO node (id, cluster_id, pool_id, hostname, state) VALUES
      (1, 1, 1, 'n1', 'ready'), (2, 1, 2, 'n2', 'ready'), (3, 1, 3, 'n3', 'ready')`);
    await sql(`INSERT INTO gpu (id, node_id, index, uuid, model, memory_mib) VALUES
      (10, 1, 0, 'g10', 'H800', 81559), (11, 1, 1, 'g11', 'H800', 81559),
      (20, 2, 0, 'g20', 'H800', 81559), (30, 3, 0, 'g30', 'A100', 81920)`);
    await sql(`INSERT INTO rate_card (gpu_model, pricing_class, price_per_gpu_hour, currency, effective_from, effective_to) VALUES
      ('H800', 'reserved', 2.00, 'USD', '2026-01-01Z', '2026-11-18T12:00Z'),
      ('H800', 'reserved', 2.50, 'USD', '2026-11-18T12:00Z', NULL),
      ('H800', 'spot', 1.00, 'USD', '2026-01-01Z', NULL),
      ('A100', 'on_demand', 3.00, 'USD', '2026-01-01Z', NULL)`);
    await sql(`INSERT INTO team (id, name) VALUES (1, 'research'), (2, 'product')`);
    await sql(`INSERT INTO project (id, team_id, name) VALUES (1, 1, 'llm'), (2, 1, 'vision'), (3, 2, 'search')`);
    await sql(`INSERT INTO job (id, cluster_id, external_id, name, kind, team_id, project_id, state, health, gpus_requested,
                                submitted_at, started_at, ended_at, replicas, desired_replicas) VALUES
      (1, 1, 'j1', 'pretrain-7b', 'training', 1, 1, 'failed', 'failed', 2, '2026-11-18T06:00Z', '2026-11-18T06:00Z', '2026-11-18T18:00Z', NULL, NULL),
      (2, 1, 'j2', 'vision-ft', 'fine_tuning', 1, 2, 'succeeded', 'succeeded', 2, '2026-11-19T00:00Z', '2026-11-19T00:00Z', '2026-11-19T10:00Z', NULL, NULL),
      (3, 1, 'j3', 'search-eval', 'evaluation', 2, 3, 'succeeded', 'succeeded', 1, '2026-11-14T05:00Z', '2026-11-14T05:00Z', '2026-11-17T05:00Z', NULL, NULL),
      (4, 1, 'j4', 'search-api', 'inference', 2, 3, 'succeeded', 'succeeded', 1, '2026-11-23T03:00Z', '2026-11-23T03:00Z', '2026-11-23T07:00Z', 1, 1)`);
    await sql(`INSERT INTO allocation (job_id, gpu_id, "from", "to") VALUES
      (1, 10, '2026-11-18T06:00Z', '2026-11-18T18:00Z'), (1, 11, '2026-11-18T06:00Z', '2026-11-18T18:00Z'),
      (2, 10, '2026-11-19T00:00Z', '2026-11-19T10:00Z'), (2, 20, '2026-11-19T00:00Z', '2026-11-19T10:00Z'),
      (3, 30, '2026-11-14T05:00Z', '2026-11-17T05:00Z'),
      (4, 20, '2026-11-23T03:00Z', '2026-11-23T07:00Z')`);
    // Utilization per job-hour: J1 50% on 2 GPUs, J2 25% on 2 GPUs, J3 80% on 1 GPU (J4 was never sampled).
    await sql(`INSERT INTO job_hourly (job_id, hour, gpu_minutes, util_sum, idle_gpu_minutes)
      SELECT 1, h, 120, 120 * 50, 0 FROM generate_series('2026-11-18T06:00Z'::timestamptz, '2026-11-18T17:00Z', '1 hour') h
      UNION ALL SELECT 2, h, 120, 120 * 25, 0 FROM generate_series('2026-11-19T00:00Z'::timestamptz, '2026-11-19T09:00Z', '1 hour') h
      UNION ALL SELECT 3, h, 60, 60 * 80, 0 FROM generate_series('2026-11-14T05:00Z'::timestamptz, '2026-11-17T04:00Z', '1 hour') h`);
    // Every minute of both weeks provisions every GPU of every pool, and allocates those the allocations hold then.
    await sql(`INSERT INTO pool_minute (pool_id, ts, provisioned_gpus, healthy_gpus, allocated_gpus, util_sum, power_sum_w)
      SELECT p.id, m, CASE p.id WHEN 1 THEN 2 ELSE 1 END, CASE p.id WHEN 1 THEN 2 ELSE 1 END,
             (SELECT count(*) FROM allocation a JOIN gpu g ON g.id = a.gpu_id JOIN node n ON n.id = g.node_id
              WHERE n.pool_id = p.id AND a."from" <= m AND (a."to" IS NULL OR a."to" > m)), 0, 0
      FROM pool p, generate_series('2026-11-09T05:00Z'::timestamptz, '2026-11-23T04:59Z', '1 minute') m`);
    // J1 checkpointed at 16:00 and failed at 18:00, never restarted: 2 GPUs x 2 h lost at $2.50 = $10.00.
    // J2 hung; restarted at 04:00 (checkpoint 03:30), running again 04:05: 2 GPUs x 35 min at ($2.50 + $1.00) / 2.
    await sql(`INSERT INTO job_event (job_id, at, kind, message) VALUES
      (1, '2026-11-18T06:00Z', 'started', 'started'), (1, '2026-11-18T16:00Z', 'checkpoint', 'ckpt'),
      (1, '2026-11-18T18:00Z', 'failed', 'NCCL error'),
      (2, '2026-11-19T00:00Z', 'started', 'started'), (2, '2026-11-19T04:00Z', 'restart_requested', 'hang'),
      (2, '2026-11-19T04:05Z', 'restarted', 'running again'),
      (3, '2026-11-14T05:00Z', 'started', 'started'), (4, '2026-11-23T03:00Z', 'started', 'started')`);
    await sql(
      `INSERT INTO checkpoint (job_id, at, step) VALUES (1, '2026-11-18T16:00Z', 100), (2, '2026-11-19T03:30Z', 50)`,
    );
  } finally {
    await client.end();
  }
}
