import { PdfDict, PdfRef, PdfStream, PdfString, asArray, asDict, asNumber, isName, type PdfValue } from './pdf-objects.js';
import type { PdfReader } from './pdf-reader.js';
import { decodeStream } from './stream-filters.js';

export interface SignatureEntry {
  fieldName: string;
  /** `/Type` of the value dictionary: `Sig` for a signature, `DocTimeStamp` for a document timestamp. */
  type: string;
  subFilter: string;
  byteRange: number[];
  /** The signature container exactly as stored in /Contents (trailing zero padding included). */
  contents: Uint8Array;
  signingTime?: string;
  name?: string;
  reason?: string;
  location?: string;
}

const MAX_FIELDS = 10_000;

function text(value: PdfValue | undefined): string | undefined {
  return value instanceof PdfString ? value.toText() : undefined;
}

/** Every filled signature field of the form, in the order the form lists them (§12.7.5.5). */
export function findSignatureFields(reader: PdfReader): SignatureEntry[] {
  const acroForm = asDict(reader.resolve(reader.catalog().get('AcroForm')));
  const roots = asArray(reader.resolve(acroForm?.get('Fields'))) ?? [];
  const found: SignatureEntry[] = [];
  const seen = new Set<number>();
  const stack: { value: PdfValue; prefix: string; inheritedFt?: string }[] = roots.map((value) => ({ value, prefix: '' })).reverse();
  let visited = 0;
  while (stack.length && visited < MAX_FIELDS) {
    visited += 1;
    const { value, prefix, inheritedFt } = stack.pop()!;
    if (value instanceof PdfRef) {
      if (seen.has(value.num)) continue;
      seen.add(value.num);
    }
    const field = asDict(reader.resolve(value));
    if (!field) continue;
    const partial = text(field.get('T'));
    const name = partial === undefined ? prefix : prefix ? `${prefix}.${partial}` : partial;
    const ft = field.get('FT');
    const fieldType = isName(ft) ? ft.name : inheritedFt;
    const kids = asArray(reader.resolve(field.get('Kids')));
    if (kids) {
      for (const kid of [...kids].reverse()) stack.push({ value: kid, prefix: name, inheritedFt: fieldType });
    }
    if (fieldType !== 'Sig') continue;
    const sig = asDict(reader.resolve(field.get('V')));
    if (!sig) continue;
    const contents = sig.get('Contents');
    const byteRange = (asArray(reader.resolve(sig.get('ByteRange'))) ?? []).map((n) => asNumber(reader.resolve(n)) ?? NaN);
    const type = sig.get('Type');
    const subFilter = sig.get('SubFilter');
    found.push({
      fieldName: name,
      type: isName(type) ? type.name : isName(subFilter, 'ETSI.RFC3161') ? 'DocTimeStamp' : 'Sig',
      subFilter: isName(subFilter) ? subFilter.name : '',
      byteRange,
      contents: contents instanceof PdfString ? contents.bytes : new Uint8Array(),
      signingTime: text(sig.get('M')),
      name: text(sig.get('Name')),
      reason: text(sig.get('Reason')),
      location: text(sig.get('Location')),
    });
  }
  return found;
}

export interface DocumentSecurityStore {
  certificates: Uint8Array[];
  ocspResponses: Uint8Array[];
  crls: Uint8Array[];
}

/** The DSS's certificates and revocation data, decoded (§12.8.4.3). Missing DSS gives empty lists. */
export function readDocumentSecurityStore(reader: PdfReader): DocumentSecurityStore {
  const dss = asDict(reader.resolve(reader.catalog().get('DSS')));
  const read = (key: string): Uint8Array[] => {
    const out: Uint8Array[] = [];
    for (const item of asArray(reader.resolve(dss?.get(key))) ?? []) {
      const stream = reader.resolve(item);
      if (stream instanceof PdfStream) {
        try {
          out.push(decodeStream(stream, 16 * 1024 * 1024));
        } catch {
          // an undecodable entry contributes nothing
        }
      }
    }
    return out;
  };
  return { certificates: read('Certs'), ocspResponses: read('OCSPs'), crls: read('CRLs') };
}

export function isDictOfType(value: PdfValue | undefined, type: string): value is PdfDict {
  const dict = asDict(value);
  return dict !== undefined && isName(dict.get('Type'), type);
}
