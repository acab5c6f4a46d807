// How the console reaches a Kubernetes API server, parsed from the environment. Three ways, first match wins:
// an explicit URL and bearer token, a kubeconfig file, or the pod's own service account when running in a cluster.
import { z } from 'zod';

const envSchema = z.object({
  KUBERNETES_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL of the API server' }).optional(),
  KUBERNETES_TOKEN: z.string().min(1).optional(),
  KUBERNETES_CA_FILE: z.string().min(1).optional(),
  KUBERNETES_INSECURE_SKIP_TLS_VERIFY: z.stringbool().default(false),
  KUBECONFIG: z.string().min(1).optional(),
  KUBERNETES_CONTEXT: z.string().min(1).optional(),
  KUBERNETES_CLUSTER_NAME: z.string().min(1).default('kubernetes'),
  KUBERNETES_DRAIN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  // Set by the kubelet in every pod; its presence means the in-cluster service account can be used.
  KUBERNETES_SERVICE_HOST: z.string().optional(),
});

export const kubernetesEnvSchema = envSchema;

export type KubernetesConnection =
  | { mode: 'url'; server: string; token: string | null; caFile: string | null; insecureSkipTlsVerify: boolean }
  | { mode: 'kubeconfig'; path: string; context: string | null }
  | { mode: 'in-cluster' };

export interface KubernetesConfig {
  connection: KubernetesConnection;
  clusterName: string;
  drainTimeoutSeconds: number;
}

export class KubernetesConfigError extends Error {}

export function kubernetesConfigFromEnv(source: Record<string, string | undefined> = process.env): KubernetesConfig {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new KubernetesConfigError(`Invalid Kubernetes settings:\n${lines.join('\n')}`);
  }
  const env = result.data;
  const common = {
    clusterName: env.KUBERNETES_CLUSTER_NAME,
    drainTimeoutSeconds: env.KUBERNETES_DRAIN_TIMEOUT_SECONDS,
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
  throw new KubernetesConfigError(
    'No Kubernetes API configured: set KUBERNETES_API_URL (and KUBERNETES_TOKEN), or KUBECONFIG, or run the console in the cluster',
  );
}
