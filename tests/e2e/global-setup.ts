import type { FullConfig } from '@playwright/test';

/**
 * Waits until the worker has caught up, so that pages show the seeded cluster rather than an empty one. Its last
 * days are lived through with automatic recovery at each fault, which takes minutes on a busy machine.
 */
export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0].use.baseURL!;
  const deadline = Date.now() + 600_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const health = await (await fetch(`${baseURL}/api/health`)).json();
      last = JSON.stringify(health.data);
      if (health.data?.lagSeconds !== null && health.data.lagSeconds < 120) return;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`The worker did not catch up within 10 minutes: ${last}`);
}
