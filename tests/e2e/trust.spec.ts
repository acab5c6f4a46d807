// The console tried as an attacker would, through the real server and Chromium: a stolen cookie after sign-out,
// a page on another port posting with an operator's cookie, password guessing, oversized and NUL-laden requests,
// framing; and an admin managing people, whose changes end sessions.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, type APIRequestContext } from '@playwright/test';
import { E2E_PASSWORDS } from '../../playwright.config';
import { signIn, signInAs, test } from './fixtures';

const status = async (request: APIRequestContext, path: string) => (await request.get(path)).status();

test.describe('sessions', () => {
  test('signing out ends the session everywhere: a copy of the cookie no longer reads the API', async ({
    page,
    browser,
    baseURL,
  }) => {
    await signIn(page, 'viewer');
    // Another browser with a copy of the cookie: what someone who stole it holds.
    const thief = await browser.newContext({ baseURL, storageState: await page.context().storageState() });
    expect(await status(thief.request, '/api/jobs')).toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/sign-in');
    // Within a minute at most; in the process that signed it out, at once.
    await expect.poll(() => status(thief.request, '/api/jobs'), { timeout: 60_000 }).toBe(401);
    await thief.close();
  });
});

test.describe('people', () => {
  const email = `e2e-person-${Date.now()}@fleet.local`;
  const password = 'a first password for e2e';

  test('an admin adds someone, who signs in; a role change and a deactivation end their sessions', async ({
    page,
    browser,
    baseURL,
  }) => {
    test.setTimeout(180_000); // three sign-ins and three changes, each awaited
    await signIn(page, 'admin');
    await page.goto('/admin/users');
    await expect(page.getByRole('heading', { name: 'People', level: 1 })).toBeVisible();
    const form = page.getByRole('form', { name: 'New person' });
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Name').fill('Eve Tester');
    await form.getByLabel('Role').selectOption('operator');
    await form.getByLabel('First password (optional)').fill(password);
    await form.getByRole('button', { name: 'Add person' }).click();
    await expect(page.getByText('Added. They can sign in now.')).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: email });
    await expect(row).toContainText('Never');

    const person = await browser.newContext({ baseURL });
    const theirs = await person.newPage();
    await signInAs(theirs, email, password);
    expect(await status(person.request, '/api/jobs')).toBe(200);

    await page.reload();
    await expect(row).not.toContainText('Never');
    await row.getByRole('combobox', { name: `Role of ${email}` }).selectOption('viewer');
    await row.getByRole('button', { name: `Change the role of ${email}` }).click();
    await expect.poll(() => status(person.request, '/api/jobs'), { timeout: 60_000 }).toBe(401);

    // Signed in again, as a viewer now; then deactivated. In a new tab: the old one, its session ended, goes to the
    // sign-in page by itself at its next refresh, which would cut short a navigation of ours in the same tab.
    await theirs.close();
    const again = await person.newPage();
    await signInAs(again, email, password);
    await expect(again.getByRole('banner').getByText('Viewer', { exact: true })).toBeVisible();
    await page.reload();
    await row.getByRole('button', { name: `Deactivate ${email}` }).click();
    await expect(row.getByText('Deactivated')).toBeVisible();
    await expect.poll(() => status(person.request, '/api/jobs'), { timeout: 60_000 }).toBe(401);
    await person.close();
  });

  test('the last admin cannot deactivate themselves', async ({ page }) => {
    await signIn(page, 'admin');
    await page.goto('/admin/users');
    const row = page.getByRole('row').filter({ hasText: 'admin@fleet.local' });
    await row.getByRole('button', { name: 'Deactivate admin@fleet.local' }).click();
    await expect(row.getByRole('alert')).toHaveText(/is the last active admin/);
    await page.goto('/');
    await expect(page).toHaveURL((url) => url.pathname === '/');
  });
});

test.describe('password guessing', () => {
  // Its own client address and an address with no account, so that no other test's sign-in is slowed.
  const headers = { 'x-forwarded-for': '203.0.113.77' };
  const target = `nobody-${Date.now()}@fleet.local`;

  test('is answered 429 with Retry-After once an account has failed 5 times, and the form says how long', async ({
    page,
    playwright,
    baseURL,
  }) => {
    test.setTimeout(180_000); // it waits out the first delays: about 31 s
    const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: headers });
    const guess = async () => {
      const { csrfToken } = await (await request.get('/api/auth/csrf')).json();
      return request.post('/api/auth/callback/credentials', {
        form: { email: target, password: 'guess', csrfToken, json: 'true' },
      });
    };
    // Delays double from 1 s after the 5th failure. A refusal is waited out until the wait is long (32 s), so
    // that the form below is refused too however slow this machine is.
    let refused: Awaited<ReturnType<typeof guess>> | null = null;
    for (let attempt = 0; attempt < 40; attempt++) {
      const response = await guess();
      if (response.status() !== 429) {
        expect(response.status()).toBe(401);
        continue;
      }
      refused = response;
      const wait = Number(response.headers()['retry-after']);
      expect(await response.json()).toMatchObject({ error: { code: 'too_many_attempts', retryAfterSeconds: wait } });
      if (wait >= 30) break;
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    }
    expect(Number(refused?.headers()['retry-after'])).toBeGreaterThanOrEqual(30);
    await request.dispose();

    await page.setExtraHTTPHeaders(headers);
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(target);
    await page.getByLabel('Password').fill('guess');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Too many sign-in attempts' })).toBeVisible();
  });
});

test.describe('hostile requests', () => {
  let evil: Server;
  let evilUrl = '';

  test.beforeAll(async ({ baseURL }) => {
    // Another port of the same host: same-site, so the browser sends the console's Lax cookie with a form post.
    evil = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html>
        <form id="f" method="post" enctype="text/plain" action="${baseURL}/api/simulator/faults">
          <input name='{"kind":"hang","target":"csrf-probe","x":"' value='"}'>
        </form>
        <script>document.getElementById('f').submit()</script>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
  });
  test.afterAll(() => new Promise<void>((resolve) => evil.close(() => resolve())));

  test("a page on another port cannot make an operator's browser inject a fault", async ({ page }) => {
    await signIn(page, 'operator');
    const answer = page.waitForResponse((response) => response.url().endsWith('/api/simulator/faults'));
    await page.goto(evilUrl);
    const response = await answer;
    expect(response.status()).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'cross_origin' } });
    const { commands } = await (await page.request.get('/api/simulator/faults')).json();
    expect(
      commands.filter((command: { params: { target: string } }) => command.params.target === 'csrf-probe'),
    ).toEqual([]);
  });

  test('a server action body over 1 MB is answered 413, and a NUL in an address 400', async ({ page }) => {
    await signIn(page, 'operator');
    const big = await page.request.post('/jobs', {
      headers: {
        'next-action': '0'.repeat(40),
        'content-type': 'text/plain;charset=UTF-8',
        origin: new URL(page.url()).origin,
      },
      data: 'x'.repeat(1_100_000),
    });
    expect(big.status()).toBe(413);
    expect(await big.text()).toContain('larger than 1 MB');
    const nul = await page.request.get('/jobs?q=mmlu%00');
    expect(nul.status()).toBe(400);
    expect(await nul.text()).toContain('NUL');
    expect((await page.request.get('/api/nodes/2147483648')).status()).toBe(404);
  });

  test('every answer forbids framing and sniffing; a page runs only its own nonced scripts', async ({ page }) => {
    await signIn(page, 'viewer');
    const answer = await page.goto('/jobs');
    const headers = answer!.headers();
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('same-origin');
    expect(headers['permissions-policy']).toContain('camera=()');
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const nonce = /'nonce-([^']+)'/.exec(headers['content-security-policy'])![1];
    expect(await page.locator('script[nonce]').count()).toBeGreaterThan(0);
    // Scripts carry the nonce as a property only (browsers hide the attribute); the page ran them: it is interactive.
    expect(nonce.length).toBeGreaterThan(10);
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeEnabled();
    const api = await page.request.get('/api/jobs');
    expect(api.headers()['x-frame-options']).toBe('DENY');
    expect(api.headers()['x-content-type-options']).toBe('nosniff');
  });
});

test('a wrong password for a demo account still signs in afterwards (the throttle leaves a few mistakes alone)', async ({
  page,
}) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('viewer@fleet.local');
  await page.getByLabel('Password').fill(`${E2E_PASSWORDS.viewer}-typo`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Email or password is incorrect.' })).toBeVisible();
  await signIn(page, 'viewer');
});

test.describe('addresses that name nothing', () => {
  test('answer 404 to a plain request, and show inside the console what is missing', async ({ page }) => {
    await signIn(page, 'viewer');
    const missing: [string, string][] = [
      ['/jobs/999999', 'There is no such job'],
      ['/jobs/not-a-number', 'There is no such job'],
      ['/nodes/999999', 'There is no such node'],
      ['/slos/999999', 'There is no such SLO'],
      ['/incidents/999999', 'There is no such incident'],
      ['/reports/2001-01-01', 'There is no report for that week'], // a Monday long before any data
      ['/reports/2026-12-08', 'There is no report for that week'], // a Tuesday
    ];
    for (const [path, heading] of missing) {
      // What curl -I, a link checker or a monitoring probe sees: the status line, before any HTML.
      expect((await page.request.get(path, { maxRedirects: 0 })).status(), path).toBe(404);
      const answer = await page.goto(path);
      expect(answer!.status(), path).toBe(404);
      await expect(page.getByText(heading)).toBeVisible();
      await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    }
    // A job that exists still answers 200 with its page.
    await page.goto('/jobs');
    const first = page.getByTestId('jobs-table').locator('tbody tr a').first();
    const href = await first.getAttribute('href');
    expect((await page.request.get(href!, { maxRedirects: 0 })).status()).toBe(200);
  });
});
