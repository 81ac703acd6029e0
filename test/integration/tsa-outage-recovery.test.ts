import test from 'ava';
import { rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { startTestAppliance, type TestAppliance } from '../helpers/appliance.js';
import { createTestStaff, staffAt, type TestStaff } from '../helpers/staff.js';
import { tempDir } from '../helpers/external-tool.js';
import { startLoopbackTsa, type LoopbackTsa } from '../helpers/loopback-tsa.js';
import { expectJson } from '../helpers/signing.js';
import { sendToOtpSigner, waitForDocumentStatus } from '../helpers/otp-signing.js';
import { describeSealBacklog } from '../../server/domain/jobs/seal-backlog.js';
import { verifyDocument } from '../../server/domain/verify-document.js';
import { poll } from '../helpers/poll.js';

/**
 * A TSA outage that ends: the waiting seal backs off at most a minute, shows in /readyz, /healthz and the staff
 * health API, and runs as soon as a TSA answers again (any successful timestamp wakes it) or the appliance restarts.
 */
const PUBLIC_URL = 'http://segl.test';

async function signedDocumentWaitingForTsa(appliance: TestAppliance, staff: TestStaff, title: string): Promise<string> {
  const email = `${title.replace(/\W+/g, '.').toLowerCase()}@example.org`;
  const { draft, signer } = await sendToOtpSigner({
    appliance,
    staff,
    pages: 2,
    title,
    signer: { name: `Signer ${title}`, email },
  });
  t_signed(await expectJson(await signer.post('/sign', { consent: true }), 200));
  return draft.id;
}

function t_signed(body: { status: string; documentStatus: string }): void {
  if (body.status !== 'signed' || body.documentStatus !== 'pending')
    throw new Error(`unexpected answer to /sign: ${JSON.stringify(body)}`);
}

/** Makes the seal job's next failure come with the longest backoff, as after a long outage, and waits for it. */
async function pushToLongestBackoff(
  appliance: TestAppliance,
  documentId: string,
): Promise<{ runAt: Date; updatedAt: Date }> {
  const { Job } = appliance.deps.db.models;
  await Job.update(
    { attempts: 30, runAt: new Date() },
    { where: { kind: 'seal-document', documentId, status: 'queued' } },
  );
  appliance.deps.runner.kick();
  const job = await poll('the seal job to fail once more', 30_000, async () => {
    const row = await Job.findOne({ where: { kind: 'seal-document', documentId }, raw: true });
    return row && row.attempts === 31 && row.status === 'queued' ? row : undefined;
  });
  return { runAt: new Date(job.runAt), updatedAt: new Date(job.updatedAt!) };
}

test(
  'a TSA outage that ends: the wait is visible, capped at a minute, and ends when a TSA ' +
    'answers or the appliance restarts',
  async (t) => {
    t.timeout(240_000);
    const dataDir = tempDir('segl-tsa-outage-');
    let appliance: TestAppliance | undefined;
    let tsa: LoopbackTsa | undefined;
    try {
      tsa = await startLoopbackTsa({ identity: () => appliance!.sealer.pki.tsa, mode: 'down' });
      const env = { SEGL_TSA_URLS: tsa.url, SEGL_PUBLIC_URL: PUBLIC_URL };
      appliance = await startTestAppliance({ dataDir, env });
      const staff = await createTestStaff(appliance, 'admin', 'Outage Sender');
      const before = new Date();
      const first = await signedDocumentWaitingForTsa(appliance, staff, 'Outage one');

      // the seal waits for a TSA, and says so
      const waiting = await poll('the seal to wait for a TSA', 30_000, async () => {
        const backlog = await describeSealBacklog({ db: appliance!.deps.db });
        return backlog.documents === 1 ? backlog : undefined;
      });
      t.true(waiting.since!.getTime() >= before.getTime() - 1000, 'since the first failed attempt');
      const readyz = await fetch(`${appliance.url}/readyz`);
      t.is(readyz.status, 200, 'still ready: everything but sealing works');
      t.deepEqual(await readyz.json(), {
        status: 'degraded',
        problems: [
          { code: 'timestamp_authority_waiting', message: 'documents wait for a timestamp authority to answer' },
        ],
      });
      const healthz = await fetch(`${appliance.url}/healthz`);
      t.is(healthz.status, 503, 'monitoring sees the outage');
      t.like(await healthz.json(), {
        error: 'unhealthy',
        status: 'degraded',
        problems: [{ code: 'timestamp_authority_waiting' }],
      });
      const health = await expectJson(await staff.api('/api/v1/health'), 200);
      t.like(health, { status: 'degraded', sealBacklog: { documents: 1, since: waiting.since!.toISOString() } });
      t.is((await fetch(`${appliance.url}/api/v1/health`)).status, 401, 'the numbers are for staff only');

      // after a long outage the next attempt is at most a minute away, not fifteen
      const backoff = await pushToLongestBackoff(appliance, first);
      const delay = backoff.runAt.getTime() - backoff.updatedAt.getTime();
      t.true(delay > 55_000 && delay <= 60_000, `the next attempt is ${delay} ms after the failure`);

      // the TSA is back and answers someone (here: any timestamp this appliance asks for): the seal runs now
      tsa.setMode('answer');
      const answeredAt = Date.now();
      await appliance.sealer.requestTimestamp({ digest: randomBytes(32) });
      const sealed = await waitForDocumentStatus({ staff, id: first, status: 'completed', timeoutMs: 20_000 });
      t.log(
        `sealed ${Date.now() - answeredAt} ms after a TSA answered again ` +
          `(the backoff had ${backoff.runAt.getTime() - answeredAt} ms to go)`,
      );
      t.true(Date.now() < backoff.runAt.getTime(), 'sealed before its backoff ran out');
      t.is(sealed.level, 'B-LTA');
      t.deepEqual(await expectJson(await fetch(`${appliance.url}/readyz`), 200), { status: 'ok' });
      t.deepEqual(await expectJson(await fetch(`${appliance.url}/healthz`), 200), { status: 'ok' });
      t.like(await expectJson(await staff.api('/api/v1/health'), 200), {
        status: 'ok',
        sealBacklog: { documents: 0, since: null },
      });
      const final = Buffer.from(await (await staff.api(`/api/v1/documents/${first}/pdf`)).arrayBuffer());
      t.is(verifyDocument({ bytes: final, trustAnchorsPem: appliance.sealer.rootCertificatePem() }).status, 'passed');

      // a second outage, and this time the appliance restarts after the TSA is back: the wait starts afresh at once
      tsa.setMode('down');
      const second = await signedDocumentWaitingForTsa(appliance, staff, 'Outage two');
      await poll('the second seal to wait', 30_000, async () =>
        (await describeSealBacklog({ db: appliance!.deps.db })).documents === 1 ? true : undefined,
      );
      const secondBackoff = await pushToLongestBackoff(appliance, second);
      await appliance.close();
      appliance = undefined;
      tsa.setMode('answer');
      const restartedAt = Date.now();
      appliance = await startTestAppliance({ dataDir, env });
      const again = staffAt(appliance.url, staff);
      await waitForDocumentStatus({ staff: again, id: second, status: 'completed', timeoutMs: 20_000 });
      t.log(`sealed ${Date.now() - restartedAt} ms after the restart began`);
      t.true(Date.now() < secondBackoff.runAt.getTime(), 'the restart did not wait out the old backoff');
      t.deepEqual(await describeSealBacklog({ db: appliance.deps.db }), { documents: 0, since: null });
    } finally {
      await appliance?.close();
      await tsa?.close();
      if (!process.env.SEGL_KEEP_TEST_FILES) rmSync(dataDir, { recursive: true, force: true });
    }
  },
);
