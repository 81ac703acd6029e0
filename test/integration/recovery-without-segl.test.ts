import test from 'ava';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as openpgp from 'openpgp';
import { QueryTypes } from 'sequelize';
import { createDraft, expectJson } from '../helpers/signing.js';
import { sendToOtpSigner, waitForDocumentStatus } from '../helpers/otp-signing.js';
import { runSegl, REPO_ROOT } from '../helpers/cli.js';
import { requireTools, runProcess, tempDir } from '../helpers/external-tool.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { blobDirectory } from '../../server/domain/documents/document-archive.js';
import {
  createDocumentSessionKey,
  decryptDocumentStream,
  encryptDocumentStream,
} from '../../server/crypto/envelope-document.js';

/**
 * Recovery without Segl: `segl keys export-document-key` hands out a session key (on the record), and the standalone
 * scripts/segl-recover.mjs, copied alone to a directory outside the checkout and run by Node with an empty
 * environment, decrypts real blobs of the appliance given that key, or given the KEK and the wrapped key, or for
 * every document at once from the manifest its SQL query gives. Damaged blobs and wrong keys leave no output.
 */

const { appliance, admin } = useAppliance(test);
let tool: string;
let sealed: { id: string; code: string };
let hasSqlite3 = false;

interface ManifestRow {
  documentId: string;
  code: string;
  kind: string;
  blobName: string;
  sha256: string;
  wrappedKey: string;
}

interface BlobRow {
  kind: string;
  blobName: string;
  sha256: string;
}

test.before(async () => {
  hasSqlite3 = requireTools('sqlite3');
  const { draft, signer } = await sendToOtpSigner({
    appliance,
    staff: admin,
    title: 'Lease to recover',
    signer: { name: 'Rut Recovery', email: `recover.${Date.now()}@example.org` },
  });
  await expectJson(await signer.post('/sign', { consent: true }), 200);
  await waitForDocumentStatus({ staff: admin, id: draft.id, status: 'completed', timeoutMs: 90_000 });
  sealed = { id: draft.id, code: draft.code };
  // the tool alone, outside the checkout: no node_modules, no Segl source next to it
  tool = join(tempDir('segl-recover-tool-'), 'segl-recover.mjs');
  copyFileSync(join(REPO_ROOT, 'scripts', 'segl-recover.mjs'), tool);
});

/** Node running the copied tool with nothing but PATH in its environment (plus what `env` adds). */
function recover(args: string[], env: Record<string, string> = {}) {
  return runProcess(process.execPath, [tool, ...args], {
    cwd: tempDir('segl-recover-cwd-'),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    timeoutMs: 60_000,
  });
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const blobPath = (name: string) => join(blobDirectory(appliance.dataDir), name.slice(0, 2), name);

async function blobsOf(documentId: string): Promise<BlobRow[]> {
  return appliance.deps.db.models.DocumentBlob.findAll({
    where: { documentId },
    attributes: ['kind', 'blobName', 'sha256'],
    raw: true,
  });
}

test.serial(
  'segl keys export-document-key prints the session key, records it, and the tool decrypts both versions with it',
  async (t) => {
    const exported = await runSegl(['--data', appliance.dataDir, 'keys', 'export-document-key', sealed.id]);
    t.is(exported.code, 0, exported.stderr);
    const key = exported.stdout.trim();
    t.regex(key, /^[0-9a-f]{64}$/, 'only the key on stdout');
    t.regex(exported.stderr, /key\.exported/);
    t.regex(exported.stderr, /segl-recover\.mjs/);
    const trail = await expectJson(await admin.api(`/api/v1/documents/${sealed.id}/audit-trail`), 200);
    t.like(trail.events.at(-1), {
      type: 'key.exported',
      actor: { kind: 'system' },
      data: { by: 'segl keys export-document-key', versions: ['original', 'final'] },
    });
    t.true(trail.chain.intact, JSON.stringify(trail.chain.problems));

    const keyFile = join(tempDir('segl-key-'), 'key.hex');
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    const document = await expectJson(await admin.api(`/api/v1/documents/${sealed.id}`), 200);
    for (const blob of await blobsOf(sealed.id)) {
      const out = join(tempDir('segl-recovered-'), `${blob.kind}.pdf`);
      const result = await recover([
        '--session-key-file',
        keyFile,
        blobPath(blob.blobName),
        '--out',
        out,
        '--sha256',
        blob.sha256,
      ]);
      t.is(result.code, 0, result.stderr);
      const pdf = readFileSync(out);
      t.is(sha256(pdf), blob.sha256, `${blob.kind}: the stored plaintext, byte for byte`);
      t.is(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      t.is(sha256(pdf), blob.kind === 'original' ? document.sha256 : document.finalSha256);
    }
    const byCode = await runSegl(['--data', appliance.dataDir, 'keys', 'export-document-key', sealed.code, '--json']);
    t.is(byCode.code, 0, byCode.stderr);
    t.like(JSON.parse(byCode.stdout), { documentId: sealed.id, sessionKey: key });
  },
);

test.serial(
  'the tool decrypts with the KEK and the wrapped key, and the whole archive from the manifest query',
  async (t) => {
    const { db } = appliance.deps;
    const keyRow = (await db.models.DocumentKey.findByPk(sealed.id, { raw: true }))!;
    const [original] = (await blobsOf(sealed.id)).filter((blob) => blob.kind === 'original');
    const out = join(tempDir('segl-recovered-'), 'original.pdf');
    const kekFile = join(appliance.dataDir, 'kek');
    // the original by its wrapped key: the KEK from a file, then from the environment
    const byWrappedKey = (to: string) => [
      '--document-id',
      sealed.id,
      '--wrapped-key',
      keyRow.wrappedKey,
      blobPath(original!.blobName),
      '--out',
      to,
    ];
    const byKek = await recover(['--kek-file', kekFile, ...byWrappedKey(out)]);
    t.is(byKek.code, 0, byKek.stderr);
    t.is(sha256(readFileSync(out)), original!.sha256);
    const byEnv = await recover(byWrappedKey(`${out}.2`), { SEGL_KEK: readFileSync(kekFile, 'utf8').trim() });
    t.is(byEnv.code, 0, byEnv.stderr);

    const other = await createDraft(admin, {
      title: 'A draft',
      signers: [{ name: 'Nobody', email: 'nobody@example.org' }],
    });
    const sql = (await recover(['--manifest-sql', 'sqlite'])).stdout;
    const rows = await db.sequelize.query<ManifestRow>(sql, { type: QueryTypes.SELECT });
    t.true(rows.length >= 3, 'the original and final of the sealed document, the draft’s original');
    const manifests: { source: string; rows: ManifestRow[] }[] = [
      { source: 'the query through the appliance', rows: rows as unknown as ManifestRow[] },
    ];
    if (hasSqlite3) {
      const cli = await runProcess('sqlite3', ['-json', '-readonly', join(appliance.dataDir, 'segl.sqlite'), sql], {
        timeoutMs: 30_000,
      });
      t.is(cli.code, 0, cli.stderr);
      manifests.push({ source: 'sqlite3 -json', rows: JSON.parse(cli.stdout) });
    }
    for (const { source, rows: manifestRows } of manifests) {
      const manifest = join(tempDir('segl-manifest-'), 'manifest.json');
      writeFileSync(manifest, JSON.stringify(manifestRows));
      const dir = join(tempDir('segl-archive-'), 'recovered');
      const batch = await recover([
        '--kek-file',
        kekFile,
        '--manifest',
        manifest,
        '--blobs',
        blobDirectory(appliance.dataDir),
        '--out',
        dir,
      ]);
      t.is(batch.code, 0, `${source}: ${batch.stderr}`);
      const recovered = manifestRows.map((row) => `${row.documentId} ${row.kind}`);
      for (const expected of [`${sealed.id} original`, `${sealed.id} final`, `${other.id} original`])
        t.true(recovered.includes(expected), `${source}: ${expected}`);
      t.is(readdirSync(dir).length, manifestRows.length, `${source}: one file per stored version`);
      for (const row of manifestRows)
        t.is(
          sha256(readFileSync(join(dir, `${row.code}-${row.kind}.pdf`))),
          row.sha256,
          `${source}: ${row.code} ${row.kind}`,
        );
    }
  },
);

test.serial('a damaged blob, a wrong key or a wrong KEK: exit 1 and no output file', async (t) => {
  const [final] = (await blobsOf(sealed.id)).filter((blob) => blob.kind === 'final');
  const keyRow = (await appliance.deps.db.models.DocumentKey.findByPk(sealed.id, { raw: true }))!;
  const work = tempDir('segl-recover-bad-');
  const damaged = join(work, 'damaged.pgp');
  const bytes = readFileSync(blobPath(final!.blobName));
  bytes[Math.floor(bytes.length / 2)] ^= 0x01;
  writeFileSync(damaged, bytes);
  const key = (await runSegl(['--data', appliance.dataDir, 'keys', 'export-document-key', sealed.id])).stdout.trim();
  const truncated = join(work, 'truncated.pgp');
  writeFileSync(truncated, readFileSync(blobPath(final!.blobName)).subarray(0, bytes.length - 10));
  const wrongKek = join(work, 'kek');
  writeFileSync(wrongKek, randomBytes(32).toString('base64'));
  const cases: [string, string[]][] = [
    ['a flipped bit', ['--session-key', key, damaged]],
    ['a truncated blob', ['--session-key', key, truncated]],
    ['another key', ['--session-key', randomBytes(32).toString('hex'), blobPath(final!.blobName)]],
    [
      'another KEK',
      [
        '--kek-file',
        wrongKek,
        '--document-id',
        sealed.id,
        '--wrapped-key',
        keyRow.wrappedKey,
        blobPath(final!.blobName),
      ],
    ],
    [
      'the wrapped key of another document',
      [
        '--kek-file',
        join(appliance.dataDir, 'kek'),
        '--document-id',
        'another',
        '--wrapped-key',
        keyRow.wrappedKey,
        blobPath(final!.blobName),
      ],
    ],
    ['not a blob', ['--session-key', key, join(REPO_ROOT, 'package.json')]],
  ];
  for (const [label, args] of cases) {
    const out = join(work, `${label.replace(/\W+/g, '-')}.pdf`);
    const result = await recover([...args, '--out', out]);
    t.is(result.code, 1, `${label}: ${result.stderr}`);
    t.regex(result.stderr, /^segl-recover: /, label);
    t.false(existsSync(out), `${label}: nothing written`);
    t.deepEqual(
      readdirSync(work).filter((name) => name.includes('.partial-')),
      [],
      `${label}: no temporary file left`,
    );
  }
  for (const args of [[], ['--session-key'], ['--nope'], [blobPath(final!.blobName)], ['--manifest-sql', 'mysql']]) {
    t.is((await recover(args)).code, 2, args.join(' '));
  }
  const missing = await runSegl(['--data', appliance.dataDir, 'keys', 'export-document-key', 'no-such-document']);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /not_found/);
});

async function toBuffer(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

test('both formats (no key packet, as stored, and one); chunks; both writers; tool and appliance', async (t) => {
  const work = tempDir('segl-recover-formats-');
  const sessionKey = createDocumentSessionKey();
  const keyHex = Buffer.from(sessionKey).toString('hex');
  const plaintext = randomBytes(9 * 1024 * 1024 + 123);
  const sizedWriter = await toBuffer(
    await encryptDocumentStream({ plaintext: [plaintext], sessionKey, plaintextSize: plaintext.length }),
  );
  const streamingWriter = await toBuffer(
    await encryptDocumentStream({
      plaintext: Readable.from([plaintext.subarray(0, 5_000_000), plaintext.subarray(5_000_000)]),
      sessionKey,
    }),
  );
  const withKeyPacket = Buffer.from(
    (await openpgp.encrypt({
      message: await openpgp.createMessage({ binary: plaintext }),
      passwords: ['a passphrase for a standard tool'],
      sessionKey: { data: sessionKey, algorithm: 'aes256', aeadAlgorithm: 'gcm' },
      format: 'binary',
      config: {
        aeadProtect: true,
        preferredAEADAlgorithm: openpgp.enums.aead.gcm,
        preferredSymmetricAlgorithm: openpgp.enums.symmetric.aes256,
      },
    })) as Uint8Array,
  );
  t.is(withKeyPacket[0]! & 0x3f, 3, 'the last one starts with a symmetric-key encrypted session key packet');
  for (const [label, blob] of [
    ['Segl’s writer', sizedWriter],
    ['openpgp.js streaming', streamingWriter],
    ['with an SKESK packet', withKeyPacket],
  ] as const) {
    const file = join(work, `${label.replace(/\W+/g, '-')}.pgp`);
    writeFileSync(file, blob);
    const out = `${file}.out`;
    const result = await recover(['--session-key', keyHex, file, '--out', out]);
    t.is(result.code, 0, `${label}: ${result.stderr}`);
    t.true(readFileSync(out).equals(plaintext), `${label}: the tool`);
    t.true(
      (await toBuffer(await decryptDocumentStream({ ciphertext: [blob], sessionKey }))).equals(plaintext),
      `${label}: the appliance`,
    );
  }
  const stdout = await recover([
    '--session-key',
    `9:${keyHex.toUpperCase()}`,
    join(work, 'Segl-s-writer.pgp'),
    '--out',
    '-',
  ]);
  t.is(stdout.code, 0, stdout.stderr);
});
