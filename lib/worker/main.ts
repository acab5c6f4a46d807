// The worker process: collects each cluster's source into Postgres, evaluates what it collected, carries actions
// out, and runs the scheduled housekeeping on pg-boss. Several may run side by side; one collects each cluster.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import PgBoss from 'pg-boss';
import pg from 'pg';
import { clusters } from '@/lib/clusters/config';
import { env, executorName, exporterHost, type Env } from '@/lib/env';
import { createExecutor } from '@/lib/executors';
import { queueDeliveries, queueUnqueued, requeueStranded } from '@/lib/notifications/queue';
import { ActionRunner } from '@/lib/ops/runner';
import { readSettings } from '@/lib/settings/org';
import { LatestReadings, recordingTo, runLive, startExporterServer } from '@/lib/sources/simulator/exporter-server';
import { BUDGET_QUEUE, BUDGET_SCHEDULE, evaluateBudgets } from './budgets';
import { Collector } from './collector';
import { workDeliveries } from './deliveries';
import { Drive } from './drive';
import { beat } from './heartbeat';
import { log } from './log';
import { dropExpiredPartitions, ensurePartitions, pruneActionRequests, rollUpHours } from './maintenance';
import { REPORT_QUEUE, reportAttachments, sendWeeklyReport } from './reports';
import { DAY_MS } from '@/lib/domain/time';
import { replayHistory } from './history';
import { openClusterSource } from './sessions';
import { newSimulator } from './simulator-session';

const HEARTBEAT_MS = 5_000;
const OUTBOX_MS = 2_000;
const ACTIONS_MS = 1_000;

async function main() {
  const config = env();
  const workerId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const startedAt = new Date();
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 6 });
  // A database restart surfaces as errors on idle clients; the pool reconnects on the next query.
  pool.on('error', (error) => log.warn('database connection lost', { error: error.message }));

  const watched = clusters();
  const several = watched.length > 1;
  const simulated = watched.filter((cluster) => cluster.env.FLEET_SOURCE === 'simulator');
  const exported = await startSimulatorExporter(config, simulated.length > 0);

  const boss = new PgBoss({ connectionString: config.DATABASE_URL, max: 4 });
  boss.on('error', (error) => log.warn('job queue error', { error: error.message }));
  const outbox = { queue: (ids: bigint[]) => queueDeliveries(boss, ids), sweep: () => queueUnqueued(boss) };

  // One sequence per cluster, each with its own collector (and leader), executor and timers.
  const collectors: Collector[] = [];
  const drives = watched.map((cluster, i) => {
    const firstSimulated = cluster === simulated[0];
    const collector = new Collector(pool, {
      cluster: cluster.name,
      openSource: (p) =>
        openClusterSource(p, cluster, {
          firstSimulated,
          wrapSimulator: exported && firstSimulated ? (source) => recordingTo(exported, source) : undefined,
        }),
      backfillSampleHours: config.FLEET_BACKFILL_SAMPLE_HOURS,
      onProgress: (until, target) => {
        const behindMinutes = Math.round((target.getTime() - until.getTime()) / 60_000);
        if (behindMinutes > 5) {
          log.info('collector: catching up', { cluster: cluster.name, until: until.toISOString(), behindMinutes });
        }
      },
    });
    collectors.push(collector);
    const executor = createExecutor(executorName(cluster.env), pool, cluster.vars, {
      simulatedCluster: several ? cluster.name : undefined,
    });
    // With one cluster, its runner takes every action, whatever the cluster's row is named.
    const scope = several ? cluster.name : undefined;
    return new Drive(pool, collector, new ActionRunner(executor, { cluster: scope, log: log.info }), {
      cluster: scope,
      sourceKind: cluster.env.FLEET_SOURCE,
      // The first cluster's sequence also evaluates the fleet, as of the newest data of any cluster.
      fleet: i > 0 ? false : several ? { until: () => newestData(pool) } : undefined,
      outbox,
      log: log.info,
    });
  });

  let stopping = false;
  const timers: NodeJS.Timeout[] = [];

  const heartbeat = async () => {
    await beat(pool, workerId, startedAt).catch((error) => log.warn('heartbeat failed', { error: error.message }));
  };

  /** Runs a phase of the sequence again `everyMs` after it ends, until the worker stops. */
  const every = (everyMs: number, phase: string, run: () => Promise<unknown>) => {
    const loop = async () => {
      if (stopping) return;
      await run().catch((error) =>
        (phase === 'collect' ? log.error : log.warn)(`${phase} failed`, { error: (error as Error).message }),
      );
      if (!stopping) timers.push(setTimeout(loop, everyMs));
    };
    return loop;
  };

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('worker stopping', { signal });
    timers.forEach(clearTimeout);
    await Promise.race([
      Promise.all(drives.map((drive) => drive.idle())),
      new Promise((resolve) => setTimeout(resolve, 10_000)),
    ]);
    await boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => {});
    for (const drive of drives) await drive.resign();
    await pool.query('DELETE FROM worker_heartbeat WHERE worker_id = $1', [workerId]).catch(() => {});
    await pool.end().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await heartbeat();
  timers.push(setInterval(heartbeat, HEARTBEAT_MS));
  log.info('worker started', {
    workerId,
    clusters: watched.map((cluster) => ({
      name: cluster.name,
      source: cluster.env.FLEET_SOURCE,
      executor: executorName(cluster.env),
    })),
    tickSeconds: config.FLEET_TICK_SECONDS,
  });

  // A simulated cluster's history (a first start's backfill, or the time the worker was away) is read as the
  // worker would have lived it, before the live sequences start: its faults recovered at their own times.
  for (const [i, cluster] of watched.entries()) {
    if (cluster.env.FLEET_SOURCE !== 'simulator' || stopping) continue;
    await livePast(pool, collectors[i], several ? cluster.name : undefined, config.FLEET_BACKFILL_RECOVERY_DAYS).catch(
      (error) =>
        log.error('history: recovery over the backfill failed; the live worker reads on', {
          cluster: cluster.name,
          error: (error as Error).message,
        }),
    );
  }
  await startQueue(boss, pool, config.FLEET_SAMPLE_RETENTION_DAYS);
  await startCostJobs(boss, config.FLEET_REPORT_SCHEDULE);
  // Every worker carries out actions (each claimed by one) and sweeps the outbox; each cluster's leader collects it.
  for (const drive of drives) await every(ACTIONS_MS, 'actions', () => drive.act(new Date()))();
  await every(OUTBOX_MS, 'queueing notifications', () => drives[0].outbox())();
  await Promise.all(
    drives.map((drive) => every(config.FLEET_TICK_SECONDS * 1000, 'collect', () => drive.collect(new Date()))()),
  );
}

/** Reads a simulated cluster up to now with automatic recovery at each fault (lib/worker/history.ts). */
async function livePast(pool: pg.Pool, collector: Collector, cluster: string | undefined, recoveryDays: number) {
  if (!(await collector.lead())) return;
  const now = new Date();
  await ensurePartitions(pool, now.getTime());
  const t0 = performance.now();
  const lived = await replayHistory(pool, collector, now, {
    cluster,
    simulatedCluster: cluster,
    recoverFrom: new Date(now.getTime() - recoveryDays * DAY_MS),
  });
  if (lived.episodes) {
    log.info('history: faults recovered as they happened', {
      cluster: collector.cluster,
      faults: lived.episodes,
      seconds: Math.round((performance.now() - t0) / 100) / 10,
    });
  }
}

/**
 * With FLEET_SIM_EXPORTER_PORT, serves the simulator's readings as dcgm-exporter does, for a Prometheus to scrape:
 * those of the simulator the console reads, or, when it reads Prometheus, of one run live for the exporter alone.
 */
async function startSimulatorExporter(config: Env, simulating: boolean): Promise<LatestReadings | null> {
  if (!config.FLEET_SIM_EXPORTER_PORT) return null;
  const host = exporterHost(config);
  // When it runs alone, another seed: its GPUs must not share UUIDs with the seeded demo cluster.
  const seed = simulating ? config.FLEET_SIM_SEED : config.FLEET_SIM_SEED + 1;
  // Begun a minute ago, so that it has readings to serve at once.
  const simulator = newSimulator({ seed, nodes: config.FLEET_SIM_NODES, backfillDays: 0 }, Date.now() - 60_000);
  const readings = new LatestReadings(simulator.topologySync());
  const server = await startExporterServer(() => readings.render(), { host, port: config.FLEET_SIM_EXPORTER_PORT });
  if (!simulating) runLive(simulator, readings, config.FLEET_TICK_SECONDS * 1000);
  log.info('simulator exporter serving dcgm-exporter metrics', { url: server.url });
  return readings;
}

/** The newest data any cluster's source has given: what spans clusters is evaluated as of then. */
async function newestData(pool: pg.Pool): Promise<Date | null> {
  const { rows } = await pool.query<{ until: Date | null }>('SELECT max(data_until) AS until FROM data_source');
  return rows[0].until;
}

async function startQueue(boss: PgBoss, pool: pg.Pool, retentionDays: number) {
  await boss.start();
  await boss.createQueue('maintenance');
  await boss.schedule('maintenance', '7 * * * *');
  await boss.work('maintenance', async () => {
    const now = Date.now();
    await ensurePartitions(pool, now);
    await rollUpHours(pool, new Date(now - 3 * 3_600_000), new Date(now));
    const dropped = await dropExpiredPartitions(pool, retentionDays, now);
    const keys = await pruneActionRequests(pool, now);
    log.info('maintenance done', { droppedPartitions: dropped, prunedActionRequests: keys });
  });
}

/**
 * Budget alerts every few minutes, the weekly report on its schedule in the organisation's time zone, and the
 * deliveries both queue. pg-boss runs each scheduled job once however many workers there are.
 */
async function startCostJobs(boss: PgBoss, reportSchedule: string) {
  const { timeZone } = await readSettings();
  await workDeliveries(boss, reportAttachments);
  await boss.createQueue(BUDGET_QUEUE);
  await boss.schedule(BUDGET_QUEUE, BUDGET_SCHEDULE);
  await boss.work(BUDGET_QUEUE, async () => {
    const fired = await evaluateBudgets(new Date(), boss);
    const requeued = await requeueStranded(boss);
    if (fired || requeued) log.info('budgets evaluated', { fired, requeued });
  });
  await boss.createQueue(REPORT_QUEUE);
  await boss.schedule(REPORT_QUEUE, reportSchedule, {}, { tz: timeZone });
  await boss.work(REPORT_QUEUE, async () => {
    await sendWeeklyReport(new Date(), boss);
  });
  log.info('cost jobs scheduled', { budgets: BUDGET_SCHEDULE, weeklyReport: reportSchedule, timeZone });
}

main().catch((error) => {
  log.error('worker failed to start', { error: (error as Error).message });
  process.exit(1);
});
