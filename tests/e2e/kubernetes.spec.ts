// A console on a Kubernetes cluster (FLEET_SOURCE=kubernetes): one node with one L4 served by the fake API server
// (held to the real kubectl in tests/integration/kubectl.test.ts), its GPU's readings from dcgm-exporter's output
// through a real Prometheus, and the Kubernetes executor. An operator cordons the node from its page; the cordon
// is one PATCH, done long before the worker's next read of the cluster brings the node's new state into the
// console, and the page must show it when it lands, without a reload.
import { expect, test } from '@playwright/test';
import { FakeKubernetesApi, gpuNode } from '../fakes/kubernetes-api';
import { PROMETHEUS_MISSING } from '../integration/prometheus-process';
import { signIn } from './fixtures';
import { hasData, startConsole, startDcgmPrometheus, type OwnConsole } from './own-console';

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

test.describe('a Kubernetes cluster through the Kubernetes source and executor', () => {
  test.skip(PROMETHEUS_MISSING !== null, PROMETHEUS_MISSING ?? '');
  test.describe.configure({ timeout: 420_000 });

  let prometheus: Awaited<ReturnType<typeof startDcgmPrometheus>> | null = null;
  let api: FakeKubernetesApi | null = null;
  let console_: OwnConsole | null = null;
  let base = '';

  test.beforeAll(async () => {
    test.setTimeout(420_000);
    api = await FakeKubernetesApi.start();
    api.add('nodes', gpuNode(NODE, { gpus: 1, labels: { 'nvidia.com/gpu.product': 'NVIDIA-L4' } }));
    prometheus = await startDcgmPrometheus(EXPOSITION);
    console_ = await startConsole({
      name: 'The Kubernetes console',
      dataDir: '.data/e2e-kubernetes',
      env: {
        ...prometheus.env,
        FLEET_SOURCE: 'kubernetes',
        KUBERNETES_API_URL: api.url,
        KUBERNETES_TOKEN: api.token,
        KUBERNETES_CLUSTER_NAME: 'k8s-lab',
        FLEET_BACKFILL_SAMPLE_HOURS: '1',
        // A read of the cluster a minute apart, so that the cordon is done well before the worker reads it back.
        FLEET_TICK_SECONDS: '60',
      },
      ready: hasData,
      timeoutMs: 400_000,
    });
    base = console_.base;
  });

  test.afterAll(async () => {
    await console_?.stop();
    await prometheus?.stop();
    await api?.close();
  });

  test('an operator cordons the node, and its page says Cordoned once the cluster has it, without a reload', async ({
    page,
  }) => {
    await signIn(page, 'operator', base);

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
    await expect.poll(() => api!.get('nodes', undefined, NODE)?.spec?.unschedulable, { timeout: 60_000 }).toBe(true);
    const row = page.getByTestId('recent-actions').getByRole('row').filter({ hasText: 'ECC errors climbing' });
    await expect(row.getByTestId('action-state')).toHaveText('Succeeded', { timeout: 150_000 });
    // The worker reads the node back on its next step, and the page follows: no reload.
    await expect(heading).toContainText('Cordoned', { timeout: 90_000 });
    await expect(page.getByRole('button', { name: `Uncordon ${NODE}` })).toBeVisible();
  });
});
