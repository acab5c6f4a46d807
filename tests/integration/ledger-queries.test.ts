// The ledger over a range, on the hand-worked fleet of cost-fixture.ts with ledger classes written as the collector
// writes them (GPU-minutes per job and hour). Every figure below is worked out in its comment.
import pg from 'pg';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ledgerBy } from '@/lib/queries/ledger/ledger';
import { buildCostFleet, WEEK, WEEK_QUERY } from './cost-fixture';
import { session } from './fake-session';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
const { GET: ledgerApi } = await import('@/app/api/ledger/route');
const { GET: ledgerCsvApi } = await import('@/app/api/ledger/csv/route');

beforeAll(async () => {
  await buildCostFleet(process.env.DATABASE_URL!);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  // J1 (2 GPUs, 12 hours, $54.00): each hour 100 GPU-minutes productive, 5 checkpoint, 5 straggler, 10 left
  // unclassified. J2 (2 GPUs on two pools, 10 hours, $35.00): every hour productive but 04:00, when a hang and its
  // restart took 60 GPU-minutes of recovery and 60 redone. J3 (the evaluation): 48 productive, 12 idle an hour.
  await client.query(`UPDATE job_hourly SET ledger_productive = 100, ledger_checkpoint = 5, ledger_straggler = 5
                      WHERE job_id = 1`);
  await client.query(`UPDATE job_hourly SET ledger_productive = 120 WHERE job_id = 2`);
  await client.query(`UPDATE job_hourly SET ledger_productive = 0, ledger_recovery = 60, ledger_redone = 60
                      WHERE job_id = 2 AND hour = '2026-11-19T04:00Z'`);
  await client.query(`UPDATE job_hourly SET ledger_productive = 48, ledger_idle = 12 WHERE job_id = 3`);
  await client.end();
});

const near = (value: number, expected: number) => expect(value).toBeCloseTo(expected, 9);

describe('the ledger of a week', () => {
  it('puts a job’s allocated hours in its classes, the unclassified rest unknown, priced at the job’s price', async () => {
    const { rows } = await ledgerBy(WEEK, 'job');
    const j1 = rows.find((row) => row.label === 'pretrain-7b')!;
    // 24 GPU-hours for $54.00, $2.25 each: productive 12 x 100 min = 20 h ($45.00), checkpoint and straggler
    // 1 h each ($2.25), unknown 2 h ($4.50). ETTR 20 / 24.
    near(j1.allocatedGpuHours, 24);
    near(j1.gpuHours.productive, 20);
    near(j1.gpuHours.unknown, 2);
    near(j1.costs.productive, 45);
    near(j1.costs.unknown, 4.5);
    near(j1.ettr!, 20 / 24);
    near(
      Object.values(j1.costs).reduce((sum, cost) => sum + cost, 0),
      54,
    );
  });

  it('shares a two-pool job’s classes out to its pools by their share of its time, each at its own price', async () => {
    const { rows } = await ledgerBy(WEEK, 'pool');
    const reserved = rows.find((row) => row.label === 'h800-reserved')!;
    const spot = rows.find((row) => row.label === 'h800-spot')!;
    // Reserved: J1 (24 h, $54) and half of J2 (10 h at $2.50 = $25): J2's recovery 1 h and redone 1 h, half each.
    near(reserved.allocatedGpuHours, 34);
    near(reserved.gpuHours.recovery, 0.5);
    near(reserved.costs.recovery, 1.25);
    // Spot: the other half of J2 (10 h at $1.00) and J4's 2 h, never classified (unknown).
    near(spot.allocatedGpuHours, 12);
    near(spot.costs.redone, 0.5);
    near(spot.gpuHours.unknown, 2);
  });

  it('adds up a team and its ETTR over its allocated hours; pools add their unallocated time', async () => {
    const report = await ledgerBy(WEEK, 'team');
    const research = report.rows.find((row) => row.label === 'research')!;
    // J1 + J2: 44 GPU-hours, $89.00; productive 20 + 18 = 38 h; ETTR 38 / 44.
    near(research.allocatedGpuHours, 44);
    near(research.cost, 89);
    near(research.gpuHours.productive, 38);
    near(research.ettr!, 38 / 44);
    // The week's spend, $163.00, is the sum of every class's cost.
    near(
      Object.values(report.total.costs).reduce((sum, cost) => sum + cost, 0),
      163,
    );
    const pools = await ledgerBy(WEEK, 'pool');
    // Reserved: 2 GPUs x 168 h = 336 provisioned, 34 held: 302 h unallocated.
    near(pools.unallocated.find((pool) => pool.label === 'h800-reserved')!.gpuHours, 302);
  });
});

describe('GET /api/ledger', () => {
  beforeAll(() => {
    session.user = { id: 1, name: 'V', email: 'viewer@fleet.local', role: 'viewer' };
  });

  it('answers the ledger by project, and as CSV', async () => {
    const response = await ledgerApi(new Request(`http://console.test/api/ledger?${WEEK_QUERY}&by=project`));
    expect(response.status).toBe(200);
    const body = await response.json();
    const llm = body.rows.find((row: { label: string }) => row.label === 'llm');
    expect(llm).toMatchObject({ team: 'research', allocatedGpuHours: 24 });
    const csv = await (
      await ledgerCsvApi(new Request(`http://console.test/api/ledger/csv?${WEEK_QUERY}&by=team`))
    ).text();
    // research: 44 GPU-hours, $89.00, ETTR 38 / 44 = 0.8636.
    expect(csv.split('\n')[0]).toMatch(
      /^team,allocated_gpu_hours,cost_USD,unpriced_gpu_hours,ettr,productive_gpu_hours/,
    );
    expect(csv).toContain('research,44,89,0,0.8636,38,76.5,');
  });

  it('answers 401 without a session', async () => {
    session.user = null;
    expect((await ledgerApi(new Request(`http://console.test/api/ledger?${WEEK_QUERY}`))).status).toBe(401);
    session.user = { id: 1, name: 'V', email: 'viewer@fleet.local', role: 'viewer' };
  });

  it('refuses a grouping it does not know, saying which are', async () => {
    const response = await ledgerApi(new Request(`http://console.test/api/ledger?${WEEK_QUERY}&by=owner`));
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error.fields.by[0]).toMatch(/team, project, pool, cluster, kind, job/);
  });

  it('answers a team id past what PostgreSQL holds as a field error, not a database error', async () => {
    const response = await ledgerApi(
      new Request(`http://console.test/api/ledger?${WEEK_QUERY}&team=99999999999999999999`),
    );
    expect(response.status).toBe(422);
    expect((await response.json()).error.fields.team[0]).toBe('must be a team id');
  });
});
