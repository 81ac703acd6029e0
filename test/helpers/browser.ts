import type { TestFn } from 'ava';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { standIn } from './stand-in.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Debian's Chromium, headless, with the flags this machine needs (no background networking, fresh profile). */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Browser tests need Chromium: under CI=true its absence is an error, elsewhere they skip loudly. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true')
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}; CI must install it (apt-get install chromium)`);
  process.stderr.write(
    `\n!!! SKIPPING browser tests: no Chromium at ${CHROMIUM_PATH} (apt-get install ` +
      `--no-install-recommends chromium)\n\n`,
  );
  return false;
}

/**
 * Chromium for the tests of a file: launched in `test.before` when it is there (see chromiumAvailable), closed in
 * `test.after.always`. `browser` stands in for it from the top of the file.
 */
export function useChromium(test: TestFn): { available: boolean; browser: Browser } {
  const available = chromiumAvailable();
  let browser: Browser | undefined;
  if (available) {
    test.serial.before(async () => {
      browser = await launchChromium();
    });
    test.serial.after.always(async () => {
      await browser?.close();
    });
  }
  return { available, browser: standIn(() => browser, 'Chromium') };
}
