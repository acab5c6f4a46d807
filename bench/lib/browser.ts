// Debian's Chromium driven by Playwright, launched as the browser tests launch it, for timings taken inside a
// page. Page code is passed as strings: functions would be serialized after tsx's transform, helpers and all.
import { chromium, type Browser, type BrowserContext } from '@playwright/test';

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
