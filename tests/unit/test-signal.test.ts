// The test command's own honesty: a browser test that passed only on a retry is a failure, and there are no
// retries to hide one; the browser tests' simulated cluster does not depend on the hour they run at.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '@/playwright.config';

const root = path.resolve(import.meta.dirname, '../..');

/** The expression scripts/test.sh counts the browser report with: [passed, failed]. */
function e2eCount(): (report: unknown) => [number, number] {
  const script = readFileSync(path.join(root, 'scripts/test.sh'), 'utf8');
  const expression = /count test-results\/e2e\.json "(.+)"/.exec(script)?.[1];
  if (!expression) throw new Error('scripts/test.sh no longer counts test-results/e2e.json');
  return new Function(`return (${expression})`)() as (report: unknown) => [number, number];
}

describe('the test signal', () => {
  it('counts a flaky browser test as a failure', () => {
    const report = { stats: { expected: 40, unexpected: 0, flaky: 1, skipped: 0 }, errors: [] };
    expect(e2eCount()(report)).toEqual([40, 1]);
  });

  it('counts an error outside any test as a failure', () => {
    const report = { stats: { expected: 40, unexpected: 0, flaky: 0, skipped: 0 }, errors: [{ message: 'setup' }] };
    expect(e2eCount()(report)).toEqual([40, 1]);
  });

  it('never retries a browser test, and pins the simulated cluster to a fixed time of day', () => {
    expect(config.retries).toBe(0);
    const webServer = Array.isArray(config.webServer) ? config.webServer[0] : config.webServer;
    expect(webServer?.env?.FLEET_SIM_START_AT).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
});
