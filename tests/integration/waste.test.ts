// Idle and wasteful GPUs now, and a notice to a job's owner, on a small fleet worked out by hand.
//
// One pool h800-reserved at $2.00 a GPU-hour, one node n1 (8 GPUs, ready). The data reaches 10:30:00Z; the last hour
// of data is [09:30, 10:30).
//   job 1 serve-chat, inference, 2 replicas of 2 GPUs (GPUs 0-3), 20% then 40% from 10:00, so 30% over the hour:
//         rate 4 x $2.00 = $8.00/h; wasted $8.00 x (1 - 0.30) = $5.60/h; 2 x 0.3 / 0.6 = 1 replica would do.
//   job 2 pretrain, training, GPUs 4-5, 80% then 100%, so 90%: $4.00/h x 0.10 = $0.40/h, busy.
//   GPUs 6 and 7 held by nobody: 2 idle GPUs, $4.00/h.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { getWaste } from '@/lib/queries/waste';
import { USERS, withClient } from './actions-fixture';
import { session } from './fake-session';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const NOW = new Date('2026-11-25T10:30:20Z');
const key = () => crypto.randomUUID();

beforeAll(async () => {
  await withClient(async (sql) => {
    await sql(`INSERT INTO setting (key, value) VALUES ('org.currency', '"USD"'), ('org.timeZone', '"UTC"')`);
    await sql(`INSERT INTO app_user (id, email, name, role) VALUES (1, 'viewer@fleet.local', 'V', 'viewer'),
      (2, 'operator@fleet.local', 'O', 'operator')`);
    await sql(`INSERT INTO cluster (id, name, scheduler) VALUES (1, 'demo-h800', 'simulator')`);
    await sql(`INSERT INTO data_source (name, kind, data_until, last_success_at) VALUES
      ('demo-h800', 'simulator', '2026-11-25T10:30:00Z', '2026-11-25T10:30:10Z')`);
    await sql(`INSERT INTO pool (id, cluster_id, name, gpu_model, pricing_class, desired_nodes)
      VALUES (1, 1, 'h800-reserved', 'H800', 'reserved', 1)`);
    await sql(`INSERT INTO node (id, cluster_id, pool_id, hostname, state) VALUES (1, 1, 1, 'n1', 'ready')`);
    await sql(`INSERT INTO gpu (id, node_id, index, uuid, model, memory_mib)
      SELECT i + 1, 1, i, 'g' || i, 'H800', 81559 FROM generate_series(0, 7) i`);
    await sql(`INSERT INTO rate_card (gpu_model, pricing_class, price_per_gpu_hour, currency, effective_from)
      VALUES ('H800', 'reserved', 2.00, 'USD', '2026-01-01Z')`);
    await sql(`INSERT INTO team (id, name) VALUES (1, 'inference-platform'), (2, 'foundation-models')`);
    await sql(`INSERT INTO project (id, team_id, name) VALUES (1, 1, 'chat'), (2, 2, 'pretrain')`);
    await sql(`INSERT INTO job (id, cluster_id, external_id, name, kind, team_id, project_id, owner, state, health,
                                gpus_requested, submitted_at, started_at, replicas, desired_replicas) VALUES
      (1, 1, 'svc-1', 'serve-chat', 'inference', 1, 1, 'a.chen', 'running', 'healthy', 4, '2026-11-20Z', '2026-11-20Z', 2, 2),
      (2, 1, 'train-2', 'pretrain', 'training', 2, 2, 'b.ito', 'running', 'healthy', 2, '2026-11-25T08:00Z', '2026-11-25T08:00Z', NULL, NULL)`);
    await sql(`INSERT INTO allocation (job_id, gpu_id, "from") VALUES
      (1, 1, '2026-11-20Z'), (1, 2, '2026-11-20Z'), (1, 3, '2026-11-20Z'), (1, 4, '2026-11-20Z'),
      (2, 5, '2026-11-25T08:00Z'), (2, 6, '2026-11-25T08:00Z')`);
    await sql(`SELECT fleet_ensure_sample_partitions('2026-11-25'::date, '2026-11-26'::date)`);
    // A sample a minute for the hour before, and one outside it (09:29) that must not count.
    await sql(`INSERT INTO gpu_sample (gpu_id, ts, job_id, util, fb_used_mib, power_w, temp_c)
      SELECT g, m, CASE WHEN g <= 4 THEN 1 ELSE 2 END,
             CASE WHEN g <= 4 THEN (CASE WHEN m < '2026-11-25T10:00Z' THEN 20 ELSE 40 END)
                  ELSE (CASE WHEN m < '2026-11-25T10:00Z' THEN 80 ELSE 100 END) END, 1000, 300, 60
      FROM generate_series(1, 6) g, generate_series('2026-11-25T09:30Z'::timestamptz, '2026-11-25T10:29Z', '1 minute') m
      UNION ALL SELECT g, '2026-11-25T09:29Z', 1, 0, 1000, 300, 60 FROM generate_series(1, 4) g`);
    // The hour before 10:00 packed, as the collector packs a past hour: the window reads both stores.
    await sql(`SELECT fleet_pack_samples('2026-11-25T10:00Z')`);
  });
  await db.notificationChannel.create({
    data: { name: 'inference-costs', kind: 'webhook', config: { url: 'http://127.0.0.1:9/x' }, teamId: 1 },
  });
});

afterAll(() => db.$disconnect());

describe('idle and wasteful GPUs now', () => {
  it('ranks the holders by money wasted per hour, with the cause, and prices the GPUs nobody holds', async () => {
    const view = await getWaste(NOW);
    expect(view.window).toEqual({ from: '2026-11-25T09:30:00.000Z', to: '2026-11-25T10:30:00.000Z' });
    expect(view.rows.map((row) => [row.name, row.gpus, row.ratePerHour, row.utilization])).toEqual([
      ['serve-chat', 4, 8, 0.3],
      ['pretrain', 2, 4, 0.9],
    ]);
    const [service, training] = view.rows;
    expect(service.wastePerHour).toBeCloseTo(5.6, 10);
    expect(service).toMatchObject({
      cause: 'overprovisioned',
      actionable: true,
      owner: 'a.chen',
      detail: '2 replicas at 30% utilization; 1 would serve at about 60%',
    });
    expect(training.wastePerHour).toBeCloseTo(0.4, 10);
    expect(training).toMatchObject({ cause: 'busy', actionable: false });
    expect(view.pools).toEqual([{ id: 1, name: 'h800-reserved', idleGpus: 2, outOfServiceGpus: 0, ratePerGpuHour: 2 }]);
  });

  it('lets an operator tell the owner through the team’s channels, once per request, and keeps it in the audit log', async () => {
    const { notifyOwner } = await import('@/lib/actions/waste');
    session.user = USERS.viewer;
    const refused = await notifyOwner({ jobId: 1, idempotencyKey: key() });
    expect(refused).toMatchObject({ ok: false, code: 'forbidden' });

    session.user = USERS.operator;
    // A job id past what PostgreSQL's integer holds is a field error, not a database error.
    expect(await notifyOwner({ jobId: 2 ** 31, idempotencyKey: key() })).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { jobId: ['choose a job'] },
    });
    const idempotencyKey = key();
    const sent = await notifyOwner({ jobId: 1, note: 'Scale to one replica tonight?', idempotencyKey });
    expect(sent).toMatchObject({ ok: true, data: { notified: 1 } });
    // A double submit answers the first request's result and sends nothing more.
    expect(await notifyOwner({ jobId: 1, note: 'Scale to one replica tonight?', idempotencyKey })).toEqual(sent);
    const notes = await db.notification.findMany();
    expect(notes).toHaveLength(1);
    expect(notes[0].subject).toBe('serve-chat wastes $5.60 an hour of GPUs');
    expect((notes[0].payload as { text: string }).text).toContain('O: Scale to one replica tonight?');
    const audit = await db.auditEvent.findMany({ where: { action: 'job.notify_owner', result: 'ok' } });
    expect(audit.map((row) => [row.targetType, row.targetId, row.actorLabel])).toEqual([
      ['job', '1', 'operator@fleet.local'],
    ]);
    const view = await getWaste(NOW);
    expect(view.rows[0].notified?.by).toBe('operator@fleet.local');
  });

  it('refuses to bother the owner of a busy job, and says why', async () => {
    const { notifyOwner } = await import('@/lib/actions/waste');
    session.user = USERS.operator;
    expect(await notifyOwner({ jobId: 2, idempotencyKey: key() })).toMatchObject({
      ok: false,
      error: "Nothing to tell pretrain's owner: it runs at 90% utilization, at or above the 60% target.",
    });
    expect(await db.notification.count()).toBe(1);
  });
});
