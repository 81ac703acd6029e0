import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { SeglError } from '../lib/errors.js';
import { syncDirectory } from '../lib/atomic-write.js';

/** Where blobs live. The filesystem store is the default; an S3-compatible one can implement the same interface. */
export interface BlobStore {
  /** Stores a whole blob atomically: readers see nothing or all of it. */
  write(options: { name: string; source: AsyncIterable<Uint8Array> | Iterable<Uint8Array> }): Promise<{ size: number }>;
  /** A stream of the blob; `blob_missing` when it does not exist. */
  read(options: { name: string }): Promise<Readable>;
  /** Deletes a blob, or a leftover temporary file named by `list()`; absent is fine. */
  remove(options: { name: string }): Promise<void>;
  exists(options: { name: string }): Promise<boolean>;
  /** Every stored blob and every leftover temporary file, with its age. */
  list(): AsyncIterable<{ name: string; temporary: boolean; modifiedAt: Date }>;
}

const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{7,99}$/;
const TEMP_MARKER = '.tmp-';

export function blobMissing(name: string): SeglError {
  return new SeglError({ code: 'blob_missing', message: `stored blob ${name} is missing` });
}

function checkName(name: string): void {
  if (!NAME_PATTERN.test(name) || name.includes(TEMP_MARKER)) {
    throw new SeglError({ code: 'invalid_blob_name', message: 'invalid blob name' });
  }
}

const SHARD_ATTEMPTS = 5;

/**
 * Creates the shard directory and a new file in it. A removal of the last blob of the shard may take the directory
 * away between the two (here or in another process): then both are tried again.
 */
async function openInShard(shard: string, file: string): Promise<fs.FileHandle> {
  for (let attempt = 1; ; attempt += 1) {
    const created = await fs.mkdir(shard, { recursive: true, mode: 0o700 });
    // a new directory is only durable once its parent is synced: else a power loss may take it, and the blob in it
    if (created !== undefined)
      for (let dir = shard; ; dir = path.dirname(dir)) {
        syncDirectory(path.dirname(dir));
        if (dir === created || dir === path.dirname(dir)) break;
      }
    try {
      return await fs.open(file, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= SHARD_ATTEMPTS) throw error;
    }
  }
}

/** Removes a shard directory that holds nothing any more; one that is not empty (or already gone) stays as it is. */
async function removeIfEmpty(shard: string, root: string): Promise<void> {
  try {
    await fs.rmdir(shard);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOENT') return;
    throw error;
  }
  syncDirectory(root);
}

/**
 * Blobs as files under one directory, sharded by the first two characters of the name (DATA/blobs/ab/abcd...).
 * A write goes to a temporary file in the shard, is fsynced, renamed into place and the directory fsynced. A shard
 * left empty by a removal is removed too, so that the directory tree tells nothing of what was deleted.
 */
export function createFileBlobStore(options: { dir: string }): BlobStore {
  const root = options.dir;
  const shardOf = (name: string) => path.join(root, (name.startsWith('.') ? name.slice(1) : name).slice(0, 2));
  const fileOf = (name: string) => path.join(shardOf(name), name);

  return {
    async write({ name, source }) {
      checkName(name);
      const shard = shardOf(name);
      const temp = path.join(shard, `.${name}${TEMP_MARKER}${randomBytes(6).toString('hex')}`);
      const handle = await openInShard(shard, temp);
      let size = 0;
      try {
        for await (const chunk of source) {
          let written = 0;
          while (written < chunk.byteLength) {
            const { bytesWritten } = await handle.write(chunk, written, chunk.byteLength - written);
            written += bytesWritten;
          }
          size += chunk.byteLength;
        }
        await handle.sync();
      } catch (error) {
        await handle.close().catch(() => undefined);
        await fs.unlink(temp).catch(() => undefined);
        throw error;
      }
      await handle.close();
      try {
        await fs.link(temp, fileOf(name));
      } finally {
        await fs.unlink(temp).catch(() => undefined);
      }
      syncDirectory(shard);
      return { size };
    },

    async read({ name }) {
      checkName(name);
      const handle = await fs.open(fileOf(name), 'r').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') throw blobMissing(name);
        throw error;
      });
      return handle.createReadStream({ highWaterMark: 1024 * 1024, autoClose: true });
    },

    async remove({ name }) {
      if (!(name.startsWith('.') && name.includes(TEMP_MARKER) && !name.includes('/'))) checkName(name);
      try {
        await fs.unlink(fileOf(name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        return;
      }
      syncDirectory(shardOf(name));
      await removeIfEmpty(shardOf(name), root);
    },

    async exists({ name }) {
      checkName(name);
      return fs.stat(fileOf(name)).then(
        () => true,
        () => false,
      );
    },

    async *list() {
      const shards = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
      for (const shard of shards) {
        if (!shard.isDirectory()) continue;
        const dir = path.join(root, shard.name);
        for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
          if (!entry.isFile()) continue;
          const stat = await fs.stat(path.join(dir, entry.name)).catch(() => undefined);
          if (!stat) continue;
          const temporary = entry.name.includes(TEMP_MARKER);
          yield { name: entry.name, temporary, modifiedAt: stat.mtime };
        }
      }
    },
  };
}
