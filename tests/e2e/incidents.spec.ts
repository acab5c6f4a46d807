import { expect, type Page } from '@playwright/test';
import { E2E_ALERTMANAGER_TOKEN } from '../../playwright.config';
import { signIn, test } from './fixtures';
import { firingAlert, webhook } from '../fakes/alertmanager-webhook';

const onCallRow = (page: Page, title: string) => page.getByTestId('on-call-row').filter({ hasText: title });

/** Moves the on-call selection with j until it rests on the row with this title. */
async function selectWithKeyboard(page: Page, title: string) {
  const rows = page.getByTestId('on-call-row');
  const count = await rows.count();
  await page.keyboard.press('k');
  for (let i = 0; i < count; i++) {
    if ((await onCallRow(page, title).getAttribute('aria-current')) === 'true') return;
    await page.keyboard.press('j');
  }
  await expect(onCallRow(page, title)).toHaveAttribute('aria-current', 'true');
}

test.describe('incidents', () => {
  test('an operator declares one, acknowledges it from the keyboard, adds a note and resolves it', async ({ page }) => {
    const title = `Checkpoint writes stalled ${Date.now()}`;
    await signIn(page, 'operator');
    await page.goto('/on-call');
    await expect(page.getByRole('heading', { name: 'On-call', level: 1 })).toBeVisible();

    const declare = page.getByRole('form', { name: 'Declare an incident' });
    await declare.getByLabel('What is wrong').fill(title);
    await declare.getByLabel('Severity').selectOption('page');
    await declare.getByLabel('Summary (optional)').fill('Every rank waits on the object store.');
    await declare.getByRole('button', { name: 'Declare incident' }).click();
    await expect(declare.getByText('Incident declared')).toBeVisible();

    const row = onCallRow(page, title);
    await expect(row).toBeVisible();
    await expect(row.getByText('Open', { exact: true })).toBeVisible();
    await expect(row.getByText('Page', { exact: true })).toBeVisible();

    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();

    await selectWithKeyboard(page, title);
    await page.keyboard.press('a');
    await expect(page.getByTestId('on-call-outcome')).toContainText(`Acknowledged “${title}”`);
    await expect(row.getByText('Acknowledged', { exact: true })).toBeVisible();
    await expect(row).toContainText('Omar Operator');

    await page.keyboard.press('o');
    await expect(page).toHaveURL(/\/incidents\/\d+$/);
    await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
    const times = page.getByTestId('incident-times');
    await expect(times).toContainText('Omar Operator');

    const actions = page.getByTestId('incident-actions');
    await actions.getByLabel('Note', { exact: true }).fill('Object store throttled us; raised the limit.');
    await actions.getByRole('button', { name: 'Add note' }).click();
    const timeline = page.getByTestId('incident-timeline');
    await expect(timeline).toContainText('Object store throttled us; raised the limit.');
    await expect(timeline).toContainText('Acknowledged by Omar Operator');

    await actions
      .getByLabel('Resolution', { exact: true })
      .fill('Raised the object store rate limit; writes are back to 40 s.');
    await actions.getByRole('button', { name: 'Resolve' }).click();
    await expect(page.locator('[data-state="resolved"]').first()).toBeVisible();
    await expect(timeline).toContainText('Raised the object store rate limit');
    await expect(actions.getByRole('button', { name: 'Reopen' })).toBeVisible();

    await page.goto('/on-call');
    await expect(page.getByTestId('on-call')).toBeVisible();
    await expect(onCallRow(page, title)).toHaveCount(0);
  });

  test('a viewer sees an incident Alertmanager raised, without any control to act on it', async ({ page }) => {
    const fingerprint = Date.now().toString(16).padStart(16, '0');
    const title = `GPU fell off the bus ${fingerprint}`;
    const received = await page.request.post('/api/alertmanager', {
      headers: { authorization: `Bearer ${E2E_ALERTMANAGER_TOKEN}` },
      data: webhook(
        `{}:{alertname="GpuFellOffTheBus",fp="${fingerprint}"}`,
        [
          firingAlert(fingerprint, {
            labels: { alertname: 'GpuFellOffTheBus', severity: 'critical' },
            annotations: { summary: title },
            startsAt: new Date().toISOString(),
            generatorURL: '',
          }),
        ],
        { alertname: 'GpuFellOffTheBus', severity: 'critical' },
      ),
    });
    expect(received.status()).toBe(200);

    await signIn(page, 'viewer');
    await page.goto('/on-call');
    const row = onCallRow(page, title);
    await expect(row).toBeVisible();
    await expect(row).toContainText('Alertmanager');
    await expect(page.getByRole('button', { name: /^Acknowledge/ })).toHaveCount(0);
    await expect(page.getByRole('form', { name: 'Declare an incident' })).toHaveCount(0);
    await selectWithKeyboard(page, title);
    await page.keyboard.press('a');
    await expect(page.getByTestId('on-call-outcome')).toContainText('needs the operator role');
    await expect(row.getByText('Open', { exact: true })).toBeVisible();

    await row.getByRole('link', { name: title }).click();
    await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
    await expect(page.getByTestId('incident-timeline')).toContainText(`Firing in Alertmanager: ${title}`);
    await expect(page.getByTestId('incident-actions')).toHaveCount(0);
    for (const name of ['Acknowledge', 'Assign', 'Add note', 'Resolve', 'Reopen']) {
      await expect(page.getByRole('button', { name })).toHaveCount(0);
    }
  });
});
