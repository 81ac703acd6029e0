import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

/** Something that must not be found on disk: a label for the report and its forms as bytes. */
export interface Needle {
  label: string;
  forms: Buffer[];
}

/** A text value as it may be stored: UTF-8 as is, and lowercased (expression indexes, search columns). */
export function textNeedle(label: string, value: string): Needle {
  return { label, forms: [...new Set([value, value.toLowerCase()])].map((form) => Buffer.from(form, 'utf8')) };
}

/** Key material in every encoding the appliance uses: raw bytes, base64 and hex. */
export function keyNeedle(label: string, bytes: Uint8Array): Needle {
  const raw = Buffer.from(bytes);
  return { label, forms: [raw, Buffer.from(raw.toString('base64')), Buffer.from(raw.toString('hex'))] };
}

/** Every regular file below `dir` (the database, its -wal and -shm, blobs, outbox, keys, temporary files). */
export function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesBelow(path);
    return entry.isFile() ? [path] : [];
  });
}

/** Directories below `dir` that hold nothing. */
export function emptyDirectoriesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return readdirSync(path).length === 0 ? [path] : emptyDirectoriesBelow(path);
    });
}

/** Where each needle occurs in any file below `dir`, as `file: label` (empty when nothing is found). */
export function searchDataDirectory(dir: string, needles: Needle[]): string[] {
  const found: string[] = [];
  for (const file of filesBelow(dir)) {
    if (!statSync(file).isFile()) continue;
    const bytes = readWithoutDroppingLocks(file);
    const lowered = Buffer.from(bytes.toString('latin1').toLowerCase(), 'latin1');
    for (const needle of needles) {
      if (needle.forms.some((form) => bytes.includes(form) || lowered.includes(form)))
        found.push(`${relative(dir, file)}: ${needle.label}`);
    }
  }
  return found;
}

/**
 * A file's bytes. The SQLite files are read by a child process: closing any descriptor of a file drops every POSIX
 * lock this process holds on it, those of the appliance's own connections (running in the test process) included,
 * and another process's SQLite would then take itself for the last connection and remove the log under them.
 */
function readWithoutDroppingLocks(file: string): Buffer {
  if (!basename(file).startsWith('segl.sqlite')) return readFileSync(file);
  return execFileSync('cat', [file], { maxBuffer: 1024 * 1024 * 1024 });
}
