import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { SeglError } from '../../lib/errors.js';
import { TAR_BLOCK, TAR_NAME_MAX, tarHeader, tarPadding } from './tar-format.js';
import type { BackupEntry } from './backup-manifest.js';

const CHUNK = 1024 * 1024;

/** Appends entries to a backup file (a tar), hashing each one as it goes, for the manifest. */
export class BackupArchiveWriter {
  readonly entries: BackupEntry[] = [];
  bytesWritten = 0;

  private constructor(
    private readonly handle: fs.FileHandle,
    private readonly mtime: Date,
  ) {}

  static async create(options: { path: string; mtime: Date }): Promise<BackupArchiveWriter> {
    const handle = await fs.open(options.path, 'wx', 0o600);
    return new BackupArchiveWriter(handle, options.mtime);
  }

  private async write(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < bytes.byteLength) {
      const { bytesWritten } = await this.handle.write(bytes, offset, bytes.byteLength - offset);
      offset += bytesWritten;
    }
    this.bytesWritten += bytes.byteLength;
  }

  private async begin(name: string, size: number): Promise<void> {
    if (Buffer.byteLength(name) > TAR_NAME_MAX)
      throw new SeglError({ code: 'backup_failed', message: `entry name too long: ${name}` });
    await this.write(tarHeader({ name, size, mtime: this.mtime }));
  }

  private async end(name: string, size: number, hash: ReturnType<typeof createHash>): Promise<void> {
    const padding = tarPadding(size);
    if (padding) await this.write(Buffer.alloc(padding));
    this.entries.push({ name, size, sha256: hash.digest('hex') });
  }

  async addBytes(name: string, bytes: Uint8Array): Promise<void> {
    await this.begin(name, bytes.byteLength);
    const hash = createHash('sha256').update(bytes);
    await this.write(bytes);
    await this.end(name, bytes.byteLength, hash);
  }

  /** Copies a file that must not change while it is copied (blobs are immutable; snapshots are ours). */
  async addFile(name: string, path: string): Promise<void> {
    const source = await fs.open(path, 'r');
    try {
      const { size } = await source.stat();
      await this.begin(name, size);
      const hash = createHash('sha256');
      const buffer = Buffer.allocUnsafe(CHUNK);
      let copied = 0;
      while (copied < size) {
        const { bytesRead } = await source.read(buffer, 0, Math.min(CHUNK, size - copied), copied);
        if (bytesRead === 0)
          throw new SeglError({ code: 'backup_failed', message: `${path} shrank while it was copied` });
        const chunk = buffer.subarray(0, bytesRead);
        hash.update(chunk);
        await this.write(chunk);
        copied += bytesRead;
      }
      await this.end(name, size, hash);
    } finally {
      await source.close();
    }
  }

  /** Writes the two zero blocks that end a tar, flushes to disk and closes. */
  async finish(): Promise<void> {
    await this.write(Buffer.alloc(TAR_BLOCK * 2));
    await this.handle.sync();
    await this.handle.close();
  }

  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}
