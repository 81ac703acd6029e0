import { openSync, fstatSync, readSync, closeSync } from 'node:fs';

/**
 * A file's bytes with room to append updates in place, so that successive incremental updates never copy
 * the (possibly 100 MB) original again.
 */
export class GrowableBuffer {
  private buffer: Buffer;
  length: number;

  constructor(initial: Buffer, length = initial.length) {
    this.buffer = initial;
    this.length = length;
  }

  static from(bytes: Uint8Array, slack = 256 * 1024): GrowableBuffer {
    const buffer = Buffer.allocUnsafe(bytes.length + slack);
    buffer.set(bytes, 0);
    return new GrowableBuffer(buffer, bytes.length);
  }

  /** Reads a file straight into a buffer with spare room at the end. */
  static readFile(path: string, slack = 256 * 1024): GrowableBuffer {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      const buffer = Buffer.allocUnsafe(size + slack);
      let read = 0;
      while (read < size) {
        const n = readSync(fd, buffer, read, size - read, read);
        if (n === 0) break;
        read += n;
      }
      return new GrowableBuffer(buffer, read);
    } finally {
      closeSync(fd);
    }
  }

  /** The current content; valid until the next append that has to grow the buffer. */
  view(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  append(bytes: Uint8Array): number {
    const at = this.length;
    this.ensure(this.length + bytes.length);
    this.buffer.set(bytes, at);
    this.length += bytes.length;
    return at;
  }

  /** Drops bytes appended after `length` (to undo an update that has to be redone). */
  truncate(length: number): void {
    if (length < 0 || length > this.length) throw new RangeError('truncate beyond the current length');
    this.length = length;
  }

  private ensure(capacity: number): void {
    if (capacity <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(capacity, Math.ceil(this.buffer.length * 1.25)));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}
