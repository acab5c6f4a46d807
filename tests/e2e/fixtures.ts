import { expect, test as base, type Page } from '@playwright/test';
import { E2E_PASSWORDS } from '../../playwright.config';

export type DemoRole = keyof typeof E2E_PASSWORDS;

/** Signs in as the demo user of `role`, on the demo console or, given its `base`, on a spec's own. */
export async function signIn(page: Page, role: DemoRole, base = '') {
  await signInAs(page, `${role}@fleet.local`, E2E_PASSWORDS[role], base);
}

/** Signs in through the form as anyone, e.g. a person an admin has just added. */
export async function signInAs(page: Page, email: string, password: string, base = '') {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await expect(page).not.toHaveURL(/sign-in/);
  await whole(page);
}

/**
 * Waits until React has moved every streamed part of the page into place (see `test` below). A part that never
 * shows (a not-found page's) stays hidden, hence the short wait and no failure.
 */
export async function whole(page: Page) {
  await page
    .waitForFunction(() => !document.querySelector('div[hidden][id^="S:"]'), undefined, { timeout: 5_000 })
    .catch(() => {});
}

/**
 * Playwright's test, with a page whose goto and reload return once a streamed page is whole. A page that streams
 * sends its later parts in hidden <div id="S:…"> at the end of the document, and React moves each into place a
 * moment later; until it has, the part is in the document twice, and a locator would match both.
 */
export const test = base.extend({
  page: async ({ page }, provide) => {
    const settled = () => whole(page);
    const goto = page.goto.bind(page);
    const reload = page.reload.bind(page);
    page.goto = async (...args) => {
      const response = await goto(...args);
      await settled();
      return response;
    };
    page.reload = async (...args) => {
      const response = await reload(...args);
      await settled();
      return response;
    };
    await provide(page);
  },
});

/**
 * The fixtures' test, failing a test on any error the page logs to the console or throws (a React error, a failed
 * fetch the page reports, an uncaught exception): the stories walk the console as a user would, and an error
 * there is a bug even when the page still looks right.
 */
export const strictTest = test.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, provide) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
      });
      page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
      await provide(errors);
      expect(errors, 'errors in the browser console').toEqual([]);
    },
    { auto: true },
  ],
});
