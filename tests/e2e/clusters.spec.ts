// Several clusters in one console, read as a user would: a second console is started on its own data folder with
// a clusters file of two simulated clusters (8 and 4 nodes of 8 GPUs), and every page can read one of them or both.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { expect, type Page } from '@playwright/test';
import { E2E_PASSWORDS } from '../../playwright.config';
import { test, whole } from './fixtures';

// Playwright runs from the repository's root.
const root = process.cwd();
let console_: ChildProcess | null = null;
let base = '';
let output = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  console_ = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      FLEET_DATA_DIR: '.data/e2e-clusters',
      FLEET_CLUSTERS_FILE: 'tests/e2e/clusters/two-clusters.yaml',
      FLEET_BACKFILL_DAYS: '1',
      FLEET_BACKFILL_SAMPLE_HOURS: '1',
      NEXTAUTH_URL: base,
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  console_.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  console_.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  // Ready once both clusters' collectors have caught up with their day of history.
  const deadline = Date.now() + 280_000;
  for (;;) {
    if (console_.exitCode !== null) throw new Error(`The two-cluster console exited:\n${output.slice(-3000)}`);
    const health = await fetch(`${base}/api/health`)
      .then((response) => response.json())
      .catch(() => null);
    // Health reports the cluster furthest behind.
    const lag: number | null = health?.data?.lagSeconds ?? null;
    if (lag !== null && lag < 120) break;
    if (Date.now() > deadline) throw new Error(`The two-cluster console did not catch up:\n${output.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
});

test.afterAll(async () => {
  if (!console_ || console_.exitCode !== null) return;
  const exited = new Promise((resolve) => console_!.once('exit', resolve));
  console_.kill('SIGTERM');
  await exited;
});

async function signIn(page: Page) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email').fill('viewer@fleet.local');
  await page.getByLabel('Password').fill(E2E_PASSWORDS.viewer);
  await page.getByRole('button', { name: /sign in/i }).click();
  await expect(page).not.toHaveURL(/sign-in/);
  await whole(page);
}

const gpusTile = (page: Page) =>
  page
    .getByTestId('kpi-tiles')
    .locator('> *')
    .filter({ has: page.getByText('GPUs', { exact: true }) });

test.describe('two clusters in one console', () => {
  test('the header picks a cluster, every page keeps it, and the figures are that cluster’s alone', async ({
    page,
  }) => {
    await signIn(page);
    const picker = page.getByRole('combobox', { name: 'Cluster' });
    await expect(picker).toHaveValue('');
    // Both clusters: 8 + 4 nodes of 8 GPUs.
    await expect(gpusTile(page)).toContainText('96');

    await picker.selectOption('infer-west');
    await expect(page).toHaveURL(/[?&]cluster=infer-west/);
    await expect(gpusTile(page)).toContainText('32');
    await expect(page.getByRole('heading', { level: 1, name: 'Fleet overview' })).toBeVisible();

    // The navigation keeps the choice: the jobs list of infer-west, by its name in the subtitle and the URL.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await expect(page).toHaveURL(/\/jobs\?cluster=infer-west/);
    await expect(page.getByText(/jobs of infer-west/)).toBeVisible();
    await expect(picker).toHaveValue('infer-west');

    // Back to every cluster.
    await picker.selectOption('');
    await expect(page).not.toHaveURL(/cluster=/);
  });

  test('a link naming a cluster the console does not watch says so, and shows every cluster', async ({ page }) => {
    await signIn(page);
    await page.goto(`${base}/?cluster=nowhere`);
    await expect(page.getByText(/`cluster` must name a cluster this console watches: .*infer-west/)).toBeVisible();
    await expect(gpusTile(page)).toContainText('96');
  });

  test('the sources page lists each cluster with its own source', async ({ page }) => {
    await signIn(page);
    await page.goto(`${base}/sources`);
    const table = page.getByRole('table');
    await expect(table.getByRole('row', { name: /train-east/ })).toBeVisible();
    await expect(table.getByRole('row', { name: /infer-west/ })).toBeVisible();
  });
});
