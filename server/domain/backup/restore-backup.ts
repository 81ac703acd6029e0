import { createHash, randomBytes, type Hash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { createReadStream, existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fingerprintKek } from '../../crypto/envelope-key-wrap.js';
import { parseKeyEncryptionKey } from '../../crypto/key-encryption-key.js';
import { syncDirectory } from '../../lib/atomic-write.js';
import type { Clock } from '../../lib/clock.js';
import type { Config } from '../../lib/config.js';
import { SeglError } from '../../lib/errors.js';
import type { Logger } from '../../lib/logger.js';
import { openDatabase } from '../../storage/database.js';
import { databaseLocation } from '../../storage/database-location.js';
import { isPostgresDatabaseEmpty, loadPostgresTables, type TableSource } from '../../storage/postgres-snapshot.js';
import { createSchemaAtVersions, knownSchemaVersions } from '../../storage/restore-schema.js';
import { openDocumentArchive } from '../documents/document-archive.js';
import { backupDamaged, readBackupArchive } from './backup-archive-reader.js';
import {
  KEK_ENTRY,
  MANIFEST_MAC_NAME,
  MANIFEST_NAME,
  POSTGRES_PREFIX,
  SQLITE_ENTRY,
  macMatches,
  manifestMac,
  type BackupManifest,
} from './backup-manifest.js';
import { checkBackup } from './check-backup.js';
import { checkRestoredData, type RestoreCheck } from './check-restored-data.js';

export interface RestoreProgress {
  phase: 'check' | 'extract' | 'database' | 'self-check';
  done: number;
  total: number;
}

export interface RestoreSummary {
  dataDir: string;
  dialect: 'sqlite' | 'postgres';
  backupCreatedAt: string;
  documents: number;
  blobs: number;
  /** Where the restored appliance's KEK is: DATA/kek (from the backup or --kek-file), or SEGL_KEK. */
  kek: 'data-dir' | 'environment';
  check: RestoreCheck;
}

type RestoreRefusal =
  | 'restore_target_not_empty'
  | 'restore_target_unsupported'
  | 'backup_tampered'
  | 'backup_newer_than_software'
  | 'backup_dialect_mismatch'
  | 'kek_required'
  | 'kek_missing'
  | 'kek_mismatch';

/** Why a restore does not start; a key that does not fit this backup is the operator's input, so 422. */
function refuse(code: RestoreRefusal, message: string): SeglError {
  if (code === 'kek_missing' || code === 'kek_mismatch') return new SeglError({ code, message, status: 422 });
  return new SeglError({ code, message });
}

/**
 * Restores a backup into an empty data directory (and, for a PostgreSQL backup, an empty database): the whole
 * file is checked against its manifest first, the KEK against the id the backup names and the manifest's MAC; the
 * files are unpacked beside the target and renamed into place; then the database is opened (newer migrations
 * apply, as on an upgrade) and every document is decrypted and every sealed PDF verified.
 */
export async function restoreBackup(options: {
  file: string;
  config: Config;
  clock: Clock;
  logger: Logger;
  /** A file holding the KEK, for backups taken without it; copied to DATA/kek. */
  kekFile?: string;
  onProgress?(progress: RestoreProgress): void;
}): Promise<RestoreSummary> {
  const { config } = options;
  const progress = options.onProgress ?? (() => undefined);
  const target = path.resolve(config.dataDir);
  await assertEmptyDirectory(target);

  progress({ phase: 'check', done: 0, total: 1 });
  const checked = await checkBackup({ file: options.file });
  const { manifest } = checked;
  progress({ phase: 'check', done: 1, total: 1 });

  const {
    kek,
    source: kekSource,
    kekText,
  } = await resolveKek({ config, kekFile: options.kekFile, backupKek: checked.kekText, manifest });
  if (!macMatches(manifestMac({ kek, manifest: checked.manifestBytes }), checked.mac)) {
    throw refuse('backup_tampered', 'the manifest of the backup was altered (its MAC does not match under this KEK)');
  }
  const unknown = manifest.schemaVersions.filter((v) => !knownSchemaVersions().includes(v));
  if (unknown.length)
    throw refuse(
      'backup_newer_than_software',
      `the backup comes from newer software (schema versions ${unknown.join(', ')}); restore it ` +
        `with that version or later`,
    );

  const location = databaseLocation({ dataDir: target, databaseUrl: config.databaseUrl });
  if (location.dialect !== manifest.dialect) {
    throw refuse(
      'backup_dialect_mismatch',
      manifest.dialect === 'postgres'
        ? 'this is a PostgreSQL backup: set DATABASE_URL to an empty PostgreSQL database to restore it into'
        : 'this is a SQLite backup: unset DATABASE_URL to restore it into the data directory',
    );
  }
  if (location.dialect === 'sqlite' && location.path !== path.join(target, 'segl.sqlite')) {
    throw refuse('restore_target_unsupported', 'a SQLite backup is restored to DATA/segl.sqlite: unset DATABASE_URL');
  }
  if (location.dialect === 'postgres' && !(await isPostgresDatabaseEmpty(location.url))) {
    throw refuse(
      'restore_target_not_empty',
      'the PostgreSQL database of DATABASE_URL is not empty: restore into a new, empty database',
    );
  }

  const staging = `${target}.restoring-${randomBytes(6).toString('hex')}`;
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.mkdir(staging, { recursive: false, mode: 0o700 });
  const tablesDir = `${staging}-tables`;
  await fs.mkdir(tablesDir, { recursive: false, mode: 0o700 });
  try {
    const tables = await unpack({
      file: options.file,
      manifest,
      staging,
      tablesDir,
      writeKek: kekSource === 'data-dir' ? kekText : undefined,
      progress,
    });
    if (location.dialect === 'postgres') {
      progress({ phase: 'database', done: 0, total: tables.length });
      await createSchemaAtVersions({ url: location.url, versions: manifest.schemaVersions });
      await loadPostgresTables({ url: location.url, tables });
      progress({ phase: 'database', done: tables.length, total: tables.length });
    }
    if (existsSync(target)) await fs.rmdir(target);
    await fs.rename(staging, target);
    syncDirectory(path.dirname(target));
  } catch (error) {
    await fs.rm(staging, { recursive: true, force: true });
    throw error;
  } finally {
    await fs.rm(tablesDir, { recursive: true, force: true });
  }

  const db = await openDatabase({ dataDir: target, databaseUrl: config.databaseUrl, logger: options.logger });
  try {
    const archive = openDocumentArchive({
      db,
      clock: options.clock,
      dataDir: target,
      kek,
      kekFromEnvironment: kekSource === 'environment',
    });
    const check = await checkRestoredData({
      db,
      archive,
      dataDir: target,
      onProgress: (done, total) => progress({ phase: 'self-check', done, total }),
    });
    return {
      dataDir: target,
      dialect: manifest.dialect,
      backupCreatedAt: manifest.createdAt,
      documents: manifest.documents,
      blobs: manifest.blobs,
      kek: kekSource,
      check,
    };
  } finally {
    await db.close();
  }
}

async function assertEmptyDirectory(dir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR')
      throw refuse('restore_target_not_empty', `${dir} is a file, not a directory`);
    throw error;
  }
  if (entries.length)
    throw refuse('restore_target_not_empty', `${dir} is not empty: restore into a new, empty data directory`);
}

/**
 * The KEK to restore with: the backup's own, a --kek-file, or SEGL_KEK; it must be the one the backup names.
 * With SEGL_KEK set, no key file is written (the appliance keeps reading it from the environment).
 */
async function resolveKek(options: {
  config: Config;
  kekFile?: string;
  backupKek?: string;
  manifest: BackupManifest;
}): Promise<{ kek: Uint8Array; source: 'data-dir' | 'environment'; kekText: string }> {
  const { config, manifest } = options;
  let text: string | undefined;
  let label = '';
  if (options.kekFile) {
    try {
      text = await fs.readFile(options.kekFile, 'utf8');
    } catch (cause) {
      throw refuse('kek_missing', `cannot read the KEK file ${options.kekFile}: ${(cause as Error).message}`);
    }
    label = `the KEK file ${options.kekFile}`;
  } else if (options.backupKek !== undefined) {
    text = options.backupKek;
    label = 'the KEK in the backup';
  } else if (config.kek) {
    text = config.kek;
    label = 'SEGL_KEK';
  }
  if (text === undefined) {
    throw refuse(
      'kek_required',
      `this backup does not contain the KEK (id ${manifest.kek.id}); give it with --kek-file FILE or SEGL_KEK`,
    );
  }
  const kek = parseKeyEncryptionKey(text, label);
  if (fingerprintKek(kek) !== manifest.kek.id)
    throw refuse(
      'kek_mismatch',
      `${label} is not the KEK of this backup (it needs the KEK with id ${manifest.kek.id})`,
    );
  if (config.kek && fingerprintKek(parseKeyEncryptionKey(config.kek, 'SEGL_KEK')) !== manifest.kek.id) {
    throw refuse(
      'kek_mismatch',
      `SEGL_KEK is set but is not the KEK of this backup (id ${manifest.kek.id}): unset it or set it to that key`,
    );
  }
  const source = config.kek ? 'environment' : 'data-dir';
  return { kek, source, kekText: `${Buffer.from(kek).toString('base64')}\n` };
}

/** Writes the entries into the staging directory (hashing them again: the file may not change between passes). */
async function unpack(options: {
  file: string;
  manifest: BackupManifest;
  staging: string;
  /** Where table dumps go until they are loaded (never into the data directory). */
  tablesDir: string;
  writeKek?: string;
  progress(p: RestoreProgress): void;
}): Promise<TableSource[]> {
  const { staging, manifest } = options;
  const expected = new Map(manifest.entries.map((e) => [e.name, e]));
  const tables: TableSource[] = [];
  let done = 0;
  for await (const entry of readBackupArchive(options.file)) {
    if (entry.name === MANIFEST_NAME || entry.name === MANIFEST_MAC_NAME) continue;
    const listed = expected.get(entry.name);
    if (!listed) throw backupDamaged(`${entry.name} is not in the manifest`);
    const hash = createHash('sha256');
    if (entry.name.startsWith(POSTGRES_PREFIX)) {
      const file = path.join(options.tablesDir, path.basename(entry.name));
      await writeEntry(file, entry.chunks(), hash);
      tables.push(await openTableDump(entry.name, file));
    } else if (entry.name === KEK_ENTRY) {
      for await (const chunk of entry.chunks()) hash.update(chunk);
    } else {
      const relative = entry.name === SQLITE_ENTRY ? 'segl.sqlite' : entry.name;
      const destination = path.join(staging, relative);
      if (!destination.startsWith(`${staging}${path.sep}`))
        throw backupDamaged(`${entry.name} points outside the data directory`);
      await fs.mkdir(path.dirname(destination), { recursive: true, mode: 0o700 });
      await writeEntry(destination, entry.chunks(), hash);
    }
    if (hash.digest('hex') !== listed.sha256) throw backupDamaged(`${entry.name} changed while it was restored`);
    done += 1;
    if (done % 25 === 0 || done === manifest.entries.length)
      options.progress({ phase: 'extract', done, total: manifest.entries.length });
  }
  if (options.writeKek) await fs.writeFile(path.join(staging, 'kek'), options.writeKek, { mode: 0o600, flag: 'wx' });
  return tables;
}

async function writeEntry(file: string, chunks: AsyncIterable<Buffer>, hash: Hash): Promise<void> {
  const handle = await fs.open(file, 'wx', 0o600);
  try {
    for await (const chunk of chunks) {
      hash.update(chunk);
      await handle.write(chunk);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const TABLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A table dump (JSON lines: a header with the table and its columns, then one array of values per row). */
async function openTableDump(name: string, file: string): Promise<TableSource> {
  const damaged = () => backupDamaged(`${name} is not a table dump`);
  const lines = () => createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let head: { table?: unknown; columns?: unknown } | undefined;
  for await (const line of lines()) {
    try {
      head = JSON.parse(line) as typeof head;
    } catch {
      throw damaged();
    }
    break;
  }
  const columns = head?.columns;
  const valid = (value: unknown): value is string[] =>
    Array.isArray(value) && value.every((c) => typeof c === 'string');
  if (typeof head?.table !== 'string' || !TABLE_NAME.test(head.table) || !valid(columns)) throw damaged();
  return {
    table: head.table,
    columns,
    async *rows() {
      let first = true;
      for await (const line of lines()) {
        if (first || !line) {
          first = false;
          continue;
        }
        let row: unknown;
        try {
          row = JSON.parse(line);
        } catch {
          throw damaged();
        }
        const ok =
          Array.isArray(row) && row.length === columns.length && row.every((v) => v === null || typeof v === 'string');
        if (!ok) throw damaged();
        yield row as (string | null)[];
      }
    },
  };
}
