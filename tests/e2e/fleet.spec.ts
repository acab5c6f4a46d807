import { expect } from '@playwright/test';
import { signIn, test } from './fixtures';

test.describe('fleet map and node page', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, 'viewer');
  });

  test('shows every GPU of the demo cluster, recolours by signal and keeps it in the URL', async ({ page }) => {
    await page.goto('/fleet');
    await expect(page.getByRole('heading', { name: 'Fleet map', level: 1 })).toBeVisible();
    await expect(page.locator('#main').getByTestId('map-summary')).toContainText('1,024 GPUs on 128 nodes');
    await expect(page.locator('canvas')).toHaveCount(2); // one per pool
    await page.getByRole('radio', { name: 'Health' }).click();
    await expect(page).toHaveURL(/signal=health/);
    await expect(page.getByTestId('map-legend')).toContainText(/Allocated, healthy|Idle/);
    await page.reload();
    await expect(page.getByRole('radio', { name: 'Health' })).toHaveAttribute('aria-checked', 'true');
  });

  test('filters by pool from the URL, dimming the rest', async ({ page }) => {
    await page.goto('/fleet');
    const option = page.getByRole('combobox', { name: 'Pool' }).locator('option').nth(2);
    const poolId = await option.getAttribute('value');
    await page.goto(`/fleet?pool=${poolId}`);
    await expect(page.getByRole('combobox', { name: 'Pool' })).toHaveValue(poolId!);
    await expect(page.locator('#main').getByTestId('map-summary')).toContainText(/GPUs on \d+ nodes \(of 1,024\)/);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page).not.toHaveURL(/pool=/);
  });

  test('moves across GPUs by keyboard and opens the node with Enter', async ({ page }) => {
    await page.goto('/fleet');
    // The map takes keys once it is laid out, which is when its pools' canvases show: a key pressed before then
    // (on a loaded machine, the box can take focus a moment earlier) has nothing to move across.
    const map = page.locator('#main').getByTestId('gpu-map');
    await expect(map.locator('canvas').first()).toBeVisible();
    await map.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const tooltip = page.getByTestId('gpu-tooltip');
    await expect(tooltip).toContainText(/GPU 1/);
    const hostname = (await tooltip.locator('p').first().textContent())!.split(' · ')[0];
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/nodes\/\d+/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(hostname);
  });

  test('opens a node by clicking its GPU, with its GPUs, charts and history', async ({ page }) => {
    await page.goto('/fleet');
    const canvas = page.locator('canvas').first();
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + 4, box.y + 4);
    await expect(page.getByTestId('gpu-tooltip')).toBeVisible();
    await page.mouse.click(box.x + 4, box.y + 4);
    await expect(page).toHaveURL(/\/nodes\/\d+/);
    await expect(page.getByRole('table', { name: 'GPUs of this node' }).locator('tbody tr')).toHaveCount(8);
    await expect(page.getByTestId('chart-Utilization').locator('.recharts-line-curve').first()).toBeVisible();
    await expect(page.getByRole('table', { name: 'State history of this node' })).toBeVisible();
    await page.getByRole('button', { name: '6h' }).click();
    await expect(page).toHaveURL(/range=6h/);
  });

  test('says so for a node that does not exist', async ({ page }) => {
    await page.goto('/nodes/999999');
    await expect(page.getByText('There is no such node')).toBeVisible();
  });
});
