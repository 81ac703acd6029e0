import test from 'ava';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestAppliance } from '../helpers/appliance.js';
import { createTestStaff, staffAt, type TestStaff } from '../helpers/staff.js';
import { tempDir } from '../helpers/external-tool.js';
import { REPO_ROOT, runSegl } from '../helpers/cli.js';
import { markedPdf, uploadDocument } from '../helpers/documents.js';
import { createDocumentCode } from '../../server/domain/documents/document-code.js';
import { fingerprintKek, unwrapDocumentKey, wrapDocumentKey } from '../../server/crypto/envelope-key-wrap.js';
import { createDocumentSessionKey } from '../../server/crypto/envelope-document.js';
import { parseKeyEncryptionKey } from '../../server/crypto/key-encryption-key.js';
import { openTotpSecret, sealTotpSecret } from '../../server/domain/auth/totp-secret.js';
import { openQueuedMail, queueSignerMail, type QueuedMail } from '../../server/domain/signer-flow/queue-signer-mail.js';

const SEEDED = 1500;
const readKek = (dir: string, name = 'kek') => parseKeyEncryptionKey(readFileSync(join(dir, name), 'utf8'));

/** Runs `segl keys rotate --batch-size 1` and SIGKILLs it once it has re-wrapped `killAfter` document keys. */
function rotateAndKill(dataDir: string, killAfter: number): Promise<{ output: string; killed: boolean }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.SEGL_KEK;
    delete env.SEGL_DATA_DIR;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/segl.ts', '--data', dataDir, 'keys', 'rotate', '--batch-size', '1'],
      { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const last = [...output.matchAll(/documents: (\d+)\//g)].pop();
      if (!killed && last && Number(last[1]) >= killAfter) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.resume();
    child.on('exit', () => resolve({ output, killed }));
  });
}

async function download(staff: TestStaff, url: string, id: string): Promise<Buffer> {
  const response = await fetch(`${url}/api/v1/documents/${id}/pdf`, {
    headers: { Authorization: `Bearer ${staff.token}` },
  });
  if (response.status !== 200) throw new Error(`download ${id}: ${response.status} ${await response.text()}`);
  return Buffer.from(await response.arrayBuffer());
}

test(
  'keys rotate killed halfway: the appliance still serves every document, and a rerun ' + 'finishes the rotation',
  async (t) => {
    const dataDir = tempDir('segl-rotate-');
    const appliance = await startTestAppliance({ dataDir });
    const staff = await createTestStaff(appliance, 'admin');
    const originals = new Map<string, Buffer>();
    for (let i = 0; i < 3; i += 1) {
      const bytes = await markedPdf(`rotate-${i}`);
      const response = await uploadDocument(staff, { bytes, title: `Rotate ${i}` });
      originals.set(((await response.json()) as { id: string }).id, bytes);
    }
    // Many more wrapped keys, so that the kill lands in the middle (documents without blobs: only keys matter here).
    const oldKek = readKek(dataDir);
    const now = new Date();
    const seeded = Array.from({ length: SEEDED }, () => ({ id: randomUUID(), key: createDocumentSessionKey() }));
    await appliance.deps.db.models.Document.bulkCreate(
      seeded.map(({ id }) => ({
        id,
        code: createDocumentCode(),
        title: 'Seeded',
        folderId: null,
        status: 'draft' as const,
        sha256: '0'.repeat(64),
        sizeBytes: 1,
        pageCount: 1,
        createdBy: null,
        deletedAt: null,
        createdAt: now,
        updatedAt: now,
      })),
    );
    await appliance.deps.db.models.User.update(
      {
        totpSecretWrapped: sealTotpSecret({
          kek: oldKek,
          userId: staff.id,
          secret: 'JBSWY3DPEHPK3PXP',
          lastUsedStep: 42,
        }),
      },
      { where: { id: staff.id } },
    );
    await appliance.deps.db.models.DocumentKey.bulkCreate(
      seeded.map(({ id, key }) => ({
        documentId: id,
        wrappedKey: wrapDocumentKey({ kek: oldKek, sessionKey: key, documentId: id }),
        kekId: fingerprintKek(oldKek),
        createdAt: now,
        updatedAt: now,
      })),
    );
    await appliance.close();

    const first = await rotateAndKill(dataDir, 40);
    t.true(first.killed, `the rotation was killed halfway:\n${first.output}`);
    t.true(existsSync(join(dataDir, 'kek.next')), 'the next KEK was written before any row changed');
    t.deepEqual(readKek(dataDir), oldKek, 'the current KEK is untouched until the end');
    const newKek = readKek(dataDir, 'kek.next');

    // Mid-rotation, the appliance starts (PKI still under the old key) and reads rows of both keys.
    const middle = await startTestAppliance({ dataDir });
    try {
      const ids = (await middle.deps.db.models.DocumentKey.findAll({ attributes: ['kekId'], raw: true })).map(
        (r) => r.kekId,
      );
      t.true(
        ids.includes(fingerprintKek(oldKek)) && ids.includes(fingerprintKek(newKek)),
        'rows are wrapped by both keys',
      );
      for (const [id, bytes] of originals) t.true((await download(staff, middle.url, id)).equals(bytes));
      const extra = await markedPdf('during-rotation');
      const created = (await (
        await uploadDocument(staffAt(middle.url, staff), { bytes: extra, title: 'During' })
      ).json()) as { id: string };
      originals.set(created.id, extra);
      const row = await middle.deps.db.models.DocumentKey.findByPk(created.id, { raw: true });
      t.is(row!.kekId, fingerprintKek(newKek), 'new documents are wrapped by the next KEK while a rotation runs');
    } finally {
      await middle.close();
    }

    const second = await runSegl(['--data', dataDir, 'keys', 'rotate'], { timeoutMs: 120_000 });
    t.is(second.code, 0, second.stderr);
    t.regex(second.stdout, /resumed and finished key rotation/);
    t.false(existsSync(join(dataDir, 'kek.next')));
    t.deepEqual(readKek(dataDir), newKek, 'DATA/kek is now the new key');

    const after = await startTestAppliance({ dataDir });
    try {
      const rows = await after.deps.db.models.DocumentKey.findAll({ raw: true });
      t.is(rows.length, SEEDED + originals.size);
      t.true(rows.every((r) => r.kekId === fingerprintKek(newKek)));
      const sample = rows.find((r) => seeded.some((s) => s.id === r.documentId))!;
      const expected = seeded.find((s) => s.id === sample.documentId)!.key;
      t.deepEqual(
        unwrapDocumentKey({ kek: newKek, wrapped: sample.wrappedKey, documentId: sample.documentId }),
        expected,
      );
      t.throws(
        () => unwrapDocumentKey({ kek: oldKek, wrapped: sample.wrappedKey, documentId: sample.documentId }),
        undefined,
        'the old KEK opens nothing',
      );
      for (const [id, bytes] of originals)
        t.true((await download(staff, after.url, id)).equals(bytes), `document ${id} decrypts after rotation`);
      t.true(after.sealer.rootCertificatePem().includes('BEGIN CERTIFICATE'), 'the PKI keys open with the new KEK');
      const user = await after.deps.db.models.User.findByPk(staff.id, { raw: true });
      t.deepEqual(
        openTotpSecret({ kek: newKek, userId: staff.id, stored: user!.totpSecretWrapped! }),
        { secret: 'JBSWY3DPEHPK3PXP', lastUsedStep: 42 },
        'TOTP secrets are re-wrapped too',
      );
    } finally {
      await after.close();
    }
  },
);

test('with SEGL_KEK from the environment, keys rotate asks for SEGL_KEK_NEXT and rotates to it', async (t) => {
  const dataDir = tempDir('segl-rotate-env-');
  const oldKek = Buffer.alloc(32, 7).toString('base64');
  const newKek = Buffer.alloc(32, 9).toString('base64');
  const appliance = await startTestAppliance({ dataDir, env: { SEGL_KEK: oldKek }, jobs: false });
  const staff = await createTestStaff(appliance, 'admin');
  const bytes = await markedPdf('env-rotate');
  const { id } = (await (await uploadDocument(staff, { bytes })).json()) as { id: string };
  // an invitation waiting for the relay: its message is sealed under the KEK and must survive the rotation
  const invitation = {
    to: { name: 'Queued', address: 'queued@example.org' },
    subject: 'Sign',
    text: '/s/link',
    language: 'en' as const,
  };
  const { db } = appliance.deps;
  await db.transaction((transaction) =>
    queueSignerMail({
      db,
      transaction,
      kek: parseKeyEncryptionKey(oldKek),
      message: invitation,
      documentId: id,
      purpose: 'invitation',
      now: new Date(),
    }),
  );
  await appliance.close();

  const refused = await runSegl(['--data', dataDir, 'keys', 'rotate'], { env: { SEGL_KEK: oldKek } });
  t.is(refused.code, 2);
  t.regex(refused.stderr, /SEGL_KEK_NEXT/);
  t.false(
    existsSync(join(dataDir, 'kek')) || existsSync(join(dataDir, 'kek.next')),
    'no key was written to the data directory',
  );

  const rotated = await runSegl(['--data', dataDir, 'keys', 'rotate'], {
    env: { SEGL_KEK: oldKek, SEGL_KEK_NEXT: newKek },
  });
  t.is(rotated.code, 0, rotated.stderr);
  t.regex(rotated.stdout, /set SEGL_KEK to the value of SEGL_KEK_NEXT/);
  const after = await startTestAppliance({ dataDir, env: { SEGL_KEK: newKek }, jobs: false });
  try {
    t.true((await download(staff, after.url, id)).equals(bytes));
    const job = await after.deps.db.models.Job.findOne({ where: { kind: 'send-mail' }, raw: true });
    const mail = JSON.parse(job!.payload) as QueuedMail;
    t.like(await openQueuedMail({ kek: parseKeyEncryptionKey(newKek), mail }), invitation, 'queued mail too');
  } finally {
    await after.close();
  }
});
