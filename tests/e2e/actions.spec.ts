import { expect, type Page } from '@playwright/test';
import { signIn, test } from './fixtures';

/** A node of the demo cluster that is ready now, read from the fleet map's API as the signed-in user. */
async function readyNode(page: Page): Promise<{ id: number; hostname: string }> {
  const map = await (await page.request.get('/api/fleet/map')).json();
  const node = map.nodes.find((candidate: { state: string }) => candidate.state === 'ready');
  expect(node, 'a ready node in the demo cluster').toBeTruthy();
  return { id: node.id, hostname: node.hostname };
}

test.describe('acting on nodes and jobs', () => {
  test('an operator sees a cordon’s impact, gives a reason, and follows the action to its outcome', async ({
    page,
  }) => {
    await signIn(page, 'operator');
    const node = await readyNode(page);
    await page.goto(`/nodes/${node.id}`);
    await page.getByRole('button', { name: `Cordon ${node.hostname}` }).click();

    const dialog = page.getByRole('dialog', { name: `Cordon ${node.hostname}?` });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Stops new work from being scheduled on the node');
    await expect(dialog.getByTestId('impact-gpus')).toHaveText('8');
    await expect(dialog).toContainText('No running job is disrupted.');

    // The reason is required for the audit log: the server's message shows at the field.
    const confirm = dialog.getByRole('button', { name: `Cordon ${node.hostname}` });
    await confirm.click();
    await expect(dialog.getByText(/say why, for the audit log/)).toBeVisible();
    await dialog.getByLabel('Reason, for the audit log').fill('Fan noise on GPU 3; keeping new work off');
    await confirm.click();

    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: `Cordon ${node.hostname}` })).toBeFocused();
    const recent = page.getByTestId('recent-actions');
    const row = recent.getByRole('row').filter({ hasText: 'Fan noise on GPU 3' });
    await expect(row).toContainText('operator@fleet.local');
    await expect(row.getByTestId('action-state')).toHaveText(/Pending|Running|Succeeded/);
    // Carried out by the worker's runner through the simulator: a cordon is done when the executor accepts it.
    await expect(row.getByTestId('action-state')).toHaveText('Succeeded', { timeout: 30_000 });
    // The page shows the outcome as it lands, without a reload: the node says Cordoned and offers Uncordon.
    await expect(page.locator('#main h1')).toContainText('Cordoned');
    await expect(page.getByRole('button', { name: `Uncordon ${node.hostname}` })).toBeVisible();
    await expect(page.getByRole('button', { name: `Cordon ${node.hostname}`, exact: true })).toHaveCount(0);
  });

  test('a viewer sees the actions but no buttons, and why', async ({ page }) => {
    await signIn(page, 'viewer');
    const node = await readyNode(page);
    await page.goto(`/nodes/${node.id}`);
    // Within #main: a streamed page is briefly in the document twice, its new copy hidden until React reveals it.
    await expect(page.locator('#main').getByTestId('actions-need-operator')).toHaveText(
      'Acting on this node needs the operator role.',
    );
    await expect(page.getByTestId('recent-actions')).toBeVisible();
    await expect(
      page.getByRole('button', { name: new RegExp(`^(Cordon|Drain|Reboot|Replace) ${node.hostname}`) }),
    ).toHaveCount(0);
    await page.goto('/fleet');
    await expect(page.getByTestId('pool-table').getByRole('row')).not.toHaveCount(0);
    await expect(page.getByTestId('pool-table').getByRole('button', { name: /^Scale / })).toHaveCount(0);
  });

  test('the restart dialog of a job shows the GPUs it stops and the work lost; Escape closes it', async ({ page }) => {
    await signIn(page, 'operator');
    // Any running training or fine-tuning job that is not already restarting: which ones are healthy at a given
    // moment depends on the hour the demo cluster started at.
    const list = await (
      await page.request.get(
        '/api/jobs?kind=training,fine_tuning&state=running&health=healthy,degraded,stalled&sort=gpus&dir=asc',
      )
    ).json();
    const job = list.rows[0];
    expect(job, 'a running training job in the demo cluster').toBeTruthy();
    await page.goto(`/jobs/${job.id}`);
    const restart = page.getByRole('button', { name: `Restart from checkpoint ${job.name}` });
    await restart.click();

    const dialog = page.getByRole('dialog', { name: `Restart from checkpoint ${job.name}?` });
    await expect(dialog.getByTestId('impact-gpus')).toHaveText(String(job.gpus));
    await expect(dialog.getByTestId('impact-lost')).toHaveText(/^[\d,]+\.\d{2} GPU-h\$[\d,]+\.\d{2}$/);
    const disrupted = dialog.getByRole('table', { name: /Jobs disrupted/ });
    await expect(disrupted.getByRole('row').filter({ hasText: job.name })).toContainText(/ago|none since it started/);
    await expect(dialog.getByLabel('Reason, for the audit log')).toBeFocused();

    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(restart).toBeFocused();
    await expect(
      page.getByTestId('recent-actions').getByRole('row').filter({ hasText: 'Restart from checkpoint' }),
    ).toHaveCount(0);
  });
});
