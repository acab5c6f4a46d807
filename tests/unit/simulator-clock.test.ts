// FLEET_SIM_START_AT pins the simulated cluster's time of day: started at any hour, the console's simulator runs
// the same cluster (working hours decide how many jobs people submit), which is what the browser tests rely on.
import { describe, expect, it } from 'vitest';
import { newSimulator } from '@/lib/worker/simulator-session';

const HOUR = 3_600_000;
const config = { seed: 7, nodes: 32, backfillDays: 1 };

/** What the cluster ran over its day of history and the half day after, as times since it was created. */
async function firstHours(now: number, startAt?: Date) {
  const simulator = newSimulator({ ...config, startAt }, now);
  const snapshot = await simulator.collect(new Date(now - 24 * HOUR), new Date(now + 12 * HOUR));
  return snapshot.jobs
    .map((job) => [job.externalId, job.kind, job.state, job.gpusRequested, job.submittedAt.getTime() - now])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
}

describe('the simulated clock', () => {
  const morning = Date.parse('2026-12-01T09:00:00Z');
  const evening = Date.parse('2026-12-03T21:00:00Z');

  it('runs the same cluster whenever it starts when its start is pinned', async () => {
    const startAt = new Date('2026-11-25T10:12:00Z');
    expect(await firstHours(evening, startAt)).toEqual(await firstHours(morning, startAt));
  });

  it("follows the wall clock's working hours when it is not (the default)", async () => {
    expect(await firstHours(evening)).not.toEqual(await firstHours(morning));
  });
});
