// getJob on a small hand-built job; every figure is worked out by hand below from DOMAIN.md.
//
// "Now" is pinned to Wed 2026-11-25 10:30:00Z, and the collector's data reaches it. Pre-training job J1 holds
// GPUs 10 and 11 of n1 (H800 reserved: $2.00 an hour until 25 00:00Z, $2.50 from then on) and GPUs 20 and 21
// of n2 (H800 spot, $1.00). It ran from 24 22:00Z, stalled, was restarted at 06:00 and runs again since 06:10.
// In the last 12 minutes n2 GPU 1 (id 21) runs at 30% while the others run at 90%: a straggler.
import { describe, expect, it, vi } from 'vitest';
import { session } from './fake-session';
import { h800GpusAndRates } from './h800-fixture';
import { testClient } from './test-client';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());

const { getJob } = await import('@/lib/queries/jobs');
const { GET } = await import('@/app/api/jobs/[id]/route');
const { presetRange } = await import('@/lib/time-range');

const NOW = new Date('2026-11-25T10:30:00Z');
const SIX_HOURS = { from: new Date('2026-11-25T04:30:00Z'), to: NOW, preset: null };
const SEVEN_DAYS = { from: new Date('2026-11-18T10:30:00Z'), to: NOW, preset: null };

const { sql } = testClient(() => buildJob());

const hours = (gpuId: number, first: string, last: string, util: number) =>
  sql(
    `INSERT INTO gpu_sample_hourly (gpu_id, hour, minutes, util_avg, util_min, fb_used_max, power_avg, temp_max)
     SELECT $1, h, 60, $4::real, $4::smallint, 0, 0, 0 FROM generate_series($2::timestamptz, $3::timestamptz, interval '1 hour') h`,
    [gpuId, first, last, util],
  );

const minutes = (gpuId: number, jobId: number, first: string, last: string, util: number) =>
  sql(
    `INSERT INTO gpu_sample (gpu_id, ts, job_id, util, fb_used_mib, power_w, temp_c)
     SELECT $1, m, $2, $5::smallint, 0, 0, 0 FROM generate_series($3::timestamptz, $4::timestamptz, interval '1 minute') m`,
    [gpuId, jobId, first, last, util],
  );

async function buildJob() {
  await sql(`SELECT fleet_ensure_sample_partitions('2026-11-18', '2026-11-26')`);
  await sql(`INSERT INTO setting (key, value) VALUES ('org.currency', '"USD"'), ('org.timeZone', '"UTC"')`);
  await sql(
    `INSERT INTO data_source (name, kind, data_until, last_success_at) VALUES ('demo-h800', 'simulator', $1, $1)`,
    [NOW],
  );
  await sql(`INSERT INTO cluster (id, name, scheduler) VALUES (1, 'test', 'simulator')`);
  await sql(`INSERT INTO pool (id, cluster_id, name, gpu_model, pricing_class, desired_nodes) VALUES
    (1, 1, 'h800-reserved', 'H800', 'reserved', 1), (2, 1, 'h800-spot', 'H800', 'spot', 2)`);
  await sql(`INSERT INTO node (id, cluster_id, pool_id, hostname, state) VALUES
    (1, 1, 1, 'n1', 'ready'), (2, 1, 2, 'n2', 'ready'), (3, 1, 2, 'n3', 'down')`);
  await h800GpusAndRates(sql);
  await sql(`INSERT INTO team (id, name) VALUES (1, 'alpha')`);
  await sql(`INSERT INTO project (id, team_id, name) VALUES (1, 1, 'llm')`);
  await sql(`INSERT INTO job (id, cluster_id, external_id, name, kind, team_id, project_id, owner, state, health,
                              health_reason, health_since, gpus_requested, submitted_at, started_at, restart_count,
                              last_checkpoint_at, step) VALUES
    (1, 1, 'train-1', 'pretrain-70b', 'training', 1, 1, 'a.chen', 'running', 'degraded',
     'n2 GPU 1 under 50% of the job''s median utilization for 12 min (30% vs median 90%)', '2026-11-25T10:28Z',
     4, '2026-11-24T21:50Z', '2026-11-24T22:00Z', 1, '2026-11-25T10:00Z', 1500),
    (2, 1, 'svc-2', 'serve-chat', 'inference', 1, 1, NULL, 'running', 'healthy', NULL, NULL,
     1, '2026-11-20T00:00Z', '2026-11-20T00:00Z', 0, NULL, NULL),
    (3, 1, 'train-3', 'queued', 'training', 1, 1, NULL, 'pending', 'pending', NULL, NULL,
     8, '2026-11-25T10:00Z', NULL, 0, NULL, NULL)`);
  await sql(`UPDATE job SET partition = 'h800-reserved' WHERE id = 1`);
  await sql(`INSERT INTO allocation (job_id, gpu_id, "from", "to") VALUES
    (1, 10, '2026-11-24T22:00Z', '2026-11-25T06:00Z'), (1, 11, '2026-11-24T22:00Z', '2026-11-25T06:00Z'),
    (1, 20, '2026-11-24T22:00Z', '2026-11-25T06:00Z'), (1, 21, '2026-11-24T22:00Z', '2026-11-25T06:00Z'),
    (1, 10, '2026-11-25T06:10Z', NULL), (1, 11, '2026-11-25T06:10Z', NULL),
    (1, 20, '2026-11-25T06:10Z', NULL), (1, 21, '2026-11-25T06:10Z', NULL),
    (2, 30, '2026-11-25T09:00Z', '2026-11-25T09:30Z')`);
  // Hours 22:00-09:00 rolled up at 90% on every GPU; the hour under way as minute samples.
  for (const gpu of [10, 11, 20, 21]) await hours(gpu, '2026-11-24T22:00Z', '2026-11-25T09:00Z', 90);
  for (const gpu of [10, 11, 20]) await minutes(gpu, 1, '2026-11-25T10:00Z', '2026-11-25T10:29Z', 90);
  await minutes(21, 1, '2026-11-25T10:00Z', '2026-11-25T10:17Z', 90);
  await minutes(21, 1, '2026-11-25T10:18Z', '2026-11-25T10:29Z', 30);
  // The same minutes in the job's hourly rollup (GPU-minutes, utilization x minutes), as the collector sums them:
  // 4 GPUs x 60 min at 90% an hour, 50 min held in the 06:00 hour (restarted at 06:10), and the hour under way:
  // 3 GPUs x 30 min at 90% + 18 min at 90% + 12 min at 30% = 120 GPU-minutes, 8,100 + 1,620 + 360 = 10,080.
  await sql(`INSERT INTO job_hourly (job_id, hour, gpu_minutes, util_sum)
    SELECT 1, h, CASE WHEN h = '2026-11-25T06:00Z' THEN 200 ELSE 240 END,
              CASE WHEN h = '2026-11-25T06:00Z' THEN 200 * 90 ELSE 240 * 90 END
    FROM generate_series('2026-11-24T22:00Z'::timestamptz, '2026-11-25T09:00Z', interval '1 hour') h
    UNION ALL SELECT 1, '2026-11-25T10:00Z', 120, 10080`);
  await sql(`INSERT INTO checkpoint (job_id, at, step, size_gib) VALUES
    (1, '2026-11-24T23:00Z', 900, 1043), (1, '2026-11-25T05:00Z', 1000, 1043),
    (1, '2026-11-25T08:00Z', 1300, 1043), (1, '2026-11-25T10:00Z', 1500, 1043)`);
  // The 10:00 checkpoint is reported twice, as a row and as an event: the timeline shows it once.
  await sql(`INSERT INTO job_event (job_id, at, kind, message) VALUES
    (1, '2026-11-24T21:50Z', 'submitted', 'Submitted by a.chen: 4 GPUs'),
    (1, '2026-11-25T05:50Z', 'stalled', 'All 4 GPUs under 5% utilization for 10 min (highest 2%)'),
    (1, '2026-11-25T06:00Z', 'restart_requested', 'Restart requested from the checkpoint at step 1000'),
    (1, '2026-11-25T06:10Z', 'restarted', 'Running again from step 1000'),
    (1, '2026-11-25T10:00Z', 'checkpoint', 'Checkpoint saved at step 1500'),
    (1, '2026-11-25T10:28Z', 'degraded', 'n2 GPU 1 under 50% of the job''s median utilization for 10 min')`);
  await sql(`INSERT INTO gpu_fault (node_id, gpu_id, at, kind, code, fatal, message) VALUES
    (1, 10, '2026-11-25T07:00Z', 'xid', 13, false, 'XID 13 on GPU 0'),
    (2, NULL, '2026-11-25T09:00Z', 'thermal', NULL, false, 'Inlet temperature high'),
    (2, 21, '2026-11-25T03:00Z', 'xid', 79, true, 'before the range'),
    (3, 30, '2026-11-25T09:10Z', 'xid', 79, true, 'a node the job never used')`);
}

describe('getJob', () => {
  it('answers null for a job that does not exist', async () => {
    expect(await getJob(999, SIX_HOURS, { now: NOW })).toBeNull();
  });

  it('opens a job younger than a relative range on its own life, and keeps a fixed range as asked', async () => {
    // Submitted 21:50 on the 24th, 12 h 40 min before now: the last 24 hours narrow to 21:50 .. now.
    const young = (await getJob(1, presetRange('24h', NOW), { now: NOW }))!;
    expect(young.range).toEqual({
      from: '2026-11-24T21:50:00.000Z',
      to: NOW.toISOString(),
      preset: '24h',
      lifetime: true,
    });
    // 12 h 40 min is 45,600 s: 5-minute buckets are the smallest giving at most 240 points (152), from 21:50.
    expect(young.series.bucketSeconds).toBe(300);
    expect(young.series.t[0]).toBe(Date.parse('2026-11-24T21:50:00Z'));
    const fixed = (await getJob(1, SIX_HOURS, { now: NOW }))!;
    expect(fixed.range).toMatchObject({ from: SIX_HOURS.from.toISOString(), lifetime: false });
  });

  it('gives the job with its team, project, health, reason and since', async () => {
    const { job } = (await getJob(1, SIX_HOURS, { now: NOW }))!;
    expect(job).toMatchObject({
      externalId: 'train-1',
      name: 'pretrain-70b',
      team: 'alpha',
      project: 'llm',
      owner: 'a.chen',
      partition: 'h800-reserved',
      state: 'running',
      health: 'degraded',
      healthSince: '2026-11-25T10:28:00.000Z',
      restarts: 1,
      step: 1500,
      lastCheckpointAt: '2026-11-25T10:00:00.000Z',
    });
    expect(job.healthReason).toContain('n2 GPU 1');
  });

  it('re-evaluates the DOMAIN rule on the last 10 minutes and names the GPU it fired on', async () => {
    const { evaluation } = (await getJob(1, SIX_HOURS, { now: NOW }))!;
    expect(evaluation).toEqual({
      asOf: '2026-11-25T10:30:00.000Z',
      health: 'degraded',
      rule: 'straggler',
      // 10:18-10:29 at 30% while the median is 90%: 12 minutes under 45%.
      reason: "n2 GPU 1 under 50% of the job's median utilization for 12 min (30% vs median 90%)",
      gpus: [{ gpuId: 21, nodeId: 2, hostname: 'n2', index: 1 }],
    });
  });

  it('prices cost so far across the rate change, and the part in the range', async () => {
    const { cost } = (await getJob(1, SIX_HOURS, { now: NOW }))!;
    // Reserved GPUs 10, 11: (2 h x $2.00 + 6 h x $2.50) + 4 h 20 min x $2.50 = 4.00 + 15.00 + 10.8333 = 29.8333
    // Spot GPUs 20, 21:     8 h x $1.00 + 4 h 20 min x $1.00                  = 12.3333
    // All time: 2 x 29.8333 + 2 x 12.3333 = 84.3333 -> $84.33
    // In [04:30, 10:30): 5 h 50 min held: 2 x 5.8333 x $2.50 + 2 x 5.8333 x $1.00 = 29.1667 + 11.6667 -> $40.83
    expect(cost).toEqual({
      currency: 'USD',
      allTime: 84.33,
      inRange: 40.83,
      unpricedGpuHours: 0,
      // Blast radius: 2 x $2.50 + 2 x $1.00 an hour.
      atRiskPerHour: 7,
      gpusHeld: 4,
      gpusUnpriced: 0,
    });
  });

  it('puts lost work at 4 GPUs x (30 min since the checkpoint + 5 min to recover), priced at its rates', async () => {
    const { lostWork } = (await getJob(1, SIX_HOURS, { now: NOW }))!;
    // 4 x 35 min = 2.3333 GPU-h; 35/60 h x $7.00 an hour = $4.0833 -> $4.08.
    expect(lostWork).toEqual({
      sinceCheckpointMs: 30 * 60_000,
      recoveryMs: 5 * 60_000,
      gpuHours: expect.closeTo(140 / 60, 10),
      cost: 4.08,
      lastCheckpointAt: '2026-11-25T10:00:00.000Z',
    });
    // A service keeps no training state; a pending job holds nothing.
    expect((await getJob(2, SIX_HOURS, { now: NOW }))!.lostWork).toBeNull();
    expect((await getJob(3, SIX_HOURS, { now: NOW }))!.lostWork).toBeNull();
  });

  it('measures utilization over its allocated GPU-time in the range', async () => {
    const { utilization } = (await getJob(1, SIX_HOURS, { now: NOW }))!;
    // The job's hourly rollup over the range: half the 04:00 hour (120 GPU-minutes), 05:00 (240), 06:00 (200),
    // 07:00-09:00 (3 x 240) all at 90%, and the hour under way (120 GPU-minutes, 10,080):
    // (4 x 320 x 90 + 10,080) / (4 x 320 + 120) = 125,280 / 1,400 = 89.4857%
    expect(utilization).toBeCloseTo(125_280 / 1_400 / 100, 10);
  });

  it('charts 6 hours in 2-minute buckets, hourly means where minute samples have aged out', async () => {
    const { series } = (await getJob(1, SIX_HOURS, { now: NOW }))!;
    expect(series).toMatchObject({ bucketSeconds: 120, resolution: 'minute', hourlyFallback: true });
    expect(series.t).toHaveLength(180);
    const at = (iso: string) => series.t.indexOf(Date.parse(iso));
    expect(series.median[at('2026-11-25T05:00Z')]).toBe(90); // from the 05:00 hourly row
    expect(series.max[at('2026-11-25T06:02Z')]).toBe(90); // the 06:00 hour, held from 06:10
    expect([series.min, series.median, series.max].map((line) => line[at('2026-11-25T10:18Z')])).toEqual([30, 90, 90]);
    expect(series.gpus?.map((gpu) => gpu.values[at('2026-11-25T10:28Z')])).toEqual([90, 90, 90, 30]);
    // The heat strip: n2's mean and lowest GPU show the straggler; n1 does not.
    expect(series.nodes.map((node) => [node.hostname, node.gpus, node.mean[179], node.min[179]])).toEqual([
      ['n1', 2, 90, 90],
      ['n2', 2, 60, 30],
    ]);
  });

  it('charts 7 days from the hourly rollup, the hour under way from its minutes', async () => {
    const { series } = (await getJob(1, SEVEN_DAYS, { now: NOW }))!;
    expect(series).toMatchObject({ bucketSeconds: 3600, resolution: 'hourly', hourlyFallback: false });
    expect(series.t).toHaveLength(169); // 10:00 on the 18th (partly in range) to 10:00 on the 25th
    const at = (iso: string) => series.t.indexOf(Date.parse(iso));
    expect(series.max[at('2026-11-24T21:00Z')]).toBeNull(); // before it started: a gap, not 0%
    expect(series.median[at('2026-11-24T22:00Z')]).toBe(90);
    // 10:00 for GPU 21: (18 x 90 + 12 x 30) / 30 = 66%.
    expect(series.min[at('2026-11-25T10:00Z')]).toBe(66);
  });

  it('charts the same once its minutes are packed into hour rows, as the worker keeps them', async () => {
    const before = await Promise.all(
      [SIX_HOURS, SEVEN_DAYS].map(async (range) => (await getJob(1, range, { now: NOW }))!),
    );
    // Every minute row packed, the hour under way included (the worker leaves it for a quarter of an hour after).
    await sql(`SELECT fleet_pack_samples('2026-11-25T11:00Z')`);
    try {
      expect(Number((await sql('SELECT count(*) AS n FROM gpu_sample')).rows[0].n)).toBe(0);
      const after = await Promise.all(
        [SIX_HOURS, SEVEN_DAYS].map(async (range) => (await getJob(1, range, { now: NOW }))!),
      );
      expect(after.map((job) => job.series)).toEqual(before.map((job) => job.series));
      // The straggler still shows in the 2-minute buckets read from its packed hour.
      const six = after[0].series;
      expect(six.gpus?.map((gpu) => gpu.values[six.t.indexOf(Date.parse('2026-11-25T10:28Z'))])).toEqual([
        90, 90, 90, 30,
      ]);
    } finally {
      // Back to minute rows for the tests after this one.
      await sql(`INSERT INTO gpu_sample (gpu_id, ts, job_id, util, fb_used_mib, power_w, temp_c)
                 SELECT gpu_id, ts, job_id, util, fb_used_mib, power_w, temp_c
                 FROM gpu_minutes(ARRAY[10, 11, 20, 21], '2026-11-25T10:00Z', '2026-11-25T11:00Z')`);
      await sql(`DELETE FROM gpu_sample_hour`);
    }
  });

  it('merges events, checkpoints and restarts into one timeline, newest first', async () => {
    const { timeline } = (await getJob(1, SIX_HOURS, { now: NOW }))!;
    expect(
      timeline.entries.map((entry) => [entry.at.slice(11, 16), entry.type === 'event' ? entry.kind : 'cp']),
    ).toEqual([
      ['10:28', 'degraded'],
      ['10:00', 'cp'],
      ['08:00', 'cp'],
      ['06:10', 'restarted'],
      ['06:00', 'restart_requested'],
      ['05:50', 'stalled'],
      ['05:00', 'cp'],
    ]);
    expect(timeline.entries[1]).toEqual({
      type: 'checkpoint',
      at: '2026-11-25T10:00:00.000Z',
      step: 1500,
      sizeGib: 1043,
    });
    expect(timeline.counts).toEqual({ events: 4, checkpoints: 3, restarts: 1, failures: 0 });
    expect(timeline.total).toBe(7);
    expect(timeline.checkpointTimes).toEqual(['05:00', '08:00', '10:00'].map((t) => Date.parse(`2026-11-25T${t}Z`)));
  });

  it('lists the nodes it spans and their faults in the range, each XID with its meaning', async () => {
    const { nodes, faults } = (await getJob(1, SIX_HOURS, { now: NOW }))!;
    expect(nodes).toEqual([
      expect.objectContaining({
        hostname: 'n1',
        pool: 'h800-reserved',
        state: 'ready',
        gpusNow: 2,
        gpusInRange: 2,
        faults: 1,
        fatalFaults: 0,
      }),
      expect.objectContaining({
        hostname: 'n2',
        pool: 'h800-spot',
        state: 'ready',
        gpusNow: 2,
        gpusInRange: 2,
        faults: 1,
        fatalFaults: 0,
      }),
    ]);
    expect(faults.total).toBe(2);
    expect(faults.rows.map((row) => [row.hostname, row.kind, row.code, row.gpuIndex])).toEqual([
      ['n2', 'thermal', null, null],
      ['n1', 'xid', 13, 0],
    ]);
    expect(faults.rows[1].xid).toMatchObject({ meaning: 'Graphics engine exception', severity: 'warning' });
  });

  it('takes health as it is for a job that is not running', async () => {
    const detail = (await getJob(3, SIX_HOURS, { now: NOW }))!;
    expect(detail.evaluation).toMatchObject({ health: 'pending', rule: 'scheduler_state', gpus: [] });
    expect(detail.cost).toMatchObject({ allTime: 0, gpusHeld: 0, atRiskPerHour: 0 });
    expect(detail.utilization).toBeNull();
    expect(detail.series.nodes).toEqual([]);
  });
});

describe('GET /api/jobs/:id', () => {
  const get = (id: string, query = 'range=6h') =>
    GET(new Request(`http://console.test/api/jobs/${id}?${query}`), { params: Promise.resolve({ id }) });

  it('answers 401 without a session', async () => {
    session.user = null;
    expect((await get('1')).status).toBe(401);
  });

  it('answers 404 for an unknown or malformed id, and 422 for a bad range', async () => {
    session.user = { id: 1, name: 'Vera', email: 'viewer@fleet.local', role: 'viewer' };
    expect((await get('999')).status).toBe(404);
    const malformed = await get('abc');
    expect(malformed.status).toBe(404);
    expect((await malformed.json()).error.message).toBe('There is no job with id "abc".');
    expect((await get('1', 'range=2w')).status).toBe(422);
  });

  it('answers the job as JSON', async () => {
    session.user = { id: 1, name: 'Vera', email: 'viewer@fleet.local', role: 'viewer' };
    const response = await get('1', 'from=2026-11-25T04:30:00Z&to=2026-11-25T10:30:00Z');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.job.name).toBe('pretrain-70b');
    expect(body.series.t).toHaveLength(180);
  });
});
