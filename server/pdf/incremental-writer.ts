import { PdfDict, PdfName, type PdfRef, type PdfValue } from './pdf-objects.js';
import type { PdfReader } from './pdf-reader.js';
import { serializeIndirectObject, serializeValue } from './pdf-serializer.js';
import type { GrowableBuffer } from './growable-buffer.js';
import { PdfError } from './pdf-error.js';

export type UpdateObject = { ref: PdfRef; value: PdfValue } | { ref: PdfRef; bytes: Buffer };

export interface AppendedUpdate {
  /** Where each written object starts and ends in the file. */
  objectSpans: Map<number, { start: number; end: number }>;
  startxref: number;
}

/** Trailer keys an update carries over from the previous trailer (§7.5.6); the rest describe the old section. */
const CARRIED_TRAILER_KEYS = ['Root', 'Info', 'ID', 'Encrypt'];

/**
 * Appends one incremental update (§7.5.6): the given objects, then a cross-reference section of the same kind as
 * the previous one (a stream after a stream, a table after a table) and a trailer pointing back with /Prev.
 * Earlier bytes are never touched.
 */
export function appendIncrementalUpdate(options: {
  file: GrowableBuffer;
  reader: PdfReader;
  objects: UpdateObject[];
}): AppendedUpdate {
  const { file, reader, objects } = options;
  const spans = new Map<number, { start: number; end: number }>();
  const last = file.view();
  if (last[last.length - 1] !== 0x0a && last[last.length - 1] !== 0x0d) file.append(Buffer.from('\n', 'latin1'));
  for (const object of objects) {
    const bytes = 'bytes' in object ? object.bytes : serializeIndirectObject(object.ref, object.value);
    const start = file.append(bytes);
    spans.set(object.ref.num, { start, end: start + bytes.length });
  }
  const trailer = new PdfDict();
  for (const key of CARRIED_TRAILER_KEYS) {
    const value = reader.trailer.get(key);
    if (value !== undefined) trailer.set(key, value);
  }
  if (reader.repairs.length) {
    throw new PdfError({
      code: 'pdf_damaged',
      message: `the file is damaged (${reader.repairs[0]}); repair it (for example with qpdf) before signing`,
    });
  }
  const base = reader.offsetBase;
  trailer.set('Prev', reader.sections[0].offset - base);
  let size = reader.size;
  for (const object of objects) size = Math.max(size, object.ref.num + 1);
  const entries = [...spans.entries()].map(([num, span]) => ({
    num,
    gen: objects.find((o) => o.ref.num === num)!.ref.gen,
    offset: span.start - base,
  }));

  let startxref: number;
  if (reader.isXrefStream) {
    const streamNum = size;
    size += 1;
    startxref = file.length - base;
    entries.push({ num: streamNum, gen: 0, offset: startxref });
    trailer.set('Size', size);
    file.append(buildXrefStream(streamNum, trailer, entries));
  } else {
    trailer.set('Size', size);
    startxref = file.length - base;
    file.append(buildXrefTable(trailer, entries));
  }
  file.append(Buffer.from(`startxref\n${startxref}\n%%EOF\n`, 'latin1'));
  return { objectSpans: spans, startxref };
}

interface XrefRow {
  num: number;
  gen: number;
  offset: number;
}

function subsections(rows: XrefRow[]): XrefRow[][] {
  const sorted = [...rows].sort((a, b) => a.num - b.num);
  const groups: XrefRow[][] = [];
  for (const row of sorted) {
    const group = groups[groups.length - 1];
    if (group && group[group.length - 1].num + 1 === row.num) group.push(row);
    else groups.push([row]);
  }
  return groups;
}

function buildXrefTable(trailer: PdfDict, rows: XrefRow[]): Buffer {
  let out = 'xref\n';
  for (const group of subsections(rows)) {
    out += `${group[0].num} ${group.length}\n`;
    for (const row of group) out += `${String(row.offset).padStart(10, '0')} ${String(row.gen).padStart(5, '0')} n\r\n`;
  }
  out += `trailer\n${serializeValue(trailer)}\n`;
  return Buffer.from(out, 'latin1');
}

function buildXrefStream(streamNum: number, trailer: PdfDict, rows: XrefRow[]): Buffer {
  const groups = subsections(rows);
  const data = Buffer.alloc(rows.length * 7);
  let pos = 0;
  const index: number[] = [];
  for (const group of groups) {
    index.push(group[0].num, group.length);
    for (const row of group) {
      data[pos] = 1;
      data.writeUInt32BE(row.offset, pos + 1);
      data.writeUInt16BE(row.gen, pos + 5);
      pos += 7;
    }
  }
  const dict = trailer.clone();
  dict.set('Type', PdfName.of('XRef'));
  dict.set('W', [1, 4, 2]);
  dict.set('Index', index);
  dict.set('Length', data.length);
  return Buffer.concat([
    Buffer.from(`${streamNum} 0 obj\n${serializeValue(dict)}\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream\nendobj\n', 'latin1'),
  ]);
}
