import test from 'ava';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestAppliance } from '../helpers/appliance.js';
import { createTestStaff } from '../helpers/staff.js';
import { createDraft } from '../helpers/signing.js';
import { runSegl } from '../helpers/cli.js';
import { runTool, tempDir } from '../helpers/external-tool.js';
import { createTestDatabase, postgresAdminUrl } from '../helpers/postgres.js';
import { restoreBackup } from '../../server/domain/backup/restore-backup.js';
import { loadConfig } from '../../server/lib/config.js';
import { createLogger } from '../../server/lib/logger.js';
import { systemClock } from '../../server/lib/clock.js';
import { isSeglError } from '../../server/lib/errors.js';
import { tarHeader, tarPadding, TAR_BLOCK } from '../../server/domain/backup/tar-format.js';

/** Restore refuses whatever is not a whole, unaltered backup of this KEK, before it writes anything. */

let source: string;
let backupFile: string;
let kekText: string;

test.before(async () => {
  source = tempDir('segl-refusal-src-');
  const appliance = await startTestAppliance({ dataDir: source });
  const staff = await createTestStaff(appliance, 'admin');
  await createDraft(staff, { pages: 2, title: 'Kept', signers: [{ name: 'A', email: 'a@example.org' }] });
  await appliance.close();
  backupFile = join(tempDir('segl-refusal-file-'), 'backup.tar');
  const result = await runSegl(['--data', source, 'backup', '--out', backupFile, '--include-kek']);
  if (result.code !== 0) throw new Error(result.stderr);
  kekText = readFileSync(join(source, 'kek'), 'utf8');
});

interface Entry {
  name: string;
  data: Buffer;
}

/** The backup's entries, to rebuild altered copies of it. */
function entriesOf(file: string): Entry[] {
  const bytes = readFileSync(file);
  const entries: Entry[] = [];
  let offset = 0;
  while (offset + TAR_BLOCK <= bytes.length && bytes[offset] !== 0) {
    const name = bytes.toString('utf8', offset, bytes.indexOf(0, offset));
    const size = Number.parseInt(bytes.toString('ascii', offset + 124, offset + 135), 8);
    entries.push({ name, data: bytes.subarray(offset + TAR_BLOCK, offset + TAR_BLOCK + size) });
    offset += TAR_BLOCK + size + tarPadding(size);
  }
  return entries;
}

function writeTar(entries: Entry[]): string {
  const parts: Buffer[] = [];
  for (const entry of entries)
    parts.push(
      tarHeader({ name: entry.name, size: entry.data.length, mtime: new Date() }),
      entry.data,
      Buffer.alloc(tarPadding(entry.data.length)),
    );
  parts.push(Buffer.alloc(TAR_BLOCK * 2));
  const file = join(tempDir('segl-refusal-variant-'), 'variant.tar');
  writeFileSync(file, Buffer.concat(parts));
  return file;
}

async function refusal(
  file: string,
  options: { env?: Record<string, string>; target?: string; kekFile?: string } = {},
): Promise<{ code: string; target: string }> {
  const target = options.target ?? join(tempDir('segl-refusal-dst-'), 'data');
  try {
    await restoreBackup({
      file,
      config: loadConfig({ env: options.env ?? {}, dataDir: target }),
      clock: systemClock,
      logger: createLogger({ level: 'silent' }),
      kekFile: options.kekFile,
    });
  } catch (error) {
    if (isSeglError(error)) return { code: error.code, target };
    throw error;
  }
  return { code: 'restored', target };
}

const nothingWritten = (target: string) => !existsSync(target) || readdirSync(target).length === 0;

test('the untouched backup restores (the variants below differ from it in one way each)', async (t) => {
  const result = await refusal(backupFile);
  t.is(result.code, 'restored');
});

test('a backup is a plain tar that GNU tar lists and unpacks', (t) => {
  const listed = runTool('tar', ['-tvf', backupFile]);
  t.is(listed.status, 0, listed.stderr);
  t.regex(listed.stdout, /database\/segl\.sqlite/);
  t.regex(listed.stdout, /manifest\.json/);
  const dir = tempDir('segl-refusal-untar-');
  t.is(runTool('tar', ['-xf', backupFile, '-C', dir]).status, 0);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  for (const entry of manifest.entries)
    t.is(
      createHash('sha256')
        .update(readFileSync(join(dir, entry.name)))
        .digest('hex'),
      entry.sha256,
      entry.name,
    );
});

test('a flipped byte in a blob is backup_damaged, and nothing is written', async (t) => {
  const entries = entriesOf(backupFile);
  const blob = entries.find((e) => e.name.startsWith('blobs/'))!;
  blob.data = Buffer.from(blob.data);
  blob.data[Math.floor(blob.data.length / 2)] ^= 0x01;
  const result = await refusal(writeTar(entries));
  t.is(result.code, 'backup_damaged');
  t.true(nothingWritten(result.target));
});

test('a file cut short is backup_incomplete, through the CLI with a clear message and exit 2', async (t) => {
  const bytes = readFileSync(backupFile);
  const file = join(tempDir('segl-refusal-cut-'), 'cut.tar');
  writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
  const target = join(tempDir('segl-refusal-dst-'), 'data');
  const result = await runSegl(['--data', target, 'restore', file]);
  t.is(result.code, 2);
  t.regex(result.stderr, /the backup is incomplete.*\[backup_incomplete\]/);
  t.true(nothingWritten(target));
});

test('a backup without its manifest, or missing an entry the manifest lists, is backup_incomplete', async (t) => {
  const entries = entriesOf(backupFile);
  t.is((await refusal(writeTar(entries.filter((e) => !e.name.startsWith('manifest'))))).code, 'backup_incomplete');
  t.is((await refusal(writeTar(entries.filter((e) => !e.name.startsWith('pki/root'))))).code, 'backup_incomplete');
});

test('an entry outside the allowed names (path traversal) or not in the manifest is backup_damaged', async (t) => {
  const entries = entriesOf(backupFile);
  t.is(
    (await refusal(writeTar([{ name: '../../etc/evil', data: Buffer.from('x') }, ...entries]))).code,
    'backup_damaged',
  );
  t.is(
    (await refusal(writeTar([{ name: 'blobs/zz/zzzzzzzzzzzz.pgp', data: Buffer.from('x') }, ...entries]))).code,
    'backup_damaged',
  );
  t.is((await refusal(writeTar([...entries, ...entries.slice(0, 1)]))).code, 'backup_damaged', 'a duplicate entry');
});

test('a manifest rewritten to match altered content fails its MAC: backup_tampered', async (t) => {
  const entries = entriesOf(backupFile);
  const blob = entries.find((e) => e.name.startsWith('blobs/'))!;
  blob.data = randomBytes(blob.data.length);
  const manifestEntry = entries.find((e) => e.name === 'manifest.json')!;
  const manifest = JSON.parse(manifestEntry.data.toString('utf8'));
  for (const e of manifest.entries)
    if (e.name === blob.name) e.sha256 = createHash('sha256').update(blob.data).digest('hex');
  manifestEntry.data = Buffer.from(JSON.stringify(manifest, null, 2));
  const result = await refusal(writeTar(entries));
  t.is(result.code, 'backup_tampered');
  t.true(nothingWritten(result.target));
});

test('random bytes are not a backup', async (t) => {
  const file = join(tempDir('segl-refusal-random-'), 'random.tar');
  writeFileSync(file, randomBytes(4096));
  t.is((await refusal(file)).code, 'backup_damaged');
});

test('a wrong KEK is kek_mismatch; a backup without its KEK asks for one', async (t) => {
  const other = join(tempDir('segl-refusal-kek-'), 'kek');
  writeFileSync(other, `${randomBytes(32).toString('base64')}\n`);
  t.is((await refusal(backupFile, { kekFile: other })).code, 'kek_mismatch');
  t.is((await refusal(backupFile, { env: { SEGL_KEK: randomBytes(32).toString('base64') } })).code, 'kek_mismatch');
  const withoutKek = writeTar(entriesOf(backupFile).filter((e) => e.name !== 'kek'));
  t.is((await refusal(withoutKek)).code, 'backup_incomplete', 'the manifest lists the KEK');
  const noKekFile = join(tempDir('segl-refusal-nokek-'), 'backup.tar');
  t.is((await runSegl(['--data', source, 'backup', '--out', noKekFile])).code, 0);
  t.is((await refusal(noKekFile)).code, 'kek_required');
  const right = join(tempDir('segl-refusal-kek-'), 'kek');
  writeFileSync(right, kekText);
  t.is((await refusal(backupFile, { kekFile: right })).code, 'restored');
});

test('a data directory that is not empty is never overwritten', async (t) => {
  const target = tempDir('segl-refusal-full-');
  mkdirSync(join(target, 'blobs'));
  copyFileSync(backupFile, join(target, 'something'));
  t.is((await refusal(backupFile, { target })).code, 'restore_target_not_empty');
  t.deepEqual(readdirSync(target).sort(), ['blobs', 'something']);
});

test('a SQLite backup is not restored into PostgreSQL', async (t) => {
  t.is(
    (await refusal(backupFile, { env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } })).code,
    'backup_dialect_mismatch',
  );
});

const adminUrl = postgresAdminUrl();
(adminUrl ? test : test.skip)('a PostgreSQL backup is restored only into an empty database', async (t) => {
  const database = await createTestDatabase(adminUrl!);
  const other = await createTestDatabase(adminUrl!);
  try {
    const dataDir = tempDir('segl-refusal-pg-');
    const appliance = await startTestAppliance({ dataDir, env: { DATABASE_URL: database.url } });
    await appliance.close();
    const file = join(tempDir('segl-refusal-pgfile-'), 'pg.tar');
    const made = await runSegl(['--data', dataDir, 'backup', '--out', file, '--include-kek'], {
      env: { DATABASE_URL: database.url },
    });
    t.is(made.code, 0, made.stderr);
    t.is((await refusal(file, { env: { DATABASE_URL: database.url } })).code, 'restore_target_not_empty');
    t.is((await refusal(file)).code, 'backup_dialect_mismatch');
    t.is((await refusal(file, { env: { DATABASE_URL: other.url } })).code, 'restored');
  } finally {
    await database.drop();
    await other.drop();
  }
});
