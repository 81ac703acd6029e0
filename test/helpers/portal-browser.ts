import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { tempDir } from './external-tool.js';

export interface PortalPage {
  page: Page;
  /** Script errors, console errors and CSP violations (Chromium reports those on the console). */
  errors: string[];
  close(): Promise<void>;
}

/** "Failed to load resource: ... 404" lines are expected where a test asks for an unknown code or is throttled. */
export function unexpectedErrors(errors: string[], allowedStatuses: number[] = []): string[] {
  return errors.filter(
    (error) =>
      !allowedStatuses.some((status) =>
        error.includes(`Failed to load resource: the server responded with a status of ${status}`),
      ),
  );
}

/** A fresh browser context (own storage, given locale and viewport) with a page that records every error. */
export async function openPortalPage(browser: Browser, options: BrowserContextOptions = {}): Promise<PortalPage> {
  const context = await browser.newContext({
    viewport: { width: 1100, height: 900 },
    deviceScaleFactor: 1,
    locale: 'en-GB',
    ...options,
  });
  const page = await context.newPage();
  return { page, errors: recordPageErrors(page), close: () => context.close() };
}

/**
 * Runs `use` on the page that `opening` gives (openPortalPage, or a test's own opener built on it), then closes the
 * page's browser context, whether `use` passed or threw.
 */
export async function withPortalPage(
  opening: Promise<PortalPage>,
  use: (opened: PortalPage) => Promise<void>,
): Promise<void> {
  const opened = await opening;
  try {
    await use(opened);
  } finally {
    await opened.close();
  }
}

/** What goes wrong on `page` from now on: script errors, console errors and CSP violations (said on the console). */
export function recordPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) errors.push(message.text());
  });
  return errors;
}

/** Signs a browser context in as staff: the session cookie `/login` sets, for the appliance at `url`. */
export function addStaffSession(context: BrowserContext, url: string, cookie: string): Promise<void> {
  return context.addCookies([{ name: 'segl_session', value: cookie, url, httpOnly: true, sameSite: 'Strict' }]);
}

const shots = tempDir('segl-portal-shots-');

/** A full-page screenshot in a temporary directory (logged by the tests so that someone looks at it). */
export async function portalScreenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  const path = join(shots, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? true });
  return path;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
