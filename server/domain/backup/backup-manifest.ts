import { createHmac, timingSafeEqual } from 'node:crypto';

/** One file in a backup, as the manifest records it. */
export interface BackupEntry {
  name: string;
  size: number;
  sha256: string;
}

export const BACKUP_FORMAT = 'segl-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_NAME = 'manifest.json';
export const MANIFEST_MAC_NAME = 'manifest.mac';
export const KEK_ENTRY = 'kek';
export const SQLITE_ENTRY = 'database/segl.sqlite';
export const POSTGRES_PREFIX = 'database/postgres/';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_FORMAT_VERSION;
  createdAt: string;
  dialect: 'sqlite' | 'postgres';
  /** The schema migrations applied in the database when the snapshot was taken. */
  schemaVersions: number[];
  /** Whether the KEK is in the backup, and its id (the fingerprint document keys name it by; reveals nothing of it). */
  kek: { included: boolean; id: string };
  documents: number;
  blobs: number;
  entries: BackupEntry[];
}

/**
 * Which names a backup may hold: anything else (an absolute path, `..`, a device) is refused before a byte is
 * written, so a hostile file cannot write outside the data directory it is restored into.
 */
const ENTRY_NAME = new RegExp(
  [
    '^(?:kek|manifest\\.json|manifest\\.mac|database/segl\\.sqlite',
    'database/postgres/\\d{3}-[a-z_][a-z0-9_]{0,62}\\.jsonl',
    'blobs/[a-z0-9][a-z0-9._-]/[a-z0-9][a-z0-9._-]{7,99}',
    'pki/[A-Za-z0-9_-][A-Za-z0-9._-]{0,80}',
    'pki/certs/[A-Za-z0-9_-][A-Za-z0-9._-]{0,80})$',
  ].join('|'),
);

export function isAllowedEntryName(name: string): boolean {
  return ENTRY_NAME.test(name) && !name.split('/').some((part) => part === '..' || part === '.');
}

/** The manifest's authentication code: a damaged file is found by its hashes, a forged manifest by this. */
export function manifestMac(options: { kek: Uint8Array; manifest: Uint8Array }): string {
  const key = createHmac('sha256', options.kek).update('segl backup manifest mac v1').digest();
  return createHmac('sha256', key).update(options.manifest).digest('hex');
}

export function macMatches(expected: string, actual: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(actual, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
