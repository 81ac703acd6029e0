/**
 * Preparing a document for signing in the staff app, in headless Chromium at phone and desktop widths against a
 * real in-process appliance: files that cannot be uploaded are said by name (not a PDF, empty, over the
 * appliance's limit), each signer's language is shown and starts as the document's for every new signer, signers
 * are changed, moved and removed on the draft, the pages are previewed with pdf.js, and nothing is sent before the
 * review is confirmed. The document list's day filters are checked too. Every state is checked with axe-core
 * (serious and critical violations fail) and saved as a screenshot.
 */
import test, { type ExecutionContext } from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { useChromium } from '../helpers/browser.js';
import { createFolder, grantFolder, uploadDocument } from '../helpers/documents.js';
import { tempDir } from '../helpers/external-tool.js';
import { assertAccessible, focusedId, screenshot, VIEWPORTS, type Width } from '../helpers/page-checks.js';
import { unexpectedErrors, recordPageErrors, addStaffSession } from '../helpers/portal-browser.js';
import { expectJson } from '../helpers/signing.js';
import { createEnrolledStaff, signInStaff, createTickingClock, sendJson } from '../helpers/staff.js';

const { available: haveChromium, browser } = useChromium(test);
const browserTest = haveChromium ? test.serial : test.serial.skip;
const MB = 1024 * 1024;

const clock = createTickingClock();
const { appliance, admin } = useAppliance(test, { clock, admin: 'Setup Admin' });
const work = tempDir('segl-staff-sending-');
const shots = tempDir('segl-staff-sending-shots-');

/** A member with editor rights on a folder of their own, signed in, in a fresh browser context. */
async function memberPage(
  width: Width,
  label: string,
  locale = 'en-GB',
): Promise<{ context: BrowserContext; page: Page; errors: string[]; folderId: string; folderName: string }> {
  const staff = await createEnrolledStaff(appliance, 'member', { name: `Siri Sender ${label}` });
  const folderName = `Contracts ${label}`;
  const folderId = await createFolder(appliance, { name: folderName });
  await grantFolder(appliance, { folderId, userId: staff.id, role: 'editor' });
  const cookie = await signInStaff(appliance, staff, clock);
  const context = await browser.newContext({ ...VIEWPORTS[width], locale, timezoneId: 'Europe/Oslo' });
  await addStaffSession(context, appliance.url, cookie);
  const page = await context.newPage();
  const errors = recordPageErrors(page);
  return { context, page, errors, folderId, folderName };
}

async function setUploadLimit(bytes: number): Promise<void> {
  const response = await sendJson(admin, 'PATCH', '/api/v1/settings', { limits: { maxUploadBytes: bytes } });
  await expectJson(response, 200);
}

async function signersOf(
  documentId: string,
): Promise<{ id: string; name: string; email: string; position: number; language: string }[]> {
  const body = await expectJson(await admin.api(`/api/v1/documents/${documentId}/signers`), 200);
  return [...body.signers].sort((a, b) => a.position - b.position);
}

async function addSigner(page: Page, signer: { name: string; email: string; language?: 'nb' | 'en' }): Promise<void> {
  await page.fill('#signer-name', signer.name);
  await page.fill('#signer-email', signer.email);
  if (signer.language) await page.selectOption('#signer-language', signer.language);
  await page.click('#signer-add');
  await page.locator('#signer-added', { hasText: signer.name }).waitFor();
}

for (const width of ['desktop', 'phone'] as const) {
  browserTest(
    `${width}: files refused by name; signers added, changed, moved and removed; preview; review before sending`,
    async (t) => {
      const tag = `${width}-${Date.now()}`;
      const { context, page, errors, folderId } = await memberPage(width, tag);
      try {
        // files that cannot be uploaded: said at once, by name, next to the file picker
        const notPdf = join(work, `notes-${tag}.txt`);
        writeFileSync(notPdf, 'Meeting notes, not a PDF at all.\n');
        const empty = join(work, `empty-${tag}.pdf`);
        writeFileSync(empty, '');
        const big = join(work, `scan-${tag}.pdf`);
        writeFileSync(big, await createSamplePdf({ pages: 1, padBytes: 1.5 * MB }));
        await setUploadLimit(1 * MB);
        await page.goto(`${appliance.url}/app?folder=${folderId}`);
        await page.click('#upload-toggle');
        await page.locator('#upload-file-hint', { hasText: 'at most 1\u00a0MB' }).waitFor();
        await page.setInputFiles('#upload-file', notPdf);
        await page.locator('#upload-file-error', { hasText: `“notes-${tag}.txt” is not a PDF` }).waitFor();
        t.is(await focusedId(page), 'upload-file', 'the picker takes focus again');
        await page.setInputFiles('#upload-file', empty);
        await page.locator('#upload-file-error', { hasText: `“empty-${tag}.pdf” is empty` }).waitFor();
        await page.setInputFiles('#upload-file', big);
        await page.locator('#upload-file-error', { hasText: 'at most 1\u00a0MB' }).waitFor();
        t.regex(
          await page.locator('#upload-file-error').innerText(),
          new RegExp(`“scan-${tag}\\.pdf” is 1\\.5\u00a0MB`),
        );
        t.is(await page.locator('#upload .drop-zone.has-file').count(), 0, 'the file is not taken');
        await assertAccessible(t, page, 'upload refused');
        await screenshot(t, page, shots, `${width}-upload-too-large`);
        await setUploadLimit(100 * MB);

        // a real PDF: the draft
        await page.reload();
        await page.click('#upload-toggle');
        await page.setInputFiles('#upload-file', join(work, await samplePdf(`lease-${tag}.pdf`, 3)));
        await page.locator('#upload .drop-zone.has-file').waitFor();
        await page.fill('#upload-title', `Lease ${tag}`);
        await page.click('#upload-submit');
        await page.waitForURL(/\/app\/documents\/[A-Za-z0-9_-]+$/);
        const documentId = page.url().split('/').pop()!;
        await page.locator('#status[data-status="draft"]').waitFor();

        // the language starts as the document's (the sender's) for every new signer
        t.is(await page.inputValue('#signer-language'), 'en');
        const anna = { name: `Anna Aas ${tag}`, email: `anna.${tag}@example.org` };
        const bo = { name: `Bo Berg ${tag}`, email: `bo.${tag}@example.org` };
        const cai = { name: `Cai Carlsen ${tag}`, email: `cai.${tag}@example.org` };
        await addSigner(page, { ...anna, language: 'nb' });
        t.is(await page.inputValue('#signer-language'), 'en', 'the next signer does not silently get the last choice');
        await addSigner(page, bo);
        await addSigner(page, cai);
        t.deepEqual(
          (await signersOf(documentId)).map((s) => [s.name, s.language]),
          [
            [anna.name, 'nb'],
            [bo.name, 'en'],
            [cai.name, 'en'],
          ],
        );
        const [annaId, boId, caiId] = (await signersOf(documentId)).map((s) => s.id);
        const annaLanguage = page.locator(`li[data-signer="${annaId}"] .signer-language`);
        t.regex(await annaLanguage.innerText(), /Norwegian \(bokmål\)/);
        t.regex(await page.locator(`li[data-signer="${boId}"] .signer-language`).innerText(), /English/);
        await assertAccessible(t, page, 'draft with three signers');
        await screenshot(t, page, shots, `${width}-three-signers`);

        // change Bo in place: a clash is said next to the e-mail; then a new name and language
        await page.click(`#edit-${boId}`);
        t.is(await focusedId(page), 'edit-name');
        t.is(await page.inputValue('#edit-language'), 'en');
        await page.fill('#edit-email', anna.email.toUpperCase());
        await page.click('#edit-save');
        await page.locator('#edit-email-error', { hasText: 'already a signer' }).waitFor();
        t.is(await focusedId(page), 'edit-email');
        await assertAccessible(t, page, 'editing a signer');
        await screenshot(t, page, shots, `${width}-edit-signer`);
        await page.fill('#edit-email', bo.email);
        await page.fill('#edit-name', `Bo Bergersen ${tag}`);
        await page.selectOption('#edit-language', 'nb');
        await page.click('#edit-save');
        await page.locator('#signers-note', { hasText: `Bo Bergersen ${tag} is saved.` }).waitFor();
        t.is(await focusedId(page), `edit-${boId}`, 'focus comes back to the signer');
        t.like((await signersOf(documentId))[1], { name: `Bo Bergersen ${tag}`, email: bo.email, language: 'nb' });
        // Escape leaves a signer as it was
        await page.click(`#edit-${caiId}`);
        await page.fill('#edit-name', 'Someone else');
        await page.press('#edit-name', 'Escape');
        t.is(await focusedId(page), `edit-${caiId}`);
        t.is((await signersOf(documentId))[2]!.name, cai.name);

        // move Cai up: Anna, Cai, Bo; focus stays on Cai's button
        await page.click(`#move-up-${caiId}`);
        await page.locator('#signers-note', { hasText: `${cai.name} is now number 2.` }).waitFor();
        t.deepEqual(
          (await signersOf(documentId)).map((s) => s.id),
          [annaId, caiId, boId],
        );
        t.is(await focusedId(page), `move-up-${caiId}`);
        t.deepEqual(await page.locator('#signer-list li .signer-name').allTextContents(), [
          `number 1: ${anna.name}`,
          `number 2: ${cai.name}`,
          `number 3: Bo Bergersen ${tag}`,
        ]);
        t.true(await page.locator(`#move-up-${annaId}`).isDisabled(), 'the first cannot move up');

        // remove Anna: asked in her row; "Keep" keeps her
        await page.click(`#remove-${annaId}`);
        t.is(await focusedId(page), 'remove-question');
        await assertAccessible(t, page, 'removing a signer');
        await screenshot(t, page, shots, `${width}-remove-signer`);
        await page.click('#remove-keep');
        t.is(await focusedId(page), `remove-${annaId}`);
        t.is((await signersOf(documentId)).length, 3);
        await page.click(`#remove-${annaId}`);
        await page.click('#remove-confirm');
        await page.locator('#signers-note', { hasText: `${anna.name} was removed` }).waitFor();
        t.deepEqual(
          (await signersOf(documentId)).map((s) => [s.id, s.position]),
          [
            [caiId, 1],
            [boId, 2],
          ],
        );

        // the preview: the three pages drawn by pdf.js
        await page.click('#preview-open');
        await page.locator('#preview-pages li.page').nth(2).waitFor();
        t.is(await page.locator('#preview-pages li.page').count(), 3);
        await page.locator('#preview-pages li.page[data-rendered="true"]').first().waitFor();
        t.is(await page.locator('#preview-pages li.page canvas').first().getAttribute('aria-label'), 'Page 1 of 3');
        await page.locator('#preview').scrollIntoViewIfNeeded();
        await assertAccessible(t, page, 'preview');
        await screenshot(t, page, shots, `${width}-preview`);

        // the review: Escape goes back; nothing is sent before "Send now"
        await page.check('#order-sequential');
        await page.click('#send-submit');
        await page.locator('#review').waitFor();
        t.is(await focusedId(page), 'review-title');
        t.deepEqual(await page.locator('#review-signers li .signer-name').allInnerTexts(), [
          `${cai.name} <${cai.email}>`,
          `Bo Bergersen ${tag} <${bo.email}>`,
        ]);
        t.deepEqual(await page.locator('#review-signers .review-language').allInnerTexts(), [
          'E-mails and signing page in English',
          'E-mails and signing page in Norwegian (bokmål)',
        ]);
        t.regex(
          await page.locator('#review-order').innerText(),
          new RegExp(`One after another – ${cai.name} gets a link by e-mail now`),
        );
        t.regex(await page.locator('#review-deadline').innerText(), /^the end of \w+day, \d{1,2} \w+ \d{4}$/);
        await assertAccessible(t, page, 'review');
        await screenshot(t, page, shots, `${width}-review`);
        await page.keyboard.press('Escape');
        t.is(await focusedId(page), 'send-submit');
        t.is((await expectJson(await admin.api(`/api/v1/documents/${documentId}`), 200)).status, 'draft', 'not sent');
        await page.click('#send-submit');
        await page.click('#send-confirm');
        await page.locator('#status[data-status="pending"]').waitFor();
        await page.locator('#links').waitFor();
        t.is(
          await page.locator('#signer-list .signer-actions').count(),
          0,
          'a sent document’s signers cannot be changed',
        );
        t.regex(
          await page.locator(`li[data-signer="${boId}"] .signer-language`).innerText(),
          /Norwegian/,
          'the language stays visible',
        );
        // the trail says what was changed, in words
        await page.locator('#audit-events li[data-type="signer.removed"]').waitFor();
        t.regex(
          await page.locator('#audit-events li[data-type="signer.updated"]').innerText(),
          /Signer changed[\s\S]*changed: name and language/,
        );
        t.regex(
          await page.locator('#audit-events li[data-type="signer.reordered"]').innerText(),
          new RegExp(`1\\. ${anna.name}, 2\\. ${cai.name}, 3\\. Bo Bergersen`),
        );
        t.regex(
          await page.locator('#audit-events li[data-type="signer.removed"]').innerText(),
          new RegExp(`Signer removed[\\s\\S]*${anna.name}`),
        );
        await screenshot(t, page, shots, `${width}-sent`);
        t.deepEqual(unexpectedErrors(errors, [409]), [], 'no script errors or CSP violations');
      } finally {
        await setUploadLimit(100 * MB);
        await context.close();
      }
    },
  );
}

async function samplePdf(name: string, pages: number): Promise<string> {
  writeFileSync(join(work, name), await createSamplePdf({ pages, title: name }));
  return name;
}

browserTest(
  'the document list filters by the day of upload, in the viewer’s time zone; the days stay in the address',
  async (t) => {
    const tag = `days-${Date.now()}`;
    const DAY = 24 * 60 * 60 * 1000;
    const { context, page, errors, folderId } = await memberPage('desktop', tag);
    try {
      const pdf = await createSamplePdf({ pages: 1 });
      clock.advance(-5 * DAY);
      const old = await expectJson(
        await uploadDocument(admin, { bytes: pdf, title: `Old offer ${tag}`, folderId }),
        201,
      );
      clock.advance(5 * DAY);
      const fresh = await expectJson(
        await uploadDocument(admin, { bytes: pdf, title: `New offer ${tag}`, folderId }),
        201,
      );
      const osloDay = (iso: string) =>
        new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date(iso));
      const oldDay = osloDay((await expectJson(await admin.api(`/api/v1/documents/${old.id}`), 200)).createdAt);
      const newDay = osloDay((await expectJson(await admin.api(`/api/v1/documents/${fresh.id}`), 200)).createdAt);

      await page.goto(`${appliance.url}/app?folder=${folderId}`);
      await page.locator('#documents li').nth(1).waitFor();
      const titles = () => page.locator('#documents li .doc-title').allInnerTexts();
      const settled = () => page.waitForFunction(() => !document.querySelector('#results .working'));
      await page.fill('#filter-from', newDay);
      await page.waitForURL(new RegExp(`from=${newDay}`));
      await settled();
      t.deepEqual(await titles(), [`New offer ${tag}`]);
      await page.fill('#filter-from', '');
      await page.fill('#filter-to', oldDay);
      await page.waitForURL(new RegExp(`to=${oldDay}`));
      await settled();
      t.deepEqual(await titles(), [`Old offer ${tag}`], 'the "until" day is included');

      // the wrong way round: said next to "until", nothing loaded
      await page.fill('#filter-from', newDay);
      await page.locator('#filter-to-error', { hasText: 'before the “from” day' }).waitFor();
      t.is(await page.locator('#filter-to').getAttribute('aria-invalid'), 'true');
      await page.locator('#documents-empty').waitFor();
      t.is(await page.locator('#documents li').count(), 0, 'the list no longer shown is not left standing');
      await assertAccessible(t, page, 'day filters the wrong way round');
      await screenshot(t, page, shots, 'desktop-list-days-wrong-way');

      // a reload keeps the days
      await page.goto(`${appliance.url}/app?folder=${folderId}&from=${oldDay}&to=${newDay}`);
      await page.locator('#documents li').nth(1).waitFor();
      t.is(await page.inputValue('#filter-from'), oldDay);
      t.is(await page.inputValue('#filter-to'), newDay);
      t.deepEqual((await titles()).sort(), [`New offer ${tag}`, `Old offer ${tag}`]);
      t.is(await page.locator('#filter-q').getAttribute('placeholder'), 'Title, code, name or e-mail');
      await screenshot(t, page, shots, 'desktop-list-days');
      await page.setViewportSize(VIEWPORTS.phone.viewport);
      await screenshot(t, page, shots, 'phone-width-list-days');
      t.deepEqual(unexpectedErrors(errors), []);
    } finally {
      await context.close();
    }
  },
);

browserTest(
  'Norwegian sender: a new signer’s language starts as bokmål, and the review says so',
  async (t: ExecutionContext) => {
    const tag = `nb-${Date.now()}`;
    const { context, page, errors, folderId } = await memberPage('phone', tag, 'nb-NO');
    try {
      await page.goto(`${appliance.url}/app?folder=${folderId}`);
      await page.click('#upload-toggle');
      await page.setInputFiles('#upload-file', join(work, await samplePdf(`avtale-${tag}.pdf`, 1)));
      await page.locator('#upload .drop-zone.has-file').waitFor();
      await page.click('#upload-submit');
      await page.locator('#status[data-status="draft"]').waitFor();
      t.is(await page.inputValue('#signer-language'), 'nb');
      await addSigner(page, { name: `Kari ${tag}`, email: `kari.${tag}@example.org`, language: 'en' });
      t.is(await page.inputValue('#signer-language'), 'nb');
      await addSigner(page, { name: `Ola ${tag}`, email: `ola.${tag}@example.org` });
      await page.click('#send-submit');
      await page.locator('#review-title', { hasText: 'Se over før du sender' }).waitFor();
      t.deepEqual(await page.locator('#review-signers .review-language').allInnerTexts(), [
        'E-post og signeringsside på engelsk',
        'E-post og signeringsside på norsk (bokmål)',
      ]);
      await assertAccessible(t, page, 'review (nb)');
      await screenshot(t, page, shots, 'phone-nb-review');
      await page.click('#send-back');
      t.is(await focusedId(page), 'send-submit');
      t.deepEqual(unexpectedErrors(errors), []);
    } finally {
      await context.close();
    }
  },
);
