import { expect, type Page } from '@playwright/test';
import { signIn, test } from './fixtures';

// A tile is found by its label, which is its first line: "GPUs" alone, not "of 1,024 GPUs" in another tile.
const tile = (page: Page, label: string) =>
  page
    .getByTestId('kpi-tiles')
    .locator('> *')
    .filter({ has: page.getByText(label, { exact: true }) });

test.describe('fleet overview', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, 'viewer');
    await expect(page.getByRole('heading', { name: 'Fleet overview', level: 1 })).toBeVisible();
  });

  test('shows the KPI tiles as numbers, with units', async ({ page }) => {
    await expect(tile(page, 'GPUs')).toContainText(/\d/);
    await expect(tile(page, 'Allocation')).toContainText(/\d+(\.\d)?%/);
    await expect(tile(page, 'Utilization')).toContainText(/\d+(\.\d)?%/);
    await expect(tile(page, 'Spend today')).toContainText(/\$[\d,]+\.\d{2}/);
    await expect(tile(page, 'Spend this week')).toContainText(/\$[\d,]+\.\d{2}/);
    await expect(tile(page, 'Open incidents')).toContainText(/\d/);
    await expect(page.getByTestId('freshness')).toContainText(/Updated .* · data until \d{2}:\d{2}:\d{2}/);
  });

  test('draws the fleet chart', async ({ page }) => {
    const chart = page.getByTestId('fleet-chart');
    await expect(chart.locator('svg.recharts-surface')).toBeVisible();
    await expect(chart.locator('.recharts-line-curve').first()).toBeVisible();
    // Time ticks along the bottom and percentages up the side, as a reader sees them.
    await expect(chart).toContainText(/\d{2}:00/);
    await expect(chart).toContainText('100%');
  });

  test('changes the time range in the URL, by mouse and by keyboard', async ({ page }) => {
    const picker = page.getByRole('group', { name: 'Time range' });
    await expect(picker.getByRole('button', { name: '24h' })).toHaveAttribute('aria-pressed', 'true');

    await picker.getByRole('button', { name: '7d' }).click();
    await expect(page).toHaveURL(/[?&]range=7d/);
    await expect(picker.getByRole('button', { name: '7d' })).toHaveAttribute('aria-pressed', 'true');

    await picker.getByRole('button', { name: '1h' }).focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/[?&]range=1h/);

    await picker.getByRole('button', { name: 'Custom' }).click();
    const form = page.getByRole('form', { name: 'Custom time range' });
    await form.getByLabel('From').fill('2026-01-01T00:00');
    await form.getByLabel('To').fill('2025-12-31T00:00');
    await form.getByRole('button', { name: 'Apply' }).click();
    await expect(form.getByRole('alert')).toContainText('at least a minute after');
    await page.keyboard.press('Escape');
    await expect(form).toBeHidden();
    await expect(picker.getByRole('button', { name: 'Custom' })).toBeFocused();
  });

  test('prefetches a page of the navigation when the pointer reaches its link, not on every load', async ({ page }) => {
    const prefetched: string[] = [];
    page.on('request', (request) => {
      if (request.headers()['next-router-prefetch']) prefetched.push(new URL(request.url()).pathname);
    });
    await page.goto('/');
    await expect(page.getByTestId('fleet-chart').locator('svg').first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(prefetched.filter((path) => path === '/jobs' || path === '/costs' || path === '/on-call')).toEqual([]);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).hover();
    await expect.poll(() => prefetched).toContain('/jobs');
  });
});
