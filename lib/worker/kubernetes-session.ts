// Kubernetes with GPU readings from Prometheus (FLEET_SOURCE=kubernetes): the API server's nodes, workloads and
// pods, dcgm-exporter's readings charged to them by pod (lib/worker/composed-session.ts does the rest).
import type { Pool } from 'pg';
import type { Env } from '@/lib/env';
import { kubernetesConfig, KubernetesSource, watchWarning, type KubernetesConfig } from '@/lib/sources/kubernetes';
import type { PrometheusConfig } from '@/lib/sources/prometheus';
import { recordSourceWarning, type SourceSession } from './collector';
import { openComposed } from './composed-session';
import { log } from './log';
import { prometheusConfig } from './prometheus-session';

export interface KubernetesSessionConfig {
  kubernetes: KubernetesConfig;
  prometheus: PrometheusConfig;
  backfillSampleHours: number;
}

/** Everything the Kubernetes source needs, as one object built from the environment (or a clusters file). */
export function kubernetesSessionConfig(env: Env): KubernetesSessionConfig {
  const kubernetes = kubernetesConfig(env);
  const { prometheus, backfillSampleHours } = prometheusConfig(env);
  return { kubernetes, prometheus: { ...prometheus, clusterName: kubernetes.clusterName }, backfillSampleHours };
}

export async function openKubernetes(
  pool: Pool,
  config: KubernetesSessionConfig,
  options: { now?: number; schedulerReuseMs?: number } = {},
): Promise<SourceSession> {
  const scheduler = KubernetesSource.fromConfig(config.kubernetes);
  const session = await openComposed(
    pool,
    {
      scheduler,
      schedulerLabel: 'Kubernetes',
      prometheus: config.prometheus,
      clusterName: config.kubernetes.clusterName,
      backfillSampleHours: config.backfillSampleHours,
      schedulerReuseMs: options.schedulerReuseMs,
    },
    options.now,
  );
  const cluster = config.kubernetes.clusterName;
  // null until the first read: a warning a previous worker left on the sources page is cleared or replaced then.
  let said: string | null = null;
  return {
    ...session,
    async beforeRead(p) {
      await session.beforeRead?.(p);
      // Each change of the watches' health, once, in the log and on the data sources page: a collection whose
      // watch is down is listed at every read.
      const warning = watchWarning(scheduler.watchHealth());
      const now = warning?.text ?? '';
      if (now === said) return;
      if (now) log.warn('kubernetes: watch down, listing instead', { cluster, down: now });
      else if (said) log.info('kubernetes: every watch follows again', { cluster });
      await recordSourceWarning(pool, cluster, 'kubernetes', warning);
      said = now;
    },
  };
}
