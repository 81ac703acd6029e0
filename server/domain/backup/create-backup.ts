import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { fingerprintKek } from '../../crypto/envelope-key-wrap.js';
import { syncDirectory } from '../../lib/atomic-write.js';
import type { Clock } from '../../lib/clock.js';
import type { Config } from '../../lib/config.js';
import { SeglError, isSeglError } from '../../lib/errors.js';
import type { Database } from '../../storage/database.js';
import { databaseLocation } from '../../storage/database-location.js';
import { snapshotPostgresDatabase } from '../../storage/postgres-snapshot.js';
import { querySqliteFile, snapshotSqliteDatabase } from '../../storage/sqlite-snapshot.js';
import { blobDirectory } from '../documents/document-archive.js';
import { BackupArchiveWriter } from './backup-archive-writer.js';
import { currentKek } from './backup-kek.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  KEK_ENTRY,
  MANIFEST_MAC_NAME,
  MANIFEST_NAME,
  POSTGRES_PREFIX,
  SQLITE_ENTRY,
  manifestMac,
  type BackupManifest,
} from './backup-manifest.js';
import { recordBackup } from './backup-record.js';

export interface BackupProgress {
  phase: 'database' | 'blobs' | 'pki' | 'manifest';
  done: number;
  total: number;
}

export interface BackupOptions {
  config: Config;
  db: Database;
  clock: Clock;
  /** The .tar to write (atomically: a partial file is never left under this name). */
  out: string;
  includeKek: boolean;
  onProgress?(progress: BackupProgress): void;
}

export interface BackupSummary {
  file: string;
  bytes: number;
  createdAt: string;
  dialect: 'sqlite' | 'postgres';
  documents: number;
  blobs: number;
  entries: number;
  kekIncluded: boolean;
  kekId: string;
  ms: number;
}

interface Snapshot {
  schemaVersions: number[];
  blobNames: string[];
  documents: number;
}

const SNAPSHOT_QUERIES = {
  versions: 'SELECT version FROM schema_migrations ORDER BY version',
  blobs: 'SELECT blob_name FROM document_blobs ORDER BY blob_name',
  documents: 'SELECT COUNT(*) AS n FROM documents WHERE deleted_at IS NULL',
};

/** A blob the snapshot refers to vanished before it was copied (retention erased it meanwhile): take a new snapshot. */
class BlobVanished extends Error {}
const ATTEMPTS = 3;

/**
 * A consistent online backup into one file (a tar): the database as of one moment (SQLite's online backup API, or
 * one REPEATABLE READ snapshot of every PostgreSQL table), every blob that snapshot refers to, the PKI directory,
 * the KEK only when asked, and a manifest with each entry's SHA-256, authenticated with the KEK. Written beside the
 * target and renamed into place, so the file is whole or absent. Blobs are immutable and removed only after their
 * rows, so the blobs of the snapshot are all there unless retention erased one since; then it starts again.
 */
export async function createBackup(options: BackupOptions): Promise<BackupSummary> {
  const { config } = options;
  if (!existsSync(path.join(config.dataDir, 'pki', 'meta.json'))) {
    throw new SeglError({
      code: 'no_appliance_data',
      message: `${config.dataDir} holds no appliance (no pki/meta.json): nothing to back up`,
    });
  }
  const kek = await currentKek(config);
  const out = path.resolve(options.out);
  await fs.mkdir(path.dirname(out), { recursive: true });
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await writeBackup({ ...options, out, kek });
    } catch (error) {
      if (!(error instanceof BlobVanished) || attempt >= ATTEMPTS) {
        if (error instanceof BlobVanished)
          throw new SeglError({
            code: 'backup_failed',
            message: `blobs kept vanishing during the backup (${error.message}); try again`,
            status: 503,
          });
        throw error;
      }
    }
  }
}

async function writeBackup(options: BackupOptions & { kek: Uint8Array }): Promise<BackupSummary> {
  const { config, out, kek, clock } = options;
  const started = Date.now();
  const createdAt = clock.now();
  const suffix = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const partial = `${out}.partial-${suffix}`;
  const scratch = `${out}.scratch-${suffix}`;
  await fs.mkdir(scratch, { mode: 0o700 });
  const writer = await BackupArchiveWriter.create({ path: partial, mtime: createdAt });
  const progress = options.onProgress ?? (() => undefined);
  try {
    progress({ phase: 'database', done: 0, total: 1 });
    const location = databaseLocation({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
    const snapshot =
      location.dialect === 'sqlite'
        ? await snapshotSqlite(location.path, scratch, writer)
        : await snapshotPostgres(location.url, scratch, writer);
    progress({ phase: 'database', done: 1, total: 1 });

    const blobRoot = blobDirectory(config.dataDir);
    const vanished: string[] = [];
    for (const [index, name] of snapshot.blobNames.entries()) {
      const shard = name.slice(0, 2);
      try {
        await writer.addFile(`blobs/${shard}/${name}`, path.join(blobRoot, shard, name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        vanished.push(name);
      }
      if (index % 25 === 0 || index === snapshot.blobNames.length - 1)
        progress({ phase: 'blobs', done: index + 1, total: snapshot.blobNames.length });
    }
    if (vanished.length) throw new BlobVanished(vanished.slice(0, 3).join(', '));

    const pkiFiles = await listFiles(path.join(config.dataDir, 'pki'));
    for (const [index, relative] of pkiFiles.entries()) {
      await writer.addBytes(`pki/${relative}`, await fs.readFile(path.join(config.dataDir, 'pki', relative)));
      progress({ phase: 'pki', done: index + 1, total: pkiFiles.length });
    }
    if (options.includeKek) await writer.addBytes(KEK_ENTRY, Buffer.from(`${Buffer.from(kek).toString('base64')}\n`));

    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_FORMAT_VERSION,
      createdAt: createdAt.toISOString(),
      dialect: location.dialect,
      schemaVersions: snapshot.schemaVersions,
      kek: { included: options.includeKek, id: fingerprintKek(kek) },
      documents: snapshot.documents,
      blobs: snapshot.blobNames.length,
      entries: [...writer.entries],
    };
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    await writer.addBytes(MANIFEST_NAME, manifestBytes);
    await writer.addBytes(MANIFEST_MAC_NAME, Buffer.from(`${manifestMac({ kek, manifest: manifestBytes })}\n`));
    progress({ phase: 'manifest', done: 1, total: 1 });
    await writer.finish();
    await fs.rename(partial, out);
    syncDirectory(path.dirname(out));
    const summary: BackupSummary = {
      file: out,
      bytes: writer.bytesWritten,
      createdAt: manifest.createdAt,
      dialect: manifest.dialect,
      documents: manifest.documents,
      blobs: manifest.blobs,
      entries: manifest.entries.length,
      kekIncluded: options.includeKek,
      kekId: manifest.kek.id,
      ms: Date.now() - started,
    };
    await recordBackup({
      db: options.db,
      record: { at: summary.createdAt, bytes: summary.bytes, documents: summary.documents, file: out },
    });
    return summary;
  } catch (error) {
    await writer.abort();
    await fs.rm(partial, { force: true });
    throw isSeglError(error) || error instanceof BlobVanished
      ? error
      : new SeglError({
          code: 'backup_failed',
          message: `backup failed: ${(error as Error).message}`,
          cause: error,
        });
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

async function snapshotSqlite(source: string, scratch: string, writer: BackupArchiveWriter): Promise<Snapshot> {
  const copy = path.join(scratch, 'segl.sqlite');
  await snapshotSqliteDatabase({ source, target: copy });
  const versions = await querySqliteFile<{ version: number }>({ path: copy, sql: SNAPSHOT_QUERIES.versions });
  const blobs = await querySqliteFile<{ blob_name: string }>({ path: copy, sql: SNAPSHOT_QUERIES.blobs });
  const [count] = await querySqliteFile<{ n: number }>({ path: copy, sql: SNAPSHOT_QUERIES.documents });
  await writer.addFile(SQLITE_ENTRY, copy);
  return {
    schemaVersions: versions.map((v) => Number(v.version)),
    blobNames: blobs.map((b) => b.blob_name),
    documents: Number(count?.n ?? 0),
  };
}

async function snapshotPostgres(url: string, scratch: string, writer: BackupArchiveWriter): Promise<Snapshot> {
  const snapshot: Snapshot = { schemaVersions: [], blobNames: [], documents: 0 };
  let index = 0;
  await snapshotPostgresDatabase({
    url,
    async visit(dump) {
      index += 1;
      const file = path.join(scratch, `${String(index).padStart(3, '0')}-${dump.table}.jsonl`);
      const stream = createWriteStream(file, { mode: 0o600 });
      stream.write(`${JSON.stringify({ table: dump.table, columns: dump.columns })}\n`);
      for await (const batch of dump.rows) {
        const text = batch.map((row) => JSON.stringify(row)).join('\n');
        if (!stream.write(`${text}\n`)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
      }
      stream.end();
      await finished(stream);
      await writer.addFile(`${POSTGRES_PREFIX}${path.basename(file)}`, file);
      await fs.rm(file);
    },
    async select(query) {
      snapshot.schemaVersions = (await query<{ version: string }>(SNAPSHOT_QUERIES.versions)).map((v) =>
        Number(v.version),
      );
      snapshot.blobNames = (await query<{ blob_name: string }>(SNAPSHOT_QUERIES.blobs)).map((b) => b.blob_name);
      snapshot.documents = Number((await query<{ n: string }>(SNAPSHOT_QUERIES.documents))[0]?.n ?? 0);
    },
  });
  return snapshot;
}

/** Files under a directory (relative paths), sorted, without the dot-files of locks and half-written renames. */
async function listFiles(root: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await fs.readdir(path.join(root, prefix), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(root, relative)));
    else if (entry.isFile()) files.push(relative);
  }
  return files.sort();
}
