import { expect, type Locator, type Page, type Route } from '@playwright/test';
import { signIn, test } from './fixtures';

const table = (page: Page) => page.getByTestId('jobs-table').getByRole('table');
const bodyRows = (page: Page) => table(page).locator('tbody tr');
/** The text of one column of every row shown, by the column's header. */
async function column(page: Page, header: string): Promise<string[]> {
  const headers = await table(page).locator('thead th').allInnerTexts();
  const index = headers.findIndex((text) => text.includes(header));
  expect(index, `a column headed ${header}`).toBeGreaterThanOrEqual(0);
  return bodyRows(page)
    .locator(`> :nth-child(${index + 1})`)
    .allInnerTexts();
}
const header = (page: Page, name: string): Locator => table(page).locator('thead th').filter({ hasText: name });

test.describe('jobs', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, 'viewer');
  });

  test('a range picked before the page has started in the browser applies, keeping the filters', async ({ page }) => {
    // Hold the page's scripts so the click lands before React has hydrated the picker, as on a slow link or a
    // busy machine: the streamed page is in place (its inline scripts run), but no handler is attached yet.
    const held: Route[] = [];
    let holding = true;
    await page.route(/\/_next\/static\/chunks\/.*\.js$/, (route) => (holding ? held.push(route) : route.continue()));
    await page.goto('/jobs?team=inference-platform', { waitUntil: 'commit' });
    await page.getByRole('group', { name: 'Time range' }).getByRole('button', { name: '7d' }).click();
    await expect(page).toHaveURL(/[?&]range=7d/);
    await expect(page).toHaveURL(/[?&]team=inference-platform/);

    holding = false;
    await Promise.all(held.map((route) => route.continue().catch(() => {})));
    await expect(page.getByRole('group', { name: 'Time range' }).getByRole('button', { name: '7d' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(page.getByRole('search', { name: 'Filter jobs' }).getByLabel('Team')).toHaveValue(
      'inference-platform',
    );
  });

  test('the list opens with the filters of its link and shows only matching jobs', async ({ page }) => {
    await page.goto('/jobs?team=inference-platform&health=healthy');
    await expect(page.getByRole('heading', { name: 'Jobs', level: 1 })).toBeVisible();
    const filters = page.getByRole('search', { name: 'Filter jobs' });
    await expect(filters.getByLabel('Team')).toHaveValue('inference-platform');
    await expect(filters.getByLabel('Health')).toHaveValue('healthy');
    await expect(bodyRows(page).first()).toBeVisible();
    for (const team of await column(page, 'Team')) expect(team).toContain('inference-platform');
    for (const health of await column(page, 'Health')) expect(health).toBe('Healthy');
  });

  test('a filter no job matches says which, with a way to clear it', async ({ page }) => {
    await page.goto('/jobs?q=no-such-job-anywhere&kind=inference');
    const table = page.getByTestId('jobs-table');
    await expect(table.getByText('No jobs match these filters')).toBeVisible();
    await expect(table).toContainText('kind Inference');
    await expect(table).toContainText('name or id containing “no-such-job-anywhere”');
    await table.getByRole('link', { name: 'Clear filters' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/jobs' && !url.search.includes('q='));
    await expect(bodyRows(page).first()).toBeVisible();
  });

  test('a bad value in the link is named, and the rest of the link still applies', async ({ page }) => {
    await page.goto('/jobs?state=runing&kind=inference');
    await expect(page.getByRole('status').filter({ hasText: '`state` must be one of' })).toBeVisible();
    for (const kind of await column(page, 'Kind')) expect(kind).toBe('Inference');
  });

  test('sorts by a column header, by mouse and by keyboard, and says so with aria-sort', async ({ page }) => {
    await page.goto('/jobs');
    await expect(header(page, 'Age')).toHaveAttribute('aria-sort', 'ascending');
    await header(page, 'GPUs').getByRole('link').click();
    await expect(page).toHaveURL(/[?&]sort=gpus/);
    await expect(header(page, 'GPUs')).toHaveAttribute('aria-sort', 'descending');
    await expect(header(page, 'Age')).toHaveAttribute('aria-sort', 'none');
    const gpus = (await column(page, 'GPUs')).map((text) => Number(text.replace(/,/g, '')));
    expect(gpus).toEqual([...gpus].sort((a, b) => b - a));

    await header(page, 'GPUs').getByRole('link').focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/dir=asc/);
    await expect(header(page, 'GPUs')).toHaveAttribute('aria-sort', 'ascending');
  });

  test('a filter menu writes the filter to the URL', async ({ page }) => {
    await page.goto('/jobs');
    await page.getByRole('search', { name: 'Filter jobs' }).getByLabel('Kind').selectOption('evaluation');
    await expect(page).toHaveURL(/[?&]kind=evaluation/);
    await expect(bodyRows(page).first()).toBeVisible();
    for (const kind of await column(page, 'Kind')) expect(kind).toBe('Evaluation');
  });

  test('the partition menu narrows the list to the jobs of one partition', async ({ page }) => {
    await page.goto('/jobs');
    await page.getByRole('search', { name: 'Filter jobs' }).getByLabel('Partition').selectOption('h800-spot');
    await expect(page).toHaveURL(/[?&]partition=h800-spot/);
    await expect(bodyRows(page).first()).toBeVisible();
    // Each job says its partition under its name, or beside why it waits.
    for (const row of await bodyRows(page).allInnerTexts()) expect(row).toContain('h800-spot');
  });

  test('a job page shows its chart, health and why, and its timeline', async ({ page }) => {
    // The biggest job, whatever its state now; the console's whole history (7 days) holds its submission.
    await page.goto('/jobs?sort=gpus&range=7d');
    await bodyRows(page).first().getByRole('link').first().click();
    await expect(page).toHaveURL(/\/jobs\/\d+/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByTestId('job-health')).toBeVisible();
    // The simulator's partitions are its pools.
    await expect(page.getByTestId('job-partition')).toHaveText(/^partition h800-(reserved|spot)/);
    const why = page.getByTestId('health-reason');
    await expect(why).toContainText('Rule');
    await expect(why).not.toBeEmpty();
    const chart = page.getByTestId('job-chart');
    await expect(chart.locator('svg.recharts-surface')).toBeVisible();
    await expect(chart).toContainText('100%');
    await expect(page.getByTestId('heat-strip').locator('canvas')).toBeVisible();
    const timeline = page.getByTestId('job-timeline');
    await expect(
      timeline
        .getByRole('list', { name: /newest first/ })
        .locator('li')
        .first(),
    ).toBeVisible();
    await expect(page.getByTestId('job-kpis')).toContainText(/\$[\d,]+\.\d{2}/);
  });

  test('an unknown job says so inside the console', async ({ page }) => {
    await page.goto('/jobs/999999');
    await expect(page.getByText('There is no such job')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' })).toHaveAttribute(
      'aria-current',
      'page',
    );
  });
});
