import { createHash } from 'node:crypto';
import { backupDamaged, backupIncomplete, readBackupArchive } from './backup-archive-reader.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  KEK_ENTRY,
  MANIFEST_MAC_NAME,
  MANIFEST_NAME,
  isAllowedEntryName,
  type BackupManifest,
} from './backup-manifest.js';

const SMALL_ENTRY_MAX = 16 * 1024 * 1024;

export interface CheckedBackup {
  manifest: BackupManifest;
  manifestBytes: Buffer;
  mac: string;
  /** The KEK's text when the backup holds it. */
  kekText?: string;
}

/**
 * Reads a whole backup before anything is restored: every entry's name is allowed, every entry the manifest lists
 * is there once with its size and SHA-256, nothing else is. `backup_damaged` or `backup_incomplete` otherwise.
 */
export async function checkBackup(options: {
  file: string;
  onProgress?(done: number, total: number): void;
}): Promise<CheckedBackup> {
  const seen = new Map<string, { size: number; sha256: string }>();
  let manifestBytes: Buffer | undefined;
  let mac: string | undefined;
  let kekText: string | undefined;
  for await (const entry of readBackupArchive(options.file)) {
    if (!isAllowedEntryName(entry.name))
      throw backupDamaged(`it holds an entry that no backup has: ${JSON.stringify(entry.name)}`);
    if (seen.has(entry.name)) throw backupDamaged(`${entry.name} appears twice`);
    const small = entry.name === MANIFEST_NAME || entry.name === MANIFEST_MAC_NAME || entry.name === KEK_ENTRY;
    if (small && entry.size > SMALL_ENTRY_MAX) throw backupDamaged(`${entry.name} is far too large`);
    const hash = createHash('sha256');
    const kept: Buffer[] = [];
    for await (const chunk of entry.chunks()) {
      hash.update(chunk);
      if (small) kept.push(chunk);
    }
    seen.set(entry.name, { size: entry.size, sha256: hash.digest('hex') });
    if (entry.name === MANIFEST_NAME) manifestBytes = Buffer.concat(kept);
    else if (entry.name === MANIFEST_MAC_NAME) mac = Buffer.concat(kept).toString('utf8').trim();
    else if (entry.name === KEK_ENTRY) kekText = Buffer.concat(kept).toString('utf8');
    options.onProgress?.(seen.size, 0);
  }
  if (!manifestBytes || mac === undefined)
    throw backupIncomplete('it has no manifest (it was cut short, or is not a Segl backup)');
  const manifest = parseManifest(manifestBytes);
  const listed = new Set<string>();
  for (const expected of manifest.entries) {
    const found = seen.get(expected.name);
    if (!found) throw backupIncomplete(`${expected.name} is missing`);
    if (found.size !== expected.size || found.sha256 !== expected.sha256)
      throw backupDamaged(`${expected.name} does not match its SHA-256 in the manifest`);
    listed.add(expected.name);
  }
  for (const name of seen.keys()) {
    if (!listed.has(name) && name !== MANIFEST_NAME && name !== MANIFEST_MAC_NAME)
      throw backupDamaged(`${name} is not in the manifest`);
  }
  if (manifest.kek.included !== (kekText !== undefined))
    throw backupDamaged('the manifest and the entries disagree about the KEK');
  return { manifest, manifestBytes, mac, kekText };
}

function parseManifest(bytes: Buffer): BackupManifest {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(bytes.toString('utf8')) as BackupManifest;
  } catch {
    throw backupDamaged('its manifest is not JSON');
  }
  if (manifest?.format !== BACKUP_FORMAT) throw backupDamaged('it is not a Segl backup');
  if (manifest.version !== BACKUP_FORMAT_VERSION)
    throw backupDamaged(`backup format version ${String(manifest.version)} is not one this software reads`);
  const validEntries =
    Array.isArray(manifest.entries) &&
    manifest.entries.every(
      (e) => typeof e?.name === 'string' && Number.isSafeInteger(e.size) && /^[0-9a-f]{64}$/.test(e.sha256),
    );
  const validVersions =
    Array.isArray(manifest.schemaVersions) && manifest.schemaVersions.every((v) => Number.isSafeInteger(v));
  if (
    !validEntries ||
    !validVersions ||
    (manifest.dialect !== 'sqlite' && manifest.dialect !== 'postgres') ||
    typeof manifest.kek?.id !== 'string'
  ) {
    throw backupDamaged('its manifest is malformed');
  }
  return manifest;
}
