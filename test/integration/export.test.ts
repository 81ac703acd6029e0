import test from 'ava';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestAppliance, type TestAppliance } from '../helpers/appliance.js';
import { createTestStaff, type TestStaff } from '../helpers/staff.js';
import { createDraft, expectJson } from '../helpers/signing.js';
import { signedAndSealed } from '../helpers/otp-signing.js';
import { createFolder, grantFolder, uploadDocument } from '../helpers/documents.js';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { hasStackTrace, runSegl } from '../helpers/cli.js';
import { requireTools, runTool, tempDir } from '../helpers/external-tool.js';
import { FolderAccess } from '../../server/domain/access/folder-access.js';
import { createExport } from '../../server/domain/export/create-export.js';

/**
 * The export: a ZIP that `unzip` (not our code) reads and tests, holding every document the caller can see with its
 * original and signed PDF (byte for byte what the API serves), metadata, audit trail, the folder tree and the root
 * certificate; nothing from folders the caller cannot see; the same from the command line.
 */

const tools = requireTools('unzip');
const maybe = tools ? test.serial : test.serial.skip;

let appliance: TestAppliance;
let admin: TestStaff;
let member: TestStaff;
let visibleFolder: string;
let hiddenFolder: string;
let signed: { id: string; code: string; title: string };
let hiddenTitle: string;
let work: string;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

test.before(async () => {
  if (!tools) return;
  work = tempDir('segl-export-test-');
  appliance = await startTestAppliance();
  admin = await createTestStaff(appliance, 'admin', 'Export Admin');
  member = await createTestStaff(appliance, 'member', 'Export Member');
  visibleFolder = await createFolder(appliance, { name: 'Kontrakter/2026: "leie" <ok>' });
  hiddenFolder = await createFolder(appliance, { name: 'Lønn' });
  await grantFolder(appliance, { folderId: visibleFolder, userId: member.id, role: 'viewer' });

  // a document signed for real and sealed, in the folder the member sees
  const email = 'eksport.signer@example.org';
  const title = 'Leieavtale ../../etc/passwd: Æøå §';
  const signer = { name: 'Kari Eksport', email };
  const draft = await signedAndSealed(appliance, admin, { title, folderId: visibleFolder, signer });
  signed = { id: draft.id, code: draft.code, title };

  // a draft the member cannot see, a top-level draft, and a deleted document (a tombstone)
  hiddenTitle = `Lønnsslipp hemmelig ${Date.now()}`;
  await createDraft(admin, { title: hiddenTitle, folderId: hiddenFolder, signers: [] });
  await createDraft(admin, { title: 'Top level draft', signers: [] });
  const gone = await createDraft(admin, { title: 'Deleted one', folderId: visibleFolder, signers: [] });
  await expectJson(await admin.api(`/api/v1/documents/${gone.id}`, { method: 'DELETE' }), 200);
});
test.after.always(async () => {
  await appliance?.close();
});

/** Writes the ZIP, has unzip test it, extracts it, and returns the extraction directory. */
function unpack(bytes: Uint8Array, name: string): { dir: string; listing: string } {
  const file = join(work, `${name}.zip`);
  writeFileSync(file, bytes);
  const tested = runTool('unzip', ['-t', file]);
  if (tested.status !== 0) throw new Error(`unzip -t: ${tested.stdout}${tested.stderr}`);
  const dir = join(work, name);
  const extracted = runTool('unzip', ['-q', file, '-d', dir]);
  if (extracted.status !== 0) throw new Error(`unzip: ${extracted.stderr}`);
  return { dir, listing: runTool('unzip', ['-Z1', file]).stdout };
}

async function download(who: TestStaff, query = ''): Promise<Response> {
  return who.api(`/api/v1/export${query}`);
}

maybe(
  'an administrator exports everything: PDFs byte for byte, metadata, audit trails, folders, ' +
    'the root; tombstones listed without files',
  async (t) => {
    const response = await download(admin);
    t.is(response.status, 200);
    t.is(response.headers.get('content-type'), 'application/zip');
    t.regex(
      response.headers.get('content-disposition') ?? '',
      /^attachment; filename="segl-export-\d{4}-\d{2}-\d{2}\.zip"$/,
    );
    const { dir, listing } = unpack(new Uint8Array(await response.arrayBuffer()), 'admin');
    for (const line of listing.split('\n').filter(Boolean))
      t.false(line.startsWith('/') || line.split('/').includes('..'), `a safe path: ${line}`);

    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
    t.like(index.exportedBy, { kind: 'staff', id: admin.id });
    const entry = index.documents.find((d: { id: string }) => d.id === signed.id);
    t.like(entry, {
      status: 'completed',
      title: signed.title,
      code: signed.code,
      folderPath: ['Kontrakter/2026: "leie" <ok>'],
    });
    const original = readFileSync(join(dir, entry.files.original.path));
    const final = readFileSync(join(dir, entry.files.signed.path));
    t.is(sha256(original), entry.sha256, 'the original, byte for byte');
    t.is(sha256(final), entry.finalSha256, 'the sealed PDF, byte for byte');
    t.is(
      sha256(final),
      sha256(new Uint8Array(await (await admin.api(`/api/v1/documents/${signed.id}/pdf`)).arrayBuffer())),
      'the same as the download',
    );
    t.true(final.subarray(0, original.length).equals(original), 'the original is a prefix of the sealed file');
    t.regex(entry.files.signed.path, /^documents\/[0-9A-Z-]{19} Leieavtale \.\._\.\._etc_passwd_ Æøå §\/signed\.pdf$/);

    const documentJson = JSON.parse(
      readFileSync(join(dir, entry.files.signed.path.replace('signed.pdf', 'document.json')), 'utf8'),
    );
    t.like(documentJson.signers[0], { name: 'Kari Eksport', status: 'signed' });
    const trail = JSON.parse(
      readFileSync(join(dir, entry.files.signed.path.replace('signed.pdf', 'audit-trail.json')), 'utf8'),
    );
    t.true(trail.chain.intact);
    t.true(trail.events.some((e: { type: string }) => e.type === 'signer.signed'));
    t.is(readFileSync(join(dir, 'pki/segl-root.pem'), 'utf8'), appliance.sealer.rootCertificatePem());
    const verified = await runSegl([
      '--data',
      appliance.dataDir,
      'verify',
      join(dir, entry.files.signed.path),
      '--trust',
      join(dir, 'pki/segl-root.pem'),
    ]);
    t.is(verified.code, 0, `segl verify with the exported root: ${verified.stdout}${verified.stderr}`);

    const tombstone = index.documents.find((d: { title: string; status: string }) => d.title === 'Deleted one');
    t.like(tombstone, { status: 'deleted', files: {} });
    t.true(
      index.documents.some((d: { title: string }) => d.title === hiddenTitle),
      'an administrator sees every folder',
    );
    t.true(
      index.documents.some(
        (d: { title: string; folderId: string | null }) => d.title === 'Top level draft' && d.folderId === null,
      ),
    );
    const folders = JSON.parse(readFileSync(join(dir, 'folders.json'), 'utf8')).folders.map(
      (f: { name: string }) => f.name,
    );
    t.true(folders.includes('Lønn'));
    t.regex(readFileSync(join(dir, 'README.txt'), 'utf8'), /segl verify signed\.pdf --trust pki\/segl-root\.pem/);

    const after = await expectJson(await admin.api(`/api/v1/documents/${signed.id}/audit-trail`), 200);
    t.true(
      after.events.some(
        (e: { type: string; data: { version?: string } }) =>
          e.type === 'document.downloaded' && e.data.version === 'export',
      ),
      'the export is in the audit trail',
    );
  },
);

maybe(
  'a member exports only what they can see; a folder they cannot see is a 404; bad queries are refused',
  async (t) => {
    const response = await download(member);
    t.is(response.status, 200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const { dir } = unpack(bytes, 'member');
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
    const titles = index.documents.map((d: { title: string }) => d.title).sort();
    t.deepEqual(titles, ['Deleted one', signed.title].sort());
    const raw = Buffer.from(bytes).toString('latin1') + readdirSync(dir, { recursive: true }).join('\n');
    for (const secret of [hiddenTitle, 'Lønn', 'Top level draft'])
      t.false(raw.includes(secret) || JSON.stringify(index).includes(secret), `no trace of ${secret}`);

    t.is((await download(member, `?folderId=${hiddenFolder}`)).status, 404);
    t.is((await download(member, '?folderId=nonexistent')).status, 404);
    for (const query of ['?folderId=../etc', '?folder=x', `?folderId=${'a'.repeat(80)}`]) {
      const bad = await download(member, query);
      t.is(bad.status, 422, query);
      t.is((await bad.json()).error, 'invalid_request');
    }
    t.is((await fetch(`${appliance.url}/api/v1/export`)).status, 401);
    const scoped = await download(member, `?folderId=${visibleFolder}`);
    t.is(scoped.status, 200);
    const { dir: scopedDir } = unpack(new Uint8Array(await scoped.arrayBuffer()), 'scoped');
    t.is(JSON.parse(readFileSync(join(scopedDir, 'index.json'), 'utf8')).documents.length, 2);
  },
);

maybe('a reader who goes away mid-export leaves the appliance well; the next export is whole', async (t) => {
  const controller = new AbortController();
  const response = await admin.api('/api/v1/export', { signal: controller.signal });
  const reader = response.body!.getReader();
  await reader.read();
  controller.abort();
  await reader.cancel().catch(() => undefined);
  t.is((await fetch(`${appliance.url}/healthz`)).status, 200);
  const again = await download(admin);
  t.is(again.status, 200);
  const bytes = new Uint8Array(await again.arrayBuffer());
  t.notThrows(() => unpack(bytes, 'again'));
});

maybe(
  'segl export writes the archive atomically beside the running appliance; bad arguments exit 2 and leave nothing',
  async (t) => {
    const out = join(work, 'cli-export.zip');
    const result = await runSegl(['--data', appliance.dataDir, 'export', '--out', out]);
    t.is(result.code, 0, result.stderr);
    t.regex(result.stderr, /exported \d+ documents \(\d+ PDFs, [\d.]+ MB\) and \d+ tombstones to .*cli-export\.zip/);
    const { dir } = unpack(readFileSync(out), 'cli');
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
    t.like(index.exportedBy, { kind: 'operator' });
    t.true(index.documents.some((d: { id: string }) => d.id === signed.id));
    t.deepEqual(
      readdirSync(work).filter((name) => name.includes('.tmp-')),
      [],
      'no temporary file left',
    );

    for (const args of [
      [],
      ['--out'],
      ['--out', out, '--folder', '../x'],
      ['--out', out, '--folder', 'no-such-folder'],
      ['--bogus'],
      ['--out', join(work, 'missing-dir', 'x.zip')],
    ]) {
      const bad = await runSegl(['--data', appliance.dataDir, 'export', ...args]);
      t.is(bad.code, 2, args.join(' '));
      t.false(hasStackTrace(bad.stderr), bad.stderr);
    }
    t.false(existsSync(join(work, 'missing-dir')));
  },
);

maybe(
  'a document deleted while the export runs leaves an empty file marked in index.json; the archive stays whole',
  async (t) => {
    const folder = await createFolder(appliance, { name: `Moving target ${Date.now()}` });
    // a large document first: the archive stalls on it (nobody reads yet), so the next one is not opened before the
    // DELETE (the PDFs are decrypted in 4 MB chunks, so it takes several of them to fill the buffers)
    await expectJson(
      await uploadDocument(admin, {
        bytes: await createSamplePdf({ pages: 1, padBytes: 24e6, title: 'Large first' }),
        title: 'Large first',
        folderId: folder,
      }),
      201,
    );
    const doomed = await createDraft(admin, { title: 'Deleted during the export', folderId: folder, signers: [] });
    const access = await FolderAccess.load({
      db: appliance.deps.db,
      principal: {
        userId: admin.id,
        email: admin.email,
        name: 'Export Admin',
        role: 'admin',
        via: 'token',
        scopes: ['*'],
      },
    });
    const { stream, finished } = await createExport({
      archive: appliance.deps.archive,
      access,
      folderId: folder,
      rootCertificatePem: appliance.sealer.rootCertificatePem(),
    });
    // the document list is taken; the files are read only as the archive is consumed
    await expectJson(await admin.api(`/api/v1/documents/${doomed.id}`, { method: 'DELETE' }), 200);
    const bytes = Buffer.concat(await stream.toArray());
    const summary = await finished;
    t.true(summary.complete);
    const { dir } = unpack(bytes, 'moving-target');
    const entry = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')).documents.find(
      (d: { id: string }) => d.id === doomed.id,
    );
    t.like(entry.files.original, { deletedDuringExport: true, sizeBytes: 0 });
    t.is(readFileSync(join(dir, entry.files.original.path)).length, 0);
  },
);
