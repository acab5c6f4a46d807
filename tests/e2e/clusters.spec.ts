// Several clusters in one console, read as a user would: a second console is started on its own data folder with
// a clusters file of two simulated clusters (8 and 4 nodes of 8 GPUs), and every page can read one of them or both.
import { expect, type Page } from '@playwright/test';
import { signIn, test } from './fixtures';
import { startConsole, type OwnConsole } from './own-console';

let console_: OwnConsole | null = null;
let base = '';

test.beforeAll(async () => {
  test.setTimeout(300_000);
  console_ = await startConsole({
    name: 'The two-cluster console',
    dataDir: '.data/e2e-clusters',
    env: {
      FLEET_CLUSTERS_FILE: 'tests/e2e/clusters/two-clusters.yaml',
      FLEET_BACKFILL_DAYS: '1',
      FLEET_BACKFILL_SAMPLE_HOURS: '1',
    },
    // Ready once both clusters' collectors have caught up with their day of history: health reports the cluster
    // furthest behind.
    ready: (health) => {
      const lag = health?.data?.lagSeconds ?? null;
      return lag !== null && lag < 120;
    },
    timeoutMs: 280_000,
  });
  base = console_.base;
});

test.afterAll(async () => {
  await console_?.stop();
});

const gpusTile = (page: Page) =>
  page
    .getByTestId('kpi-tiles')
    .locator('> *')
    .filter({ has: page.getByText('GPUs', { exact: true }) });

test.describe('two clusters in one console', () => {
  test('the header picks a cluster, every page keeps it, and the figures are that cluster’s alone', async ({
    page,
  }) => {
    await signIn(page, 'viewer', base);
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
    await signIn(page, 'viewer', base);
    await page.goto(`${base}/?cluster=nowhere`);
    await expect(page.getByText(/`cluster` must name a cluster this console watches: .*infer-west/)).toBeVisible();
    await expect(gpusTile(page)).toContainText('96');
  });

  test('the sources page lists each cluster with its own source', async ({ page }) => {
    await signIn(page, 'viewer', base);
    await page.goto(`${base}/sources`);
    const table = page.getByRole('table');
    await expect(table.getByRole('row', { name: /train-east/ })).toBeVisible();
    await expect(table.getByRole('row', { name: /infer-west/ })).toBeVisible();
  });
});
