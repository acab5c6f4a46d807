// How the console reaches a Kubernetes API server, built from the parsed environment (lib/env.ts) as one object,
// so that a clusters file can build the same. Three ways, first match wins: an explicit URL and bearer token, a
// kubeconfig file, or the pod's own service account when running in a cluster.
import { parseEnv, type Env } from '@/lib/env';

export type KubernetesConnection =
  | { mode: 'url'; server: string; token: string | null; caFile: string | null; insecureSkipTlsVerify: boolean }
  | { mode: 'kubeconfig'; path: string; context: string | null }
  | { mode: 'in-cluster' };

export interface KubernetesConfig {
  connection: KubernetesConnection;
  clusterName: string;
  drainTimeoutSeconds: number;
  /** Longest wait for one read of the whole cluster. */
  timeoutMs: number;
}

export type KubernetesEnv = Pick<
  Env,
  | 'KUBERNETES_API_URL'
  | 'KUBERNETES_TOKEN'
  | 'KUBERNETES_CA_FILE'
  | 'KUBERNETES_INSECURE_SKIP_TLS_VERIFY'
  | 'KUBECONFIG'
  | 'KUBERNETES_CONTEXT'
  | 'KUBERNETES_CLUSTER_NAME'
  | 'KUBERNETES_DRAIN_TIMEOUT_SECONDS'
  | 'KUBERNETES_TIMEOUT_SECONDS'
  | 'KUBERNETES_SERVICE_HOST'
>;

export class KubernetesConfigError extends Error {}

const NO_CONNECTION = 'set KUBERNETES_API_URL (and KUBERNETES_TOKEN), or KUBECONFIG, or run the console in the cluster';

export function kubernetesConfig(env: KubernetesEnv): KubernetesConfig {
  const common = {
    clusterName: env.KUBERNETES_CLUSTER_NAME,
    drainTimeoutSeconds: env.KUBERNETES_DRAIN_TIMEOUT_SECONDS,
    timeoutMs: env.KUBERNETES_TIMEOUT_SECONDS * 1000,
  };
  if (env.KUBERNETES_API_URL) {
    return {
      ...common,
      connection: {
        mode: 'url',
        server: env.KUBERNETES_API_URL.replace(/\/+$/, ''),
        token: env.KUBERNETES_TOKEN ?? null,
        caFile: env.KUBERNETES_CA_FILE ?? null,
        insecureSkipTlsVerify: env.KUBERNETES_INSECURE_SKIP_TLS_VERIFY,
      },
    };
  }
  if (env.KUBECONFIG) {
    return {
      ...common,
      connection: { mode: 'kubeconfig', path: env.KUBECONFIG, context: env.KUBERNETES_CONTEXT ?? null },
    };
  }
  if (env.KUBERNETES_SERVICE_HOST) return { ...common, connection: { mode: 'in-cluster' } };
  throw new KubernetesConfigError(`No Kubernetes API configured: ${NO_CONNECTION}`);
}

/** The Kubernetes settings of an environment (process.env by default), validated as the whole environment is. */
export function kubernetesConfigFromEnv(source: Record<string, string | undefined> = process.env): KubernetesConfig {
  return kubernetesConfig(parseEnv(source));
}
