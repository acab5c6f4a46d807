import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKubeConfig } from '@/lib/sources/kubernetes/client';
import { executorName, parseEnv } from '@/lib/env';
import { kubernetesConfigFromEnv } from '@/lib/sources/kubernetes/config';
import { kubernetesSessionConfig } from '@/lib/worker/kubernetes-session';

describe('Kubernetes settings', () => {
  it('uses an explicit URL and token first, with defaults for the rest', () => {
    const config = kubernetesConfigFromEnv({
      KUBERNETES_API_URL: 'https://10.0.0.1:6443/',
      KUBERNETES_TOKEN: 'abc',
      KUBERNETES_INSECURE_SKIP_TLS_VERIFY: 'true',
      KUBECONFIG: '/home/me/.kube/config',
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
    });
    expect(config).toEqual({
      connection: {
        mode: 'url',
        server: 'https://10.0.0.1:6443',
        token: 'abc',
        caFile: null,
        insecureSkipTlsVerify: true,
      },
      clusterName: 'kubernetes',
      drainTimeoutSeconds: 300,
      timeoutMs: 30_000,
    });
  });

  it('falls back to a kubeconfig file, then to the in-cluster service account', () => {
    expect(
      kubernetesConfigFromEnv({ KUBECONFIG: '/k', KUBERNETES_CONTEXT: 'prod', KUBERNETES_CLUSTER_NAME: 'eu-1' }),
    ).toEqual({
      connection: { mode: 'kubeconfig', path: '/k', context: 'prod' },
      clusterName: 'eu-1',
      drainTimeoutSeconds: 300,
      timeoutMs: 30_000,
    });
    expect(kubernetesConfigFromEnv({ KUBERNETES_SERVICE_HOST: '10.96.0.1' }).connection).toEqual({
      mode: 'in-cluster',
    });
  });

  it('says how to configure it when nothing is set', () => {
    expect(() => kubernetesConfigFromEnv({})).toThrow(/set KUBERNETES_API_URL \(and KUBERNETES_TOKEN\), or KUBECONFIG/);
  });

  it('names each bad variable', () => {
    expect(() =>
      kubernetesConfigFromEnv({
        KUBERNETES_API_URL: 'ftp://x',
        KUBERNETES_INSECURE_SKIP_TLS_VERIFY: 'maybe',
        KUBERNETES_DRAIN_TIMEOUT_SECONDS: '0',
      }),
    ).toThrow(
      /KUBERNETES_API_URL: .*\n.*KUBERNETES_INSECURE_SKIP_TLS_VERIFY: .*\n.*KUBERNETES_DRAIN_TIMEOUT_SECONDS: /,
    );
  });
});

describe('FLEET_SOURCE=kubernetes', () => {
  it('needs Prometheus for the GPU readings and a way to reach the API server, and says so', () => {
    expect(() => parseEnv({ FLEET_SOURCE: 'kubernetes' })).toThrow(
      /PROMETHEUS_URL: is required when FLEET_SOURCE=kubernetes: GPU readings come from dcgm-exporter through Prometheus.*\n.*KUBERNETES_API_URL: is required to reach the Kubernetes API/,
    );
    expect(() => parseEnv({ FLEET_EXECUTOR: 'kubernetes' })).toThrow(/KUBERNETES_API_URL: is required/);
  });

  it('acts through the Kubernetes executor unless told otherwise', () => {
    expect(executorName({ FLEET_SOURCE: 'kubernetes', FLEET_EXECUTOR: undefined })).toBe('kubernetes');
    expect(executorName({ FLEET_SOURCE: 'kubernetes', FLEET_EXECUTOR: 'none' })).toBe('none');
    expect(executorName({ FLEET_SOURCE: 'prometheus', FLEET_EXECUTOR: undefined })).toBe('none');
  });

  it('builds one settings object for the source, its Prometheus and its cluster name', () => {
    const env = parseEnv({
      FLEET_SOURCE: 'kubernetes',
      PROMETHEUS_URL: 'http://prometheus:9090',
      PROMETHEUS_STEP_SECONDS: '30',
      KUBERNETES_API_URL: 'https://10.0.0.1:6443',
      KUBERNETES_TOKEN: 't',
      KUBERNETES_CLUSTER_NAME: 'train-eu',
    });
    const config = kubernetesSessionConfig(env);
    expect(config.kubernetes).toMatchObject({ clusterName: 'train-eu', connection: { mode: 'url', token: 't' } });
    expect(config.prometheus).toMatchObject({
      url: 'http://prometheus:9090',
      scrapeSeconds: 30,
      clusterName: 'train-eu',
    });
    expect(config.backfillSampleHours).toBe(6);
  });
});

describe('Kubernetes client configuration', () => {
  it('sends the token, and checks TLS for https unless told not to', () => {
    const kc = createKubeConfig({
      mode: 'url',
      server: 'https://api:6443',
      token: 't',
      caFile: null,
      insecureSkipTlsVerify: false,
    });
    expect(kc.getCurrentCluster()).toMatchObject({ server: 'https://api:6443', skipTLSVerify: false });
    expect(kc.getCurrentUser()?.token).toBe('t');
  });

  it('accepts plain http (kubectl proxy, a test server), which the client allows only without TLS checks', () => {
    const kc = createKubeConfig({
      mode: 'url',
      server: 'http://127.0.0.1:8001',
      token: null,
      caFile: null,
      insecureSkipTlsVerify: false,
    });
    expect(kc.getCurrentCluster()).toMatchObject({ skipTLSVerify: true });
  });

  it('loads a kubeconfig file and the context it is told to use', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fleet-kube-'));
    const file = path.join(dir, 'config');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- {name: a, cluster: {server: "https://a:6443"}}',
        '- {name: b, cluster: {server: "https://b:6443"}}',
        'users:',
        '- {name: u, user: {token: x}}',
        'contexts:',
        '- {name: ctx-a, context: {cluster: a, user: u}}',
        '- {name: ctx-b, context: {cluster: b, user: u}}',
        'current-context: ctx-a',
      ].join('\n'),
    );
    expect(createKubeConfig({ mode: 'kubeconfig', path: file, context: null }).getCurrentCluster()?.server).toBe(
      'https://a:6443',
    );
    expect(createKubeConfig({ mode: 'kubeconfig', path: file, context: 'ctx-b' }).getCurrentCluster()?.server).toBe(
      'https://b:6443',
    );
    rmSync(dir, { recursive: true, force: true });
  });
});
