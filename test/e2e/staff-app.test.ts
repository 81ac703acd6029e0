import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { startTestAppliance, type TestAppliance } from '../helpers/appliance.js';
import { createEnrolledStaff, createMutableClock, nextTotp, type MutableClock } from '../helpers/staff.js';
import { chromiumAvailable, launchChromium } from '../helpers/browser.js';
import { tempDir } from '../helpers/external-tool.js';

const haveChromium = chromiumAvailable();
let appliance: TestAppliance;
let clock: MutableClock;
let work: string;

test.before(async () => {
  clock = createMutableClock();
  appliance = await startTestAppliance({ clock });
  work = tempDir('segl-e2e-');
});

test.after.always(async () => {
  await appliance?.close();
});

(haveChromium ? test : test.serial.skip)('a member signs in with password and TOTP, uploads a PDF and sees it listed, on a phone-sized screen', async (t) => {
  const admin = await createEnrolledStaff(appliance, 'admin', { name: 'Kari Nordmann' });
  const pdfPath = join(work, 'agreement.pdf');
  writeFileSync(pdfPath, await createSamplePdf({ pages: 3, title: 'Lease agreement' }));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));

    await page.goto(`${appliance.url}/app`);
    await page.waitForURL('**/login');
    await page.fill('#step-password input[name=email]', admin.email);
    await page.fill('#step-password input[name=password]', admin.password);
    await page.click('#step-password button[type=submit]');
    await page.waitForSelector('#step-code:not([hidden])');
    await page.fill('#step-code input[name=code]', nextTotp(admin, clock));
    await page.click('#step-code button[type=submit]');
    await page.waitForURL('**/app');
    errors.length = 0; // the first visit's 401 (signed out, sent to /login) is expected
    await page.waitForSelector('#who:has-text("Kari Nordmann")');

    await page.fill('#upload input[name=title]', 'Lease agreement 2026');
    await page.setInputFiles('#upload input[name=file]', pdfPath);
    await page.click('#upload button[type=submit]');
    await page.waitForSelector('#message.ok');
    const row = page.locator('#documents tr', { hasText: 'Lease agreement 2026' });
    await row.waitFor();
    t.regex(await row.innerText(), /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/, 'the document code is shown');
    t.regex(await page.locator('#message').innerText(), /Uploaded "Lease agreement 2026" with code/);

    t.true(await page.locator('#more').isHidden(), 'no "show more" when everything is shown');
    const download = await page.locator('#documents a', { hasText: 'Lease agreement 2026' }).getAttribute('href');
    const pdf = await page.request.get(`${appliance.url}${download}`);
    t.is(pdf.status(), 200);
    t.is(pdf.headers()['content-type'], 'application/pdf');
    const screenshot = join(work, 'staff-app-phone.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    t.log(`screenshot: ${screenshot}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    t.true(width <= 390, `no horizontal scrolling on a phone (${width}px)`);
    t.deepEqual(errors, [], 'no script errors or CSP violations');
  } finally {
    await browser.close();
  }
});
