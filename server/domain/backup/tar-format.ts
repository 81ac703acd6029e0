/**
 * The subset of POSIX ustar (POSIX.1-1988/2001) that backups use: regular files only, names under 100 bytes,
 * sizes in octal or, past 8 GiB, GNU base-256. Anyone can list or unpack a backup with `tar`.
 */
export const TAR_BLOCK = 512;
export const TAR_NAME_MAX = 99;

const OCTAL_SIZE_LIMIT = 8 ** 11;

function writeString(block: Buffer, offset: number, length: number, value: string): void {
  block.write(value, offset, length, 'utf8');
}

function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'ascii');
}

function checksumOf(block: Buffer): number {
  let sum = 0;
  for (let i = 0; i < TAR_BLOCK; i += 1) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return sum;
}

/** The 512-byte header of a regular file. */
export function tarHeader(options: { name: string; size: number; mtime: Date }): Buffer {
  const block = Buffer.alloc(TAR_BLOCK);
  writeString(block, 0, 100, options.name);
  writeOctal(block, 100, 8, 0o600);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  if (options.size < OCTAL_SIZE_LIMIT) writeOctal(block, 124, 12, options.size);
  else {
    block[124] = 0x80;
    block.writeBigUInt64BE(BigInt(options.size), 128);
  }
  writeOctal(block, 136, 12, Math.floor(options.mtime.getTime() / 1000));
  block[156] = 0x30; // '0': regular file
  writeString(block, 257, 6, 'ustar\0');
  writeString(block, 263, 2, '00');
  writeOctal(block, 148, 7, checksumOf(block));
  block[155] = 0x20;
  return block;
}

export type ParsedHeader =
  | { kind: 'end' }
  | { kind: 'file'; name: string; size: number }
  | { kind: 'invalid'; reason: string };

function readOctal(block: Buffer, offset: number, length: number): number {
  const text = block
    .toString('ascii', offset, offset + length)
    .replace(/[\0 ]+$/, '')
    .trim();
  if (!/^[0-7]+$/.test(text)) return Number.NaN;
  return Number.parseInt(text, 8);
}

/** Reads a header block; `end` for the zero block that closes an archive. */
export function parseTarHeader(block: Buffer): ParsedHeader {
  if (block.every((byte) => byte === 0)) return { kind: 'end' };
  if (block.toString('ascii', 257, 262) !== 'ustar') return { kind: 'invalid', reason: 'not a ustar header' };
  if (readOctal(block, 148, 8) !== checksumOf(block)) return { kind: 'invalid', reason: 'header checksum mismatch' };
  const type = block[156];
  if (type !== 0x30 && type !== 0) return { kind: 'invalid', reason: 'an entry that is not a regular file' };
  const nameEnd = block.indexOf(0, 0);
  const name = block.toString('utf8', 0, nameEnd < 0 || nameEnd > 100 ? 100 : nameEnd);
  const prefixEnd = block.indexOf(0, 345);
  const prefix = block.toString('utf8', 345, prefixEnd < 0 || prefixEnd > 500 ? 500 : prefixEnd);
  if (prefix) return { kind: 'invalid', reason: 'an entry with a long name' };
  const size = block[124]! & 0x80 ? Number(block.readBigUInt64BE(128)) : readOctal(block, 124, 12);
  if (!Number.isSafeInteger(size) || size < 0) return { kind: 'invalid', reason: 'an entry with an invalid size' };
  return { kind: 'file', name, size };
}

export function tarPadding(size: number): number {
  return (TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK;
}
