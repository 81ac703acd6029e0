import { createHash } from 'node:crypto';

/**
 * A small, independent PDF writer for building attack files: raw objects, classic or stream cross-references,
 * incremental updates with any /Prev, duplicate or hidden objects, object streams. It deliberately shares no code
 * with server/pdf, so that a bug there cannot hide in the files that test it.
 */

export type ObjectBodies = Record<number, string | Buffer>;

export function stream(dict: string, data: string | Buffer): Buffer {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data, 'latin1');
  return Buffer.concat([
    Buffer.from(`<< ${dict} /Length ${bytes.length} >>\nstream\n`, 'latin1'),
    bytes,
    Buffer.from('\nendstream', 'latin1'),
  ]);
}

function objectBytes(num: number, body: string | Buffer, gen = 0): Buffer {
  return Buffer.concat([
    Buffer.from(`${num} ${gen} obj\n`, 'latin1'),
    Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'),
    Buffer.from('\nendobj\n', 'latin1'),
  ]);
}

/** A complete one-revision PDF with a classic cross-reference table. */
export function buildPdf(objects: ObjectBodies, options: { root?: number; info?: number } = {}): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0].length;
  const offsets = new Map<number, number>();
  const nums = Object.keys(objects)
    .map(Number)
    .sort((a, b) => a - b);
  for (const num of nums) {
    offsets.set(num, length);
    const bytes = objectBytes(num, objects[num]);
    parts.push(bytes);
    length += bytes.length;
  }
  const size = Math.max(...nums) + 1;
  const rows = ['0000000000 65535 f \n'];
  for (let num = 1; num < size; num += 1) {
    const offset = offsets.get(num);
    rows.push(offset === undefined ? '0000000000 00000 f \n' : `${String(offset).padStart(10, '0')} 00000 n \n`);
  }
  const info = options.info ? ` /Info ${options.info} 0 R` : '';
  parts.push(
    Buffer.from(
      `xref\n0 ${size}\n${rows.join('')}trailer\n` +
        `<< /Size ${size} /Root ${options.root ?? 1} 0 R${info} >>\nstartxref\n${length}\n%%EOF\n`,
      'latin1',
    ),
  );
  return Buffer.concat(parts);
}

/** The newest startxref value and a few trailer facts, read with regular expressions (no PDF parser). */
export function lastTrailer(pdf: Buffer): {
  startxref: number;
  size: number;
  root: number;
  info?: number;
  isStream: boolean;
} {
  const text = pdf.toString('latin1');
  const at = text.lastIndexOf('startxref');
  const startxref = Number(/startxref\s+(\d+)/.exec(text.slice(at))![1]);
  const head = text.slice(startxref, startxref + 4096);
  const isStream = !head.startsWith('xref');
  const dictText = isStream
    ? head
    : text.slice(text.indexOf('trailer', startxref), text.indexOf('startxref', startxref));
  const size = Number(/\/Size\s+(\d+)/.exec(dictText)![1]);
  const root = Number(/\/Root\s+(\d+)\s+\d+\s+R/.exec(dictText)![1]);
  const info = /\/Info\s+(\d+)\s+\d+\s+R/.exec(dictText);
  return { startxref, size, root, info: info ? Number(info[1]) : undefined, isStream };
}

export interface RevisionOptions {
  /** Objects written into the body and listed in the section (num -> body). */
  objects?: ObjectBodies;
  /** Generation numbers for some of the objects (default 0). */
  generations?: Record<number, number>;
  /** Objects put into a new, uncompressed object stream (needs an xref stream). */
  compressed?: ObjectBodies;
  /** Raw bytes written into the body without an xref entry (hidden objects, garbage). */
  hidden?: string | Buffer;
  /** Entries that point somewhere else than where the object was written: num -> offset. */
  pointAt?: Record<number, number>;
  /** Objects marked free. */
  free?: number[];
  prev?: number | null;
  root?: number;
  size?: number;
  /** Force the kind of section (default: same kind as the previous one; `compressed` forces a stream). */
  kind?: 'table' | 'stream';
}

/** Appends one incremental update exactly as told, even when what it is told is hostile. */
export function appendRevision(pdf: Buffer, options: RevisionOptions): Buffer {
  const previous = lastTrailer(pdf);
  const parts: Buffer[] = [pdf];
  let length = pdf.length;
  if (pdf[pdf.length - 1] !== 0x0a) {
    parts.push(Buffer.from('\n'));
    length += 1;
  }
  const entries = new Map<number, { type: 1 | 2 | 0; a: number; b: number }>();
  for (const [key, body] of Object.entries(options.objects ?? {})) {
    const num = Number(key);
    const gen = options.generations?.[num] ?? 0;
    entries.set(num, { type: 1, a: length, b: gen });
    const bytes = objectBytes(num, body, gen);
    parts.push(bytes);
    length += bytes.length;
  }
  if (options.hidden) {
    const bytes = Buffer.isBuffer(options.hidden) ? options.hidden : Buffer.from(options.hidden, 'latin1');
    parts.push(bytes);
    length += bytes.length;
  }
  let size = options.size ?? previous.size;
  for (const num of entries.keys()) size = Math.max(size, num + 1);
  const compressed = Object.entries(options.compressed ?? {});
  if (compressed.length) {
    const streamNum = Math.max(size, ...compressed.map(([num]) => Number(num) + 1));
    const header: string[] = [];
    const bodies: Buffer[] = [];
    let offset = 0;
    compressed.forEach(([num, body], index) => {
      header.push(`${num} ${offset}`);
      const bytes = Buffer.concat([Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'), Buffer.from('\n')]);
      bodies.push(bytes);
      offset += bytes.length;
      entries.set(Number(num), { type: 2, a: streamNum, b: index });
    });
    const headerText = `${header.join(' ')}\n`;
    const data = Buffer.concat([Buffer.from(headerText, 'latin1'), ...bodies]);
    entries.set(streamNum, { type: 1, a: length, b: 0 });
    const bytes = objectBytes(
      streamNum,
      stream(`/Type /ObjStm /N ${compressed.length} /First ${headerText.length}`, data),
    );
    parts.push(bytes);
    length += bytes.length;
    size = streamNum + 1;
  }
  for (const [num, offset] of Object.entries(options.pointAt ?? {}))
    entries.set(Number(num), { type: 1, a: offset, b: 0 });
  for (const num of options.free ?? []) entries.set(num, { type: 0, a: 0, b: 0 });
  const prev = options.prev === undefined ? previous.startxref : options.prev;
  const root = options.root ?? previous.root;
  const info = previous.info ? ` /Info ${previous.info} 0 R` : '';
  const prevText = prev === null ? '' : ` /Prev ${prev}`;
  const kind = compressed.length ? 'stream' : (options.kind ?? (previous.isStream ? 'stream' : 'table'));
  const startxref = length;
  if (kind === 'table') {
    const nums = [...entries.keys()].sort((a, b) => a - b);
    const rows = nums.map((num) => {
      const entry = entries.get(num)!;
      return entry.type === 0
        ? `${num} 1\n0000000000 00001 f \n`
        : `${num} 1\n${String(entry.a).padStart(10, '0')} ${String(entry.b).padStart(5, '0')} n \n`;
    });
    parts.push(
      Buffer.from(
        `xref\n${rows.join('')}trailer\n<< /Size ${size} /Root ${root} 0 R${info}${prevText} ` +
          `>>\nstartxref\n${startxref}\n%%EOF\n`,
        'latin1',
      ),
    );
  } else {
    const xrefNum = size;
    size += 1;
    entries.set(xrefNum, { type: 1, a: startxref, b: 0 });
    const nums = [...entries.keys()].sort((a, b) => a - b);
    const rows = Buffer.alloc(nums.length * 7);
    nums.forEach((num, i) => {
      const entry = entries.get(num)!;
      rows.writeUInt8(entry.type, i * 7);
      rows.writeUInt32BE(entry.a, i * 7 + 1);
      rows.writeUInt16BE(entry.b, i * 7 + 5);
    });
    const index = nums.map((num) => `${num} 1`).join(' ');
    const dict = `/Type /XRef /Size ${size} /W [1 4 2] /Index [${index}] /Root ${root} 0 R${info}${prevText}`;
    parts.push(objectBytes(xrefNum, stream(dict, rows)));
    parts.push(Buffer.from(`startxref\n${startxref}\n%%EOF\n`, 'latin1'));
  }
  return Buffer.concat(parts);
}

const BYTE_RANGE_PLACEHOLDER = '/ByteRange [0 0000000000 0000000000 0000000000]';

/**
 * Appends a revision holding a signature dictionary (`sigDict` without /ByteRange and /Contents) and whatever
 * else is given, then fills /ByteRange and /Contents with `sign(digest)` over the result, as a signer would.
 */
export async function appendSignedRevision(
  pdf: Buffer,
  options: RevisionOptions & {
    sigNum: number;
    sigDict: string;
    capacity?: number;
    /** The key whose hex string the /ByteRange leaves out (an attack may point it at another key). */
    gapKey?: string;
    sign: (sha256: Buffer) => Promise<Uint8Array>;
  },
): Promise<Buffer> {
  const capacity = options.capacity ?? 12 * 1024;
  const gapKey = options.gapKey ?? 'Contents';
  const sigBody = `<< ${options.sigDict} ${BYTE_RANGE_PLACEHOLDER} /${gapKey} <${'0'.repeat(capacity * 2)}> >>`;
  const out = appendRevision(pdf, { ...options, objects: { ...options.objects, [options.sigNum]: sigBody } });
  const sigStart = out.indexOf(`${options.sigNum} 0 obj`, pdf.length, 'latin1');
  const contentsAt = out.indexOf(`/${gapKey} <`, sigStart, 'latin1') + `/${gapKey} `.length;
  const contentsEnd = contentsAt + 2 + capacity * 2;
  const byteRange = [0, contentsAt, contentsEnd, out.length - contentsEnd];
  const rangeAt = out.indexOf(BYTE_RANGE_PLACEHOLDER, sigStart, 'latin1');
  out.write(`/ByteRange [${byteRange.join(' ')}]`.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' '), rangeAt, 'latin1');
  const digest = createHash('sha256').update(out.subarray(0, contentsAt)).update(out.subarray(contentsEnd)).digest();
  const container = Buffer.from(await options.sign(digest));
  if (container.length > capacity) throw new Error('signature container too large for the placeholder');
  out.write(container.toString('hex').toUpperCase(), contentsAt + 1, 'latin1');
  return out;
}
