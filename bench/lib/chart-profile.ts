// Where the time of one chart request goes: its query function in this process (Prisma, and the shaping of the
// answer), its SQL straight through `pg` as the function sends it (and inside PostgreSQL, by EXPLAIN), and its
// answer's JSON. What the request over HTTP takes beyond the function is the route itself: Next, the session
// check (the proxy's and the handler's), the response and the loopback.
import pg from 'pg';
import { captureStatements, explainTimes, stagedTimes } from './sql';
import { round, timeRuns, type Summary } from './stats';

export interface ChartProfile {
  inProcess: Summary;
  sql: { statements: number; staged: Summary; explain: { label: string; serverMedianMs: number }[] };
  json: { bytes: number; stringify: Summary };
  /** The median over HTTP (the same run's interleaved requests) less the function's: the route's own share; null
   * for a function no request calls on its own. */
  routeMs: number | null;
}

export async function chartProfile(
  work: () => Promise<unknown>,
  databaseUrl: string,
  overHttpMs: number | null,
  runs: number,
): Promise<ChartProfile> {
  const inProcess = await timeRuns(runs, work);
  const statements = await captureStatements(work);
  const answer = await work();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 }); // the web's Prisma pool size
  try {
    return {
      inProcess,
      sql: {
        statements: statements.length,
        staged: await stagedTimes(pool, statements, runs),
        explain: await explainTimes(pool, statements),
      },
      json: {
        bytes: JSON.stringify(answer).length,
        stringify: await timeRuns(runs, async () => JSON.stringify(answer)),
      },
      routeMs: overHttpMs === null ? null : round(overHttpMs - inProcess.medianMs),
    };
  } finally {
    await pool.end();
  }
}
