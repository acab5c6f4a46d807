// The SQL that prices and measures the fleet, checked against the TypeScript references in lib/domain, fed the
// same rows: idle cost (idleCost) on the hand-worked fleet of cost-fixture.ts, and allocation and utilization
// (summarizeUtilization) on its pool minutes. The figures themselves are worked out by hand in costs.test.ts.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idleCost, roundCents, type CapacityInterval, type CostInterval } from '@/lib/domain/cost';
import type { PricingClass } from '@/lib/domain/enums';
import { summarizeUtilization, type UtilizationRow } from '@/lib/domain/utilization';
import { readRates } from '@/lib/pricing/rates';
import { costBreakdown } from '@/lib/queries/costs/breakdown';
import { fleetSeries } from '@/lib/queries/overview/series';
import { buildCostFleet, WEEK, ZONE } from './cost-fixture';

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
const sql = <Row extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
  client.query<Row>(text, values).then((result) => result.rows);

beforeAll(async () => {
  await buildCostFleet(process.env.DATABASE_URL!);
  await client.connect();
});
afterAll(() => client.end());

describe('idle cost in SQL', () => {
  beforeAll(async () => {
    // The source covered nothing on 18 Nov from 14:00 to 16:00, while J1 ran (an outage: no minutes at all).
    await sql(`CREATE TEMP TABLE outage AS SELECT * FROM pool_minute
               WHERE ts >= '2026-11-18T14:00Z' AND ts < '2026-11-18T16:00Z'`);
    await sql(`DELETE FROM pool_minute WHERE ts >= '2026-11-18T14:00Z' AND ts < '2026-11-18T16:00Z'`);
  });
  // The other checks read a whole week: the minutes come back (the hourly rollup sums them again).
  afterAll(() => sql(`INSERT INTO pool_minute SELECT * FROM outage`));

  it('agrees with the domain reference, idleCost, across a price change and an outage', async () => {
    const breakdown = await costBreakdown(WEEK, ZONE);
    const capacity: CapacityInterval[] = (
      await sql<{ gpu_model: string; pricing_class: PricingClass; gpus: number; ts: Date }>(
        `SELECT p.gpu_model, p.pricing_class, pm.provisioned_gpus AS gpus, pm.ts FROM pool_minute pm
         JOIN pool p ON p.id = pm.pool_id WHERE pm.ts >= $1 AND pm.ts < $2`,
        [WEEK.from, WEEK.to],
      )
    ).map((row) => ({
      gpuModel: row.gpu_model,
      pricingClass: row.pricing_class,
      gpus: row.gpus,
      from: row.ts,
      to: new Date(row.ts.getTime() + 60_000),
    }));
    const allocations: CostInterval[] = (
      await sql<{ job_id: number; gpu_model: string; pricing_class: PricingClass; from: Date; to: Date | null }>(
        `SELECT a.job_id, p.gpu_model, p.pricing_class, a."from", a."to" FROM allocation a
         JOIN gpu g ON g.id = a.gpu_id JOIN node n ON n.id = g.node_id JOIN pool p ON p.id = n.pool_id`,
      )
    ).map((row) => ({
      jobId: row.job_id,
      gpuModel: row.gpu_model,
      pricingClass: row.pricing_class,
      from: row.from,
      to: row.to,
    }));
    const reference = idleCost(capacity, allocations, await readRates(), WEEK);

    expect(roundCents(breakdown.idle.cost)).toBe(roundCents(reference.total));
    expect(breakdown.idle.gpuHours).toBeCloseTo(reference.idleGpuHours, 6);
    for (const pool of breakdown.pools) {
      const expected = reference.byPool.find(
        (row) => row.gpuModel === pool.gpuModel && row.pricingClass === pool.pricingClass,
      )!;
      expect(roundCents(pool.idleCost), pool.name).toBe(roundCents(expected.cost));
      expect(pool.idleGpuHours, pool.name).toBeCloseTo(expected.idleGpuHours, 6);
    }
    // The reserved pool's price changed mid-week, so its idle hours were priced at both rates.
    expect(reference.byPool.find((row) => row.pricingClass === 'reserved')!.cost).toBeGreaterThan(0);
    // By hand for h800-reserved: 2 GPUs x (168 h - 2 h of outage) = 332 GPU-h measured, of which J1 held 2 x 10 h
    // (its 2 h in the outage are unknown) and J2 10 h: 302 GPU-h idle, as without the outage, not 298.
    expect(breakdown.pools.find((pool) => pool.name === 'h800-reserved')!.idleGpuHours).toBeCloseTo(302, 9);
  });
});

describe('allocation and utilization in SQL', () => {
  beforeAll(async () => {
    // A shape that varies by the minute and the pool: 0, 1 or 2 GPUs allocated (never more than the pool has),
    // at 30%, 55% or 80% each.
    await sql(`UPDATE pool_minute SET
        allocated_gpus = least(provisioned_gpus, (extract(minute FROM ts)::int + pool_id) % 3),
        util_sum = least(provisioned_gpus, (extract(minute FROM ts)::int + pool_id) % 3)
                   * (30 + 25 * (extract(hour FROM ts)::int % 3))`);
  });

  const minuteRows = async (from: Date, to: Date): Promise<UtilizationRow[]> =>
    (
      await sql<{ provisioned: number; allocated: number; util_sum: number }>(
        `SELECT provisioned_gpus AS provisioned, allocated_gpus AS allocated, util_sum FROM pool_minute
         WHERE ts >= $1 AND ts < $2`,
        [from, to],
      )
    ).map((row) => ({
      provisionedGpus: row.provisioned,
      allocatedGpus: row.allocated,
      utilSum: row.util_sum,
      minutes: 1,
    }));

  it('agrees with the domain reference, summarizeUtilization, over whole hours read from the hourly rollup', async () => {
    const day = { from: new Date('2026-11-18T00:00:00Z'), to: new Date('2026-11-19T00:00:00Z') };
    const [point] = await fleetSeries(day, 86_400);
    const reference = summarizeUtilization(await minuteRows(day.from, day.to));
    expect(reference.allocation).not.toBeNull();
    expect(point.allocation).toBeCloseTo(reference.allocation!, 9);
    expect(point.utilization).toBeCloseTo(reference.utilization!, 9);
  });

  it('agrees with it in buckets that begin and end inside an hour, read from the minutes', async () => {
    const range = { from: new Date('2026-11-18T00:30:00Z'), to: new Date('2026-11-18T06:30:00Z') };
    const points = await fleetSeries(range, 6 * 3600);
    // Epoch-aligned 6-hour buckets: [00:00, 06:00) holds 00:30-06:00, [06:00, 12:00) holds 06:00-06:30.
    const bounds = [range.from, new Date('2026-11-18T06:00:00Z'), range.to];
    expect(points).toHaveLength(2);
    for (const [i, point] of points.entries()) {
      const reference = summarizeUtilization(await minuteRows(bounds[i], bounds[i + 1]));
      expect(point.allocation).toBeCloseTo(reference.allocation!, 9);
      expect(point.utilization).toBeCloseTo(reference.utilization!, 9);
    }
  });
});
