import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import { signIn, test } from './fixtures';

test.describe('audit log', () => {
  test('an admin finds their own change by filtering, and in the CSV; a viewer is refused', async ({ page }) => {
    const reason = `Spot contract renewal ${Date.now()}`;
    await signIn(page, 'admin');

    // A change to audit: end the spot price in 2099, and add the next one from then on.
    await page.goto('/admin/rates');
    const end = page.getByRole('form', { name: /^End the .* Spot period from / }).first();
    await end.getByLabel(/^End of /).fill('2099-01-01T00:00');
    await end.getByRole('button', { name: 'End' }).click();
    await expect(page.getByRole('table', { name: 'Price periods' })).toContainText('2099-01-01 00:00');
    const form = page.getByRole('form', { name: 'New price period' });
    await form.getByLabel('Pricing class').selectOption('spot');
    await form.getByLabel(/Price per GPU-hour/).fill('0.95');
    await form.getByLabel('From').fill('2099-01-01T00:00');
    await form.getByLabel('Why (optional)').fill(reason);
    await form.getByRole('button', { name: 'Add price period' }).click();
    await expect(form.getByText('Price period added.')).toBeVisible();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
    const filters = page.getByRole('search', { name: 'Filter audit events' });
    await filters.getByLabel('Action').selectOption('rate.create');
    await expect(page).toHaveURL(/action=rate\.create/);
    await filters.getByLabel('Reason or message contains').fill(reason.toUpperCase());
    await filters.getByLabel('Reason or message contains').press('Enter');
    await expect(page).toHaveURL(/q=SPOT/);

    const rows = page.getByRole('table', { name: 'Audit events' }).locator('tbody tr');
    await expect(rows).toHaveCount(1);
    const row = rows.first();
    await expect(row).toContainText('admin@fleet.local');
    await expect(row).toContainText('rate.create');
    await expect(row).toContainText(reason);
    await expect(row).toContainText('OK');
    await expect(row.getByRole('link', { name: /rate_card .*\/spot/ })).toHaveAttribute('href', '/admin/rates');
    await row.locator('summary').click();
    await expect(row.locator('pre')).toContainText('"pricePerGpuHour": "0.95"');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download audit events as CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^audit-\d{8}T\d{4}Z-\d{8}T\d{4}Z\.csv$/);
    const lines = readFileSync(await file.path(), 'utf8')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      'id,at,actor_kind,actor,action,target_type,target_id,reason,result,message,input,repeats,last_at',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^\d+,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z,user,admin@fleet\.local,rate\.create,/);
    expect(lines[1]).toContain(`,${reason},ok,`);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/sign-in');
    await signIn(page, 'viewer');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' })).toHaveCount(
      0,
    );
    await page.goto('/admin/audit');
    await expect(page.getByRole('heading', { name: 'This page needs the admin role' })).toBeVisible();
  });
});
