// The fault drill: at least 20 faults of each kind (hang, fatal XID, failed job, node loss) injected into the
// simulator, and the collecting worker's own sequence (lib/worker/drive.ts: carry out actions, collect, evaluate,
// recover) run by two workers side by side on a simulated clock in 15-second steps, as FLEET_TICK_SECONDS sets
// the real worker, against a real PostgreSQL. Faults go in waves half an hour apart, on jobs and nodes no earlier
// wave touched, so that the circuit breaker (3 restarts an hour) is not what is measured.
// Per kind: time to detect (detected − when the fault shows in the data) and time to recover (back − the fault),
// median and worst, against the targets: detection under 60 s, jobs running again within 5 minutes, nodes back
// within 10 minutes; and double actions (two actions of one kind for one fault), which must be zero.
// A hang shows in the data only once its rule can see it: its last step plus max(3 × its median step time, 2 min),
// or, for a job that reports no progress, 10 minutes of GPUs under 5% (DOMAIN.md); an XID, a failed job or a lost
// node shows at once.
// Times are on the simulated clock; each step's wall time is reported too, since in the real worker it adds to
// detection.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../lib/db/embedded';
import { migrate } from '../lib/db/migrate';
import { DEFAULT_HEALTH_RULES } from '../lib/domain/health';
import { stallAfterMs } from '../lib/domain/stall';
import { removeDir, workDir } from './lib/app';
import { loadAverage, writeResult } from './lib/machine';
import { benchMain, onInterrupt } from './lib/processes';
import { round, summarize } from './lib/stats';

const NODES = Number(process.env.DRILL_NODES ?? 256);
const PER_KIND = Number(process.env.DRILL_FAULTS ?? 20);
const WAVES = Number(process.env.DRILL_WAVES ?? 5);
const SPARES = Number(process.env.DRILL_SPARES ?? 2);
const STEP_MS = 15_000;
const WAVE_MINUTES = 30;
const KINDS = ['hang', 'job_failure', 'fatal_xid', 'node_lost'] as const;
type Kind = (typeof KINDS)[number];
const CAUSE: Record<Kind, string> = {
  hang: 'job_stalled',
  job_failure: 'job_failed',
  fatal_xid: 'fatal_xid',
  node_lost: 'node_lost',
};
const TARGET_MS: Record<Kind, number> = {
  hang: 5 * 60_000,
  job_failure: 5 * 60_000,
  fatal_xid: 10 * 60_000,
  node_lost: 10 * 60_000,
};
const DETECT_TARGET_MS = 60_000;

interface Injected {
  kind: Kind;
  target: string;
  targetId: number;
  at: Date;
}

export async function drill() {
  const loadBefore = loadAverage();
  const work = workDir();
  const dataDir = path.join(work.dir, 'data-drill');
  mkdirSync(dataDir, { recursive: true });
  const server: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir });
  onInterrupt(() => server.stop());
  onInterrupt(() => removeDir(work.owned ? work.dir : dataDir));
  await migrate(server.url);
  process.env.DATABASE_URL = server.url; // read by lib/db on first use, below
  const { db } = await import('../lib/db');
  const { seedDemo } = await import('../lib/db/seed');
  const { SimulatorExecutor } = await import('../lib/executors/simulator');
  const { ActionRunner } = await import('../lib/ops/runner');
  const { Collector } = await import('../lib/worker/collector');
  const { Drive } = await import('../lib/worker/drive');
  const { newSimulator, openSimulator } = await import('../lib/worker/simulator-session');

  const config = { seed: 7, nodes: NODES, backfillDays: 1 };
  const pool = new pg.Pool({ connectionString: server.url, max: 12 });
  // pool.end() resolves once its idle connections are asked to close, not once they have: the database's stop below
  // can reach one first and end it with an error, which is no failure of the drill.
  pool.on('error', () => {});
  // The collecting leader keeps a connection for its lock: given back before the pool can end.
  let resign = async (): Promise<unknown> => undefined;
  try {
    await seedDemo(db, await newSimulator(config).topology(), { pricesFrom: new Date(Date.now() - 3 * 86_400_000) });
    const collector = new Collector(pool, { openSource: (p) => openSimulator(p, config), backfillSampleHours: 1 });
    await collector.lead();
    resign = () => collector.resign();
    const t0 = performance.now();
    let clock = await collector.advance(new Date());
    console.log(`[drill] ${NODES} nodes, a day of history in ${round((performance.now() - t0) / 1000)} s`);
    // Two workers: each claims actions and runs recovery on every step.
    const runners = [0, 1].map(
      () => new ActionRunner(new SimulatorExecutor(pool, { pollMs: 5, timeoutMs: 30_000 }), { now: () => clock }),
    );
    const drive = new Drive(pool, collector, runners);
    const stepWallMs: number[] = [];
    const step = async () => {
      clock = new Date(clock.getTime() + STEP_MS);
      const s0 = performance.now();
      await drive.step(clock);
      stepWallMs.push(performance.now() - s0);
    };
    // Warm spares in every pool, held before the first wave: a node being replaced has one take its place at once.
    await pool.query('UPDATE pool SET warm_spares = $1', [SPARES]);
    for (let i = 0; i < 8; i++) await step();

    const injected: Injected[] = [];
    /** A job is faulted again only after the circuit breaker's hour has passed since its last fault. */
    const jobFaultedAt = new Map<number, number>();
    const reusable = (id: number) => (jobFaultedAt.get(id) ?? -Infinity) < clock.getTime() - 65 * 60_000;
    const usedNodes = new Set<number>();
    const perWave = (wave: number) => Math.floor(PER_KIND / WAVES) + (wave < PER_KIND % WAVES ? 1 : 0);

    for (let wave = 0; wave < WAVES; wave++) {
      const jobs = (
        await pool.query<{ id: number; external_id: string; nodes: number[] }>(
          `SELECT j.id, j.external_id, array_agg(DISTINCT g.node_id) AS nodes
           FROM job j JOIN allocation a ON a.job_id = j.id AND a."to" IS NULL JOIN gpu g ON g.id = a.gpu_id
           WHERE j.state = 'running' AND j.health = 'healthy' AND j.kind IN ('training', 'fine_tuning')
           GROUP BY j.id ORDER BY j.id`,
        )
      ).rows.filter((job) => reusable(job.id));
      const busyNodes = new Set<number>();
      const pickJobs = (count: number) => {
        const picked = [];
        for (const job of jobs) {
          if (picked.length === count) break;
          if (!reusable(job.id) || job.nodes.some((n) => busyNodes.has(n))) continue;
          jobFaultedAt.set(job.id, clock.getTime());
          job.nodes.forEach((n) => busyNodes.add(n));
          picked.push(job);
        }
        return picked;
      };
      const targets: { kind: Kind; target: string; targetId: number }[] = [];
      for (const job of pickJobs(perWave(wave)))
        targets.push({ kind: 'hang', target: job.external_id, targetId: job.id });
      for (const job of pickJobs(perWave(wave)))
        targets.push({ kind: 'job_failure', target: job.external_id, targetId: job.id });
      const nodes = (
        await pool.query<{ id: number; hostname: string }>(
          `SELECT id, hostname FROM node WHERE state = 'ready' ORDER BY hostname`,
        )
      ).rows.filter((node) => !usedNodes.has(node.id) && !busyNodes.has(node.id));
      for (const kind of ['fatal_xid', 'node_lost'] as const) {
        for (const node of nodes.splice(0, perWave(wave))) {
          usedNodes.add(node.id);
          targets.push({ kind, target: node.hostname, targetId: node.id });
        }
      }
      for (const target of targets) {
        await pool.query(`INSERT INTO sim_command (kind, params, requested_by) VALUES ('fault', $1, 'drill')`, [
          { kind: target.kind, target: target.target, ...(target.kind === 'fatal_xid' ? { code: 79 } : {}) },
        ]);
        injected.push({ ...target, at: clock });
      }
      console.log(`[drill] wave ${wave + 1}: ${targets.length} faults at ${clock.toISOString()}`);
      for (let i = 0; i < (WAVE_MINUTES * 60_000) / STEP_MS; i++) await step();
    }
    // Let the last wave finish.
    for (let i = 0; i < (20 * 60_000) / STEP_MS; i++) {
      const { rows } = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM recovery WHERE state = 'acting'`,
      );
      if (rows[0].n === 0) break;
      await step();
    }

    const { results, cases } = await measure(pool, injected);
    const doubles = await pool.query<{ recovery_id: number; kind: string; n: number }>(
      `SELECT recovery_id, kind, count(*)::int AS n FROM action WHERE recovery_id IS NOT NULL
       GROUP BY recovery_id, kind HAVING count(*) > 1`,
    );
    const perFault = await pool.query<{ fault_key: string; n: number }>(
      `SELECT fault_key, count(*)::int AS n FROM recovery GROUP BY fault_key HAVING count(*) > 1`,
    );
    // Jobs the node faults killed, and background failures the simulator makes on its own.
    const injectedJobs = injected.filter((f) => f.kind === 'hang' || f.kind === 'job_failure');
    const others = await pool.query<{ state: string; message: string | null; took_ms: number | null }>(
      `SELECT state::text, message, extract(epoch FROM recovered_at - fault_at)::float8 * 1000 AS took_ms
       FROM recovery r
       WHERE target_type = 'job' AND NOT EXISTS (
         SELECT 1 FROM unnest($1::int[], $2::timestamptz[]) AS f(job_id, at)
         WHERE f.job_id = r.job_id AND r.detected_at >= f.at AND r.detected_at < f.at + interval '30 minutes')`,
      [injectedJobs.map((f) => f.targetId), injectedJobs.map((f) => f.at)],
    );
    const byState = new Map<string, number>();
    for (const row of others.rows) {
      const key = row.state === 'disabled' ? `disabled (${row.message})` : row.state;
      byState.set(key, (byState.get(key) ?? 0) + 1);
    }
    const otherTimes = others.rows.filter((row) => row.took_ms !== null).map((row) => row.took_ms!);
    const otherRecover = otherTimes.length ? summarize(otherTimes) : null;
    const steps = summarize(stepWallMs);
    console.log('\nkind         faults  found  recovered  detect med/worst (s)  recover med/worst (s)  target');
    for (const row of results) {
      console.log(
        `${row.kind.padEnd(12)} ${String(row.faults).padStart(6)} ${String(row.found).padStart(6)} ${String(row.recovered).padStart(10)}  ` +
          `${`${row.detect.medianS} / ${row.detect.worstS}`.padStart(20)}  ${`${row.recover.medianS} / ${row.recover.worstS}`.padStart(21)}  ${row.targetS} s`,
      );
    }
    const misses = cases.filter((c) => !c.withinTarget);
    if (misses.length) console.log('\nfaults not back within their target (times in seconds from the fault):');
    for (const miss of misses)
      console.log(
        `  ${miss.kind} ${miss.target}: ${miss.state ?? 'not found'}, back ${miss.recoverS ?? '-'} s; ${(miss.steps ?? []).join('; ')}${miss.message ? ` (${miss.message})` : ''}`,
      );
    console.log(`double actions: ${doubles.rowCount}; faults with two recoveries: ${perFault.rowCount}`);
    console.log('other job recoveries (jobs the node faults killed, and background failures):');
    for (const [state, n] of byState) console.log(`  ${String(n).padStart(4)} ${state}`);
    if (otherRecover)
      console.log(
        `  running again: median ${round(otherRecover.medianMs / 1000)} s, worst ${round(otherRecover.maxMs / 1000)} s`,
      );
    console.log(`worker step (two workers, wall time): median ${steps.medianMs} ms, worst ${steps.maxMs} ms`);

    return writeResult(
      'drill',
      {
        target:
          'per kind, at least 20 faults: detection under 60 s after the fault shows in the data (a hang: once its stall rule can see it), jobs running again within 5 minutes, nodes back within 10 minutes, zero double actions',
        setup: {
          nodes: NODES,
          gpus: NODES * 8,
          workers: 2,
          stepSeconds: STEP_MS / 1000,
          waves: WAVES,
          perKind: PER_KIND,
          warmSparesPerPool: SPARES,
        },
        kinds: results,
        cases,
        doubleActions: doubles.rowCount,
        faultsWithTwoRecoveries: perFault.rowCount,
        otherJobRecoveries: {
          byState: Object.fromEntries(byState),
          recoverS: otherRecover && {
            median: round(otherRecover.medianMs / 1000),
            worst: round(otherRecover.maxMs / 1000),
          },
        },
        workerStepWallMs: steps,
        meetsTargets:
          results.every(
            (row) =>
              row.found === row.faults &&
              row.withinTarget === row.faults &&
              row.detect.worstS * 1000 < DETECT_TARGET_MS,
          ) &&
          doubles.rowCount === 0 &&
          perFault.rowCount === 0,
      },
      loadBefore,
    );
  } finally {
    await resign().catch(() => {});
    await pool.end().catch(() => {});
    await db.$disconnect().catch(() => {});
    await server.stop();
    removeDir(work.owned ? work.dir : dataDir);
  }
}

/** One fault's recovery, for reading why it took as long as it did. */
interface Case {
  kind: Kind;
  target: string;
  found: boolean;
  state?: string;
  detectS?: number;
  recoverS?: number | null;
  withinTarget?: boolean;
  /** Each action: its kind, how it ended, and when it started and finished, in seconds from the fault. */
  steps?: string[];
  message?: string | null;
}

async function stepsOf(pool: pg.Pool, recoveryId: number, faultAt: Date): Promise<string[]> {
  const { rows } = await pool.query<{
    kind: string;
    state: string;
    started_at: Date | null;
    finished_at: Date | null;
  }>(
    `SELECT kind, state::text, started_at, finished_at FROM action WHERE recovery_id = $1
     ORDER BY requested_at`,
    [recoveryId],
  );
  const s = (at: Date | null) => (at ? String((at.getTime() - faultAt.getTime()) / 1000) : '-');
  return rows.map(
    // requested_at is the database's own clock; started and finished are the simulated clock's.
    (a) => `${a.kind} ${a.state} ${s(a.started_at)}–${s(a.finished_at)} s`,
  );
}

/** When a fault shows in the data: a hang once its stall rule can see it, anything else at once. */
async function showsAt(pool: pg.Pool, kind: Kind, jobId: number, faultAt: Date): Promise<Date> {
  if (kind !== 'hang') return faultAt;
  const { rows } = await pool.query<{ step_seconds: number | null }>('SELECT step_seconds FROM job WHERE id = $1', [
    jobId,
  ]);
  const seconds = rows[0]?.step_seconds;
  const quietMs = seconds ? stallAfterMs(seconds) : DEFAULT_HEALTH_RULES.windowMinutes * 60_000;
  return new Date(faultAt.getTime() + quietMs);
}

async function measure(pool: pg.Pool, injected: Injected[]) {
  const cases: Case[] = [];
  const results = await Promise.all(
    KINDS.map(async (kind) => {
      const faults = injected.filter((fault) => fault.kind === kind);
      const detect: number[] = [];
      const recover: number[] = [];
      let found = 0;
      let recovered = 0;
      let withinTarget = 0;
      for (const fault of faults) {
        const column = kind === 'hang' || kind === 'job_failure' ? 'job_id' : 'node_id';
        const { rows } = await pool.query<{
          id: number;
          fault_at: Date;
          detected_at: Date;
          recovered_at: Date | null;
          state: string;
          message: string | null;
        }>(
          `SELECT id, fault_at, detected_at, recovered_at, state::text, message FROM recovery
           WHERE ${column} = $1 AND cause = $2 AND detected_at >= $3 ORDER BY detected_at LIMIT 1`,
          [fault.targetId, CAUSE[kind], fault.at],
        );
        const row = rows[0];
        if (!row) {
          cases.push({ kind, target: fault.target, found: false });
          continue;
        }
        found += 1;
        const detectMs =
          row.detected_at.getTime() - (await showsAt(pool, kind, fault.targetId, row.fault_at)).getTime();
        detect.push(detectMs);
        const took = row.recovered_at ? row.recovered_at.getTime() - row.fault_at.getTime() : null;
        if (took !== null) {
          recovered += 1;
          recover.push(took);
          if (took <= TARGET_MS[kind]) withinTarget += 1;
        }
        cases.push({
          kind,
          target: fault.target,
          found: true,
          state: row.state,
          detectS: detectMs / 1000,
          recoverS: took === null ? null : took / 1000,
          withinTarget: took !== null && took <= TARGET_MS[kind],
          steps: await stepsOf(pool, row.id, row.fault_at),
          message: row.message,
        });
      }
      const seconds = (values: number[]) => {
        const s = summarize(values.length ? values : [NaN]);
        return { medianS: round(s.medianMs / 1000), worstS: round(s.maxMs / 1000) };
      };
      return {
        kind,
        faults: faults.length,
        found,
        recovered,
        withinTarget,
        targetS: TARGET_MS[kind] / 1000,
        detect: seconds(detect),
        recover: seconds(recover),
      };
    }),
  );
  return { results, cases };
}

// The executors' pollers and pg's idle timers would keep the process up a while; benchMain exits when done.
if (import.meta.filename === process.argv[1]) benchMain('drill', drill);
