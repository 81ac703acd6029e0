/**
 * The staff app's banner for documents that wait for a timestamp authority, in headless Chromium against a real
 * appliance whose (loopback) TSA is down: "1 document waits for a timestamp authority since T"; gone once a TSA
 * answers again and the document is sealed.
 */
import test from 'ava';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startTestAppliance, type TestAppliance } from '../helpers/appliance.js';
import { chromiumAvailable, launchChromium } from '../helpers/browser.js';
import { tempDir } from '../helpers/external-tool.js';
import { startLoopbackTsa, type LoopbackTsa } from '../helpers/loopback-tsa.js';
import { expectJson } from '../helpers/signing.js';
import { sendToOtpSigner, waitForDocumentStatus } from '../helpers/otp-signing.js';
import { poll } from '../helpers/poll.js';
import { createEnrolledStaff, createTestStaff, createTickingClock, signInStaff } from '../helpers/staff.js';
import { unexpectedErrors, recordPageErrors, addStaffSession } from '../helpers/portal-browser.js';

const haveChromium = chromiumAvailable();

(haveChromium ? test : test.skip)(
  'the staff app shows how many documents wait for a timestamp authority, and since when',
  async (t) => {
    t.timeout(180_000);
    const dataDir = tempDir('segl-banner-');
    const shots = tempDir('segl-banner-shots-');
    const clock = createTickingClock();
    let appliance: TestAppliance | undefined;
    let tsa: LoopbackTsa | undefined;
    let browser: Browser | undefined;
    try {
      tsa = await startLoopbackTsa({ identity: () => appliance!.sealer.pki.tsa, mode: 'down' });
      appliance = await startTestAppliance({ dataDir, clock, env: { SEGL_TSA_URLS: tsa.url } });
      const sender = await createTestStaff(appliance, 'admin', 'Banner Sender');
      const { draft, signer } = await sendToOtpSigner({
        appliance,
        staff: sender,
        pages: 1,
        title: 'Waiting for a TSA',
        signer: { name: 'Bente Banner', email: 'banner.signer@example.org' },
      });
      await expectJson(await signer.post('/sign', { consent: true }), 200);
      let waiting: unknown;
      const health = await poll(
        () => `one document in the seal backlog (it held ${waiting})`,
        30_000,
        async () => {
          const report = await expectJson(await sender.api('/api/v1/health'), 200);
          waiting = report.sealBacklog.documents;
          return waiting === 1 ? report : undefined;
        },
      );
      t.is(health.sealBacklog.documents, 1);

      const member = await createEnrolledStaff(appliance, 'member', { name: 'Mona Member' });
      const cookie = await signInStaff(appliance, member, clock);
      browser = await launchChromium();
      const context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        locale: 'en-GB',
        timezoneId: 'Europe/Oslo',
      });
      await addStaffSession(context, appliance.url, cookie);
      const page = await context.newPage();
      const errors = recordPageErrors(page);
      await page.goto(`${appliance.url}/app`);
      const banner = page.locator('#health-banner');
      await banner.waitFor({ state: 'visible', timeout: 15_000 });
      const since = new Intl.DateTimeFormat('en', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'Europe/Oslo',
      }).format(new Date(health.sealBacklog.since));
      t.is(
        (await banner.innerText()).trim(),
        `1 document waits for a timestamp authority since ${since}. Sealing resumes as soon as one answers.`,
      );
      t.is(await banner.getAttribute('role'), 'status');
      const shot = join(shots, 'banner-waiting.png');
      await page.screenshot({ path: shot });
      t.log(`screenshot: ${shot}`);

      // the TSA answers again: the document is sealed, and the next load shows no banner
      tsa.setMode('answer');
      await appliance.sealer.requestTimestamp({ digest: randomBytes(32) });
      await waitForDocumentStatus({ staff: sender, id: draft.id, status: 'completed', timeoutMs: 20_000 });
      t.is((await expectJson(await sender.api(`/api/v1/documents/${draft.id}`), 200)).status, 'completed');
      await page.reload();
      // the banner marks when it has read the health report: hidden after that means nothing waits
      await page.waitForSelector('#health-banner[data-checked="true"]', { state: 'attached', timeout: 15_000 });
      t.true(await banner.isHidden(), 'no banner once nothing waits');
      t.deepEqual(unexpectedErrors(errors), []);
      await context.close();
    } finally {
      await browser?.close();
      await appliance?.close();
      await tsa?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
);
