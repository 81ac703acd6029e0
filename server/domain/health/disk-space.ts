import { statfs } from 'node:fs/promises';
import { insufficientStorage } from '../../lib/storage-full.js';

export interface DiskSpace {
  /** Bytes an unprivileged process may still write in the data directory's file system. */
  freeBytes: number;
  totalBytes: number;
  /** The floor (`SEGL_MIN_FREE_BYTES`): below it uploads are refused and health reports low disk. */
  minFreeBytes: number;
  low: boolean;
}

/** Free space where the data directory (blobs, SQLite, keys) lives, against the configured floor. */
export async function describeDiskSpace(options: { dataDir: string; minFreeBytes: number }): Promise<DiskSpace> {
  const stats = await statfs(options.dataDir);
  const freeBytes = Number(stats.bavail) * Number(stats.bsize);
  return {
    freeBytes,
    totalBytes: Number(stats.blocks) * Number(stats.bsize),
    minFreeBytes: options.minFreeBytes,
    low: freeBytes < options.minFreeBytes,
  };
}

/**
 * Refuses a write of about `incomingBytes` that would leave less than the floor free: 507 `insufficient_storage`,
 * before anything is read or stored, so the disk never fills to the point where evidence cannot be recorded.
 */
export async function requireFreeSpace(options: {
  dataDir: string;
  minFreeBytes: number;
  incomingBytes?: number;
}): Promise<void> {
  const disk = await describeDiskSpace(options);
  if (disk.freeBytes - (options.incomingBytes ?? 0) >= disk.minFreeBytes) return;
  throw insufficientStorage(
    'the appliance is low on disk space and accepts no new documents until an administrator frees some; ' +
      'existing documents can still be read',
  );
}
