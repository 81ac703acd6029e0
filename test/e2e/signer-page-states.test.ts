/**
 * The signer page (/s/:token) in every state, in headless Chromium, against a scripted double of the signing API
 * (Playwright answers /api/v1/signing/* by the contract in DESIGN.md). The page, its CSP, its bundle and pdf.js are
 * the real ones served by the appliance; only the API's answers are scripted, so that states the real flow reaches
 * rarely (sealing, a document changed under the signer, an OIDC failure, a 200-page document) are covered too.
 * signer-page.test.ts walks the real journey against the real API.
 */
import test from 'ava';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { useChromium } from '../helpers/browser.js';
import { tempDir } from '../helpers/external-tool.js';
import { openPortalPage, unexpectedErrors, withPortalPage } from '../helpers/portal-browser.js';
import { canvasHasInk } from '../helpers/page-checks.js';
import type { SigningView } from '../../server/domain/signer-flow/view-signing.js';

const { available: haveChromium, browser } = useChromium(test);
const browserTest = haveChromium ? test.serial : test.serial.skip;

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 };
const CONSENT = {
  en:
    'I agree to sign this document electronically. My signature is recorded with the time, my ' +
    'e-mail address and the fingerprint of the document.',
  nb:
    'Jeg samtykker i å signere dokumentet elektronisk. Signaturen registreres med tidspunkt, ' +
    'e-postadressen min og dokumentets fingeravtrykk.',
};

const { appliance } = useAppliance(test, { admin: false });
let samplePdf: Buffer;
let longPdf: Buffer;
const shots = tempDir('segl-signer-states-shots-');
let tokenCounter = 0;

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What the signer API answers (the server's own type), with the authentication left loose for odd states. */
type FakeInfo = Omit<SigningView, 'authentication' | 'progress'> & {
  authentication: Record<string, string>;
  progress?: SigningView['progress'];
};

/** A scripted signing API for one token: the state it answers from, and every call the page made. */
class FakeSigningApi {
  readonly token = `tok_${String(++tokenCounter).padStart(4, '0')}_abcdefghijklmnopqrstuvwxyz`;
  readonly calls: { method: string; path: string; body: unknown }[] = [];
  info: FakeInfo;
  pdf: Buffer;
  otpCode = '246810';
  attemptsLeft = 5;
  /**
   * How many GETs after signing the document stays pending, then sealing, then completed. Held (Infinity) until a
   * test lowers them: the page polls every 3 s, and a state that lasts one poll can be gone before the test looks.
   */
  pendingPolls = Number.POSITIVE_INFINITY;
  sealingPolls = Number.POSITIVE_INFINITY;
  /** Answers for the next call to a path, before the scripted behaviour (one-shot). */
  readonly overrides = new Map<string, { status: number; json: unknown; headers?: Record<string, string> }>();

  constructor(
    options: {
      pdf?: Buffer;
      authentication?: Record<string, string>;
      signer?: Partial<FakeInfo['signer']>;
      document?: Partial<FakeInfo['document']>;
    } = {},
  ) {
    this.pdf = options.pdf ?? samplePdf;
    this.info = {
      document: {
        title: 'Tenancy agreement, Storgata 12',
        code: '7F3K-9QXM-2B8D-WT4N',
        pageCount: 3,
        sha256: sha256(this.pdf),
        status: 'pending',
        expiresAt: '2031-06-01T10:00:00.000Z',
        sender: { name: 'Kari Nordmann' },
        ...options.document,
      },
      signer: {
        id: 'signer-1',
        name: 'Ola Hansen',
        status: 'pending',
        signedAt: null,
        authenticated: false,
        yourTurn: true,
        ...options.signer,
      },
      authentication: options.authentication ?? { method: 'email-otp', emailHint: 'o…@example.com' },
      consent: CONSENT,
      signedPdfUrl: null,
    };
  }

  get base(): string {
    return `/api/v1/signing/${this.token}`;
  }

  paths(): string[] {
    return this.calls.map((call) => `${call.method} ${call.path}`);
  }

  async attach(page: Page): Promise<void> {
    await page.route(`**${this.base}**`, (route) => this.answer(route));
  }

  private async answer(route: Route): Promise<void> {
    const request = route.request();
    const path = new URL(request.url()).pathname.slice(this.base.length) || '/';
    const body = request.method() === 'POST' ? request.postDataJSON() : null;
    this.calls.push({ method: request.method(), path, body });
    const override = this.overrides.get(`${request.method()} ${path}`);
    if (override) {
      this.overrides.delete(`${request.method()} ${path}`);
      return route.fulfill({ status: override.status, json: override.json, headers: override.headers });
    }
    const { info } = this;
    if (request.method() === 'POST') {
      if (request.headers()['content-type'] !== 'application/json')
        return route.fulfill({ status: 415, json: { error: 'unsupported_media_type', message: 'JSON only' } });
    }
    switch (`${request.method()} ${path}`) {
      case 'GET /': {
        if (info.signer.status === 'signed' && info.document.status === 'pending') {
          if (this.pendingPolls-- <= 0) info.document.status = 'completed';
        } else if (info.document.status === 'completed' && !info.signedPdfUrl) {
          if (this.sealingPolls-- <= 0) info.signedPdfUrl = `${this.base}/signed-pdf`;
        }
        return route.fulfill({ json: info });
      }
      case 'POST /otp':
        return route.fulfill({ status: 202, json: { emailHint: 'o…@example.com', expiresInSeconds: 600 } });
      case 'POST /otp/verify': {
        if ((body as { code?: string }).code === this.otpCode) {
          info.signer.authenticated = true;
          return route.fulfill({ json: { authenticated: true } });
        }
        this.attemptsLeft -= 1;
        return route.fulfill({
          status: 422,
          json: { error: 'otp_invalid', message: 'wrong code', attemptsLeft: this.attemptsLeft },
        });
      }
      case 'GET /pdf':
        if (!info.signer.authenticated)
          return route.fulfill({
            status: 401,
            json: { error: 'signer_not_authenticated', message: 'authenticate first' },
          });
        return route.fulfill({ body: this.pdf, contentType: 'application/pdf' });
      case 'POST /sign': {
        const sign = body as { consent?: boolean; sha256?: string };
        if (sign.consent !== true)
          return route.fulfill({ status: 422, json: { error: 'consent_required', message: 'consent' } });
        if (sign.sha256 !== info.document.sha256)
          return route.fulfill({ status: 409, json: { error: 'document_changed', message: 'changed' } });
        info.signer.status = 'signed';
        info.signer.signedAt = new Date().toISOString();
        return route.fulfill({ json: { status: 'signed', documentStatus: info.document.status } });
      }
      case 'POST /decline':
        info.signer.status = 'declined';
        info.document.status = 'declined';
        return route.fulfill({ json: { status: 'declined' } });
      case 'GET /signed-pdf':
        return route.fulfill({
          body: this.pdf,
          contentType: 'application/pdf',
          headers: { 'Content-Disposition': 'attachment; filename="signed.pdf"' },
        });
      default:
        return route.fulfill({ status: 404, json: { error: 'not_found', message: 'no such route' } });
    }
  }
}

async function open(api: FakeSigningApi, options: Parameters<typeof openPortalPage>[1] = PHONE, query = '') {
  const opened = await openPortalPage(browser, options);
  await api.attach(opened.page);
  await opened.page.goto(`${appliance.url}/s/${api.token}${query}`);
  return opened;
}

async function shot(page: Page, name: string): Promise<string> {
  const path = join(shots, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

async function step(page: Page, name: string): Promise<void> {
  await page.locator(`main[data-step="${name}"]`).waitFor();
}

/** The review step with its first page drawn and the consent box ticked: ready to sign. */
async function consentOnReview(page: Page): Promise<void> {
  await step(page, 'review');
  await page.locator('li.page[data-page="1"][data-rendered="true"]').waitFor({ timeout: 30_000 });
  await page.getByLabel('I have read the document and agree to the text above').check();
}

/** The id of the focused element (focus management after each step). */
function focused(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.id ?? null);
}

test.before(async () => {
  samplePdf = Buffer.from(await createSamplePdf({ pages: 3, title: 'Tenancy agreement' }));
  longPdf = Buffer.from(await createSamplePdf({ pages: 200, title: 'Framework agreement' }));
});

browserTest('phone: code by e-mail, wrong then right, read, consent, sign, wait, sealed, download', async (t) => {
  const api = new FakeSigningApi();
  await withPortalPage(open(api), async ({ page, errors }) => {
    await step(page, 'authenticate');
    t.is(await page.locator('h1').innerText(), 'Tenancy agreement, Storgata 12');
    t.regex(await page.locator('.lead').innerText(), /Sent by Kari Nordmann/);
    t.regex(await page.locator('#authenticate').innerText(), /o…@example\.com/);
    t.false(api.paths().includes('GET /pdf'), 'no document bytes before authentication');
    t.log(`authenticate: ${await shot(page, 'phone-1-authenticate')}`);

    await page.getByRole('button', { name: 'Send code' }).click();
    const input = page.getByLabel('6-digit code from the e-mail');
    await input.waitFor();
    t.is(await focused(page), 'otp-input', 'focus moves to the code field');
    t.is(await input.getAttribute('inputmode'), 'numeric');
    t.is(await input.getAttribute('autocomplete'), 'one-time-code');
    t.true(await page.locator('#otp-resend').isDisabled(), 'resend waits for its cooldown');
    t.regex(await page.locator('#otp-resend').innerText(), /available in \d+ s/);

    await input.fill('12345');
    await page.keyboard.press('Enter');
    await page.locator('#otp-error').waitFor();
    t.regex(await page.locator('#otp-error').innerText(), /all 6 digits/);
    t.is(api.calls.filter((call) => call.path === '/otp/verify').length, 0, 'an incomplete code is not sent');

    await input.fill('135 799');
    t.is(await input.inputValue(), '135799', 'spaces and other characters are dropped');
    await page.keyboard.press('Enter');
    await page.locator('#otp-error:has-text("4 attempts left")').waitFor();
    t.is(await input.getAttribute('aria-invalid'), 'true');
    t.is(await focused(page), 'otp-input');
    t.log(`wrong code: ${await shot(page, 'phone-2-wrong-code')}`);

    await input.fill(api.otpCode);
    await page.getByRole('button', { name: 'Confirm code' }).click();
    await step(page, 'review');
    t.is(await focused(page), 'review-title', 'focus moves to the review heading');
    await page.locator('li.page[data-page="1"][data-rendered="true"]').waitFor({ timeout: 30_000 });
    t.true(await canvasHasInk(page, 'li.page[data-page="1"] canvas'), 'page 1 is drawn');
    t.is(await page.locator('li.page').count(), 3);
    t.is(await page.locator('li.page[data-page="2"] canvas').getAttribute('aria-label'), 'Page 2 of 3');
    t.regex(await page.locator('#fingerprint-check').innerText(), /exactly this fingerprint/);
    const sha256 = api.info.document.sha256;
    t.is(
      await page.locator('#fingerprint-short').innerText(),
      `${sha256.slice(0, 4)} ${sha256.slice(4, 8)} ${sha256.slice(8, 12)} ${sha256.slice(12, 16)} …`,
    );
    await page.getByText('Show the full fingerprint').click();
    t.is((await page.locator('#fingerprint-full').innerText()).replace(/\s/g, ''), api.info.document.sha256);
    t.is(await page.getAttribute('#open-pdf', 'href'), `${api.base}/pdf`);
    t.log(`review: ${await shot(page, 'phone-3-review')}`);

    await page.getByRole('button', { name: 'Sign the document' }).click();
    await page.locator('#sign-error').waitFor();
    t.regex(await page.locator('#sign-error').innerText(), /Tick the box/);
    t.is(await focused(page), 'consent', 'focus goes to the unticked consent');
    t.false(api.paths().includes('POST /sign'));
    t.regex(await page.locator('#consent-text').innerText(), /agree to sign this document electronically/);
    await page.getByLabel('I have read the document and agree to the text above').check();
    t.log(`consent given: ${await shot(page, 'phone-4-consent')}`);
    await page.getByRole('button', { name: 'Sign the document' }).click();
    await step(page, 'signed');
    const sign = api.calls.find((call) => call.path === '/sign')!;
    t.deepEqual(
      sign.body,
      { consent: true, sha256: api.info.document.sha256, language: 'en' },
      'the hash of the bytes shown, the consent and the language',
    );
    t.is(await focused(page), 'step-title');
    await page
      .locator('main[data-step="signed"] [data-outcome="signed"]', {
        hasText: /You have signed[\s\S]*Waiting for the other signers/,
      })
      .waitFor();
    t.log(`signed, waiting: ${await shot(page, 'phone-5-signed-waiting')}`);

    api.pendingPolls = 0; // the other signers sign: the next poll finds the document being sealed
    await page
      .locator('main[data-step="sealing"] [data-outcome="sealing"]', { hasText: /Sealing the document/ })
      .waitFor();
    t.log(`sealing: ${await shot(page, 'phone-6-sealing')}`);
    api.sealingPolls = 0; // the seal is made: the next poll finds the signed copy
    await step(page, 'completed');
    const download = page.getByRole('link', { name: 'Download the signed copy (PDF)' });
    t.is(await download.getAttribute('href'), `${api.base}/signed-pdf`);
    t.regex((await download.getAttribute('download')) ?? '', /Tenancy agreement, Storgata 12 \(signed\)\.pdf/);
    t.is(await focused(page), 'step-title');
    t.log(`completed: ${await shot(page, 'phone-7-completed')}`);
    const saved = await Promise.all([page.waitForEvent('download'), download.click()]);
    t.truthy(saved[0], 'the download starts');
    t.deepEqual(unexpectedErrors(errors, [422]), [], 'no script errors or CSP violations');
  });
});

browserTest(
  'desktop, in Norwegian from the browser: the pages beside a sticky sign panel; language ' +
    'switch keeps the ticked consent',
  async (t) => {
    const api = new FakeSigningApi({ signer: { authenticated: true } });
    await withPortalPage(open(api, { ...DESKTOP, locale: 'nb-NO' }), async ({ page, errors }) => {
      await step(page, 'review');
      t.is(await page.getAttribute('html', 'lang'), 'nb');
      t.is(await page.locator('#review-title').innerText(), 'Les dokumentet');
      await page.locator('li.page[data-page="1"][data-rendered="true"]').waitFor({ timeout: 30_000 });
      t.regex(await page.locator('#consent-text').innerText(), /Jeg samtykker/);
      await page.getByLabel('Jeg har lest dokumentet og godtar teksten ovenfor').check();
      const panel = await page.locator('#sign-panel').boundingBox();
      const pages = await page.locator('#pages').boundingBox();
      t.true(panel!.x > pages!.x + pages!.width, 'the sign panel is beside the pages');
      t.log(`desktop review (nb): ${await shot(page, 'desktop-1-review-nb')}`);
      // past the panel's place in the page, the panel must have stuck (wait for the scroll, which may be animated)
      const panelTop = await page
        .locator('#sign-panel')
        .evaluate((element) => element.getBoundingClientRect().top + window.scrollY);
      await page.mouse.wheel(0, 2500);
      await page.waitForFunction((top) => window.scrollY > top, panelTop);
      const stuck = await page.locator('#sign-panel').boundingBox();
      t.true(stuck!.y >= 0 && stuck!.y < 40, 'the sign panel stays in view while the pages scroll');

      await page.getByRole('button', { name: 'English' }).click();
      t.is(await page.getAttribute('html', 'lang'), 'en');
      t.true(
        await page.getByLabel('I have read the document and agree to the text above').isChecked(),
        'the ticked box survives the switch',
      );
      t.is(await page.locator('li.page[data-page="1"] canvas').getAttribute('aria-label'), 'Page 1 of 3');
      await page.getByRole('button', { name: 'Sign the document' }).click();
      await step(page, 'signed');
      t.is((api.calls.find((call) => call.path === '/sign')!.body as { language: string }).language, 'en');
      t.deepEqual(unexpectedErrors(errors), []);
    });
  },
);

browserTest('a 200-page document: placeholders for every page, only the pages near the screen are drawn', async (t) => {
  const api = new FakeSigningApi({ pdf: longPdf, signer: { authenticated: true }, document: { pageCount: 200 } });
  await withPortalPage(open(api), async ({ page, errors }) => {
    await step(page, 'review');
    await page.locator('li.page[data-page="1"][data-rendered="true"]').waitFor({ timeout: 30_000 });
    t.is(await page.locator('li.page').count(), 200);
    t.regex(await page.locator('.summary').innerText(), /200 pages/);
    const drawnAtTop = await page.locator('li.page[data-rendered="true"]').count();
    t.true(drawnAtTop >= 1 && drawnAtTop <= 12, `only pages near the top are drawn (${drawnAtTop})`);
    await page.locator('li.page[data-page="150"]').scrollIntoViewIfNeeded();
    await page.locator('li.page[data-page="150"][data-rendered="true"]').waitFor({ timeout: 30_000 });
    t.true(await canvasHasInk(page, 'li.page[data-page="150"] canvas'));
    await page.waitForTimeout(300);
    t.is(
      await page.locator('li.page[data-page="1"][data-rendered="true"]').count(),
      0,
      'page 1 was released when far away',
    );
    t.is(
      await page.$eval('li.page[data-page="1"] canvas', (c) => (c as HTMLCanvasElement).width),
      60,
      'back to a tiny placeholder',
    );
    const drawn = await page.locator('li.page[data-rendered="true"]').count();
    t.true(drawn <= 14, `a bounded number of pages are drawn (${drawn})`);
    t.log(
      `page 150 on a phone: ${await (
        async () => {
          const path = join(shots, 'phone-long-document.png');
          await page.screenshot({ path });
          return path;
        }
      )()}`,
    );
    t.deepEqual(unexpectedErrors(errors), []);
  });
});

browserTest('sequential order: someone before you has not signed; the page notices when it is your turn', async (t) => {
  const api = new FakeSigningApi({ signer: { yourTurn: false } });
  await withPortalPage(open(api), async ({ page, errors }) => {
    await step(page, 'not-your-turn');
    t.regex(await page.locator('[data-outcome="not-your-turn"]').innerText(), /Waiting for an earlier signer/);
    t.is(await page.locator('h1').innerText(), 'Tenancy agreement, Storgata 12', 'the title and sender are shown');
    t.is(await page.locator('#consent, #otp-send').count(), 0, 'nothing to sign or authenticate yet');
    t.log(`not your turn: ${await shot(page, 'phone-not-your-turn')}`);
    api.info.signer.yourTurn = true;
    await page.getByRole('button', { name: 'Check again' }).click();
    await step(page, 'authenticate');
    t.is(await focused(page), 'step-title');
    t.deepEqual(unexpectedErrors(errors), []);
  });
});

browserTest('a sign attempt answered not_your_turn shows the waiting state', async (t) => {
  const api = new FakeSigningApi({ signer: { authenticated: true } });
  await withPortalPage(open(api), async ({ page, errors }) => {
    await consentOnReview(page);
    api.overrides.set('POST /sign', { status: 409, json: { error: 'not_your_turn', message: 'wait' } });
    api.info.signer.yourTurn = false;
    await page.getByRole('button', { name: 'Sign the document' }).click();
    await step(page, 'not-your-turn');
    t.deepEqual(unexpectedErrors(errors, [409]), []);
  });
});

browserTest(
  'the document changed under the signer: it is fetched and drawn again and consent is asked again',
  async (t) => {
    const api = new FakeSigningApi({ signer: { authenticated: true } });
    await withPortalPage(open(api), async ({ page, errors }) => {
      await consentOnReview(page);
      // The server now holds other bytes: the next sign request names the old hash and is refused.
      const other = Buffer.from(await createSamplePdf({ pages: 2, title: 'Amended agreement' }));
      api.pdf = other;
      api.info.document.sha256 = sha256(other);
      api.info.document.pageCount = 2;
      await page.getByRole('button', { name: 'Sign the document' }).click();
      await page.locator('#sign-error:has-text("has changed")').waitFor();
      t.is(await focused(page), 'review-title');
      await page.locator('li.page[data-page="1"][data-rendered="true"]').waitFor({ timeout: 30_000 });
      t.is(await page.locator('li.page').count(), 2, 'the new document is shown');
      t.false(await page.locator('#consent').isChecked(), 'consent is asked again');
      await page.locator('#consent').check();
      await page.getByRole('button', { name: 'Sign the document' }).click();
      await step(page, 'signed');
      const signs = api.calls.filter((call) => call.path === '/sign');
      t.is((signs.at(-1)!.body as { sha256: string }).sha256, sha256(other));
      t.deepEqual(unexpectedErrors(errors, [409]), []);
    });
  },
);

browserTest('bytes that do not match the stated fingerprint are never signed', async (t) => {
  const api = new FakeSigningApi({ signer: { authenticated: true }, document: { sha256: 'ab'.repeat(32) } });
  await withPortalPage(open(api), async ({ page, errors }) => {
    await step(page, 'review');
    await page.locator('#fingerprint-mismatch').waitFor();
    t.is(await page.locator('#sign-button').count(), 0, 'no sign button for bytes that are not the stated document');
    t.regex(await page.locator('#sign-panel').innerText(), /Do not sign/);
    await page.getByLabel('I have read the document and agree to the text above').check();
    await page.keyboard.press('Enter');
    await page.waitForTimeout(200);
    t.false(api.paths().includes('POST /sign'));
    t.log(`mismatch: ${await shot(page, 'phone-fingerprint-mismatch')}`);
    t.deepEqual(unexpectedErrors(errors), []);
  });
});

browserTest(
  'declining: the reason form opens with focus, needs a reason, and ends in the declined state',
  async (t) => {
    const api = new FakeSigningApi({ signer: { authenticated: true } });
    await withPortalPage(open(api), async ({ page, errors }) => {
      await step(page, 'review');
      const toggle = page.getByRole('button', { name: 'Decline to sign' });
      t.is(await toggle.getAttribute('aria-expanded'), 'false');
      await toggle.click();
      t.is(await toggle.getAttribute('aria-expanded'), 'true');
      t.is(await focused(page), 'decline-reason');
      await page.getByRole('button', { name: 'Cancel' }).click();
      t.is(await focused(page), 'decline-toggle', 'cancel returns focus to the toggle');
      await toggle.click();
      await page.getByRole('button', { name: 'Decline', exact: true }).click();
      await page.locator('#decline-error').waitFor();
      t.regex(await page.locator('#decline-error').innerText(), /short reason/);
      await page.getByLabel('Reason').fill('The rent in clause 2 is wrong.');
      t.regex(await page.locator('#decline-counter').innerText(), /30 of 500 characters/);
      t.log(`decline form: ${await shot(page, 'phone-decline-form')}`);
      await page.getByRole('button', { name: 'Decline', exact: true }).click();
      await step(page, 'declined');
      t.deepEqual(api.calls.find((call) => call.path === '/decline')!.body, {
        reason: 'The rent in clause 2 is wrong.',
      });
      t.regex(await page.locator('[data-outcome="declined"]').innerText(), /You declined to sign/);
      t.is(await focused(page), 'step-title');
      t.log(`declined: ${await shot(page, 'phone-declined')}`);
      t.deepEqual(unexpectedErrors(errors), []);
    });
  },
);

browserTest(
  'OIDC: a button with the provider label to the start URL; a failed return shows a plain message, not the URL text',
  async (t) => {
    const api = new FakeSigningApi({
      authentication: { method: 'oidc', provider: 'bankid', label: 'BankID', startUrl: '/api/v1/signing/x/oidc/start' },
    });
    await withPortalPage(
      open(api, PHONE, '?auth=failed&reason=Call%20555-1234%20to%20verify'),
      async ({ page, errors }) => {
        await step(page, 'authenticate');
        const start = page.getByRole('link', { name: 'Continue with BankID' });
        t.is(await start.getAttribute('href'), '/api/v1/signing/x/oidc/start');
        t.regex(await page.locator('#auth-message').innerText(), /Signing in did not succeed/);
        t.false(
          (await page.locator('body').innerText()).includes('555-1234'),
          'the reason from the address is never shown',
        );
        t.is(new URL(page.url()).search, '', 'the query is removed from the address');
        t.log(`oidc: ${await shot(page, 'phone-oidc-failed')}`);
        t.deepEqual(unexpectedErrors(errors), []);
      },
    );
  },
);

browserTest('link and document problems: expired link, cancelled and expired documents, throttling', async (t) => {
  const expired = new FakeSigningApi();
  expired.overrides.set('GET /', { status: 410, json: { error: 'signing_link_expired', message: 'expired' } });
  let opened = await open(expired);
  try {
    await step(opened.page, 'link-expired');
    t.regex(await opened.page.locator('h1').innerText(), /This signing link has expired/);
    t.log(`link expired: ${await shot(opened.page, 'phone-link-expired')}`);
    t.deepEqual(unexpectedErrors(opened.errors, [410]), []);
  } finally {
    await opened.close();
  }

  for (const status of ['cancelled', 'expired'] as const) {
    const api = new FakeSigningApi({ document: { status } });
    opened = await open(api);
    try {
      await step(opened.page, 'closed');
      t.regex(
        await opened.page.locator('[data-outcome="closed"]').innerText(),
        status === 'cancelled' ? /The sender cancelled the signing/ : /The signing deadline has passed/,
      );
      t.false(api.paths().includes('GET /pdf'));
      t.log(`${status}: ${await shot(opened.page, `phone-document-${status}`)}`);
      t.deepEqual(unexpectedErrors(opened.errors), []);
    } finally {
      await opened.close();
    }
  }

  const throttled = new FakeSigningApi();
  // Retry-After 3 s (not 1): the message must still be on screen when the test looks for it
  throttled.overrides.set('GET /', {
    status: 429,
    json: { error: 'rate_limited', message: 'slow down' },
    headers: { 'Retry-After': '3' },
  });
  opened = await open(throttled);
  try {
    await opened.page.locator('main[data-step="failed"]', { hasText: /wait 3 seconds/ }).waitFor();
    await step(opened.page, 'authenticate');
    t.pass('it tried again by itself after Retry-After');
  } finally {
    await opened.close();
  }
});

browserTest('keyboard only: tab to the consent, tick it with Space, sign with Enter', async (t) => {
  const api = new FakeSigningApi({ signer: { authenticated: true } });
  await withPortalPage(open(api, DESKTOP), async ({ page, errors }) => {
    await step(page, 'review');
    await page.locator('li.page[data-page="1"][data-rendered="true"]').waitFor({ timeout: 30_000 });
    const reached: string[] = [];
    for (let i = 0; i < 20 && (await focused(page)) !== 'consent'; i += 1) {
      await page.keyboard.press('Tab');
      reached.push((await focused(page)) ?? '?');
    }
    t.is(await focused(page), 'consent', `reached by Tab: ${reached.join(' ')}`);
    await page.keyboard.press('Space');
    t.true(await page.locator('#consent').isChecked());
    await page.keyboard.press('Tab');
    t.is(await focused(page), 'sign-button');
    await page.keyboard.press('Enter');
    await step(page, 'signed');
    t.deepEqual(unexpectedErrors(errors), []);
  });
});
