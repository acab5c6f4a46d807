import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import { signIn, test } from './fixtures';

const DAY = 86_400_000;

test.describe('costs', () => {
  test('shows the range named in the URL, with spend, the stacked chart and the tables', async ({ page }) => {
    await signIn(page, 'viewer');
    const to = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const from = new Date(to.getTime() - 2 * DAY);
    await page.goto(`/costs?from=${from.toISOString()}&to=${to.toISOString()}&by=project`);
    await expect(page.getByRole('heading', { name: 'Costs', level: 1 })).toBeVisible();
    await expect(
      page.getByRole('group', { name: 'Time range' }).getByRole('button', { name: 'Custom' }),
    ).toHaveAttribute('aria-pressed', 'true');
    await expect(
      page.getByRole('group', { name: 'Group by' }).getByRole('button', { name: 'By project' }),
    ).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('cost-tiles')).toContainText(/Spend\s*\$[\d,.]+K?/);
    await expect(page.getByTestId('spend-chart').locator('.recharts-area').first()).toBeVisible();
    await expect(page.getByRole('table', { name: 'Spend by project' }).getByRole('row')).not.toHaveCount(1);
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Costs' })).toHaveAttribute(
      'aria-current',
      'page',
    );
  });

  test('downloads a table as CSV with the figures of the page', async ({ page }) => {
    await signIn(page, 'viewer');
    await page.goto('/costs?range=24h');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download jobs as CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^costs-jobs-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = readFileSync(await file.path(), 'utf8')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      'job,name,kind,team,project,gpu_model,pricing_class,gpu_hours,spend_USD,unpriced_gpu_hours,utilization,waste_gpu_hours,waste_USD,per_useful_gpu_hour_USD',
    );
    expect(lines.length).toBeGreaterThan(1);
  });
});

test.describe('budgets', () => {
  test('an admin creates a budget that everyone then reads, with its forecast and burn chart', async ({ page }) => {
    await signIn(page, 'admin');
    await page.goto('/budgets');
    const form = page.getByRole('form', { name: 'New budget' });
    await form.getByLabel('Name').fill('E2E research budget');
    await form.getByLabel('Team or project').selectOption({ index: 1 });
    await form.getByLabel(/Per month/).fill('50000');
    await form.getByLabel(/thresholds/).fill('50, 1500');
    await form.getByRole('button', { name: 'Create budget' }).click();
    await expect(form.getByText('1500% is outside 1% to 1,000%')).toBeVisible();
    await form.getByLabel(/thresholds/).fill('50, 80, 100');
    await form.getByRole('button', { name: 'Create budget' }).click();
    await expect(page.getByText('Budget created.')).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/sign-in');
    await signIn(page, 'viewer');
    await page.goto('/budgets');
    const budget = page.getByTestId('budget').filter({ hasText: 'E2E research budget' });
    await expect(budget).toContainText(/Spent\s*\$[\d,.]+/);
    await expect(budget).toContainText(/Forecast\s*\$[\d,.]+/);
    await expect(budget.locator('.recharts-line').first()).toBeVisible();
    await expect(page.getByRole('form', { name: 'New budget' })).toHaveCount(0);
  });
});

test.describe('weekly report', () => {
  test('reads last week on a page, and downloads it as PDF', async ({ page }) => {
    await signIn(page, 'viewer');
    await page.goto('/reports');
    await page.getByRole('link', { name: /^Last week: Week \d+/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Week \d+ · / })).toBeVisible();
    await expect(page.getByTestId('report-figures')).toContainText('Spend');
    await expect(page.getByRole('heading', { name: /^Recommended savings: about \$[\d,.]+ a week$/ })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Spend by team' })).toBeVisible();
    // Warm spares are kept for recovery on purpose: a row of their own in the ledger, said to be in no fix.
    const ledger = page.getByRole('table', { name: 'Where the GPU-hours went' });
    await expect(ledger.getByRole('row').filter({ hasText: 'Warm spares (pools)' })).toBeVisible();
    await expect(page.getByTestId('report-ledger')).toContainText('Warm spares, held for recovery on purpose');
    // The demo's six budgets (one per team, one for the red team's project), each with its standing.
    const budgets = page.getByRole('table', { name: 'Budgets against spend, month to date' });
    for (const name of ['Foundation models (foundation-models)', 'Red-team evaluations (eval / red-team)'])
      await expect(budgets.getByRole('row').filter({ hasText: name })).toContainText(
        /On track|Past a threshold|Forecast over|Over budget/,
      );
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'PDF' }).click();
    const pdf = readFileSync(await (await download).path());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Reading a report keeps nothing: the list holds only what the worker sent on its schedule, which depends on the
    // day the suite runs (tests/integration/weekly-report.test.ts checks the list).
  });
});

test.describe('rate card', () => {
  test('refuses a negative price at the field, for admins; others do not see it', async ({ page }) => {
    await signIn(page, 'admin');
    await page.goto('/admin/rates');
    const form = page.getByRole('form', { name: 'New price period' });
    await form.getByLabel(/Price per GPU-hour/).fill('-2');
    await form.getByLabel('From').fill('2030-01-01T00:00');
    await form.getByRole('button', { name: 'Add price period' }).click();
    const price = form.getByLabel(/Price per GPU-hour/);
    await expect(price).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByText('must be more than 0')).toBeVisible();
    await expect(form.getByText('Nothing was saved')).toBeVisible();
    await expect(page.getByRole('table', { name: 'Price periods' }).getByText('2030-01-01')).toHaveCount(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/sign-in');
    await signIn(page, 'viewer');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rates' })).toHaveCount(0);
    await page.goto('/admin/rates');
    await expect(page.getByRole('heading', { name: 'This page needs the admin role' })).toBeVisible();
  });
});
