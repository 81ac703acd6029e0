import { createHash } from 'node:crypto';
import {
  PdfDict,
  PdfRef,
  PdfStream,
  PdfString,
  asArray,
  asDict,
  asNumber,
  isName,
  type PdfValue,
} from './pdf-objects.js';
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
  /** The signature dictionary's object, when it is one (it should be: /Contents must sit at a fixed place). */
  valueRef?: PdfRef;
  /** How many fields name this same signature value (more than one is suspicious, never counted twice). */
  fieldCount: number;
  signingTime?: string;
  name?: string;
  reason?: string;
  location?: string;
}

export interface SignatureFields {
  entries: SignatureEntry[];
  /** Field nodes visited; the walk stops at `maxFields`. */
  fieldsVisited: number;
  truncated: boolean;
}

function text(value: PdfValue | undefined): string | undefined {
  return value instanceof PdfString ? value.toText() : undefined;
}

/**
 * Every filled signature field of the form, in the order the form lists them (§12.7.5.5). Fields that name the
 * same signature value (the same object, or the same /ByteRange and /Contents) give one entry: a file cannot make
 * one signature count, or cost, thousands of times. The walk visits at most `maxFields` field nodes.
 */
export function findSignatureFields(reader: PdfReader, options: { maxFields?: number } = {}): SignatureFields {
  const maxFields = options.maxFields ?? 10_000;
  const acroForm = asDict(reader.resolve(reader.catalog().get('AcroForm')));
  const roots = asArray(reader.resolve(acroForm?.get('Fields'))) ?? [];
  const found: SignatureEntry[] = [];
  const byValue = new Map<string, SignatureEntry>();
  const seen = new Set<number>();
  const stack: { value: PdfValue; prefix: string; inheritedFt?: string; depth: number }[] = roots
    .map((value) => ({ value, prefix: '', depth: 0 }))
    .reverse();
  let visited = 0;
  while (stack.length && visited < maxFields) {
    visited += 1;
    const { value, prefix, inheritedFt, depth } = stack.pop()!;
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
    if (kids && depth < 32) {
      for (const kid of [...kids].reverse())
        stack.push({ value: kid, prefix: name, inheritedFt: fieldType, depth: depth + 1 });
    }
    if (fieldType !== 'Sig') continue;
    const valueRef = field.get('V');
    const resolved = reader.resolve(valueRef);
    // An unsigned field has no value; a value that is not a signature dictionary is a broken signature, not none.
    if (valueRef === undefined || valueRef === null || (resolved === null && !(valueRef instanceof PdfRef))) continue;
    const sig = asDict(resolved) ?? new PdfDict();
    const contents = sig.get('Contents');
    const byteRange = (asArray(reader.resolve(sig.get('ByteRange'))) ?? [])
      .slice(0, 8)
      .map((n) => asNumber(reader.resolve(n)) ?? NaN);
    const contentBytes = contents instanceof PdfString ? contents.bytes : new Uint8Array();
    const key =
      valueRef instanceof PdfRef
        ? `ref:${valueRef.num}`
        : `value:${byteRange.join(',')}:${createHash('sha256').update(contentBytes).digest('hex')}`;
    const known = byValue.get(key);
    if (known) {
      known.fieldCount += 1;
      continue;
    }
    const type = sig.get('Type');
    const subFilter = sig.get('SubFilter');
    const entry: SignatureEntry = {
      fieldName: name,
      type: isName(type) ? type.name : isName(subFilter, 'ETSI.RFC3161') ? 'DocTimeStamp' : 'Sig',
      subFilter: isName(subFilter) ? subFilter.name : '',
      byteRange,
      contents: contentBytes,
      valueRef: valueRef instanceof PdfRef ? valueRef : undefined,
      fieldCount: 1,
      signingTime: text(sig.get('M')),
      name: text(sig.get('Name')),
      reason: text(sig.get('Reason')),
      location: text(sig.get('Location')),
    };
    byValue.set(key, entry);
    found.push(entry);
  }
  return { entries: found, fieldsVisited: visited, truncated: stack.length > 0 };
}

/** Whether the document already carries a signature or document timestamp (a filled signature field). */
export function hasSignatures(reader: PdfReader): boolean {
  try {
    return findSignatureFields(reader, { maxFields: 2_000 }).entries.length > 0;
  } catch {
    return false;
  }
}

export interface Certification {
  /** The certification signature's dictionary. */
  valueRef?: PdfRef;
  /** DocMDP permissions (§12.8.2.2): 1 no changes, 2 form filling and signing (the default), 3 also annotations. */
  permissions: 1 | 2 | 3;
}

/**
 * The document's certification, if any: the signature the catalog's /Perms /DocMDP names, when its own /Reference
 * carries the DocMDP transform (§12.8.2.2). A /Perms entry that names a signature made without that transform
 * certifies nothing: an original can point /Perms at the object number a later signer's dictionary will get.
 */
export function findCertification(reader: PdfReader): Certification | undefined {
  const perms = asDict(reader.resolve(reader.catalog().get('Perms')));
  const valueRef = perms?.get('DocMDP');
  const sig = asDict(reader.resolve(valueRef));
  if (!sig) return undefined;
  for (const reference of asArray(reader.resolve(sig.get('Reference'))) ?? []) {
    const dict = asDict(reader.resolve(reference));
    if (!isName(dict?.get('TransformMethod'), 'DocMDP')) continue;
    const p = asNumber(reader.resolve(asDict(reader.resolve(dict?.get('TransformParams')))?.get('P')));
    const permissions = p === 1 || p === 3 ? p : 2;
    return { valueRef: valueRef instanceof PdfRef ? valueRef : undefined, permissions };
  }
  return undefined;
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
