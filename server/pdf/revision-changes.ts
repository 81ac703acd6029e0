import { PdfDict, PdfRef, PdfStream, asArray, asDict, asNumber, isName, type PdfValue } from './pdf-objects.js';
import { PdfReader } from './pdf-reader.js';
import { serializeValue } from './pdf-serializer.js';

export type ChangeKind = 'none' | 'lta-updates' | 'other';

export interface RevisionChanges {
  kind: ChangeKind;
  /** Human-readable reasons when `kind` is `other`, and what was added otherwise. */
  details: string[];
}

/** Keys of the catalog that long-term-validation updates may add or change (DSS, the form's signature fields). */
const CATALOG_KEYS_LTA_MAY_CHANGE = new Set(['DSS', 'AcroForm', 'Extensions', 'Perms']);
const FORM_KEYS_LTA_MAY_CHANGE = new Set(['Fields', 'SigFlags', 'DR', 'DA', 'NeedAppearances']);
const DSS_KEYS = new Set(['Type', 'Certs', 'OCSPs', 'CRLs', 'VRI']);

function same(a: PdfValue | undefined, b: PdfValue | undefined): boolean {
  if (a instanceof PdfStream || b instanceof PdfStream) {
    if (!(a instanceof PdfStream && b instanceof PdfStream)) return false;
    return same(a.dict, b.dict) && Buffer.compare(Buffer.from(a.raw), Buffer.from(b.raw)) === 0;
  }
  if (a === undefined || b === undefined) return a === b;
  return serializeValue(a) === serializeValue(b);
}

function sameExcept(before: PdfDict, after: PdfDict, allowed: Set<string>): string[] {
  const changed: string[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    if (allowed.has(key)) continue;
    if (!same(before.get(key), after.get(key))) changed.push(key);
  }
  return changed;
}

/**
 * Says what the revisions after byte `signedLength` change, compared with the revision that ends there:
 * nothing, only what long-term validation adds (DSS, signature fields with timestamps or signatures, invisible
 * widgets), or anything else (content, annotations, form values...).
 */
export function describeChangesAfter(options: { bytes: Buffer; signedLength: number; full?: PdfReader }): RevisionChanges {
  const { bytes, signedLength } = options;
  if (signedLength >= bytes.length) return { kind: 'none', details: [] };
  const tail = bytes.subarray(signedLength);
  if (/^[\s\0]*$/.test(tail.toString('latin1', 0, Math.min(tail.length, 4096))) && tail.length <= 4096) return { kind: 'none', details: [] };
  let full: PdfReader;
  let before: PdfReader;
  try {
    full = options.full ?? PdfReader.open(bytes);
    before = PdfReader.open(bytes.subarray(0, signedLength));
  } catch {
    return { kind: 'other', details: ['the bytes after the signed revision are not a readable incremental update'] };
  }
  const later = full.sections.filter((section) => section.offset >= signedLength);
  const chained = full.sections.some((section) => section.offset === before.sections[0].offset);
  if (later.length === 0 || !chained) {
    return { kind: 'other', details: ['bytes were added after the signed revision that are not an incremental update of it'] };
  }
  const problems: string[] = [];
  const additions: string[] = [];
  const beforeRoot = before.trailer.get('Root');
  const afterRoot = full.trailer.get('Root');
  if (!(beforeRoot instanceof PdfRef) || !(afterRoot instanceof PdfRef) || beforeRoot.num !== afterRoot.num) {
    problems.push('the document catalog was replaced');
  }
  const changed = new Set<number>();
  const containers = new Set<number>();
  for (const section of later) {
    if (section.streamRef) containers.add(section.streamRef.num);
    for (const [num, entry] of section.entries) {
      if (entry.type === 'compressed') containers.add(entry.stream);
      changed.add(num);
    }
  }
  const formRefNum = (reader: PdfReader) => {
    const value = reader.catalog().get('AcroForm');
    return value instanceof PdfRef ? value.num : undefined;
  };
  const oldForm = asDict(before.resolve(before.catalog().get('AcroForm')));
  const isSignatureWidget = (value: PdfValue | undefined): boolean => {
    const dict = asDict(full.resolve(value));
    if (!dict) return false;
    const ft = dict.get('FT') ?? asDict(full.resolve(dict.get('Parent')))?.get('FT');
    if (!isName(ft, 'Sig')) return false;
    const rect = (asArray(full.resolve(dict.get('Rect'))) ?? []).map((n) => asNumber(full.resolve(n)) ?? 0);
    const invisible = rect.length === 4 && (rect[0] === rect[2] || rect[1] === rect[3]);
    const hidden = ((asNumber(dict.get('F')) ?? 0) & (2 | 32)) !== 0;
    return invisible || hidden;
  };
  const checkAppended = (label: string, oldList: PdfValue[] | undefined, newList: PdfValue[] | undefined) => {
    const old = oldList ?? [];
    const now = newList ?? [];
    if (now.length < old.length || old.some((item, i) => !same(item, now[i]))) {
      problems.push(`${label}: existing entries were removed or replaced`);
      return;
    }
    for (const added of now.slice(old.length)) {
      if (isSignatureWidget(added)) additions.push(`${label}: signature field added`);
      else problems.push(`${label}: an entry that is not an invisible signature field was added`);
    }
  };

  for (const num of changed) {
    if (containers.has(num)) continue;
    const entry = full.entry(num);
    const oldEntry = before.entry(num);
    const existed = oldEntry !== undefined && oldEntry.type !== 'free';
    if (!entry || entry.type === 'free') {
      if (existed) problems.push(`object ${num} was deleted`);
      continue;
    }
    const ref = new PdfRef(num, 0);
    let now: PdfValue;
    try {
      now = full.lookup(ref);
    } catch {
      problems.push(`object ${num} in a later revision cannot be read`);
      continue;
    }
    if (!existed) {
      if (isName(asDict(now)?.get('Type'), 'ObjStm')) continue;
      continue; // new objects matter only through the existing objects that point to them, checked below
    }
    let old: PdfValue;
    try {
      old = before.lookup(ref);
    } catch {
      problems.push(`object ${num} of the signed revision cannot be read`);
      continue;
    }
    if (same(old, now)) continue;
    const oldDict = old instanceof PdfDict ? old : undefined;
    const newDict = now instanceof PdfDict ? now : undefined;
    if (afterRoot instanceof PdfRef && num === afterRoot.num && oldDict && newDict) {
      const keys = sameExcept(oldDict, newDict, CATALOG_KEYS_LTA_MAY_CHANGE);
      if (keys.length) problems.push(`the catalog changed (${keys.join(', ')})`);
      if (!same(oldDict.get('Perms'), newDict.get('Perms'))) problems.push('the catalog permissions changed');
      if (!(newDict.get('AcroForm') instanceof PdfRef) || !(oldDict.get('AcroForm') instanceof PdfRef)) {
        const newForm = asDict(full.resolve(newDict.get('AcroForm')));
        if (!same(oldDict.get('AcroForm'), newDict.get('AcroForm')) && newForm) {
          const formKeys = sameExcept(oldForm ?? new PdfDict(), newForm, FORM_KEYS_LTA_MAY_CHANGE);
          if (formKeys.length) problems.push(`the form changed (${formKeys.join(', ')})`);
          checkAppended('form fields', asArray(before.resolve(oldForm?.get('Fields'))), asArray(full.resolve(newForm.get('Fields'))));
        }
      }
      if (!same(oldDict.get('DSS'), newDict.get('DSS'))) additions.push('document security store');
      continue;
    }
    if (num === formRefNum(before) && oldDict && newDict) {
      const formKeys = sameExcept(oldDict, newDict, FORM_KEYS_LTA_MAY_CHANGE);
      if (formKeys.length) problems.push(`the form changed (${formKeys.join(', ')})`);
      checkAppended('form fields', asArray(before.resolve(oldDict.get('Fields'))), asArray(full.resolve(newDict.get('Fields'))));
      continue;
    }
    if (oldDict && newDict && isName(oldDict.get('Type'), 'Page')) {
      const keys = sameExcept(oldDict, newDict, new Set(['Annots']));
      if (keys.length) problems.push(`a page changed (${keys.join(', ')})`);
      checkAppended('page annotations', asArray(before.resolve(oldDict.get('Annots'))), asArray(full.resolve(newDict.get('Annots'))));
      continue;
    }
    if (oldDict && newDict && oldDict.keys().every((k) => DSS_KEYS.has(k)) && newDict.keys().every((k) => DSS_KEYS.has(k)) && (oldDict.has('Certs') || oldDict.has('OCSPs') || oldDict.has('CRLs') || oldDict.has('VRI'))) {
      additions.push('document security store');
      continue;
    }
    if (Array.isArray(old) && Array.isArray(now)) {
      checkAppended(`array object ${num}`, old, now);
      continue;
    }
    problems.push(`object ${num} was changed`);
  }
  if (problems.length) return { kind: 'other', details: problems };
  return { kind: 'lta-updates', details: [...new Set(additions)] };
}
