/**
 * The staff app (/app) in headless Chromium against a real in-process appliance: signing in through /login, the
 * page's headers and assets, and the sender's whole journey on a phone and on a desktop (upload into a folder, two
 * signers, sequential send, the personal links, a reminder, the audit trail with its chain check, signing through
 * the API, completion with B-LTA and the signed download, cancelling another document). Screenshots of every state
 * go to a temporary directory (logged) for someone to look at; every page must be free of script errors and CSP
 * violations, and never scroll sideways on a phone.
 */
import test, { type ExecutionContext } from 'ava';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { useChromium } from '../helpers/browser.js';
import { createFolder, grantFolder } from '../helpers/documents.js';
import { tempDir } from '../helpers/external-tool.js';
import { assertCspDirectives, fetchPageBundle, PORTAL_CSP } from '../helpers/page-checks.js';
import { unexpectedErrors, recordPageErrors, addStaffSession } from '../helpers/portal-browser.js';
import { createDraft, mailedCode, sendDraft, SignerClient, tokenOf, expectJson } from '../helpers/signing.js';
import {
  createEnrolledStaff,
  createTestStaff,
  nextTotp,
  signInStaff,
  createTickingClock,
  type EnrolledStaff,
} from '../helpers/staff.js';
import { runRetention } from '../../server/domain/retention/run-retention.js';

const { available: haveChromium, browser } = useChromium(test);
const browserTest = haveChromium ? test.serial : test.serial.skip;

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 };

const clock = createTickingClock();
const { appliance } = useAppliance(test, { clock, admin: false });
const work = tempDir('segl-staff-app-');
const shots = tempDir('segl-staff-app-shots-');

interface AppPage {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** A fresh browser context that records script errors, console errors and CSP violations. */
async function openApp(options: {
  viewport: typeof PHONE | typeof DESKTOP;
  locale?: string;
  cookie?: string;
}): Promise<AppPage> {
  const context = await browser.newContext({
    ...options.viewport,
    locale: options.locale ?? 'en-GB',
    timezoneId: 'Europe/Oslo',
  });
  if (options.cookie) await addStaffSession(context, appliance.url, options.cookie);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: appliance.url });
  const page = await context.newPage();
  const errors = recordPageErrors(page);
  return { context, page, errors };
}

/** A full-page screenshot, cut into screen-high parts so that a long page stays legible when looked at. */
async function shot(t: ExecutionContext, page: Page, name: string): Promise<void> {
  const { width, height } = page.viewportSize()!;
  const total = await page.evaluate(() => document.documentElement.scrollHeight);
  const part = Math.max(height, 1000);
  const paths: string[] = [];
  for (let y = 0, i = 1; y < total; y += part, i += 1) {
    const path = join(shots, total > part ? `${name}-${i}.png` : `${name}.png`);
    await page.screenshot({ path, fullPage: true, clip: { x: 0, y, width, height: Math.min(part, total - y) } });
    paths.push(path);
  }
  t.log(`${name}: ${paths.join(' ')}`);
}

async function noSidewaysScroll(t: ExecutionContext, page: Page, where: string): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  const viewport = page.viewportSize()!.width;
  t.true(width <= viewport, `no horizontal scrolling (${where}: ${width}px in ${viewport}px)`);
}

function focusedId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.id || null);
}

/**
 * Focus on `id` after an asynchronous action: the app moves focus once its fetch round trip is done (and a poll or a
 * timer may re-render in between), so wait for it to land before asserting; if it never does, the assertion says
 * where focus is instead.
 */
async function expectFocus(t: ExecutionContext, page: Page, id: string, message?: string): Promise<void> {
  await page
    .waitForFunction((expected) => document.activeElement?.id === expected, id, { timeout: 10_000 })
    .catch((error: unknown) => {
      if (!(error instanceof Error && error.name === 'TimeoutError')) throw error;
    });
  t.is(await focusedId(page), id, message);
}

async function samplePdf(name: string, title: string, pages = 2): Promise<string> {
  const path = join(work, name);
  writeFileSync(path, await createSamplePdf({ pages, title }));
  return path;
}

/** A signer signs through the signing API with the personal link the app showed, and an e-mailed code. */
async function signThroughApi(url: string, email: string): Promise<void> {
  const client = new SignerClient(appliance, tokenOf(url));
  await expectJson(await client.request(''), 200);
  await client.authenticateWithOtp(() => mailedCode(appliance.dataDir, email));
  await expectJson(await client.post('/sign', { consent: true }), 200);
}

test.serial(
  'the page: the portal policy (no inline code or styles), no-store, hashed assets from this ' +
    'origin; deep links answer the same page',
  async (t) => {
    for (const path of [
      '/app',
      '/app?folder=abc&status=pending&q=lease',
      '/app/documents/0b5c2f0e-1111-4d1d-8a55-2a7f3b9c0d11',
    ]) {
      const response = await fetch(`${appliance.url}${path}`);
      t.is(response.status, 200, path);
      const csp = response.headers.get('content-security-policy') ?? '';
      assertCspDirectives(t, csp, PORTAL_CSP);
      t.notRegex(csp, /unsafe-eval|unsafe-inline|blob:|data:|https?:/);
      t.is(response.headers.get('cache-control'), 'no-store');
      const html = await response.text();
      t.notRegex(html, /<script>|<style|style=|https?:\/\//, 'no inline code or styles, no third-party resources');
      for (const { text } of await fetchPageBundle(t, appliance.url, html, 'app')) {
        // an address with a host (a placeholder such as "https://" in a form names none)
        const elsewhere = /https?:\/\/(?!www\.w3\.org\/2000\/svg)[\w.-]/;
        t.notRegex(text, elsewhere, 'the bundle loads nothing from elsewhere');
      }
    }
    t.is((await fetch(`${appliance.url}/app/documents/not..an..id`)).status, 404);
    const root = await fetch(`${appliance.url}/`, { redirect: 'manual' });
    t.is(root.status, 302);
    t.is(root.headers.get('location'), '/app');
  },
);

browserTest(
  'a signed-out visit goes to /login; password and TOTP bring the user back; upload without ' +
    'folders; listed with its code; download; a lost session comes back to the same page; phone',
  async (t) => {
    const admin = await createEnrolledStaff(appliance, 'admin', { name: 'Kari Nordmann' });
    const pdfPath = await samplePdf('agreement.pdf', 'Lease agreement', 3);
    const { context, page, errors } = await openApp({ viewport: PHONE });
    try {
      await page.goto(`${appliance.url}/app`);
      await page.waitForURL('**/login');
      await signInOnLoginPage(page, admin);
      await page.waitForURL('**/app');
      errors.length = 0; // the first visit's 401 (signed out, sent to /login) is expected
      await page.waitForSelector('#who:has-text("Kari Nordmann")');
      await page.locator('#documents-empty').waitFor();
      await shot(t, page, 'phone-empty-archive');

      await page.click('#upload-toggle');
      t.is(await focusedId(page), 'upload-file', 'opening the upload moves focus to the file picker');
      t.is(
        await page.locator('#upload-folder').inputValue(),
        '',
        'an administrator without folders uploads to the top level',
      );
      await page.click('#upload-submit');
      await page.locator('#upload-file-error').waitFor();
      t.is(await focusedId(page), 'upload-file', 'a missing file is said next to the picker, which takes focus');
      await chooseUpload(page, pdfPath);
      t.is(await page.locator('#upload-title').inputValue(), 'agreement', 'the title starts as the file name');
      await page.fill('#upload-title', 'Lease agreement 2026');
      await shot(t, page, 'phone-upload-form');
      await page.click('#upload-submit');
      await page.waitForURL(/\/app\/documents\/[A-Za-z0-9_-]+$/);
      const flash = await page.locator('#doc-flash').innerText();
      t.regex(flash, /“Lease agreement 2026” is uploaded with code [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
      await page.locator('#status[data-status="draft"]').waitFor();

      await page.click('#back');
      await page.waitForURL('**/app');
      const row = page.locator('#documents li', { hasText: 'Lease agreement 2026' });
      await row.waitFor();
      t.regex(await row.innerText(), /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/, 'the document code is shown');
      t.regex(await row.locator('.badge').innerText(), /Draft/);
      t.true((await page.locator('#more').count()) === 0, 'no "show more" when everything is shown');
      await shot(t, page, 'phone-list-after-upload');
      await noSidewaysScroll(t, page, 'list');

      await row.locator('a.doc-title').click();
      const download = await page.locator('#download').getAttribute('href');
      const pdf = await page.request.get(`${appliance.url}${download}`);
      t.is(pdf.status(), 200);
      t.is(pdf.headers()['content-type'], 'application/pdf');
      t.deepEqual(unexpectedErrors(errors), [], 'no script errors or CSP violations');

      // the session ends: the app sends the user to /login, and after signing in again back to the same document
      const documentUrl = page.url();
      await context.clearCookies();
      await page.reload();
      await page.waitForURL('**/login');
      await signInOnLoginPage(page, admin);
      await page.waitForURL(documentUrl);
      await page.locator('#page-title', { hasText: 'Lease agreement 2026' }).waitFor();
      t.deepEqual(unexpectedErrors(errors, [401]), [], 'only the expected 401');
    } finally {
      await context.close();
    }
  },
);

/** The /login page as a person uses it: e-mail and password, then the authenticator code. */
async function signInOnLoginPage(page: Page, staff: EnrolledStaff): Promise<void> {
  await page.fill('#step-password input[name=email]', staff.email);
  await page.fill('#step-password input[name=password]', staff.password);
  await page.click('#step-password button[type=submit]');
  await page.waitForSelector('#step-code:not([hidden])');
  await page.fill('#step-code input[name=code]', nextTotp(staff, clock));
  await page.click('#step-code button[type=submit]');
}

/** Picks a file in the upload panel and waits until the panel has read it (the PDF check is asynchronous). */
async function chooseUpload(page: Page, path: string): Promise<void> {
  await page.setInputFiles('#upload-file', path);
  await page.locator('#upload .drop-zone.has-file').waitFor();
}

interface Staff {
  staff: EnrolledStaff;
  cookie: string;
  folderId: string;
  folderName: string;
}

/** A member with editor rights on a folder (inside a parent folder they can also see), signed in. */
async function member(label: string): Promise<Staff> {
  const staff = await createEnrolledStaff(appliance, 'member', { name: `Ola Sender ${label}` });
  const parent = await createFolder(appliance, { name: `Customers ${label}` });
  const folderName = `Contracts ${label}`;
  const folderId = await createFolder(appliance, { name: folderName, parentId: parent });
  await createFolder(appliance, { name: `Archive ${label}`, parentId: parent });
  await grantFolder(appliance, { folderId: parent, userId: staff.id, role: 'editor' });
  return { staff, cookie: await signInStaff(appliance, staff, clock), folderId, folderName };
}

async function journey(t: ExecutionContext, phone: boolean): Promise<void> {
  const tag = phone ? 'phone' : 'desktop';
  const who = await member(tag);
  const first = { name: `Eva Berg ${tag}`, email: `eva.berg.${tag}@example.org` };
  const second = { name: `Nils Dahl ${tag}`, email: `nils.dahl.${tag}@example.org` };
  const { context, page, errors } = await openApp({ viewport: phone ? PHONE : DESKTOP, cookie: who.cookie });
  try {
    await page.goto(`${appliance.url}/app`);
    await page.waitForSelector(`#who:has-text("${who.staff.name}")`);
    if (phone) {
      t.true(await page.locator('#folder-nav').isHidden(), 'on a phone the folder tree is folded away');
      await page.click('#folders-toggle');
      t.is(await page.locator('#folders-toggle').getAttribute('aria-expanded'), 'true');
      await shot(t, page, `${tag}-folders-open`);
    }
    await page.locator('#folder-nav a.folder-link', { hasText: who.folderName }).click();
    await page.locator('#page-title', { hasText: who.folderName }).waitFor();
    await expectFocus(t, page, 'page-title', 'after navigating, focus is on the new heading');
    t.is(new URL(page.url()).searchParams.get('folder'), who.folderId, 'the folder is in the address');
    t.is(await page.locator(`#folder-nav a[aria-current="page"]`).innerText(), who.folderName);
    await page.locator('#documents-empty').waitFor();
    await shot(t, page, `${tag}-folder-empty`);

    // upload into the folder
    await page.click('#upload-toggle');
    t.is(await page.locator('#upload-folder').inputValue(), who.folderId, 'the upload goes to the folder on screen');
    await chooseUpload(page, await samplePdf(`purchase-${tag}.pdf`, 'Purchase agreement', 3));
    await page.fill('#upload-title', `Purchase agreement ${tag}`);
    await page.click('#upload-submit');
    await page.waitForURL(/\/app\/documents\/[A-Za-z0-9_-]+$/);
    const documentId = page.url().split('/').pop()!;
    await page.locator('#status[data-status="draft"]').waitFor();
    await expectFocus(t, page, 'page-title');
    const code = await page.locator('#doc-code').innerText();
    t.regex(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    t.is(
      await page.locator('#verify-link').getAttribute('href'),
      `/v/${code}`,
      'a link to the public verification page',
    );
    await shot(t, page, `${tag}-draft`);

    // add signers: mistakes are said next to their field
    await page.click('#signer-add');
    await page.locator('#signer-name-error').waitFor();
    t.is(await focusedId(page), 'signer-name', 'a missing name takes focus');
    await page.fill('#signer-name', first.name);
    await page.fill('#signer-email', first.email);
    await page.selectOption('#signer-method', 'oidc');
    await page.fill('#signer-provider', 'nosuchidp');
    await page.click('#signer-add');
    const unknown = page.locator('#signer-provider-error');
    await unknown.waitFor();
    t.regex(await unknown.innerText(), /email-otp/, 'a 422 unknown_auth_method shows the methods the server lists');
    await expectFocus(t, page, 'signer-provider');
    await shot(t, page, `${tag}-signer-unknown-method`);
    await page.selectOption('#signer-method', 'email-otp');
    t.is(await page.locator('#signer-provider').count(), 0, 'the provider key is asked only for an identity provider');
    await page.click('#signer-add');
    await page.locator('#signer-added').waitFor();
    t.regex(await page.locator('#signer-added').innerText(), new RegExp(`${first.name} was added as signer number 1`));
    await expectFocus(t, page, 'signer-name', 'after adding, focus is back on the name for the next signer');
    t.is(await page.locator('#signer-name').inputValue(), '');

    await page.fill('#signer-name', 'Someone Else');
    await page.fill('#signer-email', first.email.toUpperCase());
    await page.press('#signer-email', 'Enter');
    await page.locator('#signer-email-error').waitFor();
    t.regex(
      await page.locator('#signer-email-error').innerText(),
      /already a signer/,
      'a 409 is said next to the e-mail',
    );
    await page.fill('#signer-name', second.name);
    await page.fill('#signer-email', second.email);
    await page.selectOption('#signer-language', 'en');
    await page.press('#signer-email', 'Enter');
    await page.locator('#signer-added', { hasText: second.name }).waitFor();
    t.is(await page.locator('#signer-list li').count(), 2);
    await shot(t, page, `${tag}-two-signers`);

    // send, one after another
    await page.check('#order-sequential');
    t.regex(await page.locator('#send-summary').innerText(), new RegExp(`${first.name} gets a link by e-mail now`));
    t.regex(await page.locator('#send-expires').inputValue(), /^\d{4}-\d{2}-\d{2}$/, 'a deadline is proposed');
    await shot(t, page, `${tag}-send-form`);
    // nothing is sent before the review is confirmed
    await page.click('#send-submit');
    await page.locator('#review').waitFor();
    await expectFocus(t, page, 'review-title', 'the review takes focus');
    t.regex(await page.locator('#review-order').innerText(), /One after another/);
    const reviewed = await page.locator('#review-signers li .signer-name').allInnerTexts();
    t.deepEqual(reviewed, [`${first.name} <${first.email}>`, `${second.name} <${second.email}>`]);
    const secondLanguage = await page.locator('#review-signers li').nth(1).innerText();
    t.regex(secondLanguage, /in English/, 'each signer’s language is in the review');
    await shot(t, page, `${tag}-review`);
    await page.click('#send-confirm');
    await page.locator('#links').waitFor();
    await expectFocus(t, page, 'links-title', 'after sending, focus is on the signing links');
    await page.locator('#status[data-status="pending"]').waitFor();
    t.regex(await page.locator('.doc-meta-row .badge').innerText(), /Pending 0\/2/);
    t.regex(await page.locator('#links-warning').innerText(), /Keep these links private/);
    const urls = await page
      .locator('#link-list input')
      .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    t.is(urls.length, 2);
    for (const url of urls) t.regex(url, new RegExp(`^${appliance.url}/s/[A-Za-z0-9_-]{20,}$`));
    t.is(await page.locator('#link-list li').nth(0).locator('.chip').innerText(), 'E-mailed');
    t.regex(await page.locator('#link-list li').nth(1).innerText(), /E-mailed when it is their turn/);
    await page.click('#copy-0');
    await page.locator('#copy-0', { hasText: 'Copied' }).waitFor();
    t.is(await page.evaluate(() => navigator.clipboard.readText()), urls[0], 'the copy button copies the link');
    await expectFocus(t, page, 'copy-0');
    await shot(t, page, `${tag}-sent-links`);
    await noSidewaysScroll(t, page, 'links');

    // remind: the first signer was invited a moment ago, so the reminder waits
    await page.click('#remind');
    await page.locator('#remind-result').waitFor();
    await expectFocus(t, page, 'remind-result');
    t.regex(
      await page.locator('#remind-result').innerText(),
      new RegExp(`${first.name} was e-mailed less than an hour ago`),
    );
    await shot(t, page, `${tag}-reminded`);

    // the audit trail: readable, times local with UTC on hover, chain intact
    await page.locator('#chain-status[data-intact="true"]').waitFor();
    t.regex(await page.locator('#chain-status').innerText(), /Chain intact/);
    const types = await page
      .locator('#audit-events li')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-type')));
    for (const type of ['document.created', 'signer.added', 'document.sent', 'signer.invited'])
      t.true(types.includes(type), `the trail has ${type}`);
    const created = page.locator('#audit-events li[data-type="document.created"]');
    t.regex(
      await created.innerText(),
      new RegExp(
        `Uploaded[\\s\\S]*Purchase agreement ${tag}[\\s\\S]*${who.staff.name} · staff[\\s\\S]*IP 127\\.0\\.0\\.1`,
      ),
    );
    t.regex(
      (await created.locator('time').getAttribute('title')) ?? '',
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} UTC$/,
      'UTC on hover',
    );
    await page.locator('#audit').scrollIntoViewIfNeeded();
    await shot(t, page, `${tag}-audit-trail`);

    if (phone) {
      // the same page in Norwegian
      await page.click('.lang-button[data-language="nb"]');
      await page.locator('#status-title', { hasText: 'Venter på signaturer' }).waitFor();
      t.is(await page.evaluate(() => document.documentElement.lang), 'nb');
      t.regex(await page.locator('#chain-status').innerText(), /Kjeden er intakt/);
      await shot(t, page, `${tag}-pending-nb`);
      await page.click('.lang-button[data-language="en"]');
      await page.locator('#status-title', { hasText: 'Waiting for signatures' }).waitFor();
    }

    // the signers sign through the API, in order; the page follows by itself
    await signThroughApi(urls[0]!, first.email);
    await page.locator('.doc-meta-row .badge', { hasText: 'Pending 1/2' }).waitFor({ timeout: 20_000 });
    await page.locator(`#signer-list li[data-status="signed"]`, { hasText: first.name }).waitFor();
    t.is(await page.locator('#remind-result').count(), 0, 'what the reminder said no longer holds');
    t.deepEqual(
      await page
        .locator('#link-list input')
        .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value)),
      [urls[1]],
      'only the link still to be used',
    );
    t.is(await page.locator('#link-list li .chip').innerText(), 'E-mailed', 'the next signer has been e-mailed now');
    await shot(t, page, `${tag}-one-signed`);
    // the folder's list, in another tab, says how far the signing has come
    const listTab = await context.newPage();
    await listTab.goto(`${appliance.url}/app?folder=${who.folderId}`);
    await listTab.locator('#documents li .badge', { hasText: 'Pending 1/2' }).waitFor();
    await shot(t, listTab, `${tag}-list-pending`);
    await noSidewaysScroll(t, listTab, 'list');
    await listTab.close();
    await signThroughApi(urls[1]!, second.email);
    await page.locator('#status[data-status="completed"]').waitFor({ timeout: 90_000 });
    t.regex(await page.locator('#doc-level').innerText(), /B-LTA/);
    t.regex(await page.locator('#doc-live').innerText(), /Completed/, 'the change is announced');
    const finalLink = page.locator('#download');
    t.is(await finalLink.innerText(), 'Download the signed PDF');
    const finalPdf = await page.request.get(`${appliance.url}${await finalLink.getAttribute('href')}`);
    t.is(finalPdf.status(), 200);
    t.is(finalPdf.headers()['content-type'], 'application/pdf');
    const finalSha = createHash('sha256')
      .update(await finalPdf.body())
      .digest('hex');
    t.is(
      (await page.locator('#final-sha256').textContent())?.replace(/\s/g, ''),
      finalSha,
      'the download is the sealed final PDF',
    );
    await page.locator('#audit-events li[data-type="document.sealed"]').waitFor();
    t.is(await page.locator('#chain-status').getAttribute('data-intact'), 'true');
    t.true(
      (await page.locator('#audit-events li[data-type="signer.signed"] .chip', { hasText: 'Timestamped' }).count()) >=
        1,
      'signatures are timestamped',
    );
    await shot(t, page, `${tag}-completed`);
    await noSidewaysScroll(t, page, 'completed');

    // another document, sent and then cancelled
    await page.click('#back');
    await page.locator('#documents li', { hasText: `Purchase agreement ${tag}` }).waitFor();
    await page.click('#upload-toggle');
    await chooseUpload(page, await samplePdf(`offer-${tag}.pdf`, 'Offer'));
    await page.fill('#upload-title', `Offer ${tag}`);
    await page.click('#upload-submit');
    await page.locator('#status[data-status="draft"]').waitFor();
    await page.fill('#signer-name', first.name);
    await page.fill('#signer-email', first.email);
    await page.click('#signer-add');
    await page.locator('#signer-added').waitFor();
    await page.click('#send-submit');
    await page.click('#send-confirm');
    await page.locator('#status[data-status="pending"]').waitFor();
    await page.click('#cancel-open');
    t.is(await focusedId(page), 'cancel-reason', 'the confirmation asks for a reason first');
    await page.fill('#cancel-reason', 'Sent to the wrong customer');
    await shot(t, page, `${tag}-cancel-confirm`);
    await page.click('#cancel-keep');
    t.is(await page.locator('#cancel-panel').count(), 0, '"keep it" closes the confirmation');
    t.is(await focusedId(page), 'cancel-open');
    await page.click('#cancel-open');
    await page.click('#cancel-confirm');
    await page.locator('#status[data-status="cancelled"]').waitFor();
    await expectFocus(t, page, 'status-title');
    t.is(await page.locator('#remind').count(), 0, 'nothing to remind once cancelled');
    await page
      .locator('#audit-events li[data-type="document.cancelled"]', { hasText: 'Sent to the wrong customer' })
      .waitFor();
    await shot(t, page, `${tag}-cancelled`);

    // the list shows where everything stands
    await page.click('#back');
    const list = page.locator('#documents li');
    await list.first().waitFor();
    t.regex(
      await page
        .locator('#documents li', { hasText: `Purchase agreement ${tag}` })
        .locator('.badge')
        .innerText(),
      /Completed/,
    );
    t.regex(
      await page
        .locator('#documents li', { hasText: `Offer ${tag}` })
        .locator('.badge')
        .innerText(),
      /Cancelled/,
    );
    await page.selectOption('#filter-status', 'completed');
    await page.waitForURL(/status=completed/);
    await page.waitForFunction(
      () => document.querySelectorAll('#documents li').length === 1 && !document.querySelector('#results .working'),
    );
    t.regex(
      await list.first().innerText(),
      new RegExp(`Purchase agreement ${tag}`),
      'the status filter keeps the completed one',
    );
    await shot(t, page, `${tag}-list-filtered`);
    await noSidewaysScroll(t, page, 'list');
    t.truthy(documentId);

    // the 422 (unknown method) and 409 (signer exists) answers are logged by the browser; they are normal outcomes
    t.deepEqual(unexpectedErrors(errors, [409, 422]), [], 'no script errors or CSP violations');
  } finally {
    await context.close();
  }
}

browserTest(
  'the sender journey on a desktop: upload in a folder, two signers, sequential send, links, ' +
    'remind, audit trail, completion, download, cancel',
  async (t) => {
    await journey(t, false);
  },
);

browserTest('the sender journey on a phone (390x844), with a look at the Norwegian page', async (t) => {
  await journey(t, true);
});

browserTest(
  'paging: "show more" loads the next page by cursor and moves focus to the first new document',
  async (t) => {
    const who = await member('paging');
    const client = { cookie: who.cookie };
    const pdf = await createSamplePdf({ pages: 1, title: 'Paged' });
    for (let i = 1; i <= 27; i += 1) {
      const form = new FormData();
      // ten of them carry a word no document code can contain (codes have no I, L, O or U): the search finds just those
      form.set('title', `Paged document ${String(i).padStart(2, '0')}${i >= 10 && i <= 19 ? ' lilac' : ''}`);
      form.set('folderId', who.folderId);
      form.set('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'paged.pdf');
      const response = await fetch(`${appliance.url}/api/v1/documents`, {
        method: 'POST',
        body: form,
        headers: { Cookie: `segl_session=${client.cookie}`, Origin: appliance.url },
      });
      t.is(response.status, 201);
    }
    const { context, page, errors } = await openApp({ viewport: DESKTOP, cookie: who.cookie });
    try {
      await page.goto(`${appliance.url}/app?folder=${who.folderId}`);
      await page.locator('#documents li').first().waitFor();
      // keyboard: the first Tab reaches "skip to content", which moves focus to the content
      await page.keyboard.press('Tab');
      t.is(await focusedId(page), null);
      t.is(await page.evaluate(() => document.activeElement?.className), 'skip-link');
      await page.keyboard.press('Enter');
      t.is(await focusedId(page), 'main');
      await page.keyboard.press('Tab');
      t.is(
        await page.evaluate(() => document.activeElement?.id || document.activeElement?.className),
        'upload-toggle',
        'then the first control of the page',
      );
      t.is(new URL(page.url()).hash, '', 'no fragment in the address');
      t.is(await page.locator('#documents li').count(), 25);
      await page.click('#more');
      await page.locator('#documents li').nth(26).waitFor();
      t.is(await page.locator('#documents li').count(), 27);
      t.is(await page.locator('#more').count(), 0);
      t.is(
        await page.evaluate(() => document.activeElement?.textContent),
        await page.locator('#documents li a.doc-title').nth(25).innerText(),
        'focus on the first new document',
      );
      await page.fill('#filter-q', 'document lilac');
      await page.waitForURL(/q=document\+lilac/);
      await page.waitForFunction(
        () => document.querySelectorAll('#documents li').length === 10 && !document.querySelector('#results .working'),
      );
      t.false(await page.locator('#documents li', { hasText: 'Paged document 20' }).isVisible());
      const typed = await page.locator('#filter-q').inputValue();
      t.is(typed, 'document lilac', 'typing is not disturbed by the results coming in');
      await shot(t, page, 'desktop-list-search');

      // the folder as one ZIP: the link streams GET /api/v1/export?folderId=… and the browser saves it
      t.is(await page.locator('#export-link').innerText(), 'Export this folder (ZIP)');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-link')]);
      t.regex(download.suggestedFilename(), /^segl-export-\d{4}-\d{2}-\d{2}\.zip$/);
      const zip = readFileSync((await download.path())!);
      t.is(zip.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'a ZIP archive');
      t.is(
        zip.toString('latin1').split('/original.pdf').length - 1,
        2 * 27,
        'every document of the folder, in the local headers and the central directory',
      );
      t.deepEqual(unexpectedErrors(errors), [], 'no script errors or CSP violations');
    } finally {
      await context.close();
    }
  },
);

browserTest(
  'retention and legal holds: the retention line, a manager places and releases a hold, an ' +
    'administrator sets the folder’s period, a document deleted by retention shows its code; ' +
    'phone and desktop',
  async (t) => {
    const DAY = 24 * 60 * 60 * 1000;
    const folderName = 'Personnel files';
    const api = await createTestStaff(appliance, 'admin', 'Retention Setup');
    const json = (method: string, path: string, body?: unknown) =>
      api.api(path, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const folderId = await createFolder(appliance, { name: folderName });
    await expectJson(await json('PATCH', `/api/v1/folders/${folderId}`, { retentionDays: 30 }), 200);
    const manager = await createEnrolledStaff(appliance, 'member', { name: 'Mona Manager' });
    await grantFolder(appliance, { folderId, userId: manager.id, role: 'manager' });
    const admin = await createEnrolledStaff(appliance, 'admin', { name: 'Astrid Admin' });
    // one document that has ended (sent, then cancelled) and a draft that has not
    const ended = await createDraft(api, {
      title: 'Employment contract Hansen',
      folderId,
      signers: [{ name: 'Per Hansen', email: 'per.hansen@example.org' }],
    });
    await sendDraft(api, ended.id);
    await expectJson(
      await json('POST', `/api/v1/documents/${ended.id}/cancel`, { reason: 'Replaced by a new version' }),
      200,
    );
    const draft = await createDraft(api, { title: 'Onboarding checklist', folderId, signers: [] });
    const endedView = await expectJson(await json('GET', `/api/v1/documents/${ended.id}`), 200);
    t.like(endedView.retention, { days: 30, source: 'folder', folderId });
    const until = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'Europe/Oslo' }).format(
      new Date(endedView.retention.deleteAfter),
    );
    const managerCookie = await signInStaff(appliance, manager, clock);
    const adminCookie = await signInStaff(appliance, admin, clock);
    const emptyHeadings = (page: Page) =>
      page.$$eval('h1, h2, h3', (headings) => headings.filter((heading) => !heading.textContent?.trim()).length);

    // a manager of the folder: the retention line, then a hold placed and released from the document page
    for (const phone of [true, false]) {
      const tag = phone ? 'phone' : 'desktop';
      const { context, page, errors } = await openApp({ viewport: phone ? PHONE : DESKTOP, cookie: managerCookie });
      try {
        await page.goto(`${appliance.url}/app/documents/${ended.id}`);
        await page.locator('#status[data-status="cancelled"]').waitFor();
        t.is(
          await page.locator('#retention-text').innerText(),
          `Kept until ${until} (30 days after it ended, set on the folder “${folderName}”).`,
        );
        t.is(await page.locator('#hold-notice').count(), 0, 'not on hold yet');
        await page.click('#hold-open');
        await expectFocus(t, page, 'hold-reason', 'the hold form asks for the reason first');
        t.is(await page.locator('#hold-open').count(), 0, 'the button gives way to the form');
        await page.click('#hold-confirm');
        await page.locator('#hold-error').waitFor();
        t.regex(await page.locator('#hold-error').innerText(), /Give the reason for the hold/);
        await expectFocus(t, page, 'hold-reason', 'a missing reason is said next to the field, which takes focus');
        await page.press('#hold-reason', 'Escape');
        t.is(await page.locator('#hold-panel').count(), 0, 'Escape closes the form');
        await expectFocus(t, page, 'hold-open');
        await page.click('#hold-open');
        const reason = `Case 2026-117 (${tag}): dispute with a former employee`;
        await page.fill('#hold-reason', reason);
        await shot(t, page, `${tag}-hold-form`);
        await noSidewaysScroll(t, page, 'hold form');
        await page.click('#hold-confirm');
        await page.locator('#hold-notice').waitFor();
        await expectFocus(t, page, 'hold-notice', 'after placing the hold, focus is on the notice');
        t.is(await page.locator('#hold-notice-title').innerText(), `On legal hold: ${reason}`);
        t.regex(await page.locator('#hold-notice').innerText(), /will not be deleted/);
        t.regex(await page.locator('#retention').innerText(), /On legal hold: not deleted while the hold lasts/);
        t.is(await page.locator('#hold-open').count(), 0, 'no second hold');
        await page.locator('#audit-events li[data-type="document.held"]', { hasText: reason }).waitFor();
        t.regex(
          await page.locator('#audit-events li[data-type="document.held"]', { hasText: reason }).innerText(),
          /Legal hold placed[\s\S]*Mona Manager · staff/,
        );
        t.is(
          (await expectJson(await json('DELETE', `/api/v1/documents/${ended.id}`), 409)).error,
          'legal_hold',
          'the API refuses to delete it meanwhile',
        );
        await shot(t, page, `${tag}-hold-placed`);
        await noSidewaysScroll(t, page, 'on hold');

        await page.click('#hold-release');
        await page.locator('#hold-open').waitFor();
        await expectFocus(t, page, 'hold-open', 'after releasing, focus is on the button that places a hold again');
        t.is(await page.locator('#hold-notice').count(), 0);
        t.regex(await page.locator('#doc-flash').innerText(), /The legal hold is released/);
        t.is(await page.locator('#retention-held').count(), 0);
        await page.waitForFunction(
          (count) => document.querySelectorAll('#audit-events li[data-type="document.released"]').length === count,
          phone ? 1 : 2,
        );
        t.is(await page.locator('#chain-status').getAttribute('data-intact'), 'true');

        if (!phone) {
          await page.goto(`${appliance.url}/app/documents/${draft.id}`);
          await page.locator('#status[data-status="draft"]').waitFor();
          t.is(
            await page.locator('#retention-text').innerText(),
            `Kept 30 days after it ends (set on the folder “${folderName}”).`,
          );
          await page.locator('#hold-open').waitFor(); // drafts can be held too
        }
        t.is(await emptyHeadings(page), 0, 'no empty heading');
        t.deepEqual(unexpectedErrors(errors), [], 'no script errors or CSP violations');
      } finally {
        await context.close();
      }
    }

    // an administrator on the folder's list: the period, inherited again (kept until deleted), then 30 days again
    for (const phone of [true, false]) {
      const tag = phone ? 'phone' : 'desktop';
      const { context, page, errors } = await openApp({ viewport: phone ? PHONE : DESKTOP, cookie: adminCookie });
      try {
        await page.goto(`${appliance.url}/app?folder=${folderId}`);
        await page.locator('#documents li').first().waitFor();
        const text = page.locator('#folder-retention-text');
        await text.waitFor();
        await page.click('#retention-change');
        if (phone) {
          t.is(await text.count(), 0, 'the line gives way to the form');
          t.is(await page.locator('#retention-own').isChecked(), true, 'the folder sets its own period');
          await expectFocus(t, page, 'retention-own');
          t.is(await page.locator('#retention-days').inputValue(), '30');
          await page.fill('#retention-days', '0');
          await page.click('#retention-save');
          await page.locator('#retention-days-error').waitFor();
          await expectFocus(t, page, 'retention-days', 'a bad number is said next to the field, which takes focus');
          await shot(t, page, `${tag}-folder-retention-form`);
          await noSidewaysScroll(t, page, 'folder retention form');
          await page.check('#retention-inherit');
          t.is(await page.locator('#retention-days').count(), 0, 'no days to give when inheriting');
          await page.click('#retention-save');
          await page.locator('#retention-saved').waitFor();
          await expectFocus(t, page, 'retention-change');
          t.is(await text.innerText(), 'Documents here are kept until someone deletes them.');
          t.is((await expectJson(await json('GET', `/api/v1/folders/${folderId}`), 200)).retentionDays, null);
          await page.goto(`${appliance.url}/app/documents/${draft.id}`);
          await page.locator('#retention-text', { hasText: 'Kept until someone deletes it.' }).waitFor();
        } else {
          t.is(await page.locator('#retention-inherit').isChecked(), true, 'inherits since the phone saved it');
          await page.check('#retention-own');
          await page.fill('#retention-days', '30');
          await page.click('#retention-save');
          await page.locator('#retention-saved').waitFor();
          t.is(await text.innerText(), 'Documents here are deleted 30 days after they end (set on this folder).');
          t.is((await expectJson(await json('GET', `/api/v1/folders/${folderId}`), 200)).retentionDays, 30);
          await shot(t, page, `${tag}-folder-retention`);
        }
        t.deepEqual(unexpectedErrors(errors), [], 'no script errors or CSP violations');
      } finally {
        await context.close();
      }
    }

    // retention runs a month and a day later: the ended document goes, the draft stays
    const report = await runRetention({
      archive: appliance.deps.archive,
      defaultDays: appliance.deps.config.retentionDays,
      now: new Date(Date.now() + 31 * DAY),
    });
    t.deepEqual(report.failed, []);
    t.true(report.due.some((d) => d.id === ended.id));
    t.false(report.due.some((d) => d.id === draft.id));
    t.like(await expectJson(await json('GET', `/api/v1/documents/${ended.id}`), 200), { status: 'deleted', title: '' });

    for (const phone of [true, false]) {
      const tag = phone ? 'phone' : 'desktop';
      const { context, page, errors } = await openApp({
        viewport: phone ? PHONE : DESKTOP,
        cookie: phone ? managerCookie : adminCookie,
      });
      try {
        await page.goto(`${appliance.url}/app/documents/${ended.id}`);
        await page.locator('#status[data-status="deleted"]').waitFor();
        t.is(
          await page.locator('#page-title').innerText(),
          `Deleted document ${ended.code}`,
          'the code stands in for the erased title',
        );
        t.is(await page.title(), `Deleted document ${ended.code} – Segl`);
        t.regex(
          await page.locator('#status').innerText(),
          new RegExp(
            'Its code and fingerprint are kept, so a copy can still be checked on the verification page\\. ' +
              'Its title, its signers and the events of its audit trail were erased',
          ),
        );
        t.is(await page.locator('#hold-open').count(), 0, 'nothing left to hold');
        t.is(await page.locator('#download').count(), 0);
        t.is(await page.locator('#retention').count(), 0);
        t.is(await page.locator('#no-signers').innerText(), 'The signers were erased with the document.');
        await page.locator('#audit-events li[data-type="document.deleted"]').waitFor();
        t.is(await page.locator('#audit-events li').count(), 1);
        t.regex(await page.locator('#audit-events li').innerText(), /Deleted by the retention rules/);
        t.regex(await page.locator('#audit-erased').innerText(), /events were erased with the document/);
        t.is(await page.locator('#chain-status').getAttribute('data-intact'), 'true');
        t.is(await emptyHeadings(page), 0, 'no empty heading');
        await shot(t, page, `${tag}-deleted-by-retention`);
        await noSidewaysScroll(t, page, 'deleted document');
        t.is(await page.locator('#doc-code').count(), 0, 'the code is not said twice at the top');
        if (phone) {
          await page.click('.lang-button[data-language="nb"]');
          await page.locator('#page-title', { hasText: `Slettet dokument ${ended.code}` }).waitFor();
          t.regex(await page.locator('#status').innerText(), /Koden og fingeravtrykket er bevart/);
          await shot(t, page, `${tag}-deleted-by-retention-nb`);
          await page.click('.lang-button[data-language="en"]');
          await page.locator('#page-title', { hasText: `Deleted document ${ended.code}` }).waitFor();
        }

        await page.goto(`${appliance.url}/app?folder=${folderId}&status=deleted`);
        const row = page.locator(`#documents li[data-id="${ended.id}"]`);
        await row.waitFor();
        t.is(
          await row.locator('a.doc-title').innerText(),
          `Deleted document ${ended.code}`,
          'the list row shows the code too',
        );
        await shot(t, page, `${tag}-list-deleted`);
        await noSidewaysScroll(t, page, 'list of deleted documents');
        t.is(await emptyHeadings(page), 0, 'no empty heading');
        t.deepEqual(unexpectedErrors(errors), [], 'no script errors or CSP violations');
      } finally {
        await context.close();
      }
    }
  },
);
