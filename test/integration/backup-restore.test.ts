import test, { type ExecutionContext } from 'ava';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startTestAppliance, type TestAppliance } from '../helpers/appliance.js';
import { createTestStaff, type TestStaff } from '../helpers/staff.js';
import { createDraft, expectJson, sendDraft } from '../helpers/signing.js';
import { signWithOutboxOtp, waitForDocumentStatus } from '../helpers/otp-signing.js';
import { createTestDatabase, postgresAdminUrl } from '../helpers/postgres.js';
import { runSegl } from '../helpers/cli.js';
import { tempDir } from '../helpers/external-tool.js';
import { verifyDocument } from '../../server/domain/verify-document.js';

/**
 * A backup taken while the appliance uploads and signs, restored into a new data directory (and database), holds
 * everything that was accepted before the backup began, intact: it decrypts to the same bytes and the seals verify.
 */

interface Known {
  id: string;
  status: string;
  originalSha256: string;
  finalSha256: string | null;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function completeOne(appliance: TestAppliance, staff: TestStaff, title: string): Promise<string> {
  const email = `${title.replace(/\W+/g, '.').toLowerCase()}@example.org`;
  const draft = await createDraft(staff, { pages: 2, title, signers: [{ name: title, email }] });
  const sent = await sendDraft(staff, draft.id);
  await signWithOutboxOtp(appliance, sent.signers[0]!.signingUrl, email);
  return draft.id;
}

async function snapshotOf(staff: TestStaff, ids: string[]): Promise<Known[]> {
  const known: Known[] = [];
  for (const id of ids) {
    const doc = await expectJson(await staff.api(`/api/v1/documents/${id}`), 200);
    const pdf = new Uint8Array(await (await staff.api(`/api/v1/documents/${id}/pdf`)).arrayBuffer());
    const row = await fetchOriginalSha(staff, id);
    known.push({
      id,
      status: doc.status,
      originalSha256: row,
      finalSha256: doc.status === 'completed' ? sha256(pdf) : null,
    });
  }
  return known;
}

async function fetchOriginalSha(staff: TestStaff, id: string): Promise<string> {
  const trail = await expectJson(await staff.api(`/api/v1/documents/${id}/audit-trail`), 200);
  const created = trail.events.find((e: { type: string }) => e.type === 'document.created');
  return created.data.sha256 as string;
}

/** Uploads and signings that go on until `stop` is set; every call is bounded in count. */
function startLoad(appliance: TestAppliance, staff: TestStaff, stop: { value: boolean }): Promise<number> {
  const uploads = (async () => {
    let n = 0;
    while (!stop.value && n < 60) {
      await createDraft(staff, {
        pages: 1,
        title: `Load upload ${n}`,
        signers: [{ name: 'Loader', email: 'loader@example.org' }],
      });
      n += 1;
    }
    return n;
  })();
  const signings = (async () => {
    let n = 0;
    while (!stop.value && n < 20) {
      const id = await completeOne(appliance, staff, `Load signing ${n}`);
      void id;
      n += 1;
    }
    return n;
  })();
  return Promise.all([uploads, signings]).then(([a, b]) => a + b);
}

async function backupUnderLoad(
  t: ExecutionContext,
  env: Record<string, string>,
  restoreEnv: Record<string, string>,
): Promise<void> {
  const dataDir = tempDir('segl-backup-src-');
  const restored = join(tempDir('segl-backup-dst-'), 'new', 'data');
  const file = join(tempDir('segl-backup-file-'), 'backup.tar');
  let appliance = await startTestAppliance({ dataDir, env });
  try {
    const staff = await createTestStaff(appliance, 'admin', 'Backup Admin');
    const completed = [
      await completeOne(appliance, staff, 'Sealed before one'),
      await completeOne(appliance, staff, 'Sealed before two'),
    ];
    for (const id of completed) await waitForDocumentStatus({ staff, id, status: 'completed' });
    const pending = await createDraft(staff, {
      pages: 3,
      title: 'Half signed',
      signers: [
        { name: 'A', email: 'a@example.org' },
        { name: 'B', email: 'b@example.org' },
      ],
    });
    const sent = await sendDraft(staff, pending.id);
    await signWithOutboxOtp(appliance, sent.signers[0]!.signingUrl, 'a@example.org');
    const draft = await createDraft(staff, {
      pages: 1,
      title: 'Draft',
      signers: [{ name: 'C', email: 'c@example.org' }],
    });
    const sealing = await completeOne(appliance, staff, 'Signed, sealing may still run');

    const stop = { value: false };
    const load = startLoad(appliance, staff, stop);
    // everything accepted before the backup begins (the load keeps adding while it runs)
    const before = await snapshotOf(staff, [...completed, pending.id, draft.id, sealing]);
    const backup = await runSegl(['--data', dataDir, 'backup', '--out', file, '--json'], { env });
    stop.value = true;
    const loadCount = await load;
    t.is(backup.code, 0, backup.stderr);
    const summary = JSON.parse(backup.stdout);
    t.true(summary.documents >= before.length);
    t.regex(backup.stderr, /KEK is NOT in this backup/);
    t.true(loadCount > 0, 'uploads and signings ran while the backup was taken');

    await appliance.close();
    const restore = await runSegl(['--data', restored, 'restore', file, '--kek-file', join(dataDir, 'kek'), '--json'], {
      env: restoreEnv,
    });
    t.is(restore.code, 0, `${restore.stdout}\n${restore.stderr}`);
    const report = JSON.parse(restore.stdout);
    t.deepEqual(report.check.problems, []);
    t.true(report.check.sealedVerified >= completed.length);

    // the source is destroyed: only the backup is left
    rmSync(dataDir, { recursive: true, force: true });
    appliance = await startTestAppliance({ dataDir: restored, env: restoreEnv });
    const root = appliance.sealer.rootCertificatePem();
    for (const known of before) {
      const doc = await expectJson(
        await fetch(`${appliance.url}/api/v1/documents/${known.id}`, {
          headers: { Authorization: `Bearer ${staff.token}` },
        }),
        200,
      );
      const pdf = new Uint8Array(
        await (
          await fetch(`${appliance.url}/api/v1/documents/${known.id}/pdf`, {
            headers: { Authorization: `Bearer ${staff.token}` },
          })
        ).arrayBuffer(),
      );
      if (known.status === 'completed') {
        t.is(doc.status, 'completed', known.id);
        t.is(sha256(pdf), known.finalSha256 ?? '', 'the sealed PDF is the very same file');
        t.is(verifyDocument({ bytes: pdf, trustAnchorsPem: root }).status, 'passed');
      } else {
        t.true(['draft', 'pending', 'completed'].includes(doc.status));
        if (doc.status !== 'completed')
          t.is(sha256(pdf), known.originalSha256, 'the original decrypts to the uploaded bytes');
      }
    }
    // the restored appliance works: it can seal what was half signed at the time of the backup
    const restoredPending = await expectJson(
      await fetch(`${appliance.url}/api/v1/documents/${pending.id}`, {
        headers: { Authorization: `Bearer ${staff.token}` },
      }),
      200,
    );
    t.is(restoredPending.signers.filter((s: { status: string }) => s.status === 'signed').length, 1);
  } finally {
    await appliance.close().catch(() => undefined);
  }
}

test.serial(
  'SQLite: a backup under load restores into a new data directory with everything accepted before it began',
  async (t) => {
    await backupUnderLoad(t, {}, {});
  },
);

const adminUrl = postgresAdminUrl();
(adminUrl ? test.serial : test.skip)(
  'PostgreSQL: a backup under load restores into a new, empty database',
  async (t) => {
    const source = await createTestDatabase(adminUrl!);
    const target = await createTestDatabase(adminUrl!);
    try {
      await backupUnderLoad(t, { DATABASE_URL: source.url }, { DATABASE_URL: target.url });
    } finally {
      await source.drop();
      await target.drop();
    }
  },
);
