// A console on a Kubernetes cluster (FLEET_SOURCE=kubernetes): one node with one L4 served by the fake API server
// (held to the real kubectl in tests/integration/kubectl.test.ts), its GPU's readings from dcgm-exporter's output
// through a real Prometheus, and the Kubernetes executor. An operator cordons the node from its page; the cordon
// is one PATCH, done long before the worker's next read of the cluster brings the node's new state into the
// console, and the page must show it when it lands, without a reload.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { E2E_PASSWORDS } from '../../playwright.config';
import { FakeKubernetesApi, gpuNode } from '../fakes/kubernetes-api';
import {
  freePort,
  PROMETHEUS_MISSING,
  PROMETHEUS_PASSWORD,
  PROMETHEUS_USER,
  PrometheusProcess,
  sleep,
} from '../integration/prometheus-process';

const NODE = 'l4-node-1';
const LABELS = `gpu="0",UUID="GPU-7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f",device="nvidia0",modelName="NVIDIA L4",Hostname="${NODE}"`;
const EXPOSITION = [
  ['DCGM_FI_DEV_GPU_UTIL', '37'],
  ['DCGM_FI_DEV_POWER_USAGE', '48.5'],
  ['DCGM_FI_DEV_GPU_TEMP', '52'],
  ['DCGM_FI_DEV_FB_USED', '8192'],
  ['DCGM_FI_DEV_FB_FREE', '14286'],
  ['DCGM_FI_DEV_XID_ERRORS', '0'],
]
  .map(([name, value]) => `# TYPE ${name} gauge\n${name}{${LABELS}} ${value}\n`)
  .join('');
const DATA_DIR = '.data/e2e-kubernetes';

test.describe('a Kubernetes cluster through the Kubernetes source and executor', () => {
  test.skip(PROMETHEUS_MISSING !== null, PROMETHEUS_MISSING ?? '');
  test.describe.configure({ timeout: 420_000 });

  let exporter: http.Server;
  let prometheus: PrometheusProcess;
  let api: FakeKubernetesApi;
  let console_: ChildProcess | null = null;
  let base = '';

  test.beforeAll(async () => {
    test.setTimeout(420_000);
    api = await FakeKubernetesApi.start();
    api.add('nodes', gpuNode(NODE, { gpus: 1, labels: { 'nvidia.com/gpu.product': 'NVIDIA-L4' } }));
    exporter = http.createServer((request, response) => {
      if (request.url !== '/metrics') return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(EXPOSITION);
    });
    await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
    prometheus = new PrometheusProcess(await freePort(), `127.0.0.1:${(exporter.address() as AddressInfo).port}`);
    await prometheus.start();

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    rmSync(DATA_DIR, { recursive: true, force: true });
    console_ = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: {
        ...process.env,
        PORT: String(port),
        FLEET_DATA_DIR: DATA_DIR,
        DATABASE_URL: '',
        NEXTAUTH_URL: base,
        FLEET_SOURCE: 'kubernetes',
        KUBERNETES_API_URL: api.url,
        KUBERNETES_TOKEN: api.token,
        KUBERNETES_CLUSTER_NAME: 'k8s-lab',
        PROMETHEUS_URL: prometheus.url,
        PROMETHEUS_USERNAME: PROMETHEUS_USER,
        PROMETHEUS_PASSWORD: PROMETHEUS_PASSWORD,
        PROMETHEUS_STEP_SECONDS: '1',
        FLEET_BACKFILL_SAMPLE_HOURS: '1',
        // A read of the cluster a minute apart, so that the cordon is done well before the worker reads it back.
        FLEET_TICK_SECONDS: '60',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const deadline = Date.now() + 400_000;
    for (;;) {
      const health = await fetch(`${base}/api/health`)
        .then((response) => response.json())
        .catch(() => null);
      if (health?.data?.dataUntil) break;
      if (Date.now() > deadline) throw new Error('The Kubernetes console had no data within 400 s');
      await sleep(2_000);
    }
  });

  test.afterAll(async () => {
    if (console_ && console_.exitCode === null) {
      const exited = new Promise((resolve) => console_!.once('exit', resolve));
      console_.kill('SIGTERM');
      await exited;
    }
    await prometheus?.remove();
    await new Promise((resolve) => exporter?.close(resolve));
    await api?.close();
    rmSync(DATA_DIR, { recursive: true, force: true });
  });

  test('an operator cordons the node, and its page says Cordoned once the cluster has it, without a reload', async ({
    page,
  }) => {
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('Email').fill('operator@fleet.local');
    await page.getByLabel('Password').fill(E2E_PASSWORDS.operator);
    await page.getByRole('button', { name: /sign in/i }).click();
    await expect(page).not.toHaveURL(/sign-in/);

    const map = await (await page.request.get(`${base}/api/fleet/map`)).json();
    const node = map.nodes.find((candidate: { hostname: string }) => candidate.hostname === NODE);
    await page.goto(`${base}/nodes/${node.id}`);
    const heading = page.locator('#main h1');
    await expect(heading).toContainText('Ready');

    await page.getByRole('button', { name: `Cordon ${NODE}` }).click();
    const dialog = page.getByRole('dialog', { name: `Cordon ${NODE}?` });
    await dialog.getByLabel('Reason, for the audit log').fill('ECC errors climbing on GPU 0');
    await dialog.getByRole('button', { name: `Cordon ${NODE}` }).click();
    await expect(dialog).toBeHidden();

    // Carried out through the Kubernetes executor: the node is cordoned in the cluster, as kubectl would see it.
    await expect.poll(() => api.get('nodes', undefined, NODE)?.spec?.unschedulable, { timeout: 60_000 }).toBe(true);
    const row = page.getByTestId('recent-actions').getByRole('row').filter({ hasText: 'ECC errors climbing' });
    await expect(row.getByTestId('action-state')).toHaveText('Succeeded', { timeout: 150_000 });
    // The worker reads the node back on its next step, and the page follows: no reload.
    await expect(heading).toContainText('Cordoned', { timeout: 90_000 });
    await expect(page.getByRole('button', { name: `Uncordon ${NODE}` })).toBeVisible();
  });
});
