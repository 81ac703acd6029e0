import { createHash } from 'node:crypto';
import { PdfDict, PdfName, PdfRef, PdfString, asArray, asDict, type PdfValue } from './pdf-objects.js';
import type { PdfReader } from './pdf-reader.js';
import { serializeValue } from './pdf-serializer.js';
import { appendIncrementalUpdate, type UpdateObject } from './incremental-writer.js';
import { countPages, findFirstPage } from './page-tree.js';
import { findCertification } from './signature-fields.js';
import { updateCatalogEntry } from './update-catalog-entry.js';
import type { GrowableBuffer } from './growable-buffer.js';
import { PdfError } from './pdf-error.js';

export interface SignaturePlaceholder {
  byteRange: [number, number, number, number];
  /** Offset of the first hex digit inside /Contents < ... >. */
  contentsOffset: number;
  /** Capacity in bytes of the signature container. */
  capacity: number;
  fieldName: string;
}

export type SignatureKind =
  | { kind: 'signature'; subFilter: string; signingTime: Date; name?: string; reason?: string; location?: string }
  | { kind: 'doc-timestamp' };

const BYTE_RANGE_PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';

function pdfDate(date: Date): string {
  const iso = date.toISOString(); // 2026-11-27T07:21:30.123Z
  const day = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}`;
  const time = `${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
  return `D:${day}${time}Z`;
}

/** Refuses documents whose author certified them with "no changes allowed" (DocMDP P=1, §12.8.2.2). */
export function assertChangesPermitted(reader: PdfReader): void {
  if (findCertification(reader)?.permissions === 1) {
    throw new PdfError({
      code: 'pdf_certified_no_changes',
      message: 'the document is certified with "no changes allowed": adding a signature would break the certification',
    });
  }
}

/** Refuses what cannot be signed without damage: encryption, "no changes" certification, broken page trees. */
export function assertSignable(reader: PdfReader): void {
  if (reader.isEncrypted) {
    throw new PdfError({
      code: 'pdf_encrypted',
      message: 'the document is encrypted: remove the password protection before signing',
    });
  }
  assertChangesPermitted(reader);
  countPages(reader);
}

function signatureDictionary(kind: SignatureKind, capacity: number): string {
  const entries =
    kind.kind === 'signature'
      ? [
          '/Type /Sig /Filter /Adobe.PPKLite',
          `/SubFilter /${kind.subFilter}`,
          `/M ${serializeValue(PdfString.latin1(pdfDate(kind.signingTime)))}`,
          kind.name ? `/Name ${serializeValue(PdfString.text(kind.name))}` : '',
          kind.reason ? `/Reason ${serializeValue(PdfString.text(kind.reason))}` : '',
          kind.location ? `/Location ${serializeValue(PdfString.text(kind.location))}` : '',
        ]
      : ['/Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161'];
  const contents = '0'.repeat(capacity * 2);
  return `<<${entries.filter(Boolean).join(' ')} /ByteRange ${BYTE_RANGE_PLACEHOLDER} /Contents <${contents}>>>`;
}

/** The names of the form's existing top-level fields, so a new field gets a unique name. */
function existingFieldNames(reader: PdfReader, fields: PdfValue[]): Set<string> {
  const names = new Set<string>();
  for (const field of fields.slice(0, 10_000)) {
    const title = asDict(reader.resolve(field))?.get('T');
    if (title instanceof PdfString) names.add(title.toText());
  }
  return names;
}

/**
 * Appends an incremental update holding an invisible signature field whose value is a signature dictionary with
 * room for `capacity` bytes of signature container, and returns where to put it. Reads only the catalog, the form
 * and the first page.
 */
export function appendSignaturePlaceholder(options: {
  file: GrowableBuffer;
  reader: PdfReader;
  signature: SignatureKind;
  capacity: number;
  /** Check the document may be signed (encryption, certification, page tree); skip only for our own updates. */
  validate?: boolean;
}): SignaturePlaceholder {
  const { file, reader, signature, capacity } = options;
  if (options.validate !== false) assertSignable(reader);
  const rootRef = reader.trailer.get('Root') as PdfRef;
  const catalog = reader.catalog().clone();
  const objects: UpdateObject[] = [];
  let next = reader.size;
  const sigRef = new PdfRef(next++, 0);
  const fieldRef = new PdfRef(next++, 0);

  // The form: /Fields gains the new field, /SigFlags says signatures exist and the file is append-only.
  const acroFormValue = catalog.get('AcroForm');
  const acroForm = (asDict(reader.resolve(acroFormValue)) ?? new PdfDict()).clone();
  const fieldsValue = acroForm.get('Fields');
  const fields = [...(asArray(reader.resolve(fieldsValue)) ?? [])];
  const names = existingFieldNames(reader, fields);
  const base = signature.kind === 'signature' ? 'Seal' : 'DocTimeStamp';
  let fieldName = `${base}${sigRef.num}`;
  for (let i = 2; names.has(fieldName); i += 1) fieldName = `${base}${sigRef.num}_${i}`;
  fields.push(fieldRef);
  if (fieldsValue instanceof PdfRef) objects.push({ ref: fieldsValue, value: fields });
  else acroForm.set('Fields', fields);
  acroForm.set('SigFlags', 3);
  updateCatalogEntry({
    objects,
    rootRef,
    catalog,
    key: 'AcroForm',
    value: acroForm,
    newRef: () => new PdfRef(next++, 0),
  });

  // The widget sits on the first page with a zero rectangle: an invisible signature (§12.7.5.5).
  const { ref: pageRef, page } = findFirstPage(reader);
  const annotsValue = page.get('Annots');
  const annots = [...(asArray(reader.resolve(annotsValue)) ?? []), fieldRef];
  if (annotsValue instanceof PdfRef) objects.push({ ref: annotsValue, value: annots });
  else objects.push({ ref: pageRef, value: page.clone().set('Annots', annots) });

  const widget = new PdfDict([
    ['Type', PdfName.of('Annot')],
    ['Subtype', PdfName.of('Widget')],
    ['FT', PdfName.of('Sig')],
    ['T', PdfString.text(fieldName)],
    ['V', sigRef],
    ['F', 132],
    ['Rect', [0, 0, 0, 0]],
    ['P', pageRef],
  ]);
  objects.unshift({ ref: fieldRef, value: widget });
  const sigBytes = Buffer.from(`${sigRef.num} 0 obj\n${signatureDictionary(signature, capacity)}\nendobj\n`, 'latin1');
  objects.unshift({ ref: sigRef, bytes: sigBytes });

  const update = appendIncrementalUpdate({ file, reader, objects });
  const span = update.objectSpans.get(sigRef.num)!;
  const view = file.view();
  const byteRangeAt = view.indexOf(`/ByteRange ${BYTE_RANGE_PLACEHOLDER}`, span.start, 'latin1') + '/ByteRange '.length;
  const contentsStart = view.indexOf('/Contents <', span.start, 'latin1') + '/Contents '.length;
  const contentsEnd = contentsStart + 2 + capacity * 2;
  const byteRange: [number, number, number, number] = [0, contentsStart, contentsEnd, file.length - contentsEnd];
  const text = `[0 ${byteRange[1]} ${byteRange[2]} ${byteRange[3]}]`;
  if (text.length > BYTE_RANGE_PLACEHOLDER.length) {
    throw new PdfError({ code: 'pdf_too_large', message: 'the file is too large to sign' });
  }
  view.write(text.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' '), byteRangeAt, 'latin1');
  return { byteRange, contentsOffset: contentsStart + 1, capacity, fieldName };
}

/** SHA-256 over the two signed ranges, hashed in place. */
export function digestByteRange(file: GrowableBuffer, placeholder: SignaturePlaceholder): Buffer {
  const [a, b, c, d] = placeholder.byteRange;
  const view = file.view();
  return createHash('sha256')
    .update(view.subarray(a, a + b))
    .update(view.subarray(c, c + d))
    .digest();
}

/** Writes the signature container into the reserved /Contents; fails cleanly when it does not fit. */
export function embedSignatureContainer(
  file: GrowableBuffer,
  placeholder: SignaturePlaceholder,
  container: Uint8Array,
): void {
  if (container.length > placeholder.capacity) {
    throw new PdfError({
      code: 'signature_too_large',
      message: `the signature needs ${container.length} bytes but ${placeholder.capacity} were reserved`,
      details: { neededBytes: container.length, reservedBytes: placeholder.capacity },
    });
  }
  file.view().write(Buffer.from(container).toString('hex').toUpperCase(), placeholder.contentsOffset, 'latin1');
}
