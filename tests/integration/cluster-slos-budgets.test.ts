// SLOs and budgets of one cluster, beside the organisation's: each read on its own cluster's figures, listed in
// that cluster's scope with the organisation's, and set by an admin through the forms' actions.
//
// Two clusters, on 2026-12-28 (organisation time zone Europe/Berlin), every GPU an H800 reserved at $2.00/h:
//   train: pool 1, 100 GPUs; 10 of them down in the 10 minutes from now-19m to now-10m.
//   infer: pool 2, 50 GPUs; 10 of them down in the 3 minutes from now-2m to now.
// The rollup holds the 60 minutes up to now (ts now-59m .. now).
//   GPU availability, healthy / provisioned GPU-minutes over those 60 minutes:
//     train: (6,000 - 10 x 10) / 6,000 = 5,900 / 6,000 = 0.983333
//     infer: (3,000 - 10 x 3) / 3,000 = 2,970 / 3,000 = 0.99
//     organisation: (9,000 - 130) / 9,000 = 8,870 / 9,000 = 0.985556
//   5-minute burn rate against 99.9% (error ratio / 0.001):
//     train: 0 errors -> 0; infer: 30 / (5 x 50) = 0.12 -> 120; organisation: 30 / (5 x 150) = 0.04 -> 40
// Team research holds GPUs in both since 2026-12-20 00:00Z: job 1 one GPU of train, job 2 two GPUs of infer.
//   Spend this month to 2026-12-28 12:00Z (204 hours, the month began before the jobs):
//     train: 1 x 204 x $2 = $408; infer: 2 x 204 x $2 = $816; organisation: $1,224.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { session, type FakeUser } from './fake-session';
import { sloFields } from './slo-form';
import { testClient } from './test-client';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));
const { createSlo, updateSlo } = await import('@/lib/actions/slos');
const { createBudget } = await import('@/lib/actions/budgets');
const { sloSummaries } = await import('@/lib/queries/slos/list');
const { getBudgets } = await import('@/lib/queries/budgets');
const { sloAttainment } = await import('@/lib/reports/queries');
const { evaluateSlos } = await import('@/lib/worker/slo');

const NOW = new Date('2026-12-28T12:00:00Z');
const admin: FakeUser = { id: 1, name: 'A', email: 'admin@fleet.local', role: 'admin' };

const { sql } = testClient(async () => {
  await sql(`
    INSERT INTO app_user (id, email, name, role) VALUES (1, 'admin@fleet.local', 'A', 'admin');
    INSERT INTO setting (key, value) VALUES ('org.timeZone', '"Europe/Berlin"'), ('org.currency', '"USD"');
    INSERT INTO cluster (id, name, scheduler) VALUES (1, 'train', 'simulator'), (2, 'infer', 'kubernetes');
    INSERT INTO pool (id, cluster_id, name, gpu_model, pricing_class, desired_nodes)
      VALUES (1, 1, 'h800-train', 'H800', 'reserved', 13), (2, 2, 'h800-infer', 'H800', 'reserved', 7);
    INSERT INTO node (id, cluster_id, pool_id, hostname) VALUES (1, 1, 1, 't1'), (2, 2, 2, 'i1');
    INSERT INTO gpu (id, node_id, index, uuid, model, memory_mib)
      VALUES (10, 1, 0, 'g10', 'H800', 1), (20, 2, 0, 'g20', 'H800', 1), (21, 2, 1, 'g21', 'H800', 1);
    INSERT INTO rate_card (gpu_model, pricing_class, price_per_gpu_hour, currency, effective_from)
      VALUES ('H800', 'reserved', 2.00, 'USD', '2026-01-01Z');
    INSERT INTO team (id, name) VALUES (1, 'research');
    INSERT INTO project (id, team_id, name) VALUES (1, 1, 'llm');
    INSERT INTO job (id, cluster_id, external_id, name, kind, team_id, project_id, state, health, gpus_requested,
                     submitted_at)
      VALUES (1, 1, 'j1', 'pretrain', 'training', 1, 1, 'running', 'healthy', 1, '2026-12-20Z'),
             (2, 2, 'j2', 'serve', 'inference', 1, 1, 'running', 'healthy', 2, '2026-12-20Z');
    INSERT INTO allocation (job_id, gpu_id, "from")
      VALUES (1, 10, '2026-12-20T00:00Z'), (2, 20, '2026-12-20T00:00Z'), (2, 21, '2026-12-20T00:00Z');`);
  await sql(
    `INSERT INTO pool_minute (pool_id, ts, provisioned_gpus, healthy_gpus, allocated_gpus, util_sum, power_sum_w)
     SELECT 1, $1::timestamptz - make_interval(mins => m), 100, CASE WHEN m BETWEEN 10 AND 19 THEN 90 ELSE 100 END,
            1, 90, 700
     FROM generate_series(0, 59) AS m
     UNION ALL
     SELECT 2, $1::timestamptz - make_interval(mins => m), 50, CASE WHEN m <= 2 THEN 40 ELSE 50 END, 2, 180, 1400
     FROM generate_series(0, 59) AS m`,
    [NOW],
  );
});

let pool: pg.Pool;
beforeAll(() => {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
});
afterAll(() => pool.end());

// The rollup holds an hour: 60 of 1,440 minutes is enough of a day's window to be a figure (DOMAIN.md Coverage).
const fields = (extra: Record<string, unknown>) => sloFields({ windowDays: '1', ...extra });

describe('an SLO of one cluster', () => {
  it('is set by an admin picking the cluster, or none for the whole organisation; an unknown one is refused', async () => {
    session.user = admin;
    expect(await createSlo(fields({ name: 'Fleet availability', cluster: '' }))).toMatchObject({ ok: true });
    expect(await createSlo(fields({ name: 'Training availability', cluster: 'train' }))).toMatchObject({ ok: true });
    expect(await createSlo(fields({ name: 'Serving availability', cluster: 'infer' }))).toMatchObject({ ok: true });
    const refused = await createSlo(fields({ name: 'Elsewhere', cluster: 'nowhere' }));
    expect(refused).toMatchObject({ ok: false, fieldErrors: { cluster: ['there is no cluster named nowhere'] } });
    const slos = await db.slo.findMany({ include: { cluster: true }, orderBy: { id: 'asc' } });
    expect(slos.map((slo) => [slo.name, slo.cluster?.name ?? null])).toEqual([
      ['Fleet availability', null],
      ['Training availability', 'train'],
      ['Serving availability', 'infer'],
    ]);
  });

  it('keeps its cluster: another cluster is another SLO', async () => {
    session.user = admin;
    const slo = await db.slo.findUniqueOrThrow({ where: { name: 'Training availability' } });
    const moved = await updateSlo(fields({ id: String(slo.id), name: slo.name, cluster: 'infer' }));
    expect(moved).toMatchObject({
      ok: false,
      fieldErrors: { cluster: [expect.stringContaining('cannot be changed')] },
    });
    const renamed = await updateSlo(fields({ id: String(slo.id), name: 'Training GPUs', cluster: 'train' }));
    expect(renamed).toMatchObject({ ok: true });
  });

  it("is evaluated on its cluster's rollup alone; the organisation's on every cluster's", async () => {
    expect(await evaluateSlos(pool, NOW)).toBe(3);
    const { rows } = await pool.query<{ name: string; sli: number; burn_rates: Record<string, number> }>(
      `SELECT s.name, n.sli, n.burn_rates FROM slo_snapshot n JOIN slo s ON s.id = n.slo_id ORDER BY s.id`,
    );
    const byName = Object.fromEntries(rows.map((row) => [row.name, row]));
    expect(byName['Fleet availability'].sli).toBeCloseTo(8870 / 9000, 9);
    expect(byName['Training GPUs'].sli).toBeCloseTo(5900 / 6000, 9);
    expect(byName['Serving availability'].sli).toBeCloseTo(2970 / 3000, 9);
    expect(byName['Fleet availability'].burn_rates['5']).toBeCloseTo(40, 6);
    expect(byName['Training GPUs'].burn_rates['5']).toBe(0);
    expect(byName['Serving availability'].burn_rates['5']).toBeCloseTo(120, 6);
  });

  it("is listed in its cluster's scope with the organisation's, each saying which it is", async () => {
    const listed = async (cluster: string | null) =>
      (await sloSummaries(undefined, { cluster })).map((slo) => [slo.name, slo.cluster]);
    expect(await listed('infer')).toEqual([
      ['Fleet availability', null],
      ['Serving availability', 'infer'],
    ]);
    expect(await listed(null)).toEqual([
      ['Fleet availability', null],
      ['Training GPUs', 'train'],
      ['Serving availability', 'infer'],
    ]);
    const [serving] = (await sloSummaries(undefined, { cluster: 'infer' })).filter((slo) => slo.cluster);
    expect(serving.latest?.sli).toBeCloseTo(0.99, 9);
  });

  it("reads in the weekly report on its cluster's minutes, in that cluster's report with the organisation's", async () => {
    // The report's range holds the 60 minutes of the rollup: [now-59m, now+1m).
    const range = { from: new Date(NOW.getTime() - 59 * 60_000), to: new Date(NOW.getTime() + 60_000) };
    const report = await sloAttainment(range, { cluster: 'train' });
    expect(report.map((slo) => [slo.name, slo.cluster])).toEqual([
      ['Fleet availability', null],
      ['Training GPUs', 'train'],
    ]);
    expect(report[0].attainment).toBeCloseTo(8870 / 9000, 9);
    expect(report[1].attainment).toBeCloseTo(5900 / 6000, 9);
    expect(report[1].coverage).toBe(1);
  });
});

describe('a budget of one cluster', () => {
  it("counts that cluster's spend alone, and shows in its scope with the organisation's", async () => {
    session.user = admin;
    const budget = (name: string, cluster: string) =>
      createBudget({
        name,
        scope: 'team:1',
        cluster,
        monthlyAmount: '5000',
        thresholds: '50, 100',
        idempotencyKey: randomUUID(),
      });
    expect(await budget('Research', '')).toMatchObject({ ok: true });
    expect(await budget('Research training', 'train')).toMatchObject({ ok: true });
    expect(await budget('Research serving', 'infer')).toMatchObject({ ok: true });
    expect(await budget('Research elsewhere', 'nowhere')).toMatchObject({
      ok: false,
      fieldErrors: { cluster: ['there is no cluster named nowhere'] },
    });

    const spend = (view: Awaited<ReturnType<typeof getBudgets>>) =>
      Object.fromEntries(view.budgets.map((row) => [row.name, [row.cluster, row.spend]]));
    expect(spend(await getBudgets(NOW))).toEqual({
      Research: [null, 1224],
      'Research training': ['train', 408],
      'Research serving': ['infer', 816],
    });
    expect(spend(await getBudgets(NOW, { cluster: 'infer' }))).toEqual({
      Research: [null, 1224],
      'Research serving': ['infer', 816],
    });
  });
});
