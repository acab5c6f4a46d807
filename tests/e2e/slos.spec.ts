import { expect } from '@playwright/test';
import { signIn, test } from './fixtures';

test.describe('SLOs', () => {
  test('an admin adds an SLO, sees it listed, and opens an SLO to its burn-rate charts', async ({ page }) => {
    await signIn(page, 'admin');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'SLOs' }).click();
    await expect(page.getByRole('heading', { name: 'SLOs', level: 1 })).toBeVisible();
    const table = page.getByRole('table', { name: 'SLOs' });
    await expect(table.getByRole('rowheader', { name: /GPU availability/ })).toBeVisible();

    const form = page.getByRole('form', { name: 'New SLO' });
    await form.getByLabel('Name').fill('E2E chat availability');
    await form.getByLabel('Measures').selectOption({ label: 'Inference availability' });
    await form.getByLabel('Target (%)').fill('100');
    await form.getByLabel('Good requests (PromQL)').fill('http_requests_total{job="chat",code!~"5.."}');
    await form.getByRole('button', { name: 'Add SLO' }).click();
    await expect(form.getByText('must be more than 0% and less than 100%')).toBeVisible();
    await expect(form.getByText('is required')).toBeVisible();
    await form.getByLabel('Target (%)').fill('99.9');
    await form.getByLabel('All requests (PromQL)').fill('http_requests_total{job="chat"}');
    await form.getByRole('button', { name: 'Add SLO' }).click();
    await expect(page.getByText('SLO added.')).toBeVisible();

    const row = table.getByRole('row').filter({ hasText: 'E2E chat availability' });
    await expect(row).toContainText('99.90%');
    // The console reads no Prometheus here: the worker says so at its next evaluation, and shows no SLI.
    await expect(row).toContainText('No Prometheus is configured', { timeout: 45_000 });
    await expect(row).toContainText('Not measured');

    await table.getByRole('link', { name: 'GPU availability' }).click();
    await expect(page.getByRole('heading', { name: 'GPU availability', level: 1 })).toBeVisible();
    await expect(page.getByTestId('slo-sli-chart')).toBeVisible();
    const burnCharts = page.getByTestId('slo-burn-chart');
    await expect(burnCharts).toHaveCount(3);
    await expect(burnCharts.nth(0)).toContainText('1 h and 5 m: page above 14.4x');
    await expect(burnCharts.nth(1)).toContainText('6 h and 30 m: page above 6x');
    await expect(burnCharts.nth(2)).toContainText('3 d and 6 h: ticket above 1x');
    // The threshold is drawn as a reference line (a horizontal line, so attached rather than "visible").
    await expect(burnCharts.nth(0).locator('.recharts-reference-line')).toHaveCount(1);
    await expect(page.getByRole('form', { name: 'Edit SLO GPU availability' })).toBeVisible();
  });

  test('a viewer reads the SLOs but is given no way to edit them', async ({ page }) => {
    await signIn(page, 'viewer');
    await page.goto('/slos');
    await expect(
      page.getByRole('table', { name: 'SLOs' }).getByRole('rowheader', { name: /Job goodput/ }),
    ).toBeVisible();
    await expect(page.getByRole('form', { name: 'New SLO' })).toHaveCount(0);
    await page.getByRole('link', { name: 'Job goodput' }).click();
    await expect(page.getByRole('heading', { name: 'Job goodput', level: 1 })).toBeVisible();
    await expect(page.getByTestId('slo-burn-chart')).toHaveCount(3);
    await expect(page.getByRole('heading', { name: 'Edit this SLO' })).toHaveCount(0);
    await expect(page.getByRole('form', { name: /SLO/ })).toHaveCount(0);
  });
});
