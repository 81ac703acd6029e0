import { promises as fs } from 'node:fs';
import path from 'node:path';

const SCHEDULED_NAME = /^segl-backup-(\d{8}T\d{6}Z)\.tar$/;
const LEFTOVER = /^segl-backup-\d{8}T\d{6}Z\.tar\.(partial|scratch)-/;
const LEFTOVER_AGE_MS = 24 * 60 * 60 * 1000;

/** `segl-backup-20261207T013000Z.tar`: names that sort by time. */
export function scheduledBackupName(at: Date): string {
  return `segl-backup-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')}.tar`;
}

/**
 * Keeps the newest `keep` scheduled backups in `dir` and deletes the older ones, and the leftovers of runs that
 * died more than a day ago. Other files in the directory are never touched.
 */
export async function pruneScheduledBackups(options: { dir: string; keep: number; now: Date }): Promise<string[]> {
  const names = await fs.readdir(options.dir).catch(() => [] as string[]);
  const backups = names.filter((name) => SCHEDULED_NAME.test(name)).sort();
  const removed: string[] = [];
  for (const name of backups.slice(0, Math.max(0, backups.length - options.keep))) {
    await fs.rm(path.join(options.dir, name), { force: true });
    removed.push(name);
  }
  for (const name of names.filter((n) => LEFTOVER.test(n))) {
    const stat = await fs.stat(path.join(options.dir, name)).catch(() => undefined);
    if (stat && options.now.getTime() - stat.mtime.getTime() > LEFTOVER_AGE_MS) {
      await fs.rm(path.join(options.dir, name), { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}
