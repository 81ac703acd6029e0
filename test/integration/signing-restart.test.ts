import test, { type ExecutionContext } from 'ava';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { startTestAppliance, type TestAppliance } from '../helpers/appliance.js';
import { createTestStaff, type TestStaff, staffAt } from '../helpers/staff.js';
import { tempDir } from '../helpers/external-tool.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { expectJson, mailedCode, SignerClient } from '../helpers/signing.js';
import { verifyDocument } from '../../server/domain/verify-document.js';
import { poll } from '../helpers/poll.js';
import { sendToOtpSigner, waitForDocumentStatus } from '../helpers/otp-signing.js';
import { closedPort } from '../helpers/closed-port.js';

/**
 * Sealing survives what a server meets in real life: a SIGKILL in the middle of it (the restarted server takes the
 * job back and finishes, once), and a TSA outage (the document waits, pending, and is sealed at B-LTA once a TSA
 * answers again; never sealed with less).
 */

/** Enough pages that stamping every one of them keeps the seal job busy for a while. */
const PAGES = Number(process.env.SEGL_TEST_RESTART_PAGES ?? 600);

/** Reads the appliance's SQLite file from this process (WAL: alongside the running server), read-only. */
async function peek<T>(dataDir: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened = new sqlite3.Database(join(dataDir, 'segl.sqlite'), sqlite3.OPEN_READONLY, (error) =>
      error ? reject(error) : resolve(opened),
    );
  });
  try {
    db.configure('busyTimeout', 5000);
    return await new Promise<T[]>((resolve, reject) =>
      db.all(sql, params, (error, rows) => (error ? reject(error) : resolve(rows as T[]))),
    );
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

async function checkSealed(
  t: ExecutionContext,
  sender: TestStaff,
  documentId: string,
  rootPem: string,
): Promise<Buffer> {
  const document = await expectJson(await sender.api(`/api/v1/documents/${documentId}`), 200);
  t.is(document.status, 'completed');
  t.is(document.level, 'B-LTA');
  const final = Buffer.from(await (await sender.api(`/api/v1/documents/${documentId}/pdf`)).arrayBuffer());
  const report = verifyDocument({ bytes: final, trustAnchorsPem: rootPem });
  t.is(report.status, 'passed', JSON.stringify(report.problems));
  t.is(report.level, 'B-LTA');
  const trail = await expectJson(await sender.api(`/api/v1/documents/${documentId}/audit-trail`), 200);
  t.true(trail.chain.intact, JSON.stringify(trail.chain.problems));
  const count = (type: string) => trail.events.filter((e: { type: string }) => e.type === type).length;
  t.is(count('signer.signed'), 1);
  t.is(count('document.completed'), 1);
  t.is(count('document.sealed'), 1, 'sealed exactly once');
  const signed = trail.events.find((e: { type: string }) => e.type === 'signer.signed');
  t.truthy(signed.timestampToken, 'the signing event carries its TSA token');
  return final;
}

test(
  'a SIGKILL in the middle of sealing: the restarted server finishes the seal, once, and the ' + 'PDF verifies',
  async (t) => {
    t.timeout(180_000);
    const dataDir = tempDir('segl-restart-kill-');
    // the data directory and a staff token in-process, then real server processes on it
    const setup = await startTestAppliance({ dataDir, jobs: false });
    const staff = await createTestStaff(setup, 'admin', 'Restart Sender');
    await setup.close();

    let server: ServerProcess | undefined = await startServerProcess({ dataDir });
    try {
      const sender = staffAt(server.url, staff);
      const email = 'kill@example.org';
      const { draft, signer } = await sendToOtpSigner({
        appliance: { url: server.url, dataDir },
        staff: sender,
        pages: PAGES,
        title: 'Long contract',
        signer: { name: 'Kim Kill', email },
      });

      // the last (only) signature: the server records it, queues the seal job and starts sealing
      const signing = signer.post('/sign', { consent: true }).then(
        async (r) => ({ status: r.status, body: await r.text() }),
        (error: unknown) => ({ status: 0, body: String(error) }),
      );
      const signedAt = Date.now();
      // kill the server while its seal job runs (claimed, lease held, stamping every page)
      await poll(
        'the seal job to be running',
        30_000,
        async () => {
          const [job] = await peek<{ status: string }>(dataDir, "SELECT status FROM jobs WHERE kind = 'seal-document'");
          return job?.status === 'running' ? job : undefined;
        },
        10,
      );
      // a moment into the job: past the bookkeeping, into stamping the pages (the check below tells if it was too long)
      await new Promise((resolve) => setTimeout(resolve, 150));
      await server.kill();
      const killedAt = new Date();
      server = undefined;
      const [atKill] = await peek<{ status: string; completed_at: string | null; sealed_at: string | null }>(
        dataDir,
        'SELECT status, completed_at, sealed_at FROM documents WHERE id = ?',
        [draft.id],
      );
      t.is(atKill!.status, 'pending', `sealing ${PAGES} pages finished before the kill; raise SEGL_TEST_RESTART_PAGES`);
      t.truthy(atKill!.completed_at);
      t.is(atKill!.sealed_at, null);
      const [jobAtKill] = await peek<{ status: string; attempts: number }>(
        dataDir,
        "SELECT status, attempts FROM jobs WHERE kind = 'seal-document'",
      );
      t.deepEqual(jobAtKill, { status: 'running', attempts: 1 }, 'the dead server still holds the seal job');
      const answer = await signing;
      t.log(
        `killed ${killedAt.getTime() - signedAt} ms after the signature; ` +
          `the /sign request got: ${answer.status || 'no answer'}`,
      );
      if (answer.status) t.deepEqual(JSON.parse(answer.body), { status: 'signed', documentStatus: 'pending' });

      const restartedAt = Date.now();
      server = await startServerProcess({ dataDir });
      const upAt = Date.now();
      const again = staffAt(server.url, staff);
      const document = await waitForDocumentStatus({
        staff: again,
        id: draft.id,
        status: 'completed',
        timeoutMs: 120_000,
        intervalMs: 200,
      });
      t.log(
        `sealed ${Date.now() - restartedAt} ms after the restart began; the seal took about ` +
          `${new Date(document.sealedAt).getTime() - upAt} ms after the server was up (${PAGES} pages)`,
      );
      t.true(new Date(document.sealedAt).getTime() >= killedAt.getTime(), 'the seal was made by the restarted server');
      const rootPem = await (await fetch(`${server.url}/pki/root.pem`)).text();
      const final = await checkSealed(t, again, draft.id, rootPem);

      // the signer's own copy is the same file; the interrupted attempt left nothing behind
      const signerAgain = new SignerClient({ url: server.url }, signer.token);
      t.is((await expectJson(await signerAgain.request(''), 200)).document.status, 'completed');
      t.is(
        (await expectJson(await signerAgain.request('/signed-pdf'), 401)).error,
        'signer_not_authenticated',
        'the link alone does not open the signed copy',
      );
      await signerAgain.authenticateWithOtp(() => mailedCode(dataDir, email));
      const copy = await signerAgain.request('/signed-pdf');
      t.is(copy.status, 200);
      t.true(Buffer.from(await copy.arrayBuffer()).equals(final));
      await server.kill();
      server = undefined;
      const check = await startTestAppliance({ dataDir, jobs: false });
      try {
        const { Job, DocumentBlob } = check.deps.db.models;
        const sealJobs = await Job.findAll({ where: { kind: 'seal-document' }, raw: true });
        t.is(sealJobs.length, 1);
        t.is(sealJobs[0]!.status, 'done');
        t.log(`seal job attempts: ${sealJobs[0]!.attempts}`);
        t.deepEqual(
          await Job.findAll({ where: { status: 'failed' }, attributes: ['kind', 'lastError'], raw: true }),
          [],
        );
        const blobsDir = join(dataDir, 'blobs');
        const files = existsSync(blobsDir)
          ? readdirSync(blobsDir, { recursive: true, encoding: 'utf8' }).filter(
              (p) => p.endsWith('.pgp') || p.includes('.tmp-'),
            )
          : [];
        const rows = await DocumentBlob.findAll({ where: { documentId: draft.id }, raw: true });
        t.deepEqual(rows.map((r) => r.kind).sort(), ['final', 'original']);
        t.deepEqual(
          files.map((p) => p.split('/').pop()).sort(),
          rows.map((r) => r.blobName).sort(),
          'no half-written final PDF is left on disk',
        );
      } finally {
        await check.close();
      }
    } finally {
      await server?.kill();
      if (!process.env.SEGL_KEEP_TEST_FILES) rmSync(dataDir, { recursive: true, force: true });
    }
  },
);

test('a TSA outage delays sealing, never weakens it: pending while no TSA answers, B-LTA once one does', async (t) => {
  t.timeout(120_000);
  const dataDir = tempDir('segl-restart-tsa-');
  const down = `http://127.0.0.1:${await closedPort()}/tsa`;
  let appliance: TestAppliance | undefined = await startTestAppliance({ dataDir, env: { SEGL_TSA_URLS: down } });
  try {
    const sender = await createTestStaff(appliance, 'admin', 'Outage Sender');
    const { draft, signer } = await sendToOtpSigner({
      appliance,
      staff: sender,
      pages: 2,
      title: 'Outage',
      signer: { name: 'Ola Outage', email: 'outage@example.org' },
    });
    // signing still works: the signature is recorded, its timestamp and the seal wait for a TSA
    t.deepEqual(await expectJson(await signer.post('/sign', { consent: true }), 200), {
      status: 'signed',
      documentStatus: 'pending',
    });

    const { Job } = appliance.deps.db.models;
    const jobOf = async (kind: string) =>
      (await Job.findAll({ where: { kind }, raw: true })).find(
        (j) => JSON.parse(j.payload).documentId === draft.id || kind === 'timestamp-event',
      );
    // the seal job fails on the TSA, and is retried (not given up) ...
    const failing = await poll(
      'the seal job to fail twice on the TSA',
      30_000,
      async () => {
        const job = await jobOf('seal-document');
        return job && job.attempts >= 2 && job.status === 'queued' && job.lastError ? job : undefined;
      },
      100,
    );
    t.regex(failing.lastError!, /timestamp/i, 'lastError names the TSA');
    t.true(failing.lastError!.includes(down), failing.lastError!);
    const stampJob = await jobOf('timestamp-event');
    t.truthy(stampJob, 'the signing event waits for its own timestamp');
    t.not(stampJob!.status, 'failed');
    // ... and the document stays pending, with no lower level
    const pending = await expectJson(await sender.api(`/api/v1/documents/${draft.id}`), 200);
    t.is(pending.status, 'pending');
    t.truthy(pending.completedAt, 'every signer has signed');
    t.is(pending.level, null);
    t.is(pending.sealedAt, null);
    t.is(pending.finalSha256, null);
    const portal = await expectJson(await fetch(`${appliance.url}/api/v1/verify/${draft.code}`), 200);
    t.is(portal.status, 'pending');
    t.falsy(portal.level);
    const trail = await expectJson(await sender.api(`/api/v1/documents/${draft.id}/audit-trail`), 200);
    t.false(trail.events.some((e: { type: string }) => e.type === 'document.sealed'));
    t.is(trail.events.find((e: { type: string }) => e.type === 'signer.signed').timestampToken, null);
    t.is((await expectJson(await signer.request('/signed-pdf'), 409)).error, 'document_not_completed');
    t.deepEqual(await Job.findAll({ where: { status: 'failed' }, attributes: ['kind', 'lastError'], raw: true }), []);

    // the TSA is back (here: the server restarts without the broken TSA setting, on its built-in one)
    await appliance.close();
    appliance = undefined;
    appliance = await startTestAppliance({ dataDir });
    const again = staffAt(appliance.url, sender);
    await waitForDocumentStatus({ staff: again, id: draft.id, status: 'completed', timeoutMs: 60_000 });
    await checkSealed(t, again, draft.id, await (await fetch(`${appliance.url}/pki/root.pem`)).text());
    const sealJob = await appliance.deps.db.models.Job.findAll({ where: { kind: 'seal-document' }, raw: true });
    t.is(sealJob.length, 1);
    t.is(sealJob[0]!.status, 'done');
    t.deepEqual(
      await appliance.deps.db.models.Job.findAll({
        where: { status: 'failed' },
        attributes: ['kind', 'lastError'],
        raw: true,
      }),
      [],
    );
  } finally {
    await appliance?.close();
    if (!process.env.SEGL_KEEP_TEST_FILES) rmSync(dataDir, { recursive: true, force: true });
  }
});
