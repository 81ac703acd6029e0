/**
 * The administration screens in headless Chromium, at phone and desktop widths, as a new administrator would use
 * them: invite a user, create a group and add the user, create a folder and grant the group access, create and revoke
 * an API token, add a webhook, change the upload limit and read the seal certificate, move and delete a document.
 * Every screen is checked with axe-core (serious and critical violations fail) and saved as a screenshot.
 */
import test from 'ava';
import type { Page } from 'playwright-core';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { useChromium } from '../helpers/browser.js';
import { uploadDocument } from '../helpers/documents.js';
import { tempDir } from '../helpers/external-tool.js';
import { assertAccessible, screenshot, VIEWPORTS } from '../helpers/page-checks.js';
import { unexpectedErrors, recordPageErrors, addStaffSession } from '../helpers/portal-browser.js';
import { expectJson } from '../helpers/signing.js';
import { createEnrolledStaff, createMutableClock, createTestStaff, signInStaff } from '../helpers/staff.js';

const { available: haveChromium, browser } = useChromium(test);
const browserTest = haveChromium ? test.serial : test.serial.skip;
const clock = createMutableClock();
const { appliance } = useAppliance(test, { clock, admin: false });
const shots = tempDir('segl-staff-admin-shots-');

async function open(width: keyof typeof VIEWPORTS, cookie: string, language = 'en-GB') {
  const context = await browser.newContext({ ...VIEWPORTS[width], locale: language, timezoneId: 'Europe/Oslo' });
  await addStaffSession(context, appliance.url, cookie);
  const page = await context.newPage();
  const errors = recordPageErrors(page);
  page.on('dialog', (dialog) => void dialog.accept());
  return { context, page, errors };
}

/** Opens the staff app at `/app<path>` and waits until `ready` is on the page. */
async function openScreen(page: Page, path: string, ready: string): Promise<void> {
  await page.goto(`${appliance.url}/app${path}`);
  await page.waitForSelector(ready);
}

for (const width of ['desktop', 'phone'] as const) {
  browserTest(`${width}: an administrator runs the appliance from the browser`, async (t) => {
    const admin = await createEnrolledStaff(appliance, 'admin', { name: `Ada Admin ${width}` });
    const cookie = await signInStaff(appliance, admin, clock);
    const { context, page, errors } = await open(width, cookie);
    const tag = `${width}-${Date.now()}`;
    /** Every screen: the axe-core check, and a screenshot named for the width. */
    const checkScreen = async (where: string, name = where) => {
      await assertAccessible(t, page, where);
      await screenshot(t, page, shots, `${width}-${name}`);
    };

    // users: invite, the one-time link shown with a copy button
    await openScreen(page, '/users', '#user-list');
    await page.fill('#user-name', `Nina ${tag}`);
    await page.fill('#user-email', `nina.${tag}@example.org`);
    await page.click('#invite-submit');
    await page.waitForSelector('#enrolment-link');
    t.regex(await page.inputValue('#enrolment-link'), /\/enrol\/[A-Za-z0-9_-]+$/);
    t.truthy(await page.$(`[data-user="nina.${tag}@example.org"]`));
    await page.fill('#user-email', 'not-an-address');
    await page.fill('#user-name', 'X');
    await page.click('#invite-submit');
    await page.waitForSelector('#user-email-error');
    t.regex((await page.textContent('#user-email-error')) ?? '', /e-mail address/);
    await checkScreen('users');

    // groups: create, add the invited user
    await page.click('a[href="/app/groups"]').catch(() => page.goto(`${appliance.url}/app/groups`));
    await page.waitForSelector('#group-form');
    await page.fill('#group-name', `Legal ${tag}`);
    await page.click('#group-submit');
    const group = await page.waitForSelector(`[data-group="Legal ${tag}"]`);
    const chooser = await group.$('select');
    const option = await chooser!.$eval(`option:has-text("Nina ${tag}")`, (o) => (o as HTMLOptionElement).value);
    await chooser!.selectOption(option);
    await (await group.$('[data-action="add-member"]'))!.click();
    await page.waitForFunction(
      (name) => document.querySelector(`[data-group="${name}"] .member-list`)?.textContent?.includes('Nina'),
      `Legal ${tag}`,
    );
    await checkScreen('groups');

    // folders: create, select, grant the group editor access
    await openScreen(page, '/folders', '#folder-form');
    await page.fill('#folder-name', `Contracts ${tag}`);
    await page.click('#folder-submit');
    await page.waitForSelector(`#folder-admin-list button:has-text("Contracts ${tag}")`);
    await page.click(`#folder-admin-list button:has-text("Contracts ${tag}")`);
    await page.waitForSelector('#grant-who');
    await page.selectOption('#grant-who', { label: `Group: Legal ${tag}` });
    await page.selectOption('#grant-role', 'editor');
    await page.click('#grant-submit');
    await page.waitForSelector('#grant-list');
    t.regex((await page.textContent('#grant-list')) ?? '', new RegExp(`Legal ${tag}`));
    t.truthy(await page.$(`#folder-nav a:has-text("Contracts ${tag}")`), 'the new folder shows in the folder tree');
    await checkScreen('folders');

    // API tokens: create (shown once), it works, revoke
    await openScreen(page, '/tokens', '#token-form');
    await page.fill('#token-name', `CI ${tag}`);
    await page.click('#token-submit');
    await page.waitForSelector('#new-token');
    const token = await page.inputValue('#new-token');
    t.regex(token, /^segl_[A-Za-z0-9_-]+$/);
    t.is(
      (await fetch(`${appliance.url}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${token}` } })).status,
      200,
    );
    await checkScreen('tokens');
    await page.click(`[data-token="CI ${tag}"] button`);
    await page.waitForSelector(`[data-token="CI ${tag}"]`, { state: 'detached' });
    t.is(
      (await fetch(`${appliance.url}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${token}` } })).status,
      401,
      'revoked',
    );

    // webhooks: an address that is not allowed gets a clear message
    await openScreen(page, '/webhooks', '#webhook-form');
    await page.fill('#webhook-url', 'http://127.0.0.1:9/hook');
    await page.click('#webhook-submit');
    await page.waitForSelector('#webhook-url-error');
    await checkScreen('webhooks');

    // settings: the seal certificate, and the upload limit
    await openScreen(page, '/settings', '#seal-certificate');
    t.regex((await page.textContent('#seal-certificate')) ?? '', /Segl Seal/);
    await page.fill('#limit-upload', '50');
    await page.click('#limits-submit');
    await page.waitForSelector('#settings-result');
    t.is(
      (
        await expectJson(
          await fetch(`${appliance.url}/api/v1/settings`, { headers: { Cookie: `segl_session=${cookie}` } }),
          200,
        )
      ).limits.maxUploadBytes,
      50 * 1024 * 1024,
    );
    await checkScreen('settings');

    // documents: move from the list, delete from the document page
    const apiAdmin = await createTestStaff(appliance, 'admin');
    const doc = await expectJson(
      await uploadDocument(apiAdmin, { bytes: await createSamplePdf({ pages: 1 }), title: `Move me ${tag}` }),
      201,
    );
    await openScreen(page, `?q=${encodeURIComponent(`Move me ${tag}`)}`, `#row-${doc.id}-actions`);
    await page.click(`#row-${doc.id}-actions summary`);
    await page.selectOption(`#row-${doc.id}-move-to`, { label: `Contracts ${tag}` });
    await page.click(`#row-${doc.id}-move`);
    await page.waitForSelector('#list-flash');
    t.is((await expectJson(await apiAdmin.api(`/api/v1/documents/${doc.id}`), 200)).folderId !== null, true);
    await checkScreen('document list', 'list-moved');
    await openScreen(page, `/documents/${doc.id}`, '#doc-actions');
    await page.click('#doc-actions summary');
    await page.click('#doc-delete');
    await page.waitForFunction(() => document.querySelector('#status')?.getAttribute('data-status') === 'deleted');
    await checkScreen('deleted document', 'document-deleted');

    t.deepEqual(unexpectedErrors(errors, [404, 422, 409]), []);
    await context.close();
  });
}

browserTest('a member sees no user administration, and the screens speak Norwegian', async (t) => {
  const member = await createEnrolledStaff(appliance, 'member', { name: 'Mona Medlem' });
  const cookie = await signInStaff(appliance, member, clock);
  const { context, page } = await open('desktop', cookie, 'nb-NO');
  await openScreen(page, '/users', '#admin-forbidden');
  t.is(await page.textContent('#page-title'), 'Brukere');
  t.regex((await page.textContent('#admin-forbidden')) ?? '', /Bare administratorer/);
  t.falsy(await page.$('#folder-nav a[href="/app/users"]'), 'no link to user administration');
  await openScreen(page, '/tokens', '#token-form');
  await assertAccessible(t, page, 'tokens (nb)');
  await screenshot(t, page, shots, 'member-tokens-nb');
  await context.close();
});
