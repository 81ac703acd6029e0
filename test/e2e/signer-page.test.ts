/**
 * The signer page (/s/:token) against the real appliance: its headers and assets, an unknown link, and the whole
 * journey in headless Chromium on a phone and on a desktop (invitation link, code by e-mail read from the outbox,
 * pages drawn by pdf.js, consent, signature, sealing, download). Screenshots of every state go to a temporary
 * directory (logged) for someone to look at. signer-page-states.test.ts covers the rarer states with a scripted API.
 */
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { createLogger } from '../../server/lib/logger.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { sendJson } from '../helpers/staff.js';
import { useChromium } from '../helpers/browser.js';
import { uploadDocument } from '../helpers/documents.js';
import { tempDir } from '../helpers/external-tool.js';
import { poll } from '../helpers/poll.js';
import { openPortalPage, sha256Hex, unexpectedErrors, withPortalPage } from '../helpers/portal-browser.js';
import { assertCspDirectives, canvasHasInk, fetchPageBundle, PORTAL_CSP } from '../helpers/page-checks.js';

const { available: haveChromium, browser } = useChromium(test);
const browserTest = haveChromium ? test.serial : test.serial.skip;

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 };
/** Well-formed (the page is served) but unknown to the appliance. */
const UNKNOWN_TOKEN = 'UnknownSigningLink_0123456789abcdef';

let logPath: string;
let destination: pino.DestinationStream & { flushSync(): void };
const shots = tempDir('segl-signer-page-shots-');
/** Every signing token and one-time code the tests saw: none may appear in the log. */
const secrets: string[] = [];

const { appliance, admin: sender } = useAppliance(test, () => {
  const logDir = tempDir('segl-signer-page-log-');
  logPath = join(logDir, 'segl.log');
  destination = pino.destination({ dest: logPath, sync: true }) as typeof destination;
  return { logger: createLogger({ level: 'debug', destination }), admin: 'Kari Nordmann' };
});

async function shot(page: Page, name: string, fullPage = true): Promise<string> {
  const path = join(shots, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

async function step(page: Page, name: string, timeout = 30_000): Promise<void> {
  await page.locator(`main[data-step="${name}"]`).waitFor({ timeout });
}

function focused(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.id ?? null);
}

interface SentDocument {
  id: string;
  bytes: Buffer;
  signers: { name: string; email: string; url: string; token: string }[];
}

/** Upload, add e-mail-code signers, send: what a sender does in the staff app. */
async function sendDocument(options: {
  title: string;
  pages: number;
  signers: { name: string; email: string }[];
  order?: 'parallel' | 'sequential';
}): Promise<SentDocument> {
  const bytes = Buffer.from(await createSamplePdf({ pages: options.pages, title: options.title }));
  const upload = await uploadDocument(sender, { bytes, title: options.title });
  if (upload.status !== 201) throw new Error(`upload: ${upload.status} ${await upload.text()}`);
  const { id } = (await upload.json()) as { id: string };
  for (const signer of options.signers) {
    const added = await sendJson(sender, 'POST', `/api/v1/documents/${id}/signers`, {
      ...signer,
      authMethod: 'email-otp',
    });
    if (added.status !== 201) throw new Error(`add signer: ${added.status} ${await added.text()}`);
  }
  const sent = await sendJson(
    sender,
    'POST',
    `/api/v1/documents/${id}/send`,
    options.order ? { order: options.order } : {},
  );
  if (sent.status !== 200) throw new Error(`send: ${sent.status} ${await sent.text()}`);
  const body = (await sent.json()) as { signers: { signingUrl: string }[] };
  const signers = options.signers.map((signer, i) => {
    const url = new URL(body.signers[i]!.signingUrl, appliance.url);
    const token = url.pathname.split('/').pop()!;
    secrets.push(token);
    return { ...signer, url: `${appliance.url}${url.pathname}`, token };
  });
  return { id, bytes, signers };
}

/**
 * The 6-digit code from the newest message to `email` in the outbox that arrived after `since` (file names sort by
 * time).
 */
async function otpFromOutbox(email: string, seen: Set<string>): Promise<string> {
  const dir = join(appliance.dataDir, 'outbox');
  return poll(
    `a one-time code for ${email} in ${dir}`,
    20_000,
    async () => {
      let names: string[] = [];
      try {
        names = readdirSync(dir)
          .filter((name) => name.endsWith('.eml') && !seen.has(name))
          .sort()
          .reverse();
      } catch {
        // no outbox yet
      }
      for (const name of names) {
        const mail = await simpleParser(readFileSync(join(dir, name)));
        const to = Array.isArray(mail.to) ? mail.to.flatMap((a) => a.value) : (mail.to?.value ?? []);
        const code = /(?:^|\D)(\d{6})(?:\D|$)/.exec(mail.text ?? '')?.[1];
        if (to.some((address) => address.address === email) && code && !/\/s\//.test(mail.text ?? '')) {
          seen.add(name);
          secrets.push(code);
          return code;
        }
      }
      return undefined;
    },
    200,
  );
}

/** Send code, read it from the outbox, type it: ends on the review step. */
async function authenticate(page: Page, email: string, seen: Set<string>, shotName?: string): Promise<void> {
  await step(page, 'authenticate');
  await page.getByRole('button', { name: 'Send code' }).click();
  const input = page.getByLabel('6-digit code from the e-mail');
  await input.waitFor();
  const code = await otpFromOutbox(email, seen);
  if (shotName) await shot(page, shotName);
  await input.fill(code);
  await page.getByRole('button', { name: 'Confirm code' }).click();
  await step(page, 'review');
}

test.serial(
  'the page: strict CSP with workers from this origin only, no-store, no referrer, hashed assets, pdf.js from here',
  async (t) => {
    const response = await fetch(`${appliance.url}/s/${UNKNOWN_TOKEN}`);
    t.is(response.status, 200, 'a well-formed token gets the page (the API decides whether the link is valid)');
    const csp = response.headers.get('content-security-policy') ?? '';
    assertCspDirectives(t, csp, [...PORTAL_CSP, "worker-src 'self'"]);
    t.notRegex(
      csp,
      /unsafe-eval|unsafe-inline|wasm-unsafe-eval|blob:|data:|https?:/,
      'no eval, no inline, no other origins',
    );
    t.is(response.headers.get('cache-control'), 'no-store');
    t.is(response.headers.get('referrer-policy'), 'no-referrer');
    const html = await response.text();
    t.false(html.includes(UNKNOWN_TOKEN), 'the shell never carries the token');
    t.notRegex(html, /<script>|<style|style=|https?:\/\//, 'no inline code or styles, no third-party resources');

    for (const { asset, text } of await fetchPageBundle(t, appliance.url, html, 'sign')) {
      t.notRegex(text, /https?:\/\/(?!www\.w3\.org\/2000\/svg)/, 'the bundle loads nothing from elsewhere');
      if (asset.endsWith('.js'))
        t.false(text.includes('GlobalWorkerOptions.workerSrc="http'), 'the worker comes from this origin');
    }

    const pdfjs = /data-pdfjs="([^"]+)"/.exec(html)?.[1];
    const worker = /data-pdfjs-worker="([^"]+)"/.exec(html)?.[1];
    t.regex(pdfjs ?? '', /^\/portal-assets\/pdfjs\/pdf-[0-9a-f]{16}\.mjs$/);
    t.regex(worker ?? '', /^\/portal-assets\/pdfjs\/pdf\.worker-[0-9a-f]{16}\.mjs$/);
    for (const path of [pdfjs!, worker!]) {
      const file = await fetch(`${appliance.url}${path}`);
      t.is(file.status, 200, path);
      t.regex(file.headers.get('content-type') ?? '', /^text\/javascript/);
      t.is(file.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      const bytes = Buffer.from(await file.arrayBuffer());
      t.is(sha256Hex(bytes).slice(0, 16), /-([0-9a-f]{16})\.mjs$/.exec(path)![1], 'the name is the content hash');
    }
    t.is((await fetch(`${appliance.url}/portal-assets/pdfjs/pdf-0000000000000000.mjs`)).status, 404);
    t.is((await fetch(`${appliance.url}/portal-assets/pdfjs/..%2F..%2Fpackage.json`)).status, 404);

    for (const malformed of ['short', 'has.dots.in.it.0123456789abc', 'x'.repeat(101)]) {
      const bad = await fetch(`${appliance.url}/s/${malformed}`);
      t.is(bad.status, 404, malformed);
      t.is(bad.headers.get('content-security-policy'), csp);
      t.regex(await bad.text(), /id="signing"/, 'the same page says the link does not work');
    }
  },
);

browserTest(
  'an unknown or malformed link says the link does not work, in the browser language, without CSP violations',
  async (t) => {
    for (const [path, locale, text] of [
      [`/s/${UNKNOWN_TOKEN}`, 'en-GB', 'This link does not work'],
      ['/s/too-short', 'nb-NO', 'Denne lenken virker ikke'],
    ] as const) {
      await withPortalPage(openPortalPage(browser, { ...PHONE, locale }), async ({ page, errors }) => {
        await page.goto(`${appliance.url}${path}`);
        await step(page, 'invalid');
        t.is(await page.locator('h1').innerText(), text);
        t.log(`invalid link (${locale}): ${await shot(page, `invalid-link-${locale}`)}`);
        t.deepEqual(unexpectedErrors(errors, [404]), [], 'no script errors or CSP violations');
      });
    }
  },
);

browserTest(
  'the whole journey: one signer on a phone, the other on a desktop; waiting, sealing, download',
  async (t) => {
    const doc = await sendDocument({
      title: 'Tenancy agreement, Storgata 12',
      pages: 3,
      signers: [
        { name: 'Ola Hansen', email: 'ola.hansen@example.org' },
        { name: 'Eva Berg', email: 'eva.berg@example.org' },
      ],
    });
    const seen = new Set<string>();
    const phone = await openPortalPage(browser, PHONE);
    const desktop = await openPortalPage(browser, { ...DESKTOP, locale: 'nb-NO' });
    try {
      // ---- the first signer, on a phone, in English ----
      const { page } = phone;
      await page.goto(doc.signers[0]!.url);
      await step(page, 'authenticate');
      t.is(await page.locator('h1').innerText(), 'Tenancy agreement, Storgata 12');
      t.regex(await page.locator('.lead').innerText(), /Sent by Kari Nordmann/);
      t.regex(await page.locator('#authenticate').innerText(), /o…@example\.org/);
      t.log(`phone, authenticate: ${await shot(page, 'journey-phone-1-authenticate')}`);
      await authenticate(page, doc.signers[0]!.email, seen, 'journey-phone-2-code-sent');
      t.is(await focused(page), 'review-title');

      await page.locator('li.page[data-page="1"][data-rendered="true"]').waitFor({ timeout: 30_000 });
      t.true(await canvasHasInk(page, 'li.page[data-page="1"] canvas'), 'page 1 is drawn, not blank');
      t.is(await page.locator('li.page').count(), 3);
      t.regex(await page.locator('.summary').innerText(), /3 pages/);
      t.regex(
        await page.locator('#fingerprint-check').innerText(),
        /exactly this fingerprint/,
        'the bytes shown are the bytes stated',
      );
      await page.getByText('Show the full fingerprint').click();
      t.is(
        (await page.locator('#fingerprint-full').innerText()).replace(/\s/g, ''),
        sha256Hex(doc.bytes),
        'the fingerprint of the uploaded file',
      );
      t.log(`phone, review: ${await shot(page, 'journey-phone-3-review', false)}`);
      await page.locator('li.page[data-page="3"]').scrollIntoViewIfNeeded();
      await page.locator('li.page[data-page="3"][data-rendered="true"]').waitFor({ timeout: 30_000 });
      t.true(await canvasHasInk(page, 'li.page[data-page="3"] canvas'));

      await page.getByLabel('I have read the document and agree to the text above').check();
      t.log(`phone, consent: ${await shot(page, 'journey-phone-4-consent', false)}`);
      await page.getByRole('button', { name: 'Sign the document' }).click();
      await step(page, 'signed');
      t.is(await focused(page), 'step-title');
      t.regex(
        await page.locator('[data-outcome="signed"]').innerText(),
        /You have signed[\s\S]*Waiting for the other signers/,
      );
      t.log(`phone, signed and waiting: ${await shot(page, 'journey-phone-5-waiting')}`);

      // ---- the second signer, on a desktop, in Norwegian (the browser's language), switching to English ----
      const other = desktop.page;
      await other.goto(doc.signers[1]!.url);
      await step(other, 'authenticate');
      t.is(await other.getAttribute('html', 'lang'), 'nb');
      t.regex(await other.locator('#authenticate').innerText(), /Bekreft hvem du er/);
      t.log(`desktop, authenticate (nb): ${await shot(other, 'journey-desktop-1-authenticate-nb')}`);
      await other.getByRole('button', { name: 'English' }).click();
      await authenticate(other, doc.signers[1]!.email, seen);
      await other.locator('li.page[data-page="1"][data-rendered="true"]').waitFor({ timeout: 30_000 });
      t.true(await canvasHasInk(other, 'li.page[data-page="1"] canvas'));
      await other.getByLabel('I have read the document and agree to the text above').check();
      t.log(`desktop, review: ${await shot(other, 'journey-desktop-2-review', false)}`);
      await other.getByRole('button', { name: 'Sign the document' }).click();
      await step(other, 'completed', 120_000);
      const download = other.getByRole('link', { name: 'Download the signed copy (PDF)' });
      t.regex((await download.getAttribute('href')) ?? '', /\/api\/v1\/signing\/[^/]+\/signed-pdf$/);
      t.log(`desktop, completed: ${await shot(other, 'journey-desktop-3-completed')}`);
      const [saved] = await Promise.all([other.waitForEvent('download'), download.click()]);
      const signed = readFileSync((await saved.path())!);
      t.is(signed.subarray(0, 5).toString('latin1'), '%PDF-');
      t.true(
        signed.subarray(0, doc.bytes.length).equals(doc.bytes),
        'the original is a byte-identical prefix of the sealed file',
      );
      t.true(signed.includes(Buffer.from('/ETSI.CAdES.detached')), 'the download is the sealed PAdES file');

      // ---- the phone, still open, finds out by itself ----
      await step(page, 'completed', 60_000);
      t.true(await page.getByRole('link', { name: 'Download the signed copy (PDF)' }).isVisible());
      t.log(`phone, completed: ${await shot(page, 'journey-phone-6-completed')}`);
      t.deepEqual(unexpectedErrors(phone.errors), [], 'phone: no script errors or CSP violations');
      t.deepEqual(unexpectedErrors(desktop.errors), [], 'desktop: no script errors or CSP violations');
    } finally {
      await phone.close();
      await desktop.close();
    }
  },
);

browserTest('sequential order: the second signer sees the document but waits for the first', async (t) => {
  const doc = await sendDocument({
    title: 'Board resolution',
    pages: 1,
    order: 'sequential',
    signers: [
      { name: 'First Signer', email: 'first@example.org' },
      { name: 'Second Signer', email: 'second@example.org' },
    ],
  });
  await withPortalPage(openPortalPage(browser, PHONE), async ({ page, errors }) => {
    await page.goto(doc.signers[1]!.url);
    await step(page, 'not-your-turn');
    t.is(await page.locator('h1').innerText(), 'Board resolution');
    t.regex(await page.locator('[data-outcome="not-your-turn"]').innerText(), /Waiting for an earlier signer/);
    t.is(await page.locator('#consent, #otp-send').count(), 0, 'nothing to sign yet');
    t.log(`not your turn: ${await shot(page, 'sequential-not-your-turn')}`);
    t.deepEqual(unexpectedErrors(errors), []);
  });
});

browserTest('declining with a reason ends the signing for everyone', async (t) => {
  const doc = await sendDocument({
    title: 'Supplier contract',
    pages: 2,
    signers: [{ name: 'Per Olsen', email: 'per@example.org' }],
  });
  await withPortalPage(openPortalPage(browser, PHONE), async ({ page, errors }) => {
    await page.goto(doc.signers[0]!.url);
    await authenticate(page, doc.signers[0]!.email, new Set());
    await page.getByRole('button', { name: 'Decline to sign' }).click();
    t.is(await focused(page), 'decline-reason');
    await page.getByLabel('Reason').fill('The delivery terms in clause 2 are not what we agreed.');
    await page.getByRole('button', { name: 'Decline', exact: true }).click();
    await step(page, 'declined');
    t.regex(await page.locator('[data-outcome="declined"]').innerText(), /You declined to sign/);
    const status = (await (await sender.api(`/api/v1/documents/${doc.id}`)).json()) as { status: string };
    t.is(status.status, 'declined');
    t.log(`declined: ${await shot(page, 'declined')}`);
    t.deepEqual(unexpectedErrors(errors), []);
  });
});

test.serial('afterwards: no signing token and no one-time code in the log', (t) => {
  destination.flushSync();
  const log = readFileSync(logPath, 'utf8');
  t.true(
    log.includes('"path":"/s/[redacted]"') || secrets.length === 0,
    'page requests are logged with the token redacted',
  );
  for (const secret of secrets) t.false(log.includes(secret), 'a secret reached the log');
});
