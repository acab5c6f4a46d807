// Slurm as a collector source (FLEET_SOURCE=slurm): slurmrestd's nodes, partitions and jobs, with dcgm-exporter's
// readings through Prometheus charged to them by `hpc_job` or by (node, GRES index) when PROMETHEUS_URL is set, and
// without GPU readings otherwise (lib/worker/composed-session.ts does the rest).
import type { Pool } from 'pg';
import type { Env } from '@/lib/env';
import type { PrometheusConfig } from '@/lib/sources/prometheus';
import { SlurmSource, slurmConfig, type SlurmConfig } from '@/lib/sources/slurm';
import type { SourceSession } from './collector';
import { openComposed } from './composed-session';
import { prometheusConfig } from './prometheus-session';

export interface SlurmSessionConfig {
  slurm: SlurmConfig;
  /** dcgm-exporter's readings, or null to read Slurm alone. */
  prometheus: PrometheusConfig | null;
  backfillSampleHours: number;
}

/** Everything the Slurm source needs, as one object built from the environment (or a clusters file). */
export function slurmSessionConfig(env: Env): SlurmSessionConfig {
  const slurm = slurmConfig(env);
  const { prometheus, backfillSampleHours } = prometheusConfig(env);
  return {
    slurm,
    prometheus: env.PROMETHEUS_URL ? { ...prometheus, clusterName: slurm.clusterName } : null,
    backfillSampleHours,
  };
}

export function openSlurm(pool: Pool, config: SlurmSessionConfig, now?: number): Promise<SourceSession> {
  return openComposed(
    pool,
    {
      scheduler: SlurmSource.fromConfig(config.slurm),
      schedulerLabel: 'Slurm',
      prometheus: config.prometheus,
      clusterName: config.slurm.clusterName,
      backfillSampleHours: config.backfillSampleHours,
    },
    now,
  );
}
