import { promises as fs } from 'node:fs';
import { SeglError } from '../../lib/errors.js';
import { TAR_BLOCK, parseTarHeader, tarPadding } from './tar-format.js';

const CHUNK = 1024 * 1024;

export interface ArchiveEntry {
  name: string;
  size: number;
  /** The entry's bytes; what is not read is skipped. */
  chunks(): AsyncIterable<Buffer>;
}

export function backupDamaged(message: string): SeglError {
  return new SeglError({
    code: 'backup_damaged',
    message: `the backup is damaged: ${message}`,
  });
}

export function backupIncomplete(message: string): SeglError {
  return new SeglError({
    code: 'backup_incomplete',
    message: `the backup is incomplete: ${message}`,
  });
}

/** The entries of a backup file in order; a broken header is `backup_damaged`, a cut-off file `backup_incomplete`. */
export async function* readBackupArchive(path: string): AsyncIterable<ArchiveEntry> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch (cause) {
    throw new SeglError({
      code: 'backup_unreadable',
      message: `cannot read ${path}: ${(cause as Error).message}`,
      cause,
    });
  }
  try {
    const { size: fileSize } = await handle.stat();
    let offset = 0;
    const header = Buffer.alloc(TAR_BLOCK);
    for (;;) {
      if (offset + TAR_BLOCK > fileSize)
        throw backupIncomplete(`it ends after ${offset} bytes, inside or before an entry header`);
      await readExactly(handle, header, offset);
      const parsed = parseTarHeader(header);
      if (parsed.kind === 'end') return;
      if (parsed.kind === 'invalid') throw backupDamaged(`${parsed.reason} at byte ${offset}`);
      const dataStart = offset + TAR_BLOCK;
      if (dataStart + parsed.size > fileSize) throw backupIncomplete(`it ends inside ${parsed.name}`);
      let consumed = false;
      yield {
        name: parsed.name,
        size: parsed.size,
        async *chunks() {
          if (consumed) throw new Error('an archive entry can be read once');
          consumed = true;
          let position = 0;
          while (position < parsed.size) {
            const buffer = Buffer.allocUnsafe(Math.min(CHUNK, parsed.size - position));
            await readExactly(handle, buffer, dataStart + position);
            position += buffer.length;
            yield buffer;
          }
        },
      };
      offset = dataStart + parsed.size + tarPadding(parsed.size);
    }
  } finally {
    await handle.close();
  }
}

async function readExactly(handle: fs.FileHandle, buffer: Buffer, position: number): Promise<void> {
  let read = 0;
  while (read < buffer.length) {
    const { bytesRead } = await handle.read(buffer, read, buffer.length - read, position + read);
    if (bytesRead === 0) throw backupIncomplete(`it ends at byte ${position + read}`);
    read += bytesRead;
  }
}
