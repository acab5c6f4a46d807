// A console on the smallest real cluster a new user tries first: one node with one NVIDIA L4, dcgm-exporter's own
// output for it (a static copy of what dcgm-exporter 3.3 serves for an idle L4), scraped by a real Prometheus, with
// no jobs and no rates. It starts its own console (`npm start` with FLEET_SOURCE=prometheus, its own data folder
// and port) beside the demo one the other specs read, and reads the overview, the fleet map, the node page and the
// costs page as a viewer would, in light and dark (screenshots under test-results/one-gpu/).
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { PROMETHEUS_MISSING } from '../integration/prometheus-process';
import { signIn } from './fixtures';
import { hasData, startConsole, startDcgmPrometheus, type OwnConsole } from './own-console';

const LABELS =
  'gpu="0",UUID="GPU-5ab3c0e1-7f2d-4c1e-9a8b-3d6f0e2b4c71",pci_bus_id="00000000:00:03.0",device="nvidia0",' +
  'modelName="NVIDIA L4",Hostname="l4-node-1",DCGM_FI_DRIVER_VERSION="535.183.01"';
const FIELDS: [string, 'gauge' | 'counter', string, string][] = [
  ['DCGM_FI_DEV_SM_CLOCK', 'gauge', 'SM clock frequency (in MHz).', '210'],
  ['DCGM_FI_DEV_MEM_CLOCK', 'gauge', 'Memory clock frequency (in MHz).', '405'],
  ['DCGM_FI_DEV_MEMORY_TEMP', 'gauge', 'Memory temperature (in C).', '0'],
  ['DCGM_FI_DEV_GPU_TEMP', 'gauge', 'GPU temperature (in C).', '41'],
  ['DCGM_FI_DEV_POWER_USAGE', 'gauge', 'Power draw (in W).', '16.365000'],
  ['DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', 'counter', 'Total energy consumption since boot (in mJ).', '987654321'],
  ['DCGM_FI_DEV_PCIE_REPLAY_COUNTER', 'counter', 'Total number of PCIe retries.', '0'],
  ['DCGM_FI_DEV_GPU_UTIL', 'gauge', 'GPU utilization (in %).', '0'],
  ['DCGM_FI_DEV_MEM_COPY_UTIL', 'gauge', 'Memory utilization (in %).', '0'],
  ['DCGM_FI_DEV_ENC_UTIL', 'gauge', 'Encoder utilization (in %).', '0'],
  ['DCGM_FI_DEV_DEC_UTIL', 'gauge', 'Decoder utilization (in %).', '0'],
  ['DCGM_FI_DEV_XID_ERRORS', 'gauge', 'Value of the last XID error encountered.', '0'],
  ['DCGM_FI_DEV_FB_FREE', 'gauge', 'Framebuffer memory free (in MiB).', '22478'],
  ['DCGM_FI_DEV_FB_USED', 'gauge', 'Framebuffer memory used (in MiB).', '0'],
  ['DCGM_FI_DEV_FB_RESERVED', 'gauge', 'Framebuffer memory reserved (in MiB).', '556'],
  ['DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL', 'counter', 'Total number of NVLink bandwidth counters.', '0'],
  ['DCGM_FI_DEV_VGPU_LICENSE_STATUS', 'gauge', 'vGPU License status', '0'],
  ['DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS', 'counter', 'Number of remapped rows for uncorrectable errors', '0'],
  ['DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS', 'counter', 'Number of remapped rows for correctable errors', '0'],
  ['DCGM_FI_DEV_ROW_REMAP_FAILURE', 'gauge', 'Whether remapping of rows has failed', '0'],
  ['DCGM_FI_PROF_GR_ENGINE_ACTIVE', 'gauge', 'Ratio of time the graphics engine is active (in %).', '0.000000'],
  ['DCGM_FI_PROF_PIPE_TENSOR_ACTIVE', 'gauge', 'Ratio of cycles the tensor (HMMA) pipe is active (in %).', '0.000000'],
  ['DCGM_FI_PROF_DRAM_ACTIVE', 'gauge', 'Ratio of cycles the device memory interface is active (in %).', '0.000001'],
  ['DCGM_FI_PROF_PCIE_TX_BYTES', 'gauge', 'The rate of data transmitted over the PCIe bus (in B/s).', '21467'],
  ['DCGM_FI_PROF_PCIE_RX_BYTES', 'gauge', 'The rate of data received over the PCIe bus (in B/s).', '30528'],
];
const EXPOSITION = FIELDS.map(
  ([name, type, help, value]) => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name}{${LABELS}} ${value}\n`,
).join('');

const SHOTS = path.join('test-results', 'one-gpu');

test.describe('one node, one L4, through Prometheus, no jobs, no rates', () => {
  test.skip(PROMETHEUS_MISSING !== null, PROMETHEUS_MISSING ?? '');
  test.describe.configure({ timeout: 420_000 });

  let prometheus: Awaited<ReturnType<typeof startDcgmPrometheus>> | null = null;
  let console_: OwnConsole | null = null;
  let base = '';

  test.beforeAll(async () => {
    test.setTimeout(420_000);
    prometheus = await startDcgmPrometheus(EXPOSITION);
    console_ = await startConsole({
      name: 'The one-GPU console',
      dataDir: '.data/e2e-one-gpu',
      env: {
        ...prometheus.env,
        FLEET_SOURCE: 'prometheus',
        PROMETHEUS_CLUSTER_NAME: 'l4-lab',
        FLEET_BACKFILL_SAMPLE_HOURS: '1',
        FLEET_REFRESH_SECONDS: '5',
      },
      // Prometheus's first whole minute is read 30 s after it ends.
      ready: hasData,
      timeoutMs: 400_000,
    });
    base = console_.base;
  });

  test.afterAll(async () => {
    await console_?.stop();
    await prometheus?.stop();
  });

  /** The page in light and in dark, for a person to look at. */
  async function shoot(page: Page, name: string) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: path.join(SHOTS, `${name}-${scheme}.png`), fullPage: true });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }

  test('reads the overview, the fleet map, the node page and the costs page as they are', async ({ page }) => {
    await signIn(page, 'viewer', base);
    const main = page.locator('#main');

    await page.goto(`${base}/`);
    const gpus = main.getByTestId('kpi-tiles');
    await expect(gpus).toContainText('1 healthy (100.0%)');
    await expect(main).toContainText('1 node in the fleet');
    await expect(main).not.toContainText('1 nodes');
    await shoot(page, 'overview');

    await page.goto(`${base}/fleet`);
    await expect(main.getByTestId('map-summary')).toContainText('1 GPU on 1 node');
    await expect(main.getByRole('heading', { name: /^l4-on-demand/ })).toContainText('1 node · 1 GPU');
    await main.getByTestId('gpu-map').focus();
    await page.keyboard.press('ArrowRight');
    const tooltip = page.getByTestId('gpu-tooltip');
    // Its latest reading, whatever Prometheus's lag: never "no reading".
    await expect(tooltip).toContainText('l4-node-1 · GPU 0');
    await expect(tooltip).toContainText('16.4 W');
    await expect(tooltip).toContainText('41 °C');
    await shoot(page, 'fleet-map');

    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/nodes\/\d+/);
    const kpis = main.getByTestId('node-kpis');
    await expect(kpis).toContainText('Utilization now0%');
    await expect(kpis).toContainText('16.4 W');
    await expect(kpis).toContainText('GPU at 41 °C');
    await expect(kpis).not.toContainText('—');
    const gpuRow = main.getByRole('table', { name: 'GPUs of this node' }).locator('tbody tr');
    await expect(gpuRow).toHaveCount(1);
    // Memory used of the L4's 23,034 MiB, and what dcgm-exporter says is free and reserved.
    // 23,034 MiB = 22.5 GiB; 22,478 free = 22.0, 556 reserved = 0.5: 0.0 + 22.0 + 0.5 = 22.5, in one unit as read.
    await expect(gpuRow).toContainText('0.0 GiB / 22.5 GiB');
    await expect(gpuRow).toContainText('22.0 GiB free · 0.5 GiB reserved');
    await expect(gpuRow).toContainText('Healthy');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Ready');
    await shoot(page, 'node');

    await page.goto(`${base}/costs`);
    // No rate for the L4: its idle hours are unpriced, never $0.00, with the way to the rate card.
    const pools = main.getByRole('table', { name: 'Spend by pool' });
    await expect(pools).toContainText('unpriced');
    await expect(pools.getByRole('link', { name: 'unpriced' }).first()).toHaveAttribute('href', '/admin/rates');
    await expect(main.getByTestId('cost-tiles')).toContainText('Idle costunpriced');
    await shoot(page, 'costs');
  });
});
