// The GPUs and prices the jobs tests build their jobs on: five H800s, GPUs 10 and 11 on node 1, 20 and 21 on node 2,
// 30 on node 3 (the test writes its own pools and nodes), and the H800's rate card: reserved $2.00 an hour until
// Wed 2026-11-25 00:00Z and $2.50 from then on, spot $1.00.
import type { QueryResult } from 'pg';

export async function h800GpusAndRates(sql: (text: string) => Promise<QueryResult>) {
  await sql(`INSERT INTO gpu (id, node_id, index, uuid, model, memory_mib) VALUES
    (10, 1, 0, 'g10', 'H800', 81559), (11, 1, 1, 'g11', 'H800', 81559),
    (20, 2, 0, 'g20', 'H800', 81559), (21, 2, 1, 'g21', 'H800', 81559), (30, 3, 0, 'g30', 'H800', 81559)`);
  await sql(`INSERT INTO rate_card (gpu_model, pricing_class, price_per_gpu_hour, currency, effective_from, effective_to) VALUES
    ('H800', 'reserved', 2.00, 'USD', '2026-01-01Z', '2026-11-25T00:00Z'),
    ('H800', 'reserved', 2.50, 'USD', '2026-11-25T00:00Z', NULL),
    ('H800', 'spot', 1.00, 'USD', '2026-01-01Z', NULL)`);
}
