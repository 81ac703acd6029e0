import { createHash } from 'node:crypto';
import { PdfDict, PdfRef, PdfStream, asArray, asDict, type PdfValue } from './pdf-objects.js';
import type { PdfReader } from './pdf-reader.js';
import { appendIncrementalUpdate, type UpdateObject } from './incremental-writer.js';
import type { GrowableBuffer } from './growable-buffer.js';
import { decodeStream } from './stream-filters.js';
import { updateCatalogEntry } from './update-catalog-entry.js';

export interface ValidationMaterial {
  certificates: Uint8Array[];
  ocspResponses: Uint8Array[];
  crls: Uint8Array[];
}

export interface DssEntry {
  /** Upper-case hex SHA-1 of the signature's /Contents bytes: the VRI key (ETSI EN 319 142-1 §5.4.2). */
  vriKey: string;
  material: ValidationMaterial;
}

const fingerprint = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Appends (or extends) the Document Security Store (§12.8.4.3): certificates, OCSP responses and CRLs as streams,
 * listed in /Certs, /OCSPs, /CRLs and per signature in /VRI. Material already in the DSS is not written again.
 */
export function appendDocumentSecurityStore(options: {
  file: GrowableBuffer;
  reader: PdfReader;
  entries: DssEntry[];
}): void {
  const { file, reader, entries } = options;
  const rootRef = reader.trailer.get('Root') as PdfRef;
  const catalog = reader.catalog().clone();
  const dssValue = catalog.get('DSS');
  const dss = (asDict(reader.resolve(dssValue)) ?? new PdfDict()).clone();
  const objects: UpdateObject[] = [];
  let next = reader.size;

  const lists: Record<'Certs' | 'OCSPs' | 'CRLs', PdfValue[]> = {
    Certs: [...(asArray(reader.resolve(dss.get('Certs'))) ?? [])],
    OCSPs: [...(asArray(reader.resolve(dss.get('OCSPs'))) ?? [])],
    CRLs: [...(asArray(reader.resolve(dss.get('CRLs'))) ?? [])],
  };
  const known = new Map<string, PdfRef>();
  for (const list of Object.values(lists)) {
    for (const item of list) {
      if (!(item instanceof PdfRef)) continue;
      const stream = reader.lookup(item);
      if (stream instanceof PdfStream) {
        try {
          known.set(fingerprint(decodeStream(stream, 16 * 1024 * 1024)), item);
        } catch {
          // unreadable existing entries are kept as they are and simply not reused
        }
      }
    }
  }
  const refFor = (bytes: Uint8Array, list: PdfValue[]): PdfRef => {
    const key = fingerprint(bytes);
    let ref = known.get(key);
    if (!ref) {
      ref = new PdfRef(next++, 0);
      known.set(key, ref);
      objects.push({ ref, value: new PdfStream(new PdfDict(), bytes) });
      list.push(ref);
    }
    return ref;
  };

  const vri = (asDict(reader.resolve(dss.get('VRI'))) ?? new PdfDict()).clone();
  for (const entry of entries) {
    const certs = entry.material.certificates.map((c) => refFor(c, lists.Certs));
    const ocsps = entry.material.ocspResponses.map((o) => refFor(o, lists.OCSPs));
    const crls = entry.material.crls.map((c) => refFor(c, lists.CRLs));
    const record = new PdfDict();
    if (certs.length) record.set('Cert', certs);
    if (ocsps.length) record.set('OCSP', ocsps);
    if (crls.length) record.set('CRL', crls);
    vri.set(entry.vriKey, record);
  }
  // Lists and the VRI that were objects of their own stay so (redefined in place): an update never orphans objects.
  const place = (key: string, value: PdfValue) => {
    const existing = dss.get(key);
    if (existing instanceof PdfRef) objects.push({ ref: existing, value });
    else dss.set(key, value);
  };
  for (const [key, list] of Object.entries(lists)) if (list.length) place(key, list);
  if (vri.keys().length) place('VRI', vri);

  updateCatalogEntry({ objects, rootRef, catalog, key: 'DSS', value: dss, newRef: () => new PdfRef(next++, 0) });
  appendIncrementalUpdate({ file, reader, objects });
}
