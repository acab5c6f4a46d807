// Opens the source of one cluster for its collector, whatever kind it is: the cluster's own settings (from the
// environment, or from its entry in the clusters file) say which and how.
import type { Pool } from 'pg';
import type { ClusterConfig } from '@/lib/clusters/config';
import { SourceError, type Source } from '@/lib/sources/types';
import type { SourceSession } from './collector';
import { kubernetesSessionConfig, openKubernetes } from './kubernetes-session';
import { openPrometheus, prometheusConfig } from './prometheus-session';
import { openSimulator } from './simulator-session';
import { openSlurm, slurmSessionConfig } from './slurm-session';

export interface OpenOptions {
  /** The first simulated cluster also takes simulator commands addressed to no cluster. */
  firstSimulated: boolean;
  /** Wraps the simulator's source, e.g. to serve its readings as dcgm-exporter does. */
  wrapSimulator?: (source: Source) => Source;
}

export async function openClusterSource(
  pool: Pool,
  cluster: ClusterConfig,
  options: OpenOptions,
): Promise<SourceSession> {
  const session = await openSource(pool, cluster, options);
  // A real source knows no region: the clusters file gives it. The simulator writes its own.
  if (cluster.region && cluster.env.FLEET_SOURCE !== 'simulator') {
    await pool.query('UPDATE cluster SET region = $2 WHERE name = $1 AND region IS DISTINCT FROM $2', [
      cluster.name,
      cluster.region,
    ]);
  }
  return session;
}

async function openSource(pool: Pool, cluster: ClusterConfig, options: OpenOptions): Promise<SourceSession> {
  const { env } = cluster;
  switch (env.FLEET_SOURCE) {
    case 'prometheus': {
      const config = prometheusConfig(env);
      return openPrometheus(pool, { ...config, prometheus: { ...config.prometheus, clusterName: cluster.name } });
    }
    case 'kubernetes': {
      const config = kubernetesSessionConfig(env);
      return openKubernetes(pool, {
        ...config,
        kubernetes: { ...config.kubernetes, clusterName: cluster.name },
        prometheus: { ...config.prometheus, clusterName: cluster.name },
      });
    }
    case 'slurm': {
      const config = slurmSessionConfig(env);
      return openSlurm(pool, {
        ...config,
        slurm: { ...config.slurm, clusterName: cluster.name },
        prometheus: config.prometheus && { ...config.prometheus, clusterName: cluster.name },
      });
    }
    case 'simulator': {
      const session = await openSimulator(pool, {
        seed: env.FLEET_SIM_SEED,
        nodes: env.FLEET_SIM_NODES,
        backfillDays: env.FLEET_BACKFILL_DAYS,
        faultScale: env.FLEET_SIM_FAULT_SCALE,
        startAt: env.FLEET_SIM_START_AT,
        cluster: cluster.name,
        region: cluster.region ?? undefined,
        takesUnaddressed: options.firstSimulated,
      });
      return options.wrapSimulator ? { ...session, source: options.wrapSimulator(session.source) } : session;
    }
    default:
      throw new SourceError(
        `The ${env.FLEET_SOURCE} source cannot collect yet: its reader is not built`,
        'bad_response',
      );
  }
}
