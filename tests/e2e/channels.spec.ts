import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from '@playwright/test';
import { signIn, test } from './fixtures';

// A Slack-compatible receiver on this machine: it keeps what is posted and answers as Slack does, 200 "ok".
const posts: { path: string; body: { text: string; blocks: { type: string }[] } }[] = [];
let server: Server;
let hookUrl = '';
/** The channel's test messages: the worker may deliver a live incident or budget alert to it meanwhile, as it should. */
const testPosts = () => posts.filter((post) => post.body.text.includes('Test message for the channel E2E slack'));

test.beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      posts.push({ path: request.url ?? '', body: JSON.parse(body) });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T0E2E/B0E2E/e2esecretpath`;
});
test.afterAll(() => server.close());

test.describe('notification channels', () => {
  test('an admin adds a Slack channel, tests it, edits what it takes, and deletes it', async ({ page }) => {
    await signIn(page, 'admin');
    await page.goto('/admin/channels');
    await expect(page.getByRole('heading', { name: 'Notification channels', level: 1 })).toBeVisible();

    const form = page.getByRole('form', { name: 'New channel' });
    await form.getByLabel('Name').fill('E2E slack');
    await form.getByLabel('Kind').selectOption('slack');
    await form.getByLabel('Webhook URL').fill(hookUrl);
    await expect(form.getByLabel('Incidents')).toHaveValue('ticket');
    await form.getByRole('button', { name: 'Add channel' }).click();
    await expect(form.getByText('Channel added.')).toBeVisible();

    const row = page
      .getByRole('table', { name: 'Notification channels' })
      .getByRole('row')
      .filter({ hasText: 'E2E slack' });
    await expect(row).toContainText('pages and tickets');
    // The URL's path is Slack's secret: the list shows its last 4 characters only.
    await expect(row).toContainText('/…path');
    await expect(row).not.toContainText('e2esecretpath');

    await row.getByRole('button', { name: 'Send test to E2E slack' }).click();
    await expect(row.getByRole('status')).toHaveText('Slack accepted it (200)');
    expect(testPosts()).toHaveLength(1);
    expect(testPosts()[0].path).toBe('/services/T0E2E/B0E2E/e2esecretpath');
    expect(testPosts()[0].body.blocks[0].type).toBe('header');

    await row.getByRole('link', { name: 'Edit E2E slack' }).click();
    const editForm = page.getByRole('form', { name: 'Edit E2E slack' });
    await expect(editForm.getByLabel('Webhook URL')).toHaveValue('');
    await expect(editForm.getByText('Leave empty to keep the one ending …path.')).toBeVisible();
    await editForm.getByLabel('Incidents').selectOption('page');
    await editForm.getByRole('button', { name: 'Save changes' }).click();
    await expect(editForm.getByText('Changes saved.')).toBeVisible();
    await expect(row).toContainText(/pages, budget alerts/);
    await expect(row).not.toContainText('pages and tickets');

    // The URL left empty was kept: a second test still reaches the receiver.
    await row.getByRole('button', { name: 'Send test to E2E slack' }).click();
    await expect.poll(() => testPosts().length).toBe(2);
    await expect(row.getByRole('status')).toHaveText('Slack accepted it (200)');

    await page.getByRole('link', { name: 'Close' }).click();
    await expect(page.getByRole('form', { name: 'Edit E2E slack' })).toHaveCount(0);
    await row.getByRole('button', { name: 'Delete E2E slack' }).click();
    const confirm = row.getByRole('group', { name: 'Delete E2E slack and its delivery history?' });
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(row.getByRole('button', { name: 'Delete E2E slack' })).toBeFocused();
    await row.getByRole('button', { name: 'Delete E2E slack' }).click();
    await confirm.getByRole('button', { name: 'Delete channel' }).click();
    await expect(row).toHaveCount(0);
    await expect(page.getByText('No channels yet')).toBeVisible();
  });
});
