import test from 'ava';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { startTestAppliance } from '../helpers/appliance.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { useChromium } from '../helpers/browser.js';
import { uploadDocument } from '../helpers/documents.js';
import { tempDir } from '../helpers/external-tool.js';
import { poll } from '../helpers/poll.js';
import { startStalledUpload } from '../helpers/stalled-upload.js';
import { expectJson } from '../helpers/signing.js';
import { sendToOtpSigner, waitForDocumentStatus } from '../helpers/otp-signing.js';
import {
  openPortalPage,
  portalScreenshot,
  sha256Hex,
  unexpectedErrors,
  withPortalPage,
} from '../helpers/portal-browser.js';

const { available: haveChromium, browser } = useChromium(test);
const browserTest = haveChromium ? test.serial : test.serial.skip;

const { appliance, admin } = useAppliance(test, { env: { SEGL_PORTAL_RATE_LIMIT: '1000' }, admin: 'Portal Admin' });
let work: string;
/** A draft (uploaded, not sent). */
let draft: { id: string; code: string; bytes: Buffer; path: string; alteredPath: string };
/** A completed document: the original upload and its sealed final file. */
let completed: { id: string; code: string; originalPath: string; finalPath: string };

async function upload(title: string, bytes: Buffer): Promise<{ id: string; code: string }> {
  const response = await uploadDocument(admin, { bytes, title });
  if (response.status !== 201) throw new Error(`upload failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; code: string };
}

/** Opens the /v/ page of `code` and waits for the status card it shows (`status`: the document's state). */
async function openStatusCard(page: Page, code: string, status: string): Promise<Locator> {
  await page.goto(`${appliance.url}/v/${code}`);
  const card = page.locator(`#status-result [data-status="${status}"]`);
  await card.waitFor();
  return card;
}

/** Hands `file` to the full validation and waits until `shown` (a selector) appears in its result. */
async function dropOnValidatePanel(page: Page, file: string, shown: string): Promise<Locator> {
  await page.setInputFiles('#validate-file', file);
  const result = page.locator(`#validate-result ${shown}`);
  await result.waitFor();
  return result;
}

test.before(async () => {
  work = tempDir('segl-portal-e2e-');
  const bytes = Buffer.from(await createSamplePdf({ pages: 2, title: 'Tenancy agreement' }));
  const created = await upload('Confidential tenancy agreement', bytes);
  const path = join(work, 'tenancy.pdf');
  writeFileSync(path, bytes);
  // The same file with one content byte changed: what a forger would hand over.
  const altered = Buffer.from(bytes);
  const at = altered.indexOf('Tenancy');
  altered[at >= 0 ? at : Math.floor(altered.length / 2)] ^= 0x01;
  const alteredPath = join(work, 'tenancy-altered.pdf');
  writeFileSync(alteredPath, altered);
  draft = { ...created, bytes, path, alteredPath };

  // A document signed for real: one signer proves the e-mail address with a code and signs; the job seals it.
  const { draft: purchase, signer } = await sendToOtpSigner({
    appliance,
    staff: admin,
    pages: 1,
    title: 'Purchase contract',
    signer: { name: 'Ola Hansen', email: 'ola.hansen@example.org', language: 'en' },
  });
  const original = Buffer.from(await (await signer.request('/pdf')).arrayBuffer());
  await expectJson(await signer.post('/sign', { consent: true, sha256: sha256Hex(original) }), 200);
  await waitForDocumentStatus({
    staff: admin,
    id: purchase.id,
    status: 'completed',
    timeoutMs: 30_000,
    intervalMs: 50,
  });
  const final = Buffer.from(await (await admin.api(`/api/v1/documents/${purchase.id}/pdf`)).arrayBuffer());
  completed = {
    id: purchase.id,
    code: purchase.code,
    originalPath: join(work, 'purchase-original.pdf'),
    finalPath: join(work, 'purchase-signed.pdf'),
  };
  writeFileSync(completed.originalPath, original);
  writeFileSync(completed.finalPath, final);
});

test.serial('the pages carry a strict CSP and the assets are content-hashed and cached for a year', async (t) => {
  for (const path of ['/verify', `/v/${draft.code}`]) {
    const response = await fetch(`${appliance.url}${path}`);
    t.is(response.status, 200, path);
    const csp = response.headers.get('content-security-policy') ?? '';
    t.regex(csp, /default-src 'none'/);
    t.regex(csp, /script-src 'self'(;|$)/);
    t.regex(csp, /style-src 'self'(;|$)/);
    t.regex(csp, /connect-src 'self'(;|$)/);
    t.regex(csp, /frame-ancestors 'none'/);
    const html = await response.text();
    t.notRegex(html, /<script>|<style|style=|https?:\/\//, 'no inline code or styles, no third-party resources');
    const assets = [...html.matchAll(/(?:src|href)="(\/portal-assets\/[^"]+)"/g)].map((m) => m[1]!);
    t.is(assets.length, 2);
    for (const asset of assets) {
      t.regex(asset, /\/verify-[A-Z0-9]{8}\.(js|css)$/, 'content-hashed name');
      const file = await fetch(`${appliance.url}${asset}`);
      t.is(file.status, 200);
      t.is(file.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      t.regex(file.headers.get('content-type') ?? '', asset.endsWith('.js') ? /text\/javascript/ : /text\/css/);
      t.notRegex(
        await file.text(),
        /https?:\/\/(?!www\.w3\.org\/2000\/svg)/,
        'the bundle loads nothing from elsewhere',
      );
    }
  }
  t.is((await fetch(`${appliance.url}/portal-assets/verify-00000000.js`)).status, 404);
  t.is((await fetch(`${appliance.url}/portal-assets/..%2Fpackage.json`)).status, 404);
});

browserTest('a code typed in lowercase with spaces shows the status, and nothing personal', async (t) => {
  await withPortalPage(openPortalPage(browser), async ({ page, errors }) => {
    await page.goto(`${appliance.url}/verify`);
    await page.getByLabel('Document code').fill(`  ${draft.code.toLowerCase().replace(/-/g, ' ')} `);
    await page.keyboard.press('Enter');
    const card = page.locator('#status-result [data-status="draft"]');
    await card.waitFor();
    t.regex(await card.innerText(), /Not sent for signing yet/);
    t.true((await card.innerText()).includes(draft.code), 'the code, formatted');
    t.is(new URL(page.url()).pathname, `/v/${draft.code}`, 'the address becomes the shareable /v/ link');
    t.is(await page.inputValue('#code-input'), draft.code);
    const text = await page.locator('body').innerText();
    t.false(text.includes('Confidential tenancy agreement'), 'no title from the code alone');
    t.false(text.includes('Portal Admin'), 'no names from the code alone');
    t.true(await page.locator('#proof-panel').isVisible(), 'the possession check is offered');
    t.log(`screenshot: ${await portalScreenshot(page, 'verify-code-entered')}`);

    await page.getByLabel('Document code').fill('7F3K-9QXM');
    await page.getByRole('button', { name: 'Check code' }).click();
    await page.locator('#code-error:not([hidden])').waitFor();
    t.regex(await page.locator('#code-error').innerText(), /16 letters and digits/);
    t.is(await page.getAttribute('#code-input', 'aria-invalid'), 'true');

    await page.getByLabel('Document code').fill('0000-0000-0000-0000');
    await page.keyboard.press('Enter');
    await page.locator('#status-result .notice').waitFor();
    t.regex(await page.locator('#status-result').innerText(), /No document has this code/);
    t.deepEqual(unexpectedErrors(errors, [404]), [], 'no script errors or CSP violations');
  });
});

browserTest(
  '/v/:code shows the status straight away; the matching file is authentic, an altered one is not',
  async (t) => {
    await withPortalPage(openPortalPage(browser), async ({ page, errors }) => {
      await openStatusCard(page, draft.code, 'draft');
      await page.setInputFiles('#proof-file', draft.path);
      const match = page.locator('#proof-result [data-match="true"]');
      await match.waitFor();
      t.regex(await match.innerText(), /This is the authentic document/);
      t.regex(await match.innerText(), /Confidential tenancy agreement/, 'the holder of the file may see its title');
      t.regex(await page.locator('#proof-panel .drop-selected').innerText(), /tenancy\.pdf/);
      t.log(`screenshot: ${await portalScreenshot(page, 'v-code-match')}`);

      await page.setInputFiles('#proof-file', draft.alteredPath);
      const mismatch = page.locator('#proof-result [data-match="false"]');
      await mismatch.waitFor();
      t.regex(await mismatch.innerText(), /This file does not match/);
      t.regex(await mismatch.innerText(), /altered after signing/);
      t.log(`screenshot: ${await portalScreenshot(page, 'v-code-altered')}`);
      t.deepEqual(unexpectedErrors(errors), []);
    });
  },
);

browserTest(
  'a completed document: the sealed file is the authentic signed document, the original upload is told apart',
  async (t) => {
    await withPortalPage(openPortalPage(browser), async ({ page, errors }) => {
      const card = await openStatusCard(page, completed.code.toLowerCase(), 'completed');
      t.regex(await card.innerText(), /Signed and sealed/);
      t.regex(await card.innerText(), /PAdES B-LTA/);
      await page.setInputFiles('#proof-file', completed.finalPath);
      await page.locator('#proof-result [data-version="final"]').waitFor();
      t.regex(await page.locator('#proof-result').innerText(), /This is the authentic signed document/);
      t.log(`screenshot: ${await portalScreenshot(page, 'completed-match')}`);
      await page.setInputFiles('#proof-file', completed.originalPath);
      await page.locator('#proof-result [data-version="original"]').waitFor();
      t.regex(await page.locator('#proof-result').innerText(), /original, unsigned version/);
      t.deepEqual(unexpectedErrors(errors), []);
    });
  },
);

browserTest(
  'a document deleted by an administrator answers from its tombstone, and a copy still proves itself',
  async (t) => {
    const bytes = Buffer.from(await createSamplePdf({ pages: 1, title: 'Old employment contract' }));
    const gone = await upload('Old employment contract', bytes);
    const deleted = await admin.api(`/api/v1/documents/${gone.id}`, { method: 'DELETE' });
    t.is(deleted.status, 200);
    const path = join(work, 'deleted.pdf');
    writeFileSync(path, bytes);
    await withPortalPage(openPortalPage(browser), async ({ page, errors }) => {
      const card = await openStatusCard(page, gone.code, 'deleted');
      const text = await card.innerText();
      t.regex(text, /^Deleted$/m);
      t.regex(text, /was deleted on \d{1,2} \w+ \d{4}/, 'the deletion date');
      t.true(text.includes(sha256Hex(bytes)), 'the tombstone hash');
      t.regex(await page.locator('#proof-intro').innerText(), /kept after deletion/);
      await page.setInputFiles('#proof-file', path);
      await page.locator('#proof-result [data-match="true"]').waitFor();
      t.regex(
        await page.locator('#proof-result').innerText(),
        /fingerprint recorded for this document before it was deleted/,
      );
      t.log(`screenshot: ${await portalScreenshot(page, 'deleted-tombstone')}`);
      t.deepEqual(unexpectedErrors(errors), []);
    });
  },
);

browserTest('full validation of a sealed PDF says valid, with the seal, the timestamp and no changes', async (t) => {
  const sealed = await appliance.sealer.sealBytes({
    input: await createSamplePdf({ pages: 1, title: 'Sealed elsewhere' }),
    level: 'B-LTA',
  });
  const path = join(work, 'sealed.pdf');
  writeFileSync(path, sealed.output);
  await withPortalPage(openPortalPage(browser), async ({ page, errors }) => {
    await page.goto(`${appliance.url}/verify`);
    const verdict = await dropOnValidatePanel(page, path, '[data-verdict="passed"]');
    const text = await verdict.innerText();
    t.regex(text, /^Valid/m);
    t.regex(text, /PAdES B-LTA/);
    t.regex(text, /Signed by/);
    t.regex(text, /Timestamped by/);
    t.regex(text, /Document timestamp/);
    t.regex(text, /Changed after signing/);
    t.notRegex(text, /Yes: the document was changed/);
    t.log(`screenshot: ${await portalScreenshot(page, 'validate-sealed')}`);

    // The final file of a known document names its code.
    const known = await dropOnValidatePanel(page, completed.finalPath, '.known');
    t.true((await known.innerText()).includes(completed.code));
    t.regex(await known.innerText(), /^This is the sealed Segl document with code/);

    // An unsigned PDF is not valid, and a file that is not a PDF is refused in the browser.
    await dropOnValidatePanel(page, draft.path, '[data-verdict="none"]');
    t.regex(await page.locator('#validate-result').innerText(), /no signatures/);
    await page.setInputFiles('#validate-file', {
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('hello'),
    });
    await page.locator('#validate-result .notice').waitFor();
    t.regex(await page.locator('#validate-result').innerText(), /does not look like a PDF/);
    t.deepEqual(unexpectedErrors(errors), []);
  });
});

browserTest('Norwegian from the browser, a switch to English and back, remembered across visits', async (t) => {
  await withPortalPage(openPortalPage(browser, { locale: 'nb-NO' }), async ({ page, errors }) => {
    await openStatusCard(page, draft.code, 'draft');
    t.is(await page.locator('h1').innerText(), 'Kontroller et signert dokument');
    t.is(await page.getAttribute('html', 'lang'), 'nb');
    t.regex(await page.locator('#status-result').innerText(), /Ikke sendt til signering ennå/);
    t.log(`screenshot: ${await portalScreenshot(page, 'norwegian')}`);

    await page.getByRole('button', { name: 'English' }).click();
    t.is(await page.locator('h1').innerText(), 'Check a signed document');
    t.is(await page.getAttribute('html', 'lang'), 'en');
    t.regex(await page.locator('#status-result').innerText(), /Not sent for signing yet/, 'results are translated too');
    t.is(await page.getAttribute('button[data-language="en"]', 'aria-pressed'), 'true');
    await page.reload();
    await page.locator('#status-result [data-status="draft"]').waitFor();
    t.is(await page.locator('h1').innerText(), 'Check a signed document', 'the choice is remembered');

    await page.getByRole('button', { name: 'Norsk' }).click();
    t.is(await page.locator('label[for="code-input"]').innerText(), 'Dokumentkode');
    t.deepEqual(unexpectedErrors(errors), []);
  });
});

browserTest(
  'keyboard only: Tab reaches the code field, the button and both file pickers, with a visible focus ring',
  async (t) => {
    await withPortalPage(openPortalPage(browser), async ({ page, errors }) => {
      await openStatusCard(page, draft.code, 'draft');
      const order: string[] = [];
      for (let i = 0; i < 8; i += 1) {
        await page.keyboard.press('Tab');
        order.push(
          await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim() || ''),
        );
      }
      const codeAt = order.indexOf('code-input');
      t.true(codeAt >= 0, order.join(' > '));
      t.true(order.indexOf('proof-file') > codeAt, order.join(' > '));
      t.true(order.indexOf('validate-file') > order.indexOf('proof-file'), order.join(' > '));
      await page.focus('#proof-file');
      const outline = await page.locator('#proof-panel .drop-zone').evaluate((el) => getComputedStyle(el).outlineStyle);
      t.is(outline, 'solid', 'the drop zone shows focus');
      t.is(await page.getAttribute('#proof-result', 'aria-live'), 'polite');
      t.is(await page.getAttribute('#status-result', 'aria-live'), 'polite');
      t.deepEqual(unexpectedErrors(errors), []);
    });
  },
);

browserTest('on a phone: no horizontal scrolling, with a status and a report shown', async (t) => {
  const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
  await withPortalPage(openPortalPage(browser, phone), async ({ page, errors }) => {
    await openStatusCard(page, completed.code, 'completed');
    await page.setInputFiles('#proof-file', completed.finalPath);
    await page.locator('#proof-result [data-match="true"]').waitFor();
    await dropOnValidatePanel(page, completed.finalPath, '[data-verdict]');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    t.true(width <= 360, `no horizontal scrolling (${width}px)`);
    t.log(`screenshot: ${await portalScreenshot(page, 'phone')}`);
    // Screen-sized views too: a full page that tall is hard to judge when shrunk.
    for (const [name, selector] of [
      ['phone-top', 'h1'],
      ['phone-match', '#proof-result'],
      ['phone-report', '#validate-result .signatures'],
    ] as const) {
      await page.locator(selector).scrollIntoViewIfNeeded();
      await page.evaluate((sel) => document.querySelector(sel)?.scrollIntoView({ block: 'start' }), selector);
      t.log(`screenshot: ${await portalScreenshot(page, name, { fullPage: false })}`);
    }
    t.deepEqual(unexpectedErrors(errors), []);
  });
});

browserTest('a throttled answer (429) says when to try again, from Retry-After', async (t) => {
  await withPortalPage(openPortalPage(browser), async ({ page, errors }) => {
    await page.route('**/api/v1/verify/**', (route) =>
      route.fulfill({
        status: 429,
        headers: { 'Retry-After': '42', 'Content-Type': 'application/json' },
        body: JSON.stringify({ error: 'rate_limited', message: 'too many requests' }),
      }),
    );
    await page.goto(`${appliance.url}/verify`);
    await page.getByLabel('Document code').fill(draft.code);
    await page.keyboard.press('Enter');
    await page.locator('#status-result .notice').waitFor();
    t.is(
      await page.locator('#status-result .notice').innerText(),
      'Too many attempts. Please try again in 42 seconds.',
    );
    t.true(await page.getByRole('button', { name: 'Check code' }).isDisabled(), 'the button waits');
    await dropOnValidatePanel(page, draft.path, '.notice');
    t.regex(await page.locator('#validate-result').innerText(), /try again in 42 seconds/);
    t.log(`screenshot: ${await portalScreenshot(page, 'throttled')}`);
    t.deepEqual(unexpectedErrors(errors, [429]), []);
  });
});

browserTest('the real throttle: over SEGL_PORTAL_RATE_LIMIT lookups a minute the page asks to wait', async (t) => {
  const limited = await startTestAppliance({ env: { SEGL_PORTAL_RATE_LIMIT: '2' } });
  try {
    await withPortalPage(openPortalPage(browser), async ({ page, errors }) => {
      await page.goto(`${limited.url}/verify`);
      for (let i = 0; i < 3; i += 1) {
        await page.getByLabel('Document code').fill(`0000-0000-0000-000${i}`);
        await page.keyboard.press('Enter');
        await page.locator('#status-result .notice').waitFor();
      }
      t.regex(
        await page.locator('#status-result .notice').innerText(),
        /Too many attempts\. Please try again in \d+ seconds?\./,
      );
      t.deepEqual(unexpectedErrors(errors, [404, 429]), []);
    });
  } finally {
    await limited.close();
  }
});

browserTest('busy verifiers (503 verification_busy): the page says so and when to try again', async (t) => {
  // one worker and no queue: a stalled upload from another client takes the only place
  const busy = await startTestAppliance({ env: { SEGL_VERIFY_WORKERS: '1', SEGL_VERIFY_QUEUE: '0' } });
  const stalled = startStalledUpload({ url: busy.url, path: '/api/v1/verify/file' });
  try {
    await poll('the stalled upload to hold the only place', 10_000, async () => {
      const form = new FormData();
      form.set('file', new Blob([new Uint8Array(draft.bytes)], { type: 'application/pdf' }), 'x.pdf');
      const answer = await fetch(`${busy.url}/api/v1/verify/file`, { method: 'POST', body: form });
      return answer.status === 503 ? true : undefined;
    });
    await withPortalPage(openPortalPage(browser), async ({ page, errors }) => {
      await page.goto(`${busy.url}/verify`);
      await dropOnValidatePanel(page, draft.path, '.notice');
      t.is(
        await page.locator('#validate-result .notice').innerText(),
        'Many files are being checked right now. Please try again in 30 seconds.',
      );
      t.log(`screenshot: ${await portalScreenshot(page, 'verifiers-busy')}`);
      t.deepEqual(unexpectedErrors(errors, [503]), []);
    });
  } finally {
    stalled.cutOff();
    await busy.close();
    rmSync(busy.dataDir, { recursive: true, force: true });
  }
});

browserTest(
  'full validation: a tampered copy is "not valid", a seal from another appliance is "could ' +
    'not be confirmed" with an unknown issuer',
  async (t) => {
    const sealed = await appliance.sealer.sealBytes({
      input: await createSamplePdf({ pages: 1, title: 'To be tampered' }),
      level: 'B-LTA',
    });
    const tampered = Buffer.from(sealed.output);
    tampered[tampered.indexOf('stream\n') + 'stream\n'.length + 5] ^= 0x01;
    const tamperedPath = join(work, 'tampered.pdf');
    writeFileSync(tamperedPath, tampered);
    const other = await startTestAppliance();
    const foreignPath = join(work, 'foreign.pdf');
    try {
      writeFileSync(
        foreignPath,
        (
          await other.sealer.sealBytes({
            input: await createSamplePdf({ pages: 1, title: 'From elsewhere' }),
            level: 'B-LTA',
          })
        ).output,
      );
    } finally {
      await other.close();
    }
    await withPortalPage(openPortalPage(browser), async ({ page, errors }) => {
      await page.goto(`${appliance.url}/verify`);
      await dropOnValidatePanel(page, tamperedPath, '[data-verdict="failed"]');
      const failed = await page.locator('#validate-result').innerText();
      t.regex(failed, /^Not valid/m);
      t.regex(failed, /Broken: the signature does not match the content/);
      t.log(`screenshot: ${await portalScreenshot(page, 'validate-tampered')}`);

      await dropOnValidatePanel(page, foreignPath, '[data-verdict="indeterminate"]');
      const foreign = await page.locator('#validate-result').innerText();
      t.regex(foreign, /Could not be confirmed/);
      t.regex(foreign, /issuer is unknown to this service \(unknown, not invalid\)/);
      t.notRegex(foreign, /Not valid/, 'a foreign root is unknown, not invalid');
      t.log(`screenshot: ${await portalScreenshot(page, 'validate-foreign')}`);
      t.deepEqual(unexpectedErrors(errors), []);
    });
  },
);

browserTest('a matching file shows each signer, how they were identified and when they signed', async (t) => {
  await withPortalPage(openPortalPage(browser), async ({ page, errors }) => {
    const card = await openStatusCard(page, completed.code, 'completed');
    t.regex(await card.innerText(), /1 of 1/);
    t.false((await card.innerText()).includes('Ola Hansen'), 'no names from the code alone');
    await page.setInputFiles('#proof-file', completed.finalPath);
    await page.locator('#proof-result .signer').first().waitFor();
    const signers = await page.locator('#proof-result .signer').allInnerTexts();
    t.is(signers.length, 1);
    t.regex(signers[0]!, /Ola Hansen[\s\S]*One-time code sent by e-mail \(simple verification\)/);
    t.false(
      (await page.locator('#proof-result').innerText()).includes('ola.hansen@example.org'),
      'no e-mail addresses',
    );
    t.log(`screenshot: ${await portalScreenshot(page, 'match-signers', { fullPage: true })}`);
    await page.getByRole('button', { name: 'Norsk' }).click();
    t.regex(
      await page.locator('#proof-result').innerText(),
      /Dette er det ekte, signerte dokumentet[\s\S]*Engangskode sendt på e-post/,
    );
    t.deepEqual(unexpectedErrors(errors), []);
  });
});

browserTest(
  'an attack file (tampered, then timestamped) is not valid, names the change by page, and never contradicts itself',
  async (t) => {
    const { appendRevision, lastTrailer, stream } = await import('../../scripts/lib/pdf-forge.js');
    const { TARGET, appendDocumentTimestamp, pageBody, targetPdf } = await import('../helpers/attack-target.js');
    const { PdfReader } = await import('../../server/pdf/pdf-reader.js');
    const { PdfRef, asArray, asDict } = await import('../../server/pdf/pdf-objects.js');
    const { serializeValue } = await import('../../server/pdf/pdf-serializer.js');
    const sealed = (await appliance.sealer.sealBytes({ input: targetPdf(), level: 'B-LTA' })).output;
    const reader = PdfReader.open(sealed);
    const listed = (value: unknown) =>
      (asArray(reader.resolve(value as never)) ?? []).map((item) => serializeValue(item)).join(' ');
    const fields = listed(asDict(reader.resolve(reader.catalog().get('AcroForm')))!.get('Fields'));
    const annots = listed(asDict(reader.lookup(new PdfRef(TARGET.page, 0)))!.get('Annots'));
    const { size } = lastTrailer(sealed);
    const tampered = appendRevision(sealed, {
      objects: {
        [size]: stream('', 'BT /F1 18 Tf 72 720 Td (Amount due: 9999 EUR) Tj ET'),
        [TARGET.page]: pageBody(annots, `[${TARGET.content} 0 R ${size} 0 R]`),
      },
    });
    const attack = await appendDocumentTimestamp(tampered, {
      sealer: appliance.sealer,
      fieldsNow: fields,
      annotsNow: annots,
    });
    const attackPath = join(work, 'attack.pdf');
    writeFileSync(attackPath, attack);
    const timestampedPath = join(work, 'timestamped-only.pdf');
    writeFileSync(
      timestampedPath,
      await appendDocumentTimestamp(targetPdf(), {
        sealer: appliance.sealer,
        fieldsNow: `${TARGET.field} 0 R`,
        annotsNow: `${TARGET.field} 0 R`,
      }),
    );
    await withPortalPage(openPortalPage(browser), async ({ page, errors }) => {
      await page.goto(`${appliance.url}/verify`);
      const verdict = await dropOnValidatePanel(page, attackPath, '[data-verdict="failed"]');
      const text = await verdict.innerText();
      t.regex(text, /^Not valid/m);
      t.regex(text, /PAdES level\s*None|Seal\s*None/);
      const seal = page.locator('#validate-result li.signature').first();
      t.is(await seal.getAttribute('data-status'), 'failed');
      t.is(await seal.getAttribute('data-modified'), 'other');
      t.regex(await seal.innerText(), /Yes: the document was changed/);
      t.regex(await seal.innerText(), /The content of pages changed \(page 1\)/);
      t.log(`screenshot: ${await portalScreenshot(page, 'validate-attack')}`);

      const stamped = await dropOnValidatePanel(page, timestampedPath, '[data-evidence="timestamped"]');
      t.regex(await stamped.innerText(), /Timestamped, not signed/);
      t.regex(await stamped.innerText(), /no signature or seal says who vouches/);
      t.log(`screenshot: ${await portalScreenshot(page, 'validate-timestamped')}`);
      t.deepEqual(unexpectedErrors(errors), []);
    });
  },
);
