import { expect } from '@playwright/test';
import { signIn, test } from './fixtures';

test.describe('recovery', () => {
  test('shows how automatic recovery did, or that nothing needed recovering', async ({ page }) => {
    await signIn(page, 'viewer');
    await page.goto('/recovery');
    await expect(page.getByRole('heading', { name: 'Recovery', level: 1 })).toBeVisible();
    await expect(page.getByRole('group', { name: 'Time range' }).getByRole('button', { name: '7d' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(
      page.getByText('Nothing needed recovering in this range').or(page.getByTestId('recovery-tiles-job')),
    ).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Recovery', exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(nav.getByRole('link', { name: 'Recovery policies' })).toHaveCount(0);
  });

  test('a job page has its own Recovery section', async ({ page }) => {
    await signIn(page, 'viewer');
    await page.goto('/jobs');
    await page.getByTestId('jobs-table').getByRole('table').locator('tbody tr a').first().click();
    const section = page.getByRole('region', { name: 'Recovery', exact: true });
    await expect(section).toBeVisible();
    // Nothing recovered yet, or the list of its recoveries (each with a timeline list of its own).
    await expect(section.getByText('No automatic recovery so far').or(section.getByRole('list')).first()).toBeVisible();
  });

  test('an admin switches a policy off and on, and changes its settings', async ({ page }) => {
    await signIn(page, 'admin');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recovery policies' }).click();
    await expect(page.getByRole('heading', { name: 'Recovery policies', level: 1 })).toBeVisible();
    const toggle = page.getByRole('switch', { name: 'Restart stalled jobs' });
    await expect(toggle).toHaveAttribute('aria-checked', 'true');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-checked', 'false');
    await page.reload();
    await expect(toggle).toHaveAttribute('aria-checked', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-checked', 'true');
    await page.reload();
    await expect(toggle).toHaveAttribute('aria-checked', 'true');

    const form = page.getByRole('form', { name: 'Settings of Restart stalled jobs' });
    await form.getByLabel('Max restarts per hour').fill('0');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await expect(form.getByText('must be at least 1')).toBeVisible();
    await expect(form.getByLabel('Max restarts per hour')).toHaveAttribute('aria-invalid', 'true');
    await form.getByLabel('Max restarts per hour').fill('4');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await expect(form.getByText('Settings saved.')).toBeVisible();
    await page.reload();
    await expect(form.getByLabel('Max restarts per hour')).toHaveValue('4');
  });

  test('a viewer reads the policies but gets no switch', async ({ page }) => {
    await signIn(page, 'viewer');
    await page.goto('/admin/recovery');
    await expect(page.getByRole('heading', { name: 'Recovery policies', level: 1 })).toBeVisible();
    await expect(page.getByText('only admins change these policies')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Restart failed jobs' })).toContainText('Max restarts per hour');
    await expect(page.getByRole('switch')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Save settings' })).toHaveCount(0);
  });
});
