import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadClusters } from '@/lib/clusters/config';
import { clustersFromYaml } from '@/lib/clusters/file';
import { executorName } from '@/lib/env';
import { slurmConfig } from '@/lib/sources/slurm';

const TWO_CLUSTERS = `# a training cluster and an inference cluster
clusters:
  - name: train-us-east
    region: us-east-1
    source: prometheus
    prometheus:
      url: http://prometheus.train:9090
      bearerToken: \${TRAIN_TOKEN}
      stepSeconds: 15
      pricingClass: reserved
  - name: demo-b
    source: simulator
    simulator: { seed: 43, nodes: 16 }
`;

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('the clusters file', () => {
  it('gives each cluster its own source settings, as the environment variables of the same names', () => {
    const [train, demo] = clustersFromYaml(TWO_CLUSTERS, 'fleet.clusters.yaml', {
      TRAIN_TOKEN: 'secret-token',
      FLEET_TICK_SECONDS: '30',
    });
    expect(train.name).toBe('train-us-east');
    expect(train.region).toBe('us-east-1');
    expect(train.env).toMatchObject({
      FLEET_SOURCE: 'prometheus',
      PROMETHEUS_URL: 'http://prometheus.train:9090',
      PROMETHEUS_BEARER_TOKEN: 'secret-token',
      PROMETHEUS_STEP_SECONDS: 15,
      PROMETHEUS_PRICING_CLASS: 'reserved',
      // Settings that are not a cluster's come from the environment.
      FLEET_TICK_SECONDS: 30,
    });
    expect(demo.env).toMatchObject({ FLEET_SOURCE: 'simulator', FLEET_SIM_SEED: 43, FLEET_SIM_NODES: 16 });
    expect(demo.env.PROMETHEUS_URL).toBeUndefined();
  });

  it('names the line of every problem', () => {
    const text = `clusters:
  - name: train
    source: prometheus
    prometheus:
      url: ftp://nowhere
  - name: train
    source: simulator
  - name: Bad Name!
    source: kubernetes
  - name: infer
    source: prometheus
    prometheus: { url: http://p:9090, token: x }
    colour: blue
  - name: secret
    source: prometheus
    prometheus: { url: http://p:9090, bearerToken: "\${NOT_SET}" }
`;
    const message = errorOf(() => clustersFromYaml(text, 'fleet.clusters.yaml', {}));
    expect(message).toContain('fleet.clusters.yaml:5: clusters[0].prometheus.url: must be an http(s) URL');
    expect(message).toContain(
      'fleet.clusters.yaml:6: clusters[1].name: "train" is also the name of the cluster on line 2',
    );
    expect(message).toContain('fleet.clusters.yaml:8: clusters[2].name: must be 1 to 63 lowercase letters');
    expect(message).toContain('fleet.clusters.yaml:12: clusters[3].prometheus.token: unknown prometheus setting');
    expect(message).toContain('fleet.clusters.yaml:13: clusters[3].colour: unknown setting');
    expect(message).toContain(
      'fleet.clusters.yaml:16: clusters[4].prometheus.bearerToken: reads the environment variable NOT_SET, which is not set',
    );
  });

  it('refuses a file that is not YAML, or holds no list of clusters', () => {
    expect(errorOf(() => clustersFromYaml('clusters: [\n', 'f.yaml', {}))).toMatch(
      /^Invalid clusters file:\n {2}f\.yaml:\d+: YAML: /,
    );
    expect(errorOf(() => clustersFromYaml('name: x\n', 'f.yaml', {}))).toContain(
      'f.yaml:1: clusters: the file must hold `clusters:`',
    );
    expect(errorOf(() => clustersFromYaml('clusters: []\n', 'f.yaml', {}))).toContain('the list holds no cluster');
  });

  it('is the only place a cluster is described when it is set', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fleet-clusters-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'fleet.clusters.yaml');
    writeFileSync(file, TWO_CLUSTERS);
    const message = errorOf(() =>
      loadClusters({ FLEET_CLUSTERS_FILE: file, PROMETHEUS_URL: 'http://other:9090', TRAIN_TOKEN: 't' }),
    );
    expect(message).toContain('unset PROMETHEUS_URL');
    expect(loadClusters({ FLEET_CLUSTERS_FILE: file, TRAIN_TOKEN: 't' }).map((c) => c.name)).toEqual([
      'train-us-east',
      'demo-b',
    ]);
  });

  it('describes one cluster from the environment when there is no file', () => {
    expect(loadClusters({}).map((c) => [c.name, c.env.FLEET_SOURCE])).toEqual([['demo-h800', 'simulator']]);
    expect(
      loadClusters({ FLEET_SOURCE: 'prometheus', PROMETHEUS_URL: 'http://p:9090', PROMETHEUS_CLUSTER_NAME: 'lab' }).map(
        (c) => c.name,
      ),
    ).toEqual(['lab']);
  });

  it('reads the documented example, its Slurm cluster with the settings of its slurm section', () => {
    const example = path.resolve(import.meta.dirname, '../../docs/examples/fleet.clusters.yaml');
    const clusters = clustersFromYaml(readFileSync(example, 'utf8'), example, {
      TRAIN_PROMETHEUS_TOKEN: 't',
      INFER_PROMETHEUS_PASSWORD: 'p',
    });
    expect(clusters.map((c) => [c.name, c.region, c.env.FLEET_SOURCE, executorName(c.env)])).toEqual([
      ['train-us-east', 'us-east-1', 'prometheus', 'none'],
      ['infer-eu-west', 'eu-west-1', 'prometheus', 'none'],
      ['hpc-eu-north', 'eu-north-1', 'slurm', 'slurm'],
    ]);
    const hpc = clusters[2];
    expect(slurmConfig(hpc.env)).toMatchObject({
      url: 'http://slurm-head.hpc-eu-north.internal:6820',
      user: 'fleet',
      token: { file: '/run/secrets/hpc-eu-north-slurm-jwt' },
      control: 'scontrol',
      slurmConf: '/etc/slurm-hpc-eu-north/slurm.conf',
    });
    expect(hpc.env.PROMETHEUS_URL).toBe('http://prometheus.hpc-eu-north.internal:9090');
  });
});
