// Reading dcgm-exporter's labels: which GPU a series is, on which node, of which model, held by which pod.
import type { PricingClass } from '@/lib/domain/enums';
import type { Labels } from './api';

export interface GpuIdentity {
  uuid: string;
  hostname: string;
  index: number;
  model: string;
  /** A `pool` label relabelled in from the node, if any. */
  pool: string | null;
  namespace: string | null;
  pod: string | null;
  /** `<namespace>/<pod>` when the GPU is held by a pod. */
  jobExternalId: string | null;
  /** The `hpc_job` label dcgm-exporter adds from its HPC job mapping files (Slurm's prolog writes them). */
  hpcJob: string | null;
}

export const uuidOf = (labels: Labels): string | undefined => labels.UUID || labels.uuid || undefined;

/** `hostname` (relabelled) wins over dcgm-exporter's `Hostname`; the scrape target's host is the last resort. */
export function hostnameOf(labels: Labels): string | undefined {
  const host = labels.hostname || labels.Hostname;
  if (host) return host;
  return labels.instance ? labels.instance.replace(/:\d+$/, '') : undefined;
}

/**
 * The pod holding the GPU. When Prometheus's Kubernetes discovery gave the scrape its own `namespace`/`pod`
 * labels, dcgm-exporter's are renamed `exported_*`; and an unrenamed `pod` naming dcgm-exporter itself is the
 * exporter, not a workload.
 */
export function podOf(labels: Labels): { namespace: string; pod: string } | null {
  if (labels.exported_pod && labels.exported_namespace) {
    return { namespace: labels.exported_namespace, pod: labels.exported_pod };
  }
  // dcgm-exporter's names before 2.4 (and with --use-old-namespace since).
  if (labels.pod_name && labels.pod_namespace) return { namespace: labels.pod_namespace, pod: labels.pod_name };
  if (!labels.pod || !labels.namespace || /dcgm-exporter/.test(labels.pod)) return null;
  return { namespace: labels.namespace, pod: labels.pod };
}

export function identityOf(labels: Labels): GpuIdentity | null {
  const uuid = uuidOf(labels);
  const hostname = hostnameOf(labels);
  const index = Number(labels.gpu);
  if (!uuid || !hostname || labels.gpu === undefined || !Number.isInteger(index) || index < 0) return null;
  const pod = podOf(labels);
  return {
    uuid,
    hostname,
    index,
    model: labels.modelName || 'unknown GPU',
    pool: labels.pool || null,
    namespace: pod?.namespace ?? null,
    pod: pod?.pod ?? null,
    jobExternalId: pod ? `${pod.namespace}/${pod.pod}` : null,
    hpcJob: labels.hpc_job || null,
  };
}

/** "NVIDIA H100 80GB HBM3" → "h100", "NVIDIA A100-SXM4-80GB" → "a100", "Tesla V100-PCIE-32GB" → "v100". */
export function shortModel(model: string): string {
  const bare = model.replace(/^(NVIDIA|Tesla)\s+/i, '');
  const named = bare.split(/[\s-]+/).find((token) => /^[A-Za-z]+\d+[A-Za-z]?$/.test(token));
  const slug = (named ?? bare)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return slug || 'gpu';
}

/** One pool per GPU model and pricing class, like `h100-on-demand`; or the node's relabelled `pool`. */
export function poolName(identity: Pick<GpuIdentity, 'model' | 'pool'>, pricingClass: PricingClass): string {
  return identity.pool ?? `${shortModel(identity.model)}-${pricingClass.replace('_', '-')}`;
}
