// Prometheus (fed by dcgm-exporter) as a collector source. At each open it reads the cluster's shape from the
// labels and adds what is new to the database (nodes, GPUs, pools); reading resumes at the data_source cursor,
// or FLEET_BACKFILL_SAMPLE_HOURS back on a first start (Prometheus keeps its own long history).
import type { Pool } from 'pg';
import type { Env } from '@/lib/env';
import type { NodeState } from '@/lib/domain/enums';
import { PrometheusSource, type KnownPodJob, type PrometheusConfig } from '@/lib/sources/prometheus';
import { PrometheusClient } from '@/lib/sources/prometheus/client';
import { parseProgressMetrics, type ProgressMetric } from '@/lib/progress-metrics';
import { ProgressReader, withProgress } from '@/lib/sources/progress';
import type { Topology } from '@/lib/sources/types';
import type { SourceSession } from './collector';
import { log } from './log';
import { HOUR_MS, MINUTE_MS } from '@/lib/domain/time';

export interface PrometheusSessionConfig {
  prometheus: PrometheusConfig;
  backfillSampleHours: number;
  /** Where training jobs' step counters are read (FLEET_PROGRESS_METRICS). */
  progressMetrics?: ProgressMetric[];
}

export function prometheusConfig(env: Env): PrometheusSessionConfig {
  return {
    prometheus: {
      url: env.PROMETHEUS_URL ?? '',
      bearerToken: env.PROMETHEUS_BEARER_TOKEN,
      username: env.PROMETHEUS_USERNAME,
      password: env.PROMETHEUS_PASSWORD,
      timeoutMs: env.PROMETHEUS_TIMEOUT_SECONDS * 1000,
      scrapeSeconds: env.PROMETHEUS_STEP_SECONDS,
      readDelaySeconds: env.PROMETHEUS_READ_DELAY_SECONDS,
      pricingClass: env.PROMETHEUS_PRICING_CLASS,
      clusterName: env.PROMETHEUS_CLUSTER_NAME,
    },
    backfillSampleHours: env.FLEET_BACKFILL_SAMPLE_HOURS,
    progressMetrics: parseProgressMetrics(env.FLEET_PROGRESS_METRICS),
  };
}

async function loadKnown(pool: Pool, clusterName: string) {
  const [nodes, jobs] = await Promise.all([
    pool.query<{ hostname: string; state: NodeState }>(
      'SELECT n.hostname, n.state FROM node n JOIN cluster c ON c.id = n.cluster_id WHERE c.name = $1',
      [clusterName],
    ),
    pool.query<{ external_id: string; started_at: Date | null; gpu_uuids: string[] }>(
      `SELECT j.external_id, j.started_at, array_remove(array_agg(g.uuid), NULL) AS gpu_uuids
       FROM job j JOIN cluster c ON c.id = j.cluster_id
       LEFT JOIN allocation a ON a.job_id = j.id AND a."to" IS NULL LEFT JOIN gpu g ON g.id = a.gpu_id
       WHERE c.name = $1 AND j.state = 'running' GROUP BY j.id`,
      [clusterName],
    ),
  ]);
  const knownJobs: KnownPodJob[] = jobs.rows.map((row) => ({
    externalId: row.external_id,
    startedAt: row.started_at,
    gpuUuids: row.gpu_uuids,
  }));
  return { knownNodes: nodes.rows, knownJobs };
}

/**
 * Adds the cluster, pools, nodes and GPUs the labels show and the database lacks. A GPU in a slot (node, index)
 * that now reports another, unknown UUID was replaced: the slot takes the new UUID. Nothing is removed: a node
 * that stops reporting shows as down.
 */
export async function syncTopology(pool: Pool, topology: Topology): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO cluster (name, scheduler, region) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`,
      [topology.cluster.name, topology.cluster.scheduler, topology.cluster.region ?? null],
    );
    const { rows } = await client.query<{ id: number }>('SELECT id FROM cluster WHERE name = $1', [
      topology.cluster.name,
    ]);
    const clusterId = rows[0].id;
    const pools = topology.pools;
    await client.query(
      `INSERT INTO pool (cluster_id, name, gpu_model, pricing_class, gpus_per_node, desired_nodes)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::"PricingClass"[], $5::int[], $6::int[])
       ON CONFLICT (cluster_id, name) DO UPDATE SET
         gpus_per_node = GREATEST(pool.gpus_per_node, EXCLUDED.gpus_per_node),
         desired_nodes = GREATEST(pool.desired_nodes, EXCLUDED.desired_nodes),
         -- A scheduler's name for the model (NVML's, dashes for spaces) gives way to dcgm-exporter's once known.
         gpu_model = CASE WHEN replace(EXCLUDED.gpu_model, ' ', '-') = pool.gpu_model
                          THEN EXCLUDED.gpu_model ELSE pool.gpu_model END`,
      [
        clusterId,
        pools.map((p) => p.name),
        pools.map((p) => p.gpuModel),
        pools.map((p) => p.pricingClass),
        pools.map((p) => p.gpusPerNode),
        pools.map((p) => p.desiredNodes),
      ],
    );
    const nodes = topology.nodes;
    await client.query(
      `INSERT INTO node (cluster_id, pool_id, hostname)
       SELECT $1, p.id, d.hostname FROM unnest($2::text[], $3::text[]) AS d(hostname, pool)
       JOIN pool p ON p.cluster_id = $1 AND p.name = d.pool
       ON CONFLICT (cluster_id, hostname) DO NOTHING`,
      [clusterId, nodes.map((n) => n.hostname), nodes.map((n) => n.pool)],
    );
    const gpus = nodes.flatMap((node) => node.gpus.map((gpu) => ({ hostname: node.hostname, ...gpu })));
    const params = [
      clusterId,
      gpus.map((g) => g.hostname),
      gpus.map((g) => g.index),
      gpus.map((g) => g.uuid),
      gpus.map((g) => g.model),
      gpus.map((g) => g.memoryMib),
    ];
    const discovered = `unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::int[]) AS d(hostname, index, uuid, model, memory)
       JOIN node n ON n.cluster_id = $1 AND n.hostname = d.hostname`;
    await client.query(
      `UPDATE gpu g SET uuid = d.uuid, model = d.model, memory_mib = d.memory, healthy = true FROM ${discovered}
       WHERE g.node_id = n.id AND g.index = d.index AND g.uuid <> d.uuid
         AND NOT EXISTS (SELECT 1 FROM gpu x WHERE x.uuid = d.uuid)`,
      params,
    );
    const inserted = await client.query(
      `INSERT INTO gpu (node_id, index, uuid, model, memory_mib) SELECT n.id, d.index, d.uuid, d.model, d.memory
       FROM ${discovered} ON CONFLICT DO NOTHING`,
      params,
    );
    await client.query('COMMIT');
    if (inserted.rowCount)
      log.info('prometheus: GPUs added', { gpus: inserted.rowCount, cluster: topology.cluster.name });
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Faults and the simulator executor's commands act on the simulator only: those queued while another source runs
 * are answered, not kept.
 */
export async function refuseSimulatorCommands(pool: Pool, sourceName = 'Prometheus') {
  await pool.query(`UPDATE sim_command SET applied_at = now(), result = $1 WHERE applied_at IS NULL`, [
    {
      ok: false,
      message: `Not applied: the console reads ${sourceName}, and only the simulator takes injected faults and simulator commands. Set FLEET_EXECUTOR to kubernetes or slurm to act on the real cluster.`,
    },
  ]);
}

export async function openPrometheus(
  pool: Pool,
  config: PrometheusSessionConfig,
  now = Date.now(),
): Promise<SourceSession> {
  const { clusterName } = config.prometheus;
  const source = new PrometheusSource(config.prometheus, await loadKnown(pool, clusterName));
  const topology = await source.topology();
  await syncTopology(pool, topology);
  // The cursor is the cluster's: where its data in the database was read up to.
  const { rows } = await pool.query<{ read_until: Date | null }>(
    'SELECT coalesce(read_until, data_until) AS read_until FROM data_source WHERE name = $1',
    [clusterName],
  );
  const firstStart = now - config.backfillSampleHours * HOUR_MS;
  const cursor = rows[0]?.read_until ?? new Date(firstStart - (firstStart % MINUTE_MS));
  const metrics = config.progressMetrics ?? [];
  const read = metrics.length
    ? withProgress(source, new ProgressReader(new PrometheusClient(config.prometheus), metrics))
    : source;
  return { source: read, clusterName, cursor, beforeRead: (p) => refuseSimulatorCommands(p) };
}
