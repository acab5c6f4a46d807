// One bundle of typed API clients, built from the console's Kubernetes settings.
import { AppsV1Api, BatchV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import type { KubernetesConnection } from './config';

export interface KubernetesApis {
  core: CoreV1Api;
  batch: BatchV1Api;
  apps: AppsV1Api;
  custom: CustomObjectsApi;
  /** The API server's URL, for messages. */
  server: string;
  /** The configuration itself, for requests the typed clients do not make well (lists read as plain JSON). */
  kubeConfig: KubeConfig;
}

export function createKubeConfig(connection: KubernetesConnection): KubeConfig {
  const kc = new KubeConfig();
  if (connection.mode === 'url') {
    kc.loadFromClusterAndUser(
      {
        name: 'fleet',
        server: connection.server,
        caFile: connection.caFile ?? undefined,
        // The client refuses plain http unless told to skip TLS checks; with http there is no TLS to check
        // (kubectl proxy, a local test server), so saying so changes nothing about security.
        skipTLSVerify: connection.insecureSkipTlsVerify || connection.server.startsWith('http:'),
      },
      { name: 'fleet', token: connection.token ?? undefined },
    );
  } else if (connection.mode === 'kubeconfig') {
    kc.loadFromFile(connection.path);
    if (connection.context) kc.setCurrentContext(connection.context);
  } else {
    kc.loadFromCluster();
  }
  return kc;
}

export function createKubernetesApis(connection: KubernetesConnection): KubernetesApis {
  const kc = createKubeConfig(connection);
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('The Kubernetes configuration names no cluster server');
  return {
    core: kc.makeApiClient(CoreV1Api),
    batch: kc.makeApiClient(BatchV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
    server,
    kubeConfig: kc,
  };
}
