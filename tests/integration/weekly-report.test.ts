// The weekly report on the hand-worked fleet of cost-fixture.ts (New York time): its figures, its agreement with
// the costs page and the overview, its savings, and how it is kept.
import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { getOverview } from '@/lib/queries/overview';
import { getCostsView } from '@/lib/queries/costs/view';
import { listReports, reportForWeek } from '@/lib/reports/store';
import { buildWeeklyReport, generateWeeklyReport } from '@/lib/reports/weekly';
import { headline } from '@/lib/reports/format';
import { parseWeek } from '@/lib/reports/week';
import { buildCostFleet, WEEK, ZONE } from './cost-fixture';
import { session } from './fake-session';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
const { GET: pdfRoute } = await import('@/app/api/reports/[week]/pdf/route');
const { GET: csvRoute } = await import('@/app/api/reports/[week]/csv/route');
const download = (route: typeof pdfRoute, week: string, kind: string) =>
  route(new Request(`http://console.test/api/reports/${week}/${kind}`), { params: Promise.resolve({ week }) });

const AFTER = new Date('2026-11-24T12:00:00Z');
const week = parseWeek('2026-11-16', ZONE)!;

beforeAll(async () => {
  await buildCostFleet(process.env.DATABASE_URL!);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  // A spot price for the A100, which no pool has: it makes the on-demand evaluation J3 a spot candidate.
  await client.query(`
    INSERT INTO rate_card (gpu_model, pricing_class, price_per_gpu_hour, currency, effective_from)
      VALUES ('A100', 'spot', 1.20, 'USD', '2026-01-01Z');
    INSERT INTO slo (name, kind, target) VALUES ('GPU availability', 'gpu_availability', 0.999),
      ('Job goodput', 'job_goodput', 0.99);
    INSERT INTO incident (key, title, severity, state, source, opened_at, resolved_at) VALUES
      ('k1', 'XID 79 on n1', 'page', 'resolved', 'health_rule', '2026-11-18T18:00Z', '2026-11-18T20:00Z'),
      ('k2', 'Budget research 80%', 'ticket', 'open', 'budget', '2026-11-20T12:00Z', NULL),
      ('k3', 'Before the week', 'ticket', 'resolved', 'manual', '2026-11-15T12:00Z', '2026-11-16T12:00Z');
    -- Budgets: the research team's $100 a month, and the search project's $50.
    INSERT INTO budget (name, team_id, project_id, monthly_amount, currency) VALUES
      ('Research', 1, NULL, 100, 'USD'), ('Search', 2, 3, 50, 'USD');
    -- Half of one minute of the week the spot node was unhealthy: availability (20160 - 1) / 20160... of the pool.
    UPDATE pool_minute SET healthy_gpus = 0 WHERE pool_id = 2 AND ts = '2026-11-20T12:00Z';`);
  await client.end();
});

describe('the weekly report', () => {
  it('covers Monday to Sunday in the organisation zone, with spend and its change on the week before', async () => {
    const report = await buildWeeklyReport(week, AFTER);
    expect(report.week).toMatchObject({
      start: '2026-11-16',
      label: 'Week 47 · 16–22 Nov 2026',
      from: WEEK.from.toISOString(),
      to: WEEK.to.toISOString(),
      timeZone: ZONE,
    });
    expect(report.complete).toBe(true);
    expect(report.spend).toMatchObject({ total: 163, previous: 144 });
    expect(report.spend.change).toBeCloseTo(19 / 144, 12);
    expect(report.teams.map((row) => [row.name, row.spend, row.previousSpend, row.change])).toEqual([
      ['research', 89, 0, null],
      ['product', 74, 144, (74 - 144) / 144],
    ]);
    expect(report.projects.map((row) => [row.team, row.name, row.spend])).toEqual([
      ['product', 'search', 74],
      ['research', 'llm', 54],
      ['research', 'vision', 35],
    ]);
    expect(report.topJobs.map((job) => [job.name, job.spend])).toEqual([
      ['search-eval', 72],
      ['pretrain-7b', 54],
      ['vision-ft', 35],
      ['search-api', 2],
    ]);
  });

  it('says the week before has no data, not $0.00, when the console has none for it', async () => {
    // The fixture's minutes begin on 2026-11-09: the week of the 9th has data, the week before it none.
    const first = await buildWeeklyReport(parseWeek('2026-11-09', ZONE)!, AFTER);
    expect(first.spend).toMatchObject({ previous: null, change: null });
    expect(first.spend.total).toBe(144);
    expect(first.teams.map((row) => [row.name, row.previousSpend, row.change])).toEqual(
      first.teams.map((row) => [row.name, null, null]),
    );
    expect(first.ledger).toMatchObject({ previousEttr: null, previousLostCost: null });
    expect(first.ledger!.rows.every((row) => row.previousGpuHours === null && row.previousCost === null)).toBe(true);
    expect(headline(first)).toContain('(no data for the week before)');
    expect(headline(first)).not.toContain('($0.00)');
  });

  it("sets each budget against its month to date at the week's end, with the forecast", async () => {
    const report = await buildWeeklyReport(week, AFTER);
    // As of the week's last instant, 2026-11-23T04:59:59.999Z; November in New York runs to Dec 1 05:00Z, 8 days on.
    expect(report.budgets?.asOf).toBe('2026-11-23T04:59:59.999Z');
    // Research: J1 $54 + J2 $35 = $89 so far, all of it in the last 7 days: $89 / 7 a day x 8 days left = $101.71,
    // so $190.71 by the month's end: under the budget so far, over it by the forecast.
    // Search (a project): J3 72 h x $3 = $216, and J4 2 h x $1 to the week's end: $218, over its $50; of it, the last
    // 7 days hold J3's last 24 h ($72) and J4 ($2): $74 / 7 x 8 = $84.57 more, $302.57 by the month's end.
    // The budgets over or forecast over come first.
    expect(
      report.budgets?.rows.map((row) => [
        row.name,
        row.scope,
        row.month,
        row.amount,
        row.monthToDate,
        row.forecast,
        row.state,
      ]),
    ).toEqual([
      ['Search', 'product / search', '2026-11', 50, 218, 302.57, 'over'],
      ['Research', 'research', '2026-11', 100, 89, 190.71, 'at_risk'],
    ]);
  });

  it('leads with the ledger: every allocated GPU-hour of the week in a class, against the week before', async () => {
    const { ledger, spend } = await buildWeeklyReport(week, AFTER);
    // Nothing classified in the fixture: the week's allocated hours are all unknown, at the week's spend.
    expect(ledger!.allocatedGpuHours).toBeCloseTo(spend.gpuHours, 9);
    expect(ledger!.ettr).toBe(0);
    expect(ledger!.rows.find((row) => row.cls === 'unknown')).toMatchObject({ cost: 163, previousCost: 144 });
    // Unknown time has no fix; the pools' capacity no job held is then the only cause with a cost, so the only fix.
    expect(ledger!.fixes.map((fix) => fix.cause)).toEqual(['unallocated']);
  });

  it('reports utilization, waste, idle cost and interruption cost as the costs page does', async () => {
    const report = await buildWeeklyReport(week, AFTER);
    expect(report.usage.utilization).toBeCloseTo(36.2 / 68, 12);
    expect(report.usage).toMatchObject({ wasteCost: 67.65, costPerUsefulGpuHour: 4.45 });
    expect(report.usage.allocation).toBeCloseTo(70 / 672, 12); // 70 allocated of 4 GPUs x 168 h
    expect(report.idle).toMatchObject({ cost: 1294 });
    expect(report.teams.map((row) => row.idleShare)).toEqual([706.54, 587.46]);
    expect(report.interruptions).toMatchObject({ count: 2, cost: 12.04 });
    expect(report.interruptions.top.map((row) => [row.job, row.kind, row.cost])).toEqual([
      ['j1', 'failed', 10],
      ['j2', 'restart_requested', 2.04],
    ]);
  });

  it('states how much of the week was measured, and leaves an outage out of the SLO', async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    // The source covered nothing on Wednesday 18 Nov from 14:00 to 16:00 (120 minutes), and the spot pool's GPU
    // (1 of 4) was silent the hour after. Coverage: (10,080 - 120 - 60 x 1/4) / 10,080 = 9,945 / 10,080.
    await client.query(`CREATE TEMP TABLE outage AS SELECT * FROM pool_minute
                        WHERE ts >= '2026-11-18T14:00Z' AND ts < '2026-11-18T16:00Z'`);
    await client.query(`DELETE FROM pool_minute WHERE ts >= '2026-11-18T14:00Z' AND ts < '2026-11-18T16:00Z'`);
    await client.query(`UPDATE pool_minute SET provisioned_gpus = 0, healthy_gpus = 0, allocated_gpus = 0,
                        silent_gpus = 1 WHERE pool_id = 2 AND ts >= '2026-11-18T16:00Z' AND ts < '2026-11-18T17:00Z'`);
    try {
      const report = await buildWeeklyReport(week, AFTER);
      expect(report.slos[0].coverage).toBeCloseTo(9_945 / 10_080, 12);
      // Healthy over provisioned in the minutes covered: 4 x 10,080 - 4 x 120 - 60 = 39,780, 1 unhealthy.
      expect(report.slos[0].attainment).toBeCloseTo(1 - 1 / 39_780, 12);
    } finally {
      await client.query(`UPDATE pool_minute SET provisioned_gpus = 1, healthy_gpus = 1, silent_gpus = 0
                          WHERE pool_id = 2 AND ts >= '2026-11-18T16:00Z' AND ts < '2026-11-18T17:00Z'`);
      await client.query(`INSERT INTO pool_minute SELECT * FROM outage`);
      await client.end();
    }
  });

  it('attains SLOs over the week, and measures time to recover of the incidents opened in it', async () => {
    const report = await buildWeeklyReport(week, AFTER);
    // 4 GPUs x 10,080 minutes provisioned, 1 GPU-minute unhealthy.
    expect(report.slos[0].attainment).toBeCloseTo(1 - 1 / 40_320, 12);
    expect(report.slos[0].met).toBe(true);
    // Every minute of the week has its row, every GPU reporting: all of it measured.
    expect(report.slos[0].coverage).toBe(1);
    expect(report.slos[1]).toMatchObject({ name: 'Job goodput', attainment: null, met: null, coverage: null });
    expect(report.incidents).toMatchObject({ opened: 2, pages: 1, tickets: 1, resolved: 1 });
    expect(report.incidents.meanTimeToRecoverMs).toBe(2 * 3_600_000);
  });

  it('recommends savings, each with its rule and a weekly amount', async () => {
    const { savings } = await buildWeeklyReport(week, AFTER);
    const amounts = Object.fromEntries(savings.recommendations.map((rule) => [rule.kind, rule.weeklyAmount]));
    expect(amounts).toEqual({
      idle_allocated: 0,
      low_utilization: 20.42, // vision-ft at 25% on 20 GPU-h: $35 x (1 - 0.25 / 0.6)
      spot_candidates: 43.2, // search-eval, on demand: 24 GPU-h x ($3.00 - $1.20 spot)
      overprovisioned_inference: 0,
    });
    expect(savings.total).toBe(63.62);
    expect(savings.recommendations.every((rule) => rule.rule.length > 0)).toBe(true);
  });
});

describe('the report, the costs page and the overview', () => {
  it('agree to the cent for the same week, whole or in progress', async () => {
    const report = await buildWeeklyReport(week, AFTER);
    const costs = await getCostsView(WEEK, { by: 'team' });
    expect(report.spend.total).toBe(costs.totals.spend);
    expect(report.teams.map((row) => row.spend)).toEqual(costs.groups.map((row) => row.spend));
    expect(report.idle.cost).toBe(costs.totals.idleCost);

    const now = new Date('2026-11-23T04:30:00Z'); // Sunday 23:30 New York: the week is not over
    const running = await buildWeeklyReport(week, now);
    expect(running.complete).toBe(false);
    const { spend } = await getOverview({ from: new Date(now.getTime() - 3_600_000), to: now }, { now });
    expect(running.spend.total).toBe(162.5);
    expect(running.spend.total).toBe(spend.week.amount);
  });

  it('counts the rest of a job running over Sunday midnight in the next week', async () => {
    const next = await buildWeeklyReport(parseWeek('2026-11-23', ZONE)!, new Date('2026-12-01T00:00:00Z'));
    expect(next.spend).toMatchObject({ total: 2, previous: 163 });
  });
});

describe('kept reports', () => {
  it('keeps one report per week once the worker generates it, and lists it; reading one keeps nothing', async () => {
    expect(await listReports()).toEqual([]);
    const first = await reportForWeek('2026-11-16', AFTER);
    expect(first.report?.spend.total).toBe(163);
    expect(await db.report.count()).toBe(0);
    await generateWeeklyReport(week, new Date(AFTER.getTime() + 60_000));
    expect(await db.report.count()).toBe(1);
    expect(await listReports()).toEqual([
      {
        start: '2026-11-16',
        label: 'Week 47 · 16–22 Nov 2026',
        generatedAt: new Date(AFTER.getTime() + 60_000).toISOString(),
        total: 163,
        unpriced: false,
        change: 19 / 144,
        currency: 'USD',
      },
    ]);
    // The week still running is built, not kept; a Tuesday names no week.
    expect((await reportForWeek('2026-11-23', new Date('2026-11-25T00:00:00Z'))).report?.complete).toBe(false);
    expect(await db.report.count()).toBe(1);
    expect(await reportForWeek('2026-11-17', AFTER)).toMatchObject({ missing: 'not_monday' });
  });

  it('has no report for a week outside the data, and keeps none', async () => {
    for (const start of ['1900-01-01', '2025-11-17', '2027-11-15']) {
      expect(await reportForWeek(start, AFTER)).toMatchObject({ missing: 'no_data' });
    }
    expect(await db.report.count()).toBe(1);
  });
});

describe('the report as PDF and CSV', () => {
  it('downloads a PDF of the week', async () => {
    session.user = { id: 1, name: 'V', email: 'viewer@fleet.local', role: 'viewer' };
    const response = await download(pdfRoute, '2026-11-16', 'pdf');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="fleet-report-2026-11-16.pdf"');
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (process.env.REPORT_PDF_OUT) writeFileSync(process.env.REPORT_PDF_OUT, pdf);
    expect(pdf.toString('latin1')).toMatch(/\/Type \/Pages\n\/Count [2-9]/);
  });

  it("downloads a CSV whose figures are the report's, to the cent", async () => {
    session.user = { id: 1, name: 'V', email: 'viewer@fleet.local', role: 'viewer' };
    const response = await download(csvRoute, '2026-11-16', 'csv');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('spend,163\n');
    expect(text).toContain('spend_previous_week,144\n');
    expect(text).toContain(
      'Spend by team\nteam,spend,previous_week,change,gpu_hours,unpriced_gpu_hours,utilization,waste,idle_share,interruption_cost\n',
    );
    expect(text).toContain('research,89,0,,44,0,0.3864,53.25,706.54,12.04\n');
    expect(text).toContain('Spot candidates,43.2,search-eval (j3)');
    // The fixture's collector classified nothing: all 163.00 of the week's spend is unknown time, ETTR 0, and
    // the week before (which held GPUs for 144.00) likewise.
    expect(text).toContain('ettr,0\n');
    expect(text).toContain(
      'Where the GPU-hours went\nclass,gpu_hours,cost,previous_week_gpu_hours,previous_week_cost,change\n',
    );
    expect(text).toMatch(/\nunknown,[\d.]+,163,[\d.]+,144,/);
  });

  it('answers a day that is not a Monday, or a week outside the data, with 404, and no session with 401', async () => {
    session.user = { id: 1, name: 'V', email: 'viewer@fleet.local', role: 'viewer' };
    expect((await download(csvRoute, '2026-11-17', 'csv')).status).toBe(404);
    const outside = await download(pdfRoute, '1900-01-01', 'pdf');
    expect(outside.status).toBe(404);
    expect((await outside.json()).error.message).toBe('The console has no data for the week of 1900-01-01.');
    expect((await download(pdfRoute, 'last-week', 'pdf')).status).toBe(404);
    session.user = null;
    expect((await download(pdfRoute, '2026-11-16', 'pdf')).status).toBe(401);
  });
});
