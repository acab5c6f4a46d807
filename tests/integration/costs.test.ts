// The costs page's figures on the hand-worked fleet of cost-fixture.ts: every amount below is worked out there.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getOverview } from '@/lib/queries/overview';
import { getCostsView } from '@/lib/queries/costs/view';
import { buildCostFleet, PREVIOUS_WEEK, WEEK, WEEK_QUERY } from './cost-fixture';
import { session } from './fake-session';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
const { GET: csv } = await import('@/app/api/costs/[table]/csv/route');

const download = (table: string, query: string) =>
  csv(new Request(`http://console.test/api/costs/${table}/csv?${query}`), {
    params: Promise.resolve({ table }),
  });

beforeAll(() => buildCostFleet(process.env.DATABASE_URL!));

const byName = <Row extends { name: string }>(rows: Row[]) => Object.fromEntries(rows.map((row) => [row.name, row]));

describe('costs of a week', () => {
  it('prices a job across a price change, a job on two pools, and only the part of a job inside the week', async () => {
    const view = await getCostsView(WEEK, { by: 'team' });
    expect(view.timeZone).toBe('America/New_York');
    expect(view.totals.spend).toBe(163);
    expect(view.totals.gpuHours).toBeCloseTo(24 + 20 + 24 + 2, 9);
    const jobs = byName(view.jobs);
    expect(jobs['pretrain-7b'].spend).toBe(54); // 2 x 6 h x $2.00 + 2 x 6 h x $2.50
    expect(jobs['vision-ft'].spend).toBe(35); // 10 h x $2.50 (reserved) + 10 h x $1.00 (spot)
    expect(jobs['search-eval'].spend).toBe(72); // 24 of its 72 hours fall in the week
    expect(jobs['search-api'].spend).toBe(2); // Sunday 22:00-24:00 New York time
    expect(view.jobs.map((job) => job.name)).toEqual(['search-eval', 'pretrain-7b', 'vision-ft', 'search-api']);
    const previous = await getCostsView(PREVIOUS_WEEK);
    expect(previous.totals.spend).toBe(144);
  });

  it('sums spend by team and by project', async () => {
    const teams = await getCostsView(WEEK, { by: 'team' });
    expect(teams.groups.map((row) => [row.name, row.spend])).toEqual([
      ['research', 89],
      ['product', 74],
    ]);
    const projects = await getCostsView(WEEK, { by: 'project' });
    expect(projects.groups.map((row) => [row.name, row.team, row.spend])).toEqual([
      ['search', 'product', 74],
      ['llm', 'research', 54],
      ['vision', 'research', 35],
    ]);
  });

  it('spends each day on its own local day, cutting at midnight New York time', async () => {
    const view = await getCostsView(WEEK, { by: 'project' });
    expect(view.daily.days).toEqual([
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
    ]);
    const series = view.daily.series.map((row) => row.name);
    const on = (day: string) =>
      Object.fromEntries(series.map((name, i) => [name, view.daily.values[view.daily.days.indexOf(day)][i]]));
    expect(on('2026-11-16')).toEqual({ search: 72, llm: 0, vision: 0 });
    // J2 runs 19:00-05:00 New York time: five hours on each side of midnight.
    expect(on('2026-11-18')).toEqual({ search: 0, llm: 54, vision: 17.5 });
    expect(on('2026-11-19')).toEqual({ search: 0, llm: 0, vision: 17.5 });
    expect(on('2026-11-22')).toEqual({ search: 2, llm: 0, vision: 0 });
  });

  it('measures utilization, waste and the cost of a useful GPU-hour from the jobs that were sampled', async () => {
    const view = await getCostsView(WEEK);
    // Utilized GPU-h: 24 x 0.5 + 20 x 0.25 + 24 x 0.8 = 36.2 of 68 measured; J4 was never sampled.
    expect(view.totals.utilization).toBeCloseTo(36.2 / 68, 12);
    expect(view.totals.wasteGpuHours).toBeCloseTo(31.8, 9);
    expect(view.totals.wasteCost).toBe(67.65); // 54 x 0.5 + 35 x 0.75 + 72 x 0.2
    expect(view.totals.costPerUsefulGpuHour).toBe(4.45); // $161 / 36.2 GPU-h = $4.4475
    const jobs = byName(view.jobs);
    expect(jobs['search-api']).toMatchObject({ utilization: null, wasteCost: null });
    expect(jobs['vision-ft']).toMatchObject({ utilization: 0.25, wasteCost: 26.25, costPerUsefulGpuHour: 7 });
  });

  it('prices idle capacity per pool, and shares it out to teams in proportion to their spend', async () => {
    const view = await getCostsView(WEEK, { by: 'team' });
    const pools = byName(view.pools);
    // Reserved: 2 GPUs x (55 h x $2.00 + 113 h x $2.50) = $785 provisioned, $79 allocated.
    expect(pools['h800-reserved']).toMatchObject({ provisionedCost: 785, spend: 79, idleCost: 706 });
    expect(pools['h800-reserved'].idleGpuHours).toBeCloseTo(336 - 34, 9);
    expect(pools['h800-spot']).toMatchObject({ provisionedCost: 168, spend: 12, idleCost: 156 });
    expect(pools['a100-od']).toMatchObject({ provisionedCost: 504, spend: 72, idleCost: 432 });
    expect(view.totals.idleCost).toBe(1294);
    expect(view.totals.idleGpuHours).toBeCloseTo(602, 9);
    const teams = byName(view.groups);
    expect(teams.research).toMatchObject({ idleShare: 706.54, spendWithIdle: 795.54 }); // 1294 x 89 / 163
    expect(teams.product).toMatchObject({ idleShare: 587.46, spendWithIdle: 661.46 });
  });

  it('costs interruptions as lost work: GPUs x (time since the checkpoint + time to recover) x rate', async () => {
    const view = await getCostsView(WEEK, { by: 'team' });
    // J1: 2 x 2 h x $2.50 = $10.00. J2: 2 x 35 min at $1.75 (mean of its two GPUs) = $2.0417.
    expect(view.totals.interruptions).toBe(2);
    expect(view.totals.lostGpuHours).toBeCloseTo(4 + 70 / 60, 9);
    expect(view.totals.interruptionCost).toBe(12.04);
    expect(byName(view.groups).research.interruptionCost).toBe(12.04);
    expect(byName(view.groups).product.interruptionCost).toBe(0);
  });

  it('filters by team and by kind of job, keeping the team its share of idle cost', async () => {
    const product = await getCostsView(WEEK, { teamId: 2 });
    expect(product.totals.spend).toBe(74);
    expect(product.totals.idleCost).toBe(587.46);
    expect(product.groups.map((row) => row.name)).toEqual(['product']);
    expect(byName(product.pools)['a100-od'].spend).toBe(72);
    expect(byName(product.pools)['h800-reserved'].spend).toBe(0);
    const inference = await getCostsView(WEEK, { kind: 'inference' });
    expect(inference.totals.spend).toBe(2);
    expect(inference.jobs.map((job) => job.name)).toEqual(['search-api']);
  });
});

describe('the costs page and the overview', () => {
  it('agree to the cent on spend this week and today', async () => {
    const now = new Date('2026-11-23T04:30:00Z'); // Sunday 23:30 in New York
    const { spend } = await getOverview({ from: new Date(now.getTime() - 86_400_000), to: now }, { now });
    expect(spend.week.from).toBe(WEEK.from.toISOString());
    const week = await getCostsView({ from: WEEK.from, to: now });
    expect(spend.week.amount).toBe(162.5); // J4 has run 1.5 of its 2 hours
    expect(week.totals.spend).toBe(spend.week.amount);
    const today = await getCostsView({ from: new Date(spend.today.from), to: now });
    expect(today.totals.spend).toBe(spend.today.amount);
    expect(today.totals.spend).toBe(1.5);
  });
});

describe('CSV downloads', () => {
  it('export each table with the figures the page shows, to the cent', async () => {
    session.user = { id: 1, name: 'V', email: 'viewer@fleet.local', role: 'viewer' };
    const groups = await download('groups', `${WEEK_QUERY}&by=project`);
    expect(groups.status).toBe(200);
    expect(groups.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(groups.headers.get('content-disposition')).toBe(
      'attachment; filename="costs-groups-2026-11-16-2026-11-23.csv"',
    );
    const lines = (await groups.text()).trim().split('\n');
    expect(lines[0]).toBe(
      'project,team,gpu_hours,spend_USD,unpriced_gpu_hours,utilization,waste_gpu_hours,waste_USD,per_useful_gpu_hour_USD,idle_share_USD,spend_with_idle_USD,interruption_USD',
    );
    expect(lines[1]).toBe('search,product,26,74,0,0.8,4.8,14.4,3.75,587.46,661.46,0');
    const jobs = (await (await download('jobs', WEEK_QUERY)).text()).trim().split('\n');
    expect(jobs).toHaveLength(5);
    expect(jobs[2]).toBe('j1,pretrain-7b,training,research,llm,H800,reserved,24,54,0,0.5,12,27,4.5');
    const daily = (await (await download('daily', `${WEEK_QUERY}&team=2`)).text()).trim().split('\n');
    expect(daily).toEqual([
      'day,team,spend_USD',
      ...['16,72', '17,0', '18,0', '19,0', '20,0', '21,0', '22,2'].map((row) => {
        const [day, spend] = row.split(',');
        return `2026-11-${day},product,${spend}`;
      }),
    ]);
    expect((await download('pools', WEEK_QUERY)).status).toBe(200);
  });

  it('answers an unknown table 404, a bad range 422 and no session 401', async () => {
    session.user = { id: 1, name: 'V', email: 'viewer@fleet.local', role: 'viewer' };
    expect((await download('secrets', WEEK_QUERY)).status).toBe(404);
    expect((await download('jobs', 'from=yesterday&to=now')).status).toBe(422);
    session.user = null;
    expect((await download('jobs', WEEK_QUERY)).status).toBe(401);
  });
});
