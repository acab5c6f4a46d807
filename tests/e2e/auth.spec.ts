import { expect, type Page } from '@playwright/test';
import { E2E_PASSWORDS } from '../../playwright.config';
import { signIn, type DemoRole, test } from './fixtures';

const ROLE_LABELS: Record<DemoRole, string> = { viewer: 'Viewer', operator: 'Operator', admin: 'Admin' };
const WRONG_CREDENTIALS = 'Email or password is incorrect.';

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const pathOf = (page: Page) => new URL(page.url()).pathname;
// Next's route announcer is also role="alert", so find ours by its words.
const errorAlert = (page: Page) => page.getByRole('alert').filter({ hasText: WRONG_CREDENTIALS });

test.describe('signing in', () => {
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    test(`a ${role} lands on the overview and sees their role`, async ({ page }) => {
      await signIn(page, role);
      await expect(page).toHaveURL((url) => url.pathname === '/');
      const topBar = page.getByRole('banner');
      await expect(topBar.getByText(ROLE_LABELS[role], { exact: true })).toBeVisible();
      await expect(mainNav(page).getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
    });
  }

  test('a wrong password shows the error and stays on the sign-in page', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('viewer@fleet.local');
    await page.getByLabel('Password').fill(`${E2E_PASSWORDS.viewer}-wrong`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(errorAlert(page)).toBeVisible();
    expect(pathOf(page)).toBe('/sign-in');
    await expect(page.getByLabel('Password')).toBeFocused();
  });

  test('an unknown email gets the same error as a wrong password', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('nobody@fleet.local');
    await page.getByLabel('Password').fill(E2E_PASSWORDS.viewer);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(errorAlert(page)).toBeVisible();
    expect(pathOf(page)).toBe('/sign-in');
  });

  test('works with the keyboard alone', async ({ page }) => {
    await page.goto('/sign-in');
    await expect(page.getByLabel('Email')).toBeFocused();
    await page.keyboard.type('operator@fleet.local');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Password')).toBeFocused();
    await page.keyboard.type(E2E_PASSWORDS.operator);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL((url) => url.pathname === '/');
  });
});

test.describe('without a session', () => {
  test('a visit to the overview is sent to the sign-in page', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL((url) => url.pathname === '/sign-in');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });

  test('a deep link comes back to where it pointed after signing in', async ({ page }) => {
    await page.goto('/jobs?state=failed');
    await expect(page).toHaveURL(
      (url) => url.pathname === '/sign-in' && url.searchParams.get('callbackUrl') === '/jobs?state=failed',
    );
    await page.getByLabel('Email').fill('viewer@fleet.local');
    await page.getByLabel('Password').fill(E2E_PASSWORDS.viewer);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/jobs' && url.searchParams.get('state') === 'failed');
  });

  test('an API call is answered 401 with a JSON error', async ({ request }) => {
    const response = await request.get('/api/fleet/summary');
    expect(response.status()).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });
});

test('signing out returns to the sign-in page and ends the session', async ({ page }) => {
  await signIn(page, 'viewer');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/sign-in');
  await page.goto('/');
  await expect(page).toHaveURL((url) => url.pathname === '/sign-in');
});
