/**
 * The sign-in pages in headless Chromium against a real in-process appliance, as new staff use them: the first
 * administrator's setup (QR code that encodes the authenticator URI, the key to copy, recovery codes copied and
 * downloaded) on a desktop, an invited user's enrolment in Norwegian on a phone, and signing in with mistakes
 * (wrong password, wrong code, throttling and a lockout said in minutes, a recovery code and how many are left),
 * including an administrator unlocking the account from the Users screen. Every step is checked with axe-core
 * (serious and critical violations fail) and saved as a screenshot; no page may show an API error code.
 */
import test, { type ExecutionContext } from 'ava';
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { computeTotp, totpStep } from '../../server/domain/auth/totp.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { useChromium } from '../helpers/browser.js';
import { tempDir } from '../helpers/external-tool.js';
import { assertAccessible, focusedId, screenshot, VIEWPORTS, type Width } from '../helpers/page-checks.js';
import { unexpectedErrors, recordPageErrors } from '../helpers/portal-browser.js';
import {
  announcedLines,
  setupTokenFrom,
  createEnrolledStaff,
  createTestStaff,
  nextTotp,
  signInStaff,
  type EnrolledStaff,
  createTickingClock,
  sendJson,
} from '../helpers/staff.js';

const { available: haveChromium, browser } = useChromium(test);
const browserTest = haveChromium ? test.serial : test.serial.skip;

const clock = createTickingClock();
const { appliance } = useAppliance(test, { clock, admin: false });
const shots = tempDir('segl-auth-pages-shots-');
/** Lower-case API error codes (`invalid_code`, `rate_limited`) must never reach a person. */
const ERROR_CODE = /\b[a-z]+_[a-z_]+\b/;

async function open(
  width: Width,
  locale = 'en-GB',
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    ...VIEWPORTS[width],
    locale,
    timezoneId: 'Europe/Oslo',
    acceptDownloads: true,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: appliance.url });
  const page = await context.newPage();
  const errors = recordPageErrors(page);
  return { context, page, errors };
}

/** The text a person reads in <main>: no API error code in it. */
async function plainWords(t: ExecutionContext, page: Page, where: string): Promise<string> {
  const text = await page.locator('main').innerText();
  t.notRegex(text, ERROR_CODE, `${where}: no technical error code shown`);
  return text;
}

/** The SVG path the page must draw for `text`: one unit square per dark module, after a quiet zone of four. */
function expectedQrPath(text: string): string {
  const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  let d = '';
  for (let row = 0; row < modules.size; row += 1) {
    for (let column = 0; column < modules.size; column += 1)
      if (modules.get(row, column)) d += `M${column + 4} ${row + 4}h1v1h-1z`;
  }
  return d;
}

/** The last step: "I have saved them" ticked, on to the app, which names the person signed in. */
async function confirmCodesSaved(page: Page, name: string): Promise<void> {
  await page.check('#codes-saved');
  await page.click('#codes-continue');
  await page.waitForURL('**/app');
  await page.locator('#who', { hasText: name }).waitFor();
}

function codeFor(secret: string): string {
  return computeTotp({ secret, step: totpStep(clock.now()) });
}

browserTest(
  'desktop: the first administrator sets up Segl with a QR code, copies and downloads the recovery codes',
  async (t) => {
    const token = setupTokenFrom(await announcedLines(appliance))!;
    t.truthy(token, 'a setup link is printed while no administrator exists');
    const { context, page, errors } = await open('desktop');
    try {
      await page.goto(`${appliance.url}/setup/${token}`);
      await page.locator('#account-title').waitFor();
      t.is(await page.locator('#page-title').innerText(), 'Set up Segl');
      t.is(await page.title(), 'Set up Segl – Segl');
      t.regex(await page.locator('.steps').innerText(), /Your account[\s\S]*Authenticator app[\s\S]*Recovery codes/);

      // mistakes are said next to their field, which takes focus
      await page.click('#account-submit');
      await page.locator('#account-email-error').waitFor();
      t.is(await focusedId(page), 'account-email');
      t.is(await page.locator('#account-email-error').innerText(), 'Enter your e-mail address.');
      await page.fill('#account-email', 'ada@example.org');
      await page.fill('#account-name', 'Ada Admin');
      await page.fill('#account-password', 'too short');
      await page.click('#account-submit');
      await page.locator('#account-password-error', { hasText: 'at least 12 characters' }).waitFor();
      t.is(await focusedId(page), 'account-password');
      await page.fill('#account-password', 'correct horse battery staple');
      await page.fill('#account-password2', 'correct horse battery stapler');
      await page.click('#account-submit');
      await page.locator('#account-password2-error', { hasText: 'not the same' }).waitFor();
      await assertAccessible(t, page, 'setup account');
      await screenshot(t, page, shots, 'desktop-setup-account-errors');
      await page.fill('#account-password2', 'correct horse battery staple');
      await page.click('#account-submit');

      // the authenticator: a QR code of the otpauth URI, the key grouped and copyable
      await page.locator('#totp-title').waitFor();
      t.is(await focusedId(page), 'totp-title', 'focus moves to the new step');
      const uri = (await page.locator('#otpauth-link').getAttribute('href'))!;
      t.regex(uri, /^otpauth:\/\/totp\/.*secret=[A-Z2-7]+/);
      const secret = new URL(uri).searchParams.get('secret')!;
      t.is((await page.locator('#totp-secret').innerText()).replace(/\s/g, ''), secret);
      t.is(
        await page.locator('svg.qr-code path').getAttribute('d'),
        expectedQrPath(uri),
        'the QR code encodes the otpauth URI',
      );
      t.regex((await page.locator('svg.qr-code').getAttribute('aria-label')) ?? '', /QR code/);
      await page.click('#totp-secret-copy');
      await page.locator('#totp-secret-copy', { hasText: 'Copied' }).waitFor();
      t.is(await page.evaluate(() => navigator.clipboard.readText()), secret);
      const right = codeFor(secret);
      await page.fill('#totp-code', right === '000000' ? '111111' : '000000');
      await page.click('#totp-submit');
      await page.locator('#totp-code-error').waitFor();
      t.regex(await plainWords(t, page, 'wrong code'), /That code is not right/);
      await assertAccessible(t, page, 'setup authenticator');
      await screenshot(t, page, shots, 'desktop-setup-authenticator');
      await page.fill('#totp-code', codeFor(secret));
      await page.click('#totp-submit');

      // the recovery codes: ten, copied and downloaded, then "I have saved them"
      await page.locator('#codes-title').waitFor();
      const codes = await page.locator('#recovery-codes li').allInnerTexts();
      t.is(codes.length, 10);
      for (const code of codes) t.regex(code, /^[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{5}$/);
      await page.click('#codes-copy');
      await page.locator('#codes-copy', { hasText: 'Copied' }).waitFor();
      t.is(await page.evaluate(() => navigator.clipboard.readText()), codes.join('\n'));
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#codes-download')]);
      t.is(download.suggestedFilename(), 'segl-recovery-codes.txt');
      const file = readFileSync((await download.path())!, 'utf8');
      t.regex(file, /^Segl recovery codes for ada@example\.org \(\d{4}-\d{2}-\d{2}\)/);
      for (const code of codes) t.true(file.includes(code), `the file has ${code}`);
      await page.click('#codes-continue');
      await page.locator('#codes-saved-error').waitFor();
      t.is(await focusedId(page), 'codes-saved');
      await assertAccessible(t, page, 'setup recovery codes');
      await screenshot(t, page, shots, 'desktop-setup-recovery-codes');
      await confirmCodesSaved(page, 'Ada Admin');
      t.deepEqual(unexpectedErrors(errors, [422]), [], 'no script errors or CSP violations');

      // the link is spent: the page says so in words and offers the sign-in
      await page.goto(`${appliance.url}/setup/${token}`);
      await page.locator('#dead-title').waitFor();
      t.regex(await plainWords(t, page, 'used setup link'), /This link does not work/);
      t.is(await page.locator('#go-login').getAttribute('href'), '/login');
    } finally {
      await context.close();
    }
  },
);

browserTest('phone, Norwegian: an invited user enrols; a used link says so', async (t) => {
  const admin = await createTestStaff(appliance, 'admin', 'Inviter');
  const invited = await sendJson(admin, 'POST', '/api/v1/users', {
    email: 'nora@example.org',
    name: 'Nora Nilsen',
    role: 'member',
  });
  t.is(invited.status, 201);
  const { enrolmentUrl } = (await invited.json()) as { enrolmentUrl: string };
  const { context, page, errors } = await open('phone', 'nb-NO');
  try {
    await page.goto(enrolmentUrl);
    await page.locator('#account-title').waitFor();
    t.is(await page.evaluate(() => document.documentElement.lang), 'nb');
    t.is(await page.locator('#page-title').innerText(), 'Bli med i Segl');
    t.is(await page.locator('#account-who').innerText(), 'nora@example.org');
    await page.fill('#account-password', 'et langt og godt passord');
    await page.fill('#account-password2', 'et langt og godt passord');
    await assertAccessible(t, page, 'enrol account (nb)');
    await screenshot(t, page, shots, 'phone-nb-enrol-account');
    await page.click('#account-submit');
    await page.locator('#totp-title', { hasText: 'Koble til autentiseringsappen' }).waitFor();
    const uri = (await page.locator('#otpauth-link').getAttribute('href'))!;
    t.true(uri.includes('nora%40example.org') || uri.includes('nora@example.org'), 'the account in the URI');
    t.is(await page.locator('svg.qr-code path').getAttribute('d'), expectedQrPath(uri));
    await assertAccessible(t, page, 'enrol authenticator (nb)');
    await screenshot(t, page, shots, 'phone-nb-enrol-authenticator');
    // the language can change in the middle: what was typed stays
    await page.fill('#totp-code', '12');
    await page.click('.lang-button[data-language="en"]');
    await page.locator('#totp-title', { hasText: 'Connect your authenticator app' }).waitFor();
    t.is(await page.inputValue('#totp-code'), '12');
    await page.click('#totp-submit');
    await page.locator('#totp-code-error', { hasText: 'Enter the 6 digits' }).waitFor();
    await page.click('.lang-button[data-language="nb"]');
    await page.locator('#totp-code-error', { hasText: 'Skriv de 6 sifrene' }).waitFor();
    await page.fill('#totp-code', codeFor(new URL(uri).searchParams.get('secret')!));
    await page.click('#totp-submit');
    await page.locator('#codes-title', { hasText: 'Ta vare på reservekodene' }).waitFor();
    t.is(await page.locator('#recovery-codes li').count(), 10);
    await assertAccessible(t, page, 'enrol recovery codes (nb)');
    await screenshot(t, page, shots, 'phone-nb-enrol-recovery-codes');
    await confirmCodesSaved(page, 'Nora Nilsen');

    await page.goto(enrolmentUrl);
    await page.locator('#dead-title', { hasText: 'Denne lenken virker ikke' }).waitFor();
    t.regex(await plainWords(t, page, 'used invitation'), /Be en administrator om en ny/);
    await assertAccessible(t, page, 'dead link (nb)');
    await screenshot(t, page, shots, 'phone-nb-enrol-dead-link');
    t.deepEqual(unexpectedErrors(errors), []);
  } finally {
    await context.close();
  }
});

/** Signs in on the login page up to the code step. */
async function passwordStep(page: Page, staff: EnrolledStaff, password = staff.password): Promise<void> {
  await page.fill('#login-email', staff.email);
  await page.fill('#login-password', password);
  await page.click('#login-submit');
}

for (const width of ['desktop', 'phone'] as const) {
  browserTest(`${width}: signing in, with a wrong password, a wrong code, and a recovery code`, async (t) => {
    const staff = await createEnrolledStaff(appliance, 'member', { name: `Signe Staff ${width}` });
    const { context, page, errors } = await open(width);
    try {
      await page.goto(`${appliance.url}/login`);
      await page.locator('#login-email').waitFor();
      t.is(await page.locator('#page-title').innerText(), 'Sign in to Segl');
      await page.click('#login-submit');
      await page.locator('#login-email-error', { hasText: 'Enter your e-mail address.' }).waitFor();
      await passwordStep(page, staff, 'not the password at all');
      await page.locator('#login-password-error').waitFor();
      t.is(await focusedId(page), 'login-password');
      t.regex(await plainWords(t, page, 'wrong password'), /The e-mail address or the password is not right/);
      t.is(await page.inputValue('#login-password'), '', 'the wrong password is cleared');
      await assertAccessible(t, page, 'login wrong password');
      await screenshot(t, page, shots, `${width}-login-wrong-password`);

      await passwordStep(page, staff);
      await page.locator('#code-title').waitFor();
      t.is(await focusedId(page), 'login-code');
      t.is(await page.locator('#login-code').getAttribute('autocomplete'), 'one-time-code');
      await page.fill('#login-code', '12345');
      await page.click('#code-submit');
      await page.locator('#login-code-error', { hasText: 'Enter the 6 digits' }).waitFor();
      const right = nextTotp(staff, clock);
      await page.fill('#login-code', right === '000000' ? '111111' : '000000');
      await page.click('#code-submit');
      await page.locator('#login-code-error', { hasText: 'That code is not right' }).waitFor();
      await plainWords(t, page, 'wrong code');
      await assertAccessible(t, page, 'login wrong code');
      await screenshot(t, page, shots, `${width}-login-wrong-code`);

      // lost the phone: a recovery code, and how many are left
      await page.click('#use-recovery');
      t.is(await page.locator('#code-title').innerText(), 'Use a recovery code');
      t.is(await focusedId(page), 'login-code');
      await page.fill('#login-code', staff.recoveryCodes[0]!.toLowerCase());
      await assertAccessible(t, page, 'login recovery code');
      await screenshot(t, page, shots, `${width}-login-recovery-code`);
      await page.click('#code-submit');
      await page.locator('#recovered-title').waitFor();
      t.is(await page.locator('#recovered-left').innerText(), 'You have 9 recovery codes left.');
      await assertAccessible(t, page, 'signed in with a recovery code');
      await screenshot(t, page, shots, `${width}-login-recovered`);
      await page.click('#recovered-continue');
      await page.locator('#who', { hasText: staff.name }).waitFor();
      t.deepEqual(unexpectedErrors(errors, [401]), [], 'only the expected 401s');
    } finally {
      await context.close();
    }
  });
}

browserTest(
  'desktop: throttling and a lockout are said in plain words; an administrator unlocks the account; Norwegian too',
  async (t) => {
    const staff = await createEnrolledStaff(appliance, 'member', { name: 'Lars Locked' });
    const admin = await createEnrolledStaff(appliance, 'admin', { name: 'Una Unlocker' });
    const { context, page, errors } = await open('desktop');
    try {
      await page.goto(`${appliance.url}/login`);
      // five wrong passwords are free; the fifth starts a pause of a minute
      for (let i = 0; i < 5; i += 1) {
        await passwordStep(page, staff, `wrong password ${i}`);
        await page.locator('#login-password-error').waitFor();
      }
      await passwordStep(page, staff, 'wrong password 5');
      await page.locator('#form-error').waitFor();
      t.regex(await plainWords(t, page, 'throttled'), /Too many attempts\. Wait \d+ seconds and try again\./);
      t.is(await focusedId(page), 'form-error');
      await screenshot(t, page, shots, 'desktop-login-throttled');
      // once the pause is over, one more wrong password pauses sign-in for minutes: a lockout
      clock.advance(61_000);
      await passwordStep(page, staff, 'wrong password 6');
      await page.locator('#login-password-error').waitFor();
      await passwordStep(page, staff);
      await page.locator('#form-error', { hasText: 'signing in is paused for about 2 minutes' }).waitFor();
      t.regex(await plainWords(t, page, 'locked'), /ask an administrator to unlock your account/);
      await assertAccessible(t, page, 'locked');
      await screenshot(t, page, shots, 'desktop-login-locked');
      await page.click('.lang-button[data-language="nb"]');
      await page.locator('#form-error', { hasText: 'innlogging er stengt i omtrent 2 minutter' }).waitFor();
      await screenshot(t, page, shots, 'desktop-login-locked-nb');
      await page.click('.lang-button[data-language="en"]');

      // the administrator sees the lockout on the Users screen and lifts it
      const adminCookie = await signInStaff(appliance, admin, clock);
      const adminContext = await browser.newContext({
        ...VIEWPORTS.desktop,
        locale: 'en-GB',
        timezoneId: 'Europe/Oslo',
      });
      await adminContext.addCookies([
        { name: 'segl_session', value: adminCookie, url: appliance.url, httpOnly: true, sameSite: 'Strict' },
      ]);
      const adminPage = await adminContext.newPage();
      await adminPage.goto(`${appliance.url}/app/users`);
      const row = adminPage.locator(`[data-user="${staff.email}"]`);
      await row.waitFor();
      t.regex(await row.innerText(), /Too many failed sign-ins: paused until[\s\S]*Locked/);
      await assertAccessible(t, adminPage, 'users with a locked account');
      await screenshot(t, adminPage, shots, 'desktop-users-locked');
      await row.locator('[data-action="unlock"]').click();
      await adminPage.locator('#users-result', { hasText: 'Lars Locked can sign in again.' }).waitFor();
      t.regex(await row.innerText(), /Active/);
      t.is(await row.locator('[data-action="unlock"]').count(), 0);
      await screenshot(t, adminPage, shots, 'desktop-users-unlocked');
      await adminContext.close();

      // and the user gets in
      await passwordStep(page, staff);
      await page.locator('#code-title').waitFor();
      await page.fill('#login-code', nextTotp(staff, clock));
      await page.click('#code-submit');
      await page.waitForURL('**/app');
      await page.locator('#who', { hasText: 'Lars Locked' }).waitFor();
      t.deepEqual(unexpectedErrors(errors, [401, 429]), []);
    } finally {
      await context.close();
    }
  },
);

browserTest('a failed single sign-on comes back to the login page with words, not JSON', async (t) => {
  const { context, page, errors } = await open('phone');
  try {
    await page.goto(`${appliance.url}/login?sso=sso_no_account`);
    await page.locator('#form-error').waitFor();
    t.regex(await plainWords(t, page, 'sso'), /not linked to a Segl account/);
    t.is(await focusedId(page), 'form-error');
    // without single sign-on configured, its button is not offered, and the callback sends a browser back
    t.is(await page.locator('#sso-link').count(), 0);
    await page.goto(`${appliance.url}/api/v1/auth/sso/callback?code=x&state=y`);
    await page.waitForURL('**/login?sso=sso_not_configured');
    await page.locator('#form-error', { hasText: 'Single sign-on is not set up' }).waitFor();
    await assertAccessible(t, page, 'login after a failed single sign-on');
    await screenshot(t, page, shots, 'phone-login-sso-failed');
    t.deepEqual(unexpectedErrors(errors), []);
  } finally {
    await context.close();
  }
});
