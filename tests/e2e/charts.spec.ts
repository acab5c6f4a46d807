import { expect, type Locator, type Page } from '@playwright/test';
import { signIn, test } from './fixtures';

/** Drags across a chart's plot from one share of its width to another, as a person picks a span to zoom into. */
async function dragAcross(page: Page, chart: Locator, fromShare: number, toShare: number) {
  const plot = chart.locator('.recharts-wrapper');
  await plot.scrollIntoViewIfNeeded();
  const box = (await plot.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * fromShare, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((fromShare + toShare) / 2), y, { steps: 5 });
  await page.mouse.move(box.x + box.width * toShare, y, { steps: 5 });
  await page.mouse.up();
}

const rangeOf = (url: string) => {
  const search = new URL(url).searchParams;
  return { range: search.get('range'), from: search.get('from'), to: search.get('to') };
};

test.describe('time charts', () => {
  test('a drag across the fleet chart zooms the page to that span in the URL, and reset or back returns', async ({
    page,
  }) => {
    await signIn(page, 'viewer');
    await page.goto('/?range=6h');
    const chart = page.locator('#main').getByTestId('fleet-chart');
    await expect(chart.locator('.recharts-line').first()).toBeVisible();

    await dragAcross(page, chart, 0.3, 0.6);
    await expect(page).toHaveURL(/from=/);
    const zoomed = rangeOf(page.url());
    expect(zoomed.range).toBeNull();
    // About 30% of 6 hours (the drag snaps to 2-minute buckets): between 1 and 3 hours.
    const spanMs = Date.parse(zoomed.to!) - Date.parse(zoomed.from!);
    expect(spanMs).toBeGreaterThan(60 * 60_000);
    expect(spanMs).toBeLessThan(3 * 60 * 60_000);
    const picker = page.getByRole('group', { name: 'Time range' });
    await expect(picker.getByRole('button', { name: 'Custom' })).toHaveAttribute('aria-pressed', 'true');
    // The chart draws the new range: its axis starts where the drag began.
    await expect(
      page.locator('#main').getByText(/Allocation, utilization and healthy GPUs over \w{3} \d/),
    ).toBeVisible();

    // Reset, by keyboard: back to the 6 hours the page had before.
    const reset = picker.getByRole('button', { name: 'Reset zoom' });
    await reset.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\?range=6h$/);
    await expect(picker.getByRole('button', { name: 'Reset zoom' })).toHaveCount(0);

    // The browser's back button undoes a zoom too.
    await dragAcross(page, chart, 0.5, 0.8);
    await expect(page).toHaveURL(/from=/);
    await page.goBack();
    await expect(page).toHaveURL(/\?range=6h$/);
  });

  test('a node’s charts have a legend per GPU, and mark a cordon with who asked and why', async ({ page }) => {
    await signIn(page, 'operator');
    const map = await (await page.request.get('/api/fleet/map')).json();
    const node = map.nodes.find((candidate: { state: string }) => candidate.state === 'ready');
    expect(node, 'a ready node in the demo cluster').toBeTruthy();
    await page.goto(`/nodes/${node.id}`);

    const utilization = page.locator('#main').getByTestId('chart-Utilization');
    const legend = utilization.getByTestId('chart-legend');
    for (const gpu of ['GPU 0', 'GPU 7']) await expect(legend).toContainText(gpu);

    await page.getByRole('button', { name: `Cordon ${node.hostname}` }).click();
    const dialog = page.getByRole('dialog', { name: `Cordon ${node.hostname}?` });
    await dialog.getByLabel('Reason, for the audit log').fill('Chart mark check: fan noise');
    await dialog.getByRole('button', { name: `Cordon ${node.hostname}` }).click();
    await expect(dialog).toBeHidden();

    // The cordon lands on the charts' time axis as the page refreshes, named on focus with its reason.
    const mark = utilization.getByRole('img', { name: /Cordon by operator@fleet\.local/ });
    await expect(mark).toBeVisible({ timeout: 45_000 });
    await mark.focus();
    const tip = utilization.getByRole('tooltip').filter({ hasText: 'Chart mark check: fan noise' });
    await expect(tip).toBeVisible();
  });

  test('a job younger than the range opens on its own lifetime', async ({ page }) => {
    await signIn(page, 'viewer');
    const list = await (await page.request.get('/api/jobs?range=24h&sort=age&pageSize=200')).json();
    const now = Date.parse(list.generatedAt);
    const young = list.rows
      .filter((row: { submittedAt: string }) => Date.parse(row.submittedAt) > now - 20 * 60 * 60_000)
      .sort((a: { submittedAt: string }, b: { submittedAt: string }) => a.submittedAt.localeCompare(b.submittedAt))[0];
    expect(young, 'a job submitted within the last 20 hours').toBeTruthy();

    await page.goto(`/jobs/${young.id}`);
    const detail = await (await page.request.get(`/api/jobs/${young.id}?range=24h`)).json();
    // Its range begins the minute it was submitted, not 24 hours ago.
    expect(detail.range.lifetime).toBe(true);
    expect(Date.parse(detail.range.from)).toBe(Math.floor(Date.parse(young.submittedAt) / 60_000) * 60_000);
    await expect(page.locator('#main').getByText(/over its life, /)).toBeVisible();
  });
});
