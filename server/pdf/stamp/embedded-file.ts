import { deflateSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, asArray, asDict, type PdfValue } from '../pdf-objects.js';
import type { PdfReader } from '../pdf-reader.js';
import { decodeStream } from '../stream-filters.js';

/** The PDF/A part the catalog's XMP metadata declares (pdfaid:part), if any. */
export function declaredPdfaPart(reader: PdfReader): number | undefined {
  const metadata = reader.resolve(reader.catalog().get('Metadata'));
  if (!(metadata instanceof PdfStream)) return undefined;
  let xmp: string;
  try {
    xmp = decodeStream(metadata, 16 * 1024 * 1024).toString('utf8');
  } catch {
    return undefined;
  }
  const match = /pdfaid:part\s*=\s*["'](\d+)["']/.exec(xmp) ?? /<pdfaid:part>\s*(\d+)\s*<\/pdfaid:part>/.exec(xmp);
  return match ? Number(match[1]) : undefined;
}

function pdfDate(date: Date): string {
  const iso = date.toISOString();
  const day = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}`;
  const time = `${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
  return `D:${day}${time}Z`;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * Adds a file attachment: an embedded file stream, a file specification (with /AF relationship Supplement) and an
 * entry in the catalog's EmbeddedFiles name tree (kept sorted; a tree with /Kids gets a new last leaf whose key sorts
 * after every existing one). Returns the objects to write and the updated catalog (a clone).
 */
export function addAttachment(options: {
  reader: PdfReader;
  catalog: PdfDict;
  attachment: { name: string; bytes: Uint8Array; mimeType: string };
  allocate: () => PdfRef;
  now: Date;
}): { objects: { ref: PdfRef; value: PdfValue }[]; catalog: PdfDict } {
  const { reader, attachment, allocate } = options;
  const catalog = options.catalog;
  const objects: { ref: PdfRef; value: PdfValue }[] = [];
  const fileRef = allocate();
  const specRef = allocate();
  objects.push({
    ref: fileRef,
    value: new PdfStream(
      new PdfDict([
        ['Type', PdfName.of('EmbeddedFile')],
        ['Subtype', PdfName.of(attachment.mimeType.replace(/[^!-~]/g, '_'))],
        ['Filter', PdfName.of('FlateDecode')],
        [
          'Params',
          new PdfDict([
            ['Size', attachment.bytes.length],
            ['ModDate', PdfString.latin1(pdfDate(options.now))],
            ['CheckSum', new PdfString(createHash('md5').update(attachment.bytes).digest(), true)],
          ]),
        ],
      ]),
      deflateSync(attachment.bytes),
    ),
  });
  const ascii = /^[\x20-\x7e]*$/.test(attachment.name)
    ? attachment.name
    : attachment.name.replace(/[^\x20-\x7e]/g, '_');
  objects.push({
    ref: specRef,
    value: new PdfDict([
      ['Type', PdfName.of('Filespec')],
      ['F', PdfString.latin1(ascii)],
      ['UF', PdfString.text(attachment.name)],
      ['Desc', PdfString.text(attachment.name)],
      ['AFRelationship', PdfName.of('Supplement')],
      [
        'EF',
        new PdfDict([
          ['F', fileRef],
          ['UF', fileRef],
        ]),
      ],
    ]),
  });

  const namesValue = catalog.get('Names');
  const names = (asDict(reader.resolve(namesValue)) ?? new PdfDict()).clone();
  const treeValue = names.get('EmbeddedFiles');
  const tree = (asDict(reader.resolve(treeValue)) ?? new PdfDict()).clone();
  let key = PdfString.text(attachment.name);
  const kids = asArray(reader.resolve(tree.get('Kids')));
  if (kids?.length) {
    // Keys must sort: take one after the last leaf's upper limit when ours would not.
    const lastKid = asDict(reader.resolve(kids[kids.length - 1]));
    const limits = asArray(reader.resolve(lastKid?.get('Limits')));
    const upper = limits?.[1];
    if (upper instanceof PdfString && compareBytes(key.bytes, upper.bytes) <= 0) {
      key = new PdfString(
        Buffer.concat([
          Buffer.from(upper.bytes),
          Buffer.from(` ${attachment.name.replace(/[^\x20-\x7e]/g, '_')}`, 'latin1'),
        ]),
      );
    }
    const leafRef = allocate();
    objects.push({
      ref: leafRef,
      value: new PdfDict([
        ['Names', [key, specRef]],
        ['Limits', [key, key]],
      ]),
    });
    tree.set('Kids', [...kids, leafRef]);
  } else {
    const pairs = [...(asArray(reader.resolve(tree.get('Names'))) ?? [])];
    const entries: [PdfString, PdfValue][] = [];
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const k = reader.resolve(pairs[i]);
      if (k instanceof PdfString) entries.push([k, pairs[i + 1]]);
    }
    let unique = key;
    for (let n = 2; entries.some(([k]) => compareBytes(k.bytes, unique.bytes) === 0); n += 1)
      unique = PdfString.text(`${attachment.name} (${n})`);
    key = unique;
    entries.push([key, specRef]);
    entries.sort((a, b) => compareBytes(a[0].bytes, b[0].bytes));
    tree.set('Names', entries.flat());
    tree.delete('Limits');
  }
  if (treeValue instanceof PdfRef) objects.push({ ref: treeValue, value: tree });
  else names.set('EmbeddedFiles', tree);
  if (namesValue instanceof PdfRef) objects.push({ ref: namesValue, value: names });
  else catalog.set('Names', names);

  const af = asArray(reader.resolve(catalog.get('AF')));
  catalog.set('AF', [...(af ?? []), specRef]);
  return { objects, catalog };
}
