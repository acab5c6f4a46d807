// listJobs on a small hand-built cluster; every figure is worked out by hand below from DOMAIN.md.
//
// "Now" is pinned to Wed 2026-11-25 10:30:00Z; the range is the 24 h before it, [24 10:30Z, 25 10:30Z).
// H800 reserved costs $2.00 an hour until 25 00:00Z and $2.50 from then on; H800 spot $1.00.
import { describe, expect, it, vi } from 'vitest';
import { costOfIntervals, roundCents } from '@/lib/domain/cost';
import { JOB_HEALTHS } from '@/lib/domain/enums';
import { session } from './fake-session';
import { h800GpusAndRates } from './h800-fixture';
import { referenceInputs } from './reference-pricing';
import { testClient } from './test-client';
import { jobListQuery } from '@/lib/queries/jobs/params';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());

const { listJobs, parseJobListParams } = await import('@/lib/queries/jobs');
const { GET } = await import('@/app/api/jobs/route');

const NOW = new Date('2026-11-25T10:30:00Z');
const RANGE = { from: new Date('2026-11-24T10:30:00Z'), to: NOW, preset: null };

const { sql } = testClient(() => buildCluster());

const list = (query: string) => listJobs(parseJobListParams(new URLSearchParams(query)), RANGE, { now: NOW });
const names = async (query: string) => (await list(query)).rows.map((row) => row.name);

/**
 * The job's hourly rollup (job_hourly) from `first` to `last` inclusive: each hour `gpuMinutes` sampled GPU-minutes
 * whose utilization sums to `utilSum` (percent x minutes), as the collector writes it.
 */
const jobHours = (jobId: number, first: string, last: string, gpuMinutes: number, utilSum: number) =>
  sql(
    `INSERT INTO job_hourly (job_id, hour, gpu_minutes, util_sum)
     SELECT $1, h, $4, $5 FROM generate_series($2::timestamptz, $3::timestamptz, interval '1 hour') h`,
    [jobId, first, last, gpuMinutes, utilSum],
  );

async function buildCluster() {
  await sql(`SELECT fleet_ensure_sample_partitions('2026-11-20', '2026-11-26')`);
  await sql(`INSERT INTO setting (key, value) VALUES ('org.currency', '"USD"')`);
  await sql(`INSERT INTO cluster (id, name, scheduler) VALUES (1, 'test', 'simulator')`);
  await sql(`INSERT INTO pool (id, cluster_id, name, gpu_model, pricing_class, desired_nodes) VALUES
    (1, 1, 'h800-reserved', 'H800', 'reserved', 2), (2, 1, 'h800-spot', 'H800', 'spot', 1)`);
  await sql(
    `INSERT INTO node (id, cluster_id, pool_id, hostname) VALUES (1, 1, 1, 'n1'), (2, 1, 1, 'n2'), (3, 1, 2, 'n3')`,
  );
  await h800GpusAndRates(sql);
  // Two teams with a project of the same name: a project filter by name matches both.
  await sql(`INSERT INTO team (id, name) VALUES (1, 'alpha'), (2, 'beta')`);
  await sql(
    `INSERT INTO project (id, team_id, name) VALUES (1, 1, 'llm'), (2, 1, 'vision'), (3, 2, 'llm'), (4, 2, 'serving')`,
  );
  await sql(`INSERT INTO job (id, cluster_id, external_id, name, kind, team_id, project_id, state, health, gpus_requested,
                              submitted_at, ended_at, restart_count) VALUES
    (1, 1, 'train-1', 'pretrain-alpha', 'training', 1, 1, 'running', 'healthy', 2, '2026-11-24T20:00Z', NULL, 1),
    (2, 1, 'ft-2', 'finetune-beta', 'fine_tuning', 2, 3, 'failed', 'failed', 1, '2026-11-24T08:00Z', '2026-11-24T12:00Z', 0),
    (3, 1, 'eval-3', 'eval-mmlu', 'evaluation', 1, 2, 'succeeded', 'succeeded', 1, '2026-11-25T01:00Z', '2026-11-25T04:00Z', 0),
    (4, 1, 'svc-4', 'serve-chat', 'inference', 2, 4, 'running', 'degraded', 1, '2026-11-20T00:00Z', NULL, 0),
    (5, 1, 'train-5', 'queued-run', 'training', 1, 1, 'pending', 'pending', 8, '2026-11-25T09:00Z', NULL, 0),
    (6, 1, 'train-6', 'ablation_50%', 'training', 2, 3, 'cancelled', 'cancelled', 1, '2026-11-23T00:00Z', '2026-11-23T01:00Z', 2)`);
  await sql(`INSERT INTO allocation (job_id, gpu_id, "from", "to") VALUES
    (1, 10, '2026-11-24T20:00Z', NULL), (1, 11, '2026-11-24T20:00Z', NULL),
    (2, 30, '2026-11-24T09:00Z', '2026-11-24T12:00Z'),
    (3, 20, '2026-11-25T02:00Z', '2026-11-25T04:00Z'),
    (4, 21, '2026-11-20T00:00Z', NULL)`);
  // J1: hours 20:00-09:00, GPU 10 at 80% and GPU 11 at 60% (120 GPU-minutes, 60 x 80 + 60 x 60 = 8,400 an hour);
  // the hour under way, 10:00-10:29, at 90% and 70% (60 GPU-minutes, 30 x 90 + 30 x 70 = 4,800).
  await jobHours(1, '2026-11-24T20:00Z', '2026-11-25T09:00Z', 120, 8400);
  await jobHours(1, '2026-11-25T10:00Z', '2026-11-25T10:00Z', 60, 4800);
  // J2: its 09:00 hour lies before the range; its 10:00 hour only half in it.
  await jobHours(2, '2026-11-24T09:00Z', '2026-11-24T09:00Z', 60, 60 * 50);
  await jobHours(2, '2026-11-24T10:00Z', '2026-11-24T10:00Z', 60, 60 * 40);
  await jobHours(2, '2026-11-24T11:00Z', '2026-11-24T11:00Z', 60, 60 * 20);
  // J4: 30% in every hour of the range, but the hour under way has no samples yet.
  await jobHours(4, '2026-11-24T10:00Z', '2026-11-25T09:00Z', 60, 60 * 30);
  // J3 has no samples at all.
}

describe('listJobs: figures', () => {
  it('prices cost so far over every allocation, split at the rate change', async () => {
    const { rows, currency } = await list('sort=cost');
    const cost = Object.fromEntries(rows.map((row) => [row.name, row.cost]));
    expect(currency).toBe('USD');
    // J1: 2 GPUs x (4 h x $2.00 + 10.5 h x $2.50) = 2 x (8.00 + 26.25)          = 68.50
    // J2: 3 h x $1.00 on spot                                                      =  3.00
    // J3: 2 h x $2.50, after the change                                            =  5.00
    // J4: 120 h x $2.00 (20th to 25th 00:00) + 10.5 h x $2.50 = 240.00 + 26.25     = 266.25
    // J5 holds nothing; J6 held nothing                                            =  0.00
    expect(cost).toEqual({
      'pretrain-alpha': 68.5,
      'finetune-beta': 3,
      'eval-mmlu': 5,
      'serve-chat': 266.25,
      'queued-run': 0,
      'ablation_50%': 0,
    });
  });

  it('agrees to the cent with the domain reference, costOfIntervals', async () => {
    const { rates, intervals } = await referenceInputs(sql);
    const reference = costOfIntervals(intervals, rates, { from: new Date('2020-01-01Z'), to: NOW }).byJob;
    for (const row of (await list('')).rows) {
      expect(row.cost).toBe(roundCents(reference.get(row.id)?.cost ?? 0));
    }
  });

  it('measures utilization over the sampled GPU-minutes in the range, an hour the range cuts counted in part', async () => {
    const { rows } = await list('');
    const util = Object.fromEntries(rows.map((row) => [row.name, row.utilization]));
    // J1: 14 hours x 8,400 + the hour under way (all its minutes are in the range) 4,800, over 14 x 120 + 60
    //     GPU-minutes: 122,400 / 1,740 = 70.3448% (= (1960 + 80) / 29)
    expect(util['pretrain-alpha']).toBeCloseTo(2040 / 29 / 100, 10);
    // J2: the 10:00 hour half in the range (30 of its 60 GPU-minutes at 40%), the 11:00 hour at 20%:
    //     (30 x 40 + 60 x 20) / 90 = 26.667%; the 09:00 hour is before the range.
    expect(util['finetune-beta']).toBeCloseTo(2400 / 90 / 100, 10);
    // J4: 23.5 hours at 30%; the hour under way has no samples, so it is left out rather than counted as 0.
    expect(util['serve-chat']).toBeCloseTo(0.3, 10);
    // No samples, or nothing held in the range: unknown, not 0%.
    expect(util['eval-mmlu']).toBeNull();
    expect(util['queued-run']).toBeNull();
    expect(util['ablation_50%']).toBeNull();
  });

  it('gives each row its team, project, GPUs, restarts and submitted time', async () => {
    const { rows } = await list('q=pretrain');
    expect(rows).toEqual([
      expect.objectContaining({
        id: 1,
        externalId: 'train-1',
        team: 'alpha',
        project: 'llm',
        kind: 'training',
        state: 'running',
        health: 'healthy',
        gpus: 2,
        restarts: 1,
        submittedAt: '2026-11-24T20:00:00.000Z',
        endedAt: null,
      }),
    ]);
  });
});

describe('listJobs: filters, search, sort and pages', () => {
  it('sorts newest first by default', async () => {
    expect(await names('')).toEqual([
      'queued-run',
      'eval-mmlu',
      'pretrain-alpha',
      'finetune-beta',
      'ablation_50%',
      'serve-chat',
    ]);
  });

  it('sorts by cost, utilization, health and GPUs, unknown values last either way and ties by id', async () => {
    expect(await names('sort=cost&dir=desc')).toEqual([
      'serve-chat',
      'pretrain-alpha',
      'eval-mmlu',
      'finetune-beta',
      'ablation_50%',
      'queued-run',
    ]);
    expect(await names('sort=utilization&dir=desc')).toEqual([
      'pretrain-alpha',
      'serve-chat',
      'finetune-beta',
      'ablation_50%',
      'queued-run',
      'eval-mmlu',
    ]);
    expect(await names('sort=utilization&dir=asc')).toEqual([
      'finetune-beta',
      'serve-chat',
      'pretrain-alpha',
      'ablation_50%',
      'queued-run',
      'eval-mmlu',
    ]);
    // Worst first: failed, degraded, healthy, pending, succeeded, cancelled.
    expect(await names('sort=health')).toEqual([
      'finetune-beta',
      'serve-chat',
      'pretrain-alpha',
      'queued-run',
      'eval-mmlu',
      'ablation_50%',
    ]);
    expect((await names('sort=gpus')).slice(0, 2)).toEqual(['queued-run', 'pretrain-alpha']);
    expect(await names('sort=age&dir=desc')).toEqual([
      'serve-chat',
      'ablation_50%',
      'finetune-beta',
      'pretrain-alpha',
      'eval-mmlu',
      'queued-run',
    ]);
  });

  it('filters by team, project, kind, state and health, several values at once', async () => {
    expect(await names('team=alpha&sort=name')).toEqual(['eval-mmlu', 'pretrain-alpha', 'queued-run']);
    expect(await names('project=llm&sort=name')).toEqual([
      'ablation_50%',
      'finetune-beta',
      'pretrain-alpha',
      'queued-run',
    ]);
    expect(await names('team=beta&project=llm&sort=name')).toEqual(['ablation_50%', 'finetune-beta']);
    expect(await names('kind=training&state=running,pending&sort=name')).toEqual(['pretrain-alpha', 'queued-run']);
    expect(await names('health=healthy&health=degraded&sort=name')).toEqual(['pretrain-alpha', 'serve-chat']);
    expect((await list('team=gamma')).total).toBe(0);
  });

  it('searches names and ids without regard to case, taking % and _ literally', async () => {
    expect(await names('q=PRETRAIN')).toEqual(['pretrain-alpha']);
    expect(await names('q=svc-4')).toEqual(['serve-chat']);
    expect(await names('q=50%')).toEqual(['ablation_50%']);
    expect(await names('q=_')).toEqual(['ablation_50%']);
  });

  it('counts each filter value with the other filters applied', async () => {
    const { facets, total } = await list('team=alpha');
    expect(total).toBe(3);
    expect(facets.team).toEqual([
      { value: 'alpha', count: 3 },
      { value: 'beta', count: 3 },
    ]);
    expect(facets.kind).toEqual([
      { value: 'training', count: 2 },
      { value: 'fine_tuning', count: 0 },
      { value: 'evaluation', count: 1 },
      { value: 'inference', count: 0 },
    ]);
    expect(facets.project).toEqual([
      { value: 'llm', count: 2, teams: ['alpha', 'beta'] },
      { value: 'serving', count: 0, teams: ['beta'] },
      { value: 'vision', count: 1, teams: ['alpha'] },
    ]);
    // Every health, the ones no job has included, worst first as the health column sorts.
    expect(facets.health.map((facet) => facet.value)).toEqual([...JOB_HEALTHS]);
  });

  it('pages in SQL, and shows the last page for a page past the end', async () => {
    const page = async (n: number) => list(`sort=cost&dir=desc&pageSize=2&page=${n}`);
    const [one, two, three] = await Promise.all([page(1), page(2), page(3)]);
    expect(one.rows.map((row) => row.id)).toEqual([4, 1]);
    expect(two.rows.map((row) => row.id)).toEqual([3, 2]);
    expect(three.rows.map((row) => row.id)).toEqual([6, 5]);
    expect(one).toMatchObject({ total: 6, page: 1, pageCount: 3 });
    const past = await page(9);
    expect(past).toMatchObject({ page: 3, pageCount: 3 });
    expect(past.rows.map((row) => row.id)).toEqual([6, 5]);
    // Sorted by a column of the job, a page is measured alone and still gets its figures.
    const byName = await list('sort=name&pageSize=2&page=2');
    expect(byName.rows.map((row) => [row.name, row.cost])).toEqual([
      ['finetune-beta', 3],
      ['pretrain-alpha', 68.5],
    ]);
  });
});

describe('listJobs: parameters it cannot read', () => {
  it('names each bad value and carries on without it', () => {
    const { params, issues } = parseJobListParams(
      new URLSearchParams('state=runing&sort=bogus&dir=up&page=0&pageSize=1000&team=alpha'),
    );
    expect(issues.map((issue) => issue.field)).toEqual(['state', 'sort', 'dir', 'page', 'pageSize']);
    expect(issues[0].message).toBe(
      '`state` must be one of pending, running, recovering, succeeded, failed, cancelled (got "runing").',
    );
    expect(params).toMatchObject({ team: ['alpha'], state: [], sort: 'age', dir: 'asc', page: 1, pageSize: 50 });
    expect(parseJobListParams(new URLSearchParams('dir=up')).issues).toEqual([
      { field: 'dir', message: '`dir` must be asc or desc.' },
    ]);
    expect(parseJobListParams(new URLSearchParams('page=2.5')).issues[0].message).toBe(
      '`page` must be a whole number.',
    );
  });
});

describe('GET /api/jobs', () => {
  const get = (query: string) => GET(new Request(`http://console.test/api/jobs?${query}`));
  const viewer = { id: 1, name: 'Vera', email: 'viewer@fleet.local', role: 'viewer' as const };

  it('answers 401 without a session', async () => {
    session.user = null;
    expect((await get('')).status).toBe(401);
  });

  it('answers 422 naming the parameter it cannot read', async () => {
    session.user = viewer;
    const response = await get('health=sick');
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('`health` must be one of failed, stalled');
    expect(error.fields.health).toHaveLength(1);
    expect((await get('range=2w')).status).toBe(422);
  });

  it('answers the list as JSON', async () => {
    session.user = viewer;
    const response = await get('team=alpha&sort=name&from=2026-11-24T10:30:00Z&to=2026-11-25T10:30:00Z');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.total).toBe(3);
    expect(body.rows.map((row: { name: string }) => row.name)).toEqual(['eval-mmlu', 'pretrain-alpha', 'queued-run']);
  });
});

describe('listJobs: the partition filter', () => {
  it('finds the jobs of a partition, a waiting job in each it may run in, and counts each partition', async () => {
    // J1 and J3 ran in h800-reserved, J2 in h800-spot; J5 waits for either (Slurm lists both, comma-separated);
    // J4 and J6 name none.
    await sql(`UPDATE job SET partition = 'h800-reserved' WHERE id IN (1, 3)`);
    await sql(`UPDATE job SET partition = 'h800-spot' WHERE id = 2`);
    await sql(`UPDATE job SET partition = 'h800-reserved,h800-spot' WHERE id = 5`);
    expect(await names('partition=h800-spot&sort=name')).toEqual(['finetune-beta', 'queued-run']);
    expect(await names('partition=h800-reserved&sort=name')).toEqual(['eval-mmlu', 'pretrain-alpha', 'queued-run']);
    expect(await names('partition=h800-reserved,h800-spot&kind=training&sort=name')).toEqual([
      'pretrain-alpha',
      'queued-run',
    ]);
    // Team alpha: J1, J3 and J5 in h800-reserved (3); J5 alone in h800-spot (1). The partition's own filter aside.
    const { facets } = await list('team=alpha&partition=h800-spot');
    expect(facets.partition).toEqual([
      { value: 'h800-reserved', count: 3 },
      { value: 'h800-spot', count: 1 },
    ]);
    expect(jobListQuery({ range: '24h' }, parseJobListParams(new URLSearchParams('partition=a,b')).params)).toBe(
      'range=24h&partition=a%2Cb',
    );
  });
});
