// A scheduler with GPU readings from Prometheus (lib/sources/compose) as a collector source, whatever the
// scheduler: at open it writes the cluster's shape (nodes, GPUs with real UUIDs where dcgm-exporter names them),
// and before each read what the source has found since; reading resumes at the data_source cursor, or
// FLEET_BACKFILL_SAMPLE_HOURS back on a first start. Without Prometheus, the scheduler alone (it knows only the
// present, so a first start begins now).
import type { Pool } from 'pg';
import type { NodeState } from '@/lib/domain/enums';
import { ComposedSource } from '@/lib/sources/compose';
import { NoGpuReadings } from '@/lib/sources/compose/no-readings';
import { PrometheusSource, type PrometheusConfig } from '@/lib/sources/prometheus';
import type { SchedulerSource } from '@/lib/sources/types';
import type { SourceSession } from './collector';
import { log } from './log';
import { refuseSimulatorCommands, syncTopology } from './prometheus-session';
import { HOUR_MS, MINUTE_MS } from '@/lib/domain/time';

export interface ComposedSessionConfig {
  scheduler: SchedulerSource;
  /** What the scheduler is called in messages ("Kubernetes", "Slurm"). */
  schedulerLabel: string;
  /** dcgm-exporter's readings; null: the scheduler alone, without GPU readings. */
  prometheus: PrometheusConfig | null;
  clusterName: string;
  backfillSampleHours: number;
  /** How long one scheduler read serves; default 5 s. */
  schedulerReuseMs?: number;
}

async function knownNodes(pool: Pool, clusterName: string) {
  const { rows } = await pool.query<{ hostname: string; state: NodeState; reason: string | null; since: Date }>(
    `SELECT n.hostname, n.state, n.state_reason AS reason, n.state_since AS since
     FROM node n JOIN cluster c ON c.id = n.cluster_id WHERE c.name = $1`,
    [clusterName],
  );
  return rows;
}

export async function openComposed(
  pool: Pool,
  config: ComposedSessionConfig,
  now = Date.now(),
): Promise<SourceSession> {
  const { clusterName } = config;
  const readings = config.prometheus
    ? new PrometheusSource({ ...config.prometheus, clusterName, synthesizeJobs: false })
    : new NoGpuReadings();
  const source = new ComposedSource(config.scheduler, readings, {
    knownNodes: await knownNodes(pool, clusterName),
    schedulerReuseMs: config.schedulerReuseMs,
  });
  await syncTopology(pool, await source.topology());
  // The cursor is the cluster's: where its data in the database was read up to.
  const { rows } = await pool.query<{ read_until: Date | null }>(
    'SELECT coalesce(read_until, data_until) AS read_until FROM data_source WHERE name = $1',
    [clusterName],
  );
  const firstStart = config.prometheus ? now - config.backfillSampleHours * HOUR_MS : now;
  const cursor = rows[0]?.read_until ?? new Date(firstStart - (firstStart % MINUTE_MS));
  const label = config.prometheus ? `${config.schedulerLabel} with Prometheus` : config.schedulerLabel;
  return {
    source,
    clusterName,
    cursor,
    beforeRead: (p) => refuseSimulatorCommands(p, label),
    async saveState(client) {
      const changed = source.takeSignals();
      if (!changed.size) return;
      await client.query(
        `UPDATE node n SET health_signals = d.signals
         FROM cluster c, unnest($2::text[], $3::jsonb[]) AS d(hostname, signals)
         WHERE c.name = $1 AND n.cluster_id = c.id AND n.hostname = d.hostname`,
        [clusterName, [...changed.keys()], [...changed.values()].map((signals) => JSON.stringify(signals))],
      );
    },
    async refreshTopology(p) {
      if (!source.topologyStale) return false;
      await syncTopology(p, await source.topology());
      log.info(`${source.name}: topology refreshed`, { cluster: clusterName });
      return true;
    },
  };
}
