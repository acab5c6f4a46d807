// Debian's Chromium driven by Playwright, launched as the browser tests launch it, for timings taken inside a
// page. Page code is passed as strings: functions would be serialized after tsx's transform, helpers and all.
import { chromium, type Browser, type BrowserContext } from '@playwright/test';

/** Chromium's flags, here and in the browser tests (playwright.config.ts): no sandbox, GPU or background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const VIEWPORT = { width: 1440, height: 900 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A fresh browser context (nothing cached), holding the cookies of a Cookie header when one is given. */
export async function newContext(browser: Browser, base: string, cookieHeader?: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  if (cookieHeader) {
    const cookies = cookieHeader.split('; ').map((pair) => {
      const at = pair.indexOf('=');
      return { name: pair.slice(0, at), value: pair.slice(at + 1), url: base };
    });
    await context.addCookies(cookies);
  }
  return context;
}

/** Before any page script: the time (ms from navigation start) `selector` first matches, as `window.__benchReady`. */
const readyWatcher = (selector: string) => `
  (() => {
    const seen = () => {
      if (window.__benchReady === undefined && document.querySelector(${JSON.stringify(selector)})) {
        window.__benchReady = performance.now();
      }
    };
    new MutationObserver(seen).observe(document, { childList: true, subtree: true, attributes: true });
  })();`;

export interface PageLoad {
  /** Navigation start to the later of the load event and `selector` first showing: the page whole and drawn. */
  readyMs: number;
  /** Navigation start to the HTML's last byte (the server's part, and the transfer). */
  htmlMs: number;
}

/**
 * One load of `url` in a new page of `context` (warm: the context keeps the scripts cached), timed inside the page.
 * Fails if `selector` never shows, or the page logs an error.
 */
export async function timePageLoad(context: BrowserContext, url: string, selector: string): Promise<PageLoad> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
  page.on('pageerror', (error) => void errors.push(error.message));
  try {
    await page.addInitScript(readyWatcher(selector));
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    // Polled with evaluate: waitForFunction compiles its string in the page, which the console's CSP refuses.
    const deadline = Date.now() + 60_000;
    while (!(await page.evaluate('window.__benchReady !== undefined'))) {
      if (Date.now() > deadline) throw new Error(`${url}: ${selector} never showed`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (errors.length) throw new Error(`${url}: ${errors.join('; ')}`);
    return (await page.evaluate(`(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return { readyMs: Math.max(window.__benchReady, nav.loadEventEnd), htmlMs: nav.responseEnd };
    })()`)) as PageLoad;
  } finally {
    await page.close();
  }
}
