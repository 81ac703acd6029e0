import { PdfDict, PdfRef, PdfStream, asArray, asDict, asNumber, isName, type PdfValue } from './pdf-objects.js';
import { isWhitespace } from './pdf-parser.js';
import { PdfReader } from './pdf-reader.js';
import {
  ChangeCollector,
  type Change,
  type ChangeKind,
  type DocMdpLevel,
  type ModificationLevel,
} from './change-report.js';
import { TRAILER, referencesIn, walkObjectGraph, type ObjectGraph } from './object-graph.js';
import { indexPages, type PageIndex } from './page-index.js';
import { isBlank, readRevisionTail } from './revision-tail.js';
import { sameResolved, sameValue } from './value-equality.js';
import {
  ACTION_TYPES,
  CATALOG_KEY_NAMES,
  PAGE_KEY_NAMES,
  catalogNum,
  catalogValue,
  fieldName,
  fieldType,
  isAnnotation,
  isFontFile,
  isVisibleWidget,
  nameOf,
  refNum,
  safeLookup,
  safeResolve,
} from './pdf-roles.js';

export interface RevisionDiff {
  modifiedAfter: ModificationLevel;
  changes: Change[];
}

/** What the comparisons of one file share: the final revision, its object graph (built once, on demand). */
export interface FinalRevision {
  reader: PdfReader;
  graph: () => ObjectGraph;
  checkDeadline: () => void;
}

/** The final revision of a file, for comparing it with the revisions its signatures cover. */
export function openFinalRevision(
  bytes: Uint8Array,
  options: { maxObjects?: number; checkDeadline?: () => void } = {},
): FinalRevision {
  return finalRevisionOf(PdfReader.open(bytes), options);
}

export function finalRevisionOf(
  reader: PdfReader,
  options: { maxObjects?: number; checkDeadline?: () => void } = {},
): FinalRevision {
  const checkDeadline = options.checkDeadline ?? (() => {});
  let graph: ObjectGraph | undefined;
  return {
    reader,
    checkDeadline,
    graph: () => (graph ??= walkObjectGraph(reader, { maxObjects: options.maxObjects ?? 1_000_000, checkDeadline })),
  };
}

const DSS_KEYS = new Set(['Type', 'Certs', 'OCSPs', 'CRLs', 'VRI']);
/** What a VRI entry holds (ETSI EN 319 142-1, 5.4.2.2). */
const VRI_ENTRY_KEYS = new Set(['Type', 'Cert', 'OCSP', 'CRL', 'TU', 'TS']);
/** What filling in a field (or signing an empty signature field) may change on it (pyHanko's VALUE_UPDATE_KEYS). */
const FIELD_VALUE_KEYS = new Set(['V', 'AS', 'AP', 'F', 'Ff', 'DA', 'Q', 'Type']);

/**
 * Compares the revision a signature covers (the first `signedLength` bytes) with the final revision, object by
 * object, and says what changed after the signature: nothing, only long-term-validation data (DSS, document
 * timestamps), what a certification permits, or anything else. Every object defined after the signature is
 * compared by its resolved value with what the signed revision had; a difference is a change unless it is one of
 * the allowed kinds, checked key by key. New objects count through what refers to them. Objects that nothing in
 * the final revision uses cannot change what is shown and are left out. The bytes after the signed revision must
 * be clean incremental updates (`readRevisionTail`).
 */
export function diffAgainstFinal(options: {
  final: FinalRevision;
  signedLength: number;
  docMdp?: DocMdpLevel;
  /** The signed revision, when the caller has it open already. */
  signedRevision?: () => PdfReader;
}): RevisionDiff {
  const { final, signedLength, docMdp } = options;
  const full = final.reader;
  const bytes = full.bytes;
  const changes = new ChangeCollector(docMdp);
  const done = (): RevisionDiff => ({ modifiedAfter: changes.modification(), changes: changes.changes() });
  if (signedLength >= bytes.length || isBlank(bytes.subarray(signedLength))) return done();

  const prefix = bytes.subarray(0, signedLength);
  let before: PdfReader;
  try {
    before = options.signedRevision ? options.signedRevision() : PdfReader.open(prefix);
  } catch {
    changes.add('structure', { detail: 'the signed revision cannot be read on its own' });
    return done();
  }
  if (!endsWithEof(prefix)) changes.add('structure', { detail: 'the signature does not end where its revision ends' });
  const later = full.sections.filter((section) => section.offset >= signedLength);
  const earlier = full.sections.slice(later.length);
  if (later.length === 0) {
    changes.add('structure', {
      detail: 'bytes were added after the signed revision that are not an incremental update',
    });
    return done();
  }
  const chained =
    earlier.length === before.sections.length &&
    earlier.every((section, i) => section.offset === before.sections[i].offset) &&
    full.sections.slice(0, later.length).every((section) => section.offset >= signedLength);
  if (!chained) {
    changes.add('structure', {
      detail: 'the later revisions do not lead back to the signed revision (a gap or a loop in /Prev)',
    });
    return done();
  }
  for (const problem of full.repairs) if (/loop/.test(problem)) changes.add('structure', { detail: problem });
  for (const problem of readRevisionTail(full, signedLength).problems) changes.add('structure', { detail: problem });

  new RevisionComparison({ before, full, final, changes }).compare(later);
  return done();
}

function endsWithEof(prefix: Buffer): boolean {
  let end = prefix.length;
  while (end > 0 && isWhitespace(prefix[end - 1]!)) end -= 1;
  return prefix.toString('latin1', end - 5, end) === '%%EOF';
}

type Section = PdfReader['sections'][number];

class RevisionComparison {
  private readonly before: PdfReader;
  private readonly full: PdfReader;
  private readonly final: FinalRevision;
  private readonly changes: ChangeCollector;
  private readonly candidates = new Set<number>();
  private readonly containers = new Set<number>();
  /** Widgets of signature fields added after the signature: the only annotations pages may gain. */
  private readonly newSignatureWidgets = new Set<number>();
  private changed = new Set<number>();
  /** The newest later section that defines each object. */
  private readonly sectionOf = new Map<number, Section>();
  private readonly evidenceSections = new Map<Section, boolean>();
  private pageIndexCache?: PageIndex;

  constructor(options: { before: PdfReader; full: PdfReader; final: FinalRevision; changes: ChangeCollector }) {
    this.before = options.before;
    this.full = options.full;
    this.final = options.final;
    this.changes = options.changes;
  }

  compare(later: Section[]): void {
    const { before, full } = this;
    const beforeRoot = before.trailer.get('Root');
    if (!sameValue(beforeRoot, full.trailer.get('Root'))) {
      this.changes.add('catalog', { detail: 'the catalog was replaced by another object' });
      return;
    }
    if (!this.same(before.trailer.get('Encrypt'), full.trailer.get('Encrypt')))
      this.changes.add('structure', { detail: 'encryption was added or changed' });
    const infoChanged = !this.same(before.trailer.get('Info'), full.trailer.get('Info'));

    for (const section of later) {
      if (section.streamRef) this.containers.add(section.streamRef.num);
      for (const num of section.entries.keys()) {
        this.candidates.add(num);
        this.sectionOf.set(num, section);
      }
    }
    for (const [num, entry] of full.entries()) {
      if (entry.type === 'compressed' && this.candidates.has(entry.stream)) {
        this.candidates.add(num);
        if (!before.defines(entry.stream)) this.containers.add(entry.stream);
      }
    }
    for (const num of [...this.candidates]) if (this.isNewObjectStream(num)) this.containers.add(num);
    if (infoChanged) this.addCompanion('metadata', full.sections[0], {});

    // First pass: which existing objects hold a different value now.
    const values = new Map<number, { old: PdfValue; now: PdfValue }>();
    for (const num of [...this.candidates].sort((a, b) => a - b)) {
      this.final.checkDeadline();
      const existed = before.defines(num);
      if (!existed) continue;
      const ref = new PdfRef(num, 0);
      let old: PdfValue;
      try {
        old = before.lookup(ref);
      } catch {
        this.changes.add('object', { object: num, detail: `object ${num} of the signed revision cannot be read` });
        continue;
      }
      let now: PdfValue = null;
      if (full.defines(num)) {
        try {
          now = full.lookup(ref);
        } catch {
          this.changes.add('object', { object: num, detail: `object ${num} cannot be read in a later revision` });
          this.changed.add(num);
          continue;
        }
      }
      if (this.sameGeneration(num) && sameValue(old, now)) continue;
      this.changed.add(num);
      values.set(num, { old, now });
    }

    this.compareForm();
    this.compareDss();
    for (const [num, { old, now }] of values) {
      this.final.checkDeadline();
      if (now === null) {
        this.changes.add('object', { object: num, detail: `object ${num} was deleted` });
        continue;
      }
      this.classify(num, old, now);
    }
    for (const num of this.candidates) {
      if (before.defines(num) || this.containers.has(num) || !full.defines(num)) continue;
      this.checkNewObject(num);
    }
    for (const section of later) this.checkRevisionHasEffect(section);
  }

  /**
   * A revision must do something: change an object or add one that the document uses. One that only adds objects
   * nothing refers to changes nothing visible, but it is not what any signing tool writes.
   */
  private checkRevisionHasEffect(section: Section): void {
    const referrers = this.final.graph().referrers;
    for (const [num, entry] of section.entries) {
      if (entry.type === 'free' || this.containers.has(num)) continue;
      if (this.changed.has(num) || referrers.has(num)) return;
      if (this.before.defines(num) && this.sectionOf.get(num) !== section) return;
    }
    if ([...section.entries.values()].every((entry) => entry.type === 'free')) return; // deletions are reported as such
    this.changes.add('structure', {
      detail: `a revision (at byte ${section.offset}) adds only objects that nothing uses`,
    });
  }

  /**
   * Metadata and file declarations may change only in a revision that also adds evidence (a signature, a document
   * timestamp or validation data), as signing tools do; on their own they are an unexplained change.
   */
  private addCompanion(
    kind: 'metadata' | 'extensions',
    section: Section | undefined,
    options: { object?: number; detail?: string },
  ): void {
    if (section && this.addsEvidence(section)) this.changes.add(kind, options);
    else
      this.changes.add('object', {
        object: options.object,
        detail:
          `${kind === 'metadata' ? 'metadata' : (options.detail ?? 'declarations')} changed in a ` +
          `revision that adds no signature`,
      });
  }

  private addsEvidence(section: Section): boolean {
    let known = this.evidenceSections.get(section);
    if (known !== undefined) return known;
    known = false;
    const dssStreams = this.finalDssStreams();
    for (const [num, entry] of section.entries) {
      if (entry.type === 'free' || this.before.defines(num)) continue;
      if (dssStreams.has(num)) {
        known = true;
        break;
      }
      if (this.isSignatureValue(num)) {
        known = true;
        break;
      }
    }
    this.evidenceSections.set(section, known);
    return known;
  }

  /** A signature dictionary that a signature field of the final revision holds as its /V, not just any look-alike. */
  private isSignatureValue(num: number): boolean {
    const value = asDict(safeResolve(this.full, new PdfRef(num, 0)));
    if (!value?.has('ByteRange') || !value.has('Contents')) return false;
    return (this.final.graph().referrers.get(num) ?? []).some((referrer) => {
      const field = asDict(safeLookup(this.full, referrer));
      const valueRef = field?.get('V');
      return (
        field !== undefined &&
        fieldType(this.full, field) === 'Sig' &&
        valueRef instanceof PdfRef &&
        valueRef.num === num
      );
    });
  }

  private dssStreamsCache?: Set<number>;
  private finalDssStreams(): Set<number> {
    if (this.dssStreamsCache) return this.dssStreamsCache;
    const set = new Set<number>();
    const dss = asDict(safeResolve(this.full, catalogValue(this.full, 'DSS')));
    for (const key of ['Certs', 'OCSPs', 'CRLs']) {
      for (const item of asArray(safeResolve(this.full, dss?.get(key))) ?? [])
        if (item instanceof PdfRef) set.add(item.num);
    }
    this.dssStreamsCache = set;
    return set;
  }

  private same(a: PdfValue | undefined, b: PdfValue | undefined): boolean {
    return sameResolved({ before: this.before, after: this.full, a, b });
  }

  private sameGeneration(num: number): boolean {
    const a = this.before.entry(num);
    const b = this.full.entry(num);
    const genOf = (entry: typeof a) => (entry?.type === 'offset' ? entry.gen : 0);
    return genOf(a) === genOf(b);
  }

  private isNewObjectStream(num: number): boolean {
    if (this.before.defines(num)) return false;
    try {
      const value = this.full.lookup(new PdfRef(num, 0));
      return (
        value instanceof PdfStream &&
        (isName(value.dict.get('Type'), 'ObjStm') || isName(value.dict.get('Type'), 'XRef'))
      );
    } catch {
      return false;
    }
  }

  /**
   * An object added after the signature matters through what refers to it. If the signed revision itself referred
   * to it (a reference left empty then, filled now), what was signed now shows something else.
   */
  private checkNewObject(num: number): void {
    const referrers = this.final.graph().referrers.get(num);
    if (!referrers) return;
    for (const referrer of referrers) {
      const signedValue =
        referrer === TRAILER
          ? this.before.trailer
          : this.before.defines(referrer)
            ? safeLookup(this.before, referrer)
            : undefined;
      if (signedValue === undefined) continue;
      if (referencesIn(signedValue).some((ref) => ref.num === num)) {
        this.changes.add('object', {
          object: num,
          detail: `object ${num}, added after signing, fills a reference that the signed revision left empty`,
        });
        return;
      }
    }
  }

  private pageIndex(): PageIndex {
    this.pageIndexCache ??= indexPages(this.before);
    return this.pageIndexCache;
  }

  // ---- the form: new signature fields, nothing else ----

  private compareForm(): void {
    const { before, full } = this;
    const oldValue = catalogValue(before, 'AcroForm');
    const newValue = catalogValue(full, 'AcroForm');
    const formRef = oldValue instanceof PdfRef ? oldValue.num : undefined;
    const formChanged = formRef !== undefined && this.changed.has(formRef);
    if (sameValue(oldValue, newValue) && !formChanged && !this.fieldsArrayChanged(oldValue)) return;
    const oldForm = asDict(safeResolve(before, oldValue)) ?? new PdfDict();
    const newForm = asDict(safeResolve(full, newValue)) ?? new PdfDict();
    for (const key of new Set([...oldForm.keys(), ...newForm.keys()])) {
      if (key === 'Fields') continue;
      if (key === 'SigFlags') {
        const before = asNumber(safeResolve(this.before, oldForm.get(key))) ?? 0;
        const after = asNumber(safeResolve(this.full, newForm.get(key))) ?? 0;
        if ((after & ~3) !== 0 || (before & ~after) !== 0)
          this.changes.add('form', { detail: 'signature flags (SigFlags)' });
        continue;
      }
      if (key === 'DR') {
        if (!this.isExtension(oldForm.get('DR'), newForm.get('DR')))
          this.changes.add('form', { detail: 'default resources (DR)' });
        continue;
      }
      if (!this.same(oldForm.get(key), newForm.get(key))) this.changes.add('form', { detail: key });
    }
    const oldFields = asArray(safeResolve(before, oldForm.get('Fields'))) ?? [];
    const newFields = asArray(safeResolve(full, newForm.get('Fields'))) ?? [];
    const kept = newFields.length >= oldFields.length && oldFields.every((field, i) => this.same(field, newFields[i]));
    if (!kept) {
      this.changes.add('form', { detail: 'existing fields were removed, replaced or reordered' });
      return;
    }
    for (const field of newFields.slice(oldFields.length)) this.compareNewField(field);
  }

  private fieldsArrayChanged(formValue: PdfValue | undefined): boolean {
    const form = asDict(safeResolve(this.before, formValue));
    const fields = form?.get('Fields');
    return fields instanceof PdfRef && this.changed.has(fields.num);
  }

  /** A field added to the form must be a new signature field with a new signature (or an empty, invisible one). */
  private compareNewField(value: PdfValue): void {
    const { before, full } = this;
    if (value instanceof PdfRef && before.defines(value.num)) {
      this.changes.add('form-field', {
        object: value.num,
        detail: 'an existing object was added to the form as a new field',
      });
      return;
    }
    const field = asDict(safeResolve(full, value));
    if (!field || !isName(field.get('FT'), 'Sig')) {
      this.changes.add('form-field', {
        object: refNum(value),
        detail: `a field that is not a signature field was added (${fieldName(field)})`,
      });
      return;
    }
    const widgets = this.widgetsOf(value, field);
    if (!widgets) {
      this.changes.add('form-field', {
        object: refNum(value),
        detail: `the new signature field ${fieldName(field)} has widgets that are not new`,
      });
      return;
    }
    for (const widget of widgets) this.newSignatureWidgets.add(widget.num);
    const visible = widgets.some((widget) => isVisibleWidget(asDict(safeResolve(full, widget))));
    this.compareSignatureValue({ value: field.get('V'), visible, name: fieldName(field), object: refNum(value) });
  }

  private compareSignatureValue(options: {
    value: PdfValue | undefined;
    visible: boolean;
    name: string;
    object?: number;
  }): void {
    const { value, visible, name, object } = options;
    if (value === undefined || value === null) {
      if (visible)
        this.changes.add('form-field', {
          object,
          detail: `a visible signature field without a signature was added (${name})`,
        });
      else this.changes.add('signature', { object, detail: `an empty signature field (${name})` });
      return;
    }
    if (value instanceof PdfRef && this.before.defines(value.num)) {
      this.changes.add('form-field', {
        object,
        detail: `the signature field ${name} repeats a signature that was already there`,
      });
      return;
    }
    const signature = asDict(safeResolve(this.full, value));
    if (!signature?.has('ByteRange') || !signature.has('Contents')) {
      this.changes.add('form-field', {
        object,
        detail: `the signature field ${name} holds something that is not a signature`,
      });
      return;
    }
    const timestamp =
      isName(signature?.get('Type'), 'DocTimeStamp') || isName(signature?.get('SubFilter'), 'ETSI.RFC3161');
    if (timestamp && visible)
      this.changes.add('form-field', { object, detail: `a document timestamp with a visible appearance (${name})` });
    else if (timestamp) this.changes.add('doc-timestamp', { object });
    else this.changes.add('signature', { object, detail: visible ? `a visible signature (${name})` : undefined });
  }

  /** The widget references of a new field: the field itself when merged, else its kids; all must be new. */
  private widgetsOf(value: PdfValue, field: PdfDict): PdfRef[] | undefined {
    if (isName(field.get('Subtype'), 'Widget')) return value instanceof PdfRef ? [value] : [];
    const kids = asArray(safeResolve(this.full, field.get('Kids'))) ?? [];
    const refs: PdfRef[] = [];
    for (const kid of kids) {
      if (!(kid instanceof PdfRef) || this.before.defines(kid.num)) return undefined;
      refs.push(kid);
    }
    return refs;
  }

  /** DR may gain entries (fonts for new appearances), never lose or change one. */
  private isExtension(oldValue: PdfValue | undefined, newValue: PdfValue | undefined): boolean {
    if (this.same(oldValue, newValue)) return true;
    const oldDict = asDict(safeResolve(this.before, oldValue));
    const newDict = asDict(safeResolve(this.full, newValue));
    if (!newDict) return false;
    if (!oldDict) return oldValue === undefined;
    for (const key of oldDict.keys()) {
      const a = oldDict.get(key);
      const b = newDict.get(key);
      if (b === undefined) return false;
      if (this.same(a, b)) continue;
      if (!(asDict(safeResolve(this.before, a)) && this.isExtension(a, b))) return false;
    }
    return true;
  }

  // ---- changed objects ----

  private classify(num: number, old: PdfValue, now: PdfValue): void {
    const { before, full } = this;
    if (num === catalogNum(before)) {
      this.compareCatalog(num, old, now);
      return;
    }
    const form = catalogValue(before, 'AcroForm');
    if (form instanceof PdfRef && num === form.num) {
      if (!sameValue(catalogValue(full, 'AcroForm'), form))
        this.changes.add('form', { object: num, detail: 'the earlier form object was changed' });
      return; // compared as the form (compareForm)
    }
    const fields = asDict(safeResolve(before, form))?.get('Fields');
    if (fields instanceof PdfRef && num === fields.num) return; // compared as the form's fields (compareForm)
    if (this.isDssPart(num)) return; // compared as the DSS (compareDss)
    const metadata = catalogValue(before, 'Metadata');
    if (metadata instanceof PdfRef && metadata.num === num) {
      this.compareMetadata(num, now);
      return;
    }
    const info = before.trailer.get('Info');
    if (info instanceof PdfRef && info.num === num) {
      this.addCompanion('metadata', this.sectionOf.get(num), { object: num });
      return;
    }

    const oldDict = asDict(old);
    if (oldDict && isName(oldDict.get('Type'), 'Page') && asDict(now)) {
      this.comparePage(num, oldDict, asDict(now)!);
      return;
    }
    if (Array.isArray(old) && Array.isArray(now)) {
      const page = this.pageWhoseAnnotsAre(num);
      if (page !== undefined) {
        this.compareAnnotations(page, old, now);
        return;
      }
    }
    if (oldDict && asDict(now) && (fieldType(before, oldDict) !== undefined || isAnnotation(oldDict))) {
      this.compareFieldOrAnnotation(num, oldDict, asDict(now)!);
      return;
    }
    this.describeOther(num, old);
  }

  private compareCatalog(num: number, old: PdfValue, now: PdfValue): void {
    const oldDict = asDict(old);
    const newDict = asDict(now);
    if (!oldDict || !newDict) {
      this.changes.add('catalog', { object: num, detail: 'the catalog is no longer a dictionary' });
      return;
    }
    for (const key of new Set([...oldDict.keys(), ...newDict.keys()])) {
      const a = oldDict.get(key);
      const b = newDict.get(key);
      if (key === 'AcroForm' || key === 'DSS') continue; // compareForm, compareDss
      if (this.same(a, b)) continue;
      if (key === 'Metadata') {
        this.compareMetadata(num, safeResolve(this.full, b) ?? null);
      } else if (key === 'Extensions' || key === 'Version' || key === 'MarkInfo') {
        this.addCompanion('extensions', this.sectionOf.get(num), { object: num, detail: key });
      } else if (key === 'OCProperties') {
        this.changes.add('optional-content', { object: num });
      } else {
        this.changes.add(key === 'OpenAction' || key === 'AA' ? 'actions' : 'catalog', {
          object: num,
          detail: CATALOG_KEY_NAMES[key] ?? key,
        });
      }
    }
  }

  private compareMetadata(num: number, now: PdfValue): void {
    if (now instanceof PdfStream && isName(now.dict.get('Subtype'), 'XML'))
      this.addCompanion('metadata', this.sectionOf.get(num), { object: num });
    else
      this.changes.add('catalog', { object: num, detail: 'metadata replaced by something that is not XML metadata' });
  }

  private isDssPart(num: number): boolean {
    return this.dssParts().has(num);
  }

  private dssPartsCache?: Set<number>;
  /**
   * The DSS dictionary and the arrays and VRI dictionaries under it (not the certificate streams), as the signed
   * revision had them: compared together as the DSS (compareDss), not one by one. Only objects of the DSS's own
   * shape that nothing but their place in the DSS uses count: a page's content stream or resources listed under
   * /VRI are still the page's, and compared as such.
   */
  private dssParts(): Set<number> {
    if (this.dssPartsCache) return this.dssPartsCache;
    const parts = new Set<number>();
    this.dssPartsCache = parts;
    const referrers = this.final.graph().referrers;
    const partOf = (value: PdfValue | undefined, parent: number, shape: 'dictionary' | 'array'): value is PdfRef => {
      if (!(value instanceof PdfRef)) return false;
      const resolved = safeResolve(this.before, value);
      const shaped = shape === 'array' ? Array.isArray(resolved) : resolved instanceof PdfDict;
      return shaped && (referrers.get(value.num) ?? [parent]).every((referrer) => referrer === parent);
    };
    const dssValue = catalogValue(this.before, 'DSS');
    if (!partOf(dssValue, catalogNum(this.before), 'dictionary')) return parts;
    parts.add(dssValue.num);
    const dss = asDict(safeResolve(this.before, dssValue));
    for (const key of ['Certs', 'OCSPs', 'CRLs']) {
      const list = dss?.get(key);
      if (partOf(list, dssValue.num, 'array')) parts.add(list.num);
    }
    const vriValue = dss?.get('VRI');
    const vri = asDict(safeResolve(this.before, vriValue));
    const vriNum = vriValue instanceof PdfRef ? vriValue.num : dssValue.num;
    if (vriValue instanceof PdfRef && !partOf(vriValue, dssValue.num, 'dictionary')) return parts;
    if (vriValue instanceof PdfRef) parts.add(vriValue.num);
    for (const key of vri?.keys() ?? []) {
      const entry = vri?.get(key);
      if (partOf(entry, vriNum, 'dictionary')) parts.add(entry.num);
    }
    return parts;
  }

  /**
   * The DSS may only grow: every certificate, OCSP response and CRL listed before stays listed, every VRI entry
   * stays (and may gain material), new VRI keys are signature hashes. New streams it lists are new objects.
   */
  private compareDss(): void {
    const oldValue = catalogValue(this.before, 'DSS');
    const newValue = catalogValue(this.full, 'DSS');
    if (this.same(oldValue, newValue) && !this.dssPartsChanged()) return;
    const oldDss = asDict(safeResolve(this.before, oldValue)) ?? new PdfDict();
    const newDss = asDict(safeResolve(this.full, newValue));
    const object = refNum(newValue);
    if (!newDss || newDss instanceof PdfStream || !newDss.keys().every((key) => DSS_KEYS.has(key))) {
      this.changes.add('catalog', {
        object,
        detail: 'the document security store (DSS) was replaced by something else',
      });
      return;
    }
    let grows = true;
    for (const key of ['Certs', 'OCSPs', 'CRLs']) {
      if (!this.keepsItems(oldDss.get(key), newDss.get(key))) grows = false;
    }
    const oldVri = asDict(safeResolve(this.before, oldDss.get('VRI')));
    const newVri = asDict(safeResolve(this.full, newDss.get('VRI')));
    if (oldVri && !newVri) grows = false;
    for (const key of newVri?.keys() ?? []) {
      if (!/^[0-9A-F]{40}$/.test(key)) grows = false;
      const oldEntry = oldVri?.get(key);
      if (oldEntry === undefined) continue;
      const a = safeResolve(this.before, oldEntry);
      const b = safeResolve(this.full, newVri?.get(key));
      if (this.same(a, b)) continue;
      // a VRI entry may only gain validation material; anything else under its key is no VRI entry
      if (!(a instanceof PdfDict) || !(b instanceof PdfDict)) grows = false;
      else {
        for (const entryKey of a.keys()) if (!this.keepsItems(a.get(entryKey), b.get(entryKey))) grows = false;
        if (!b.keys().every((entryKey) => VRI_ENTRY_KEYS.has(entryKey))) grows = false;
      }
    }
    for (const key of oldVri?.keys() ?? []) if (!newVri?.has(key)) grows = false;
    if (grows) this.changes.add('dss', { object });
    else this.changes.add('object', { object, detail: 'validation data (DSS) that was there was removed or altered' });
  }

  private dssPartsChanged(): boolean {
    for (const num of this.changed) if (this.isDssPart(num)) return true;
    return false;
  }

  /** An array that keeps every item it had (same values), possibly with more; or the same non-array value. */
  private keepsItems(oldValue: PdfValue | undefined, newValue: PdfValue | undefined): boolean {
    if (this.same(oldValue, newValue)) return true;
    const oldList = asArray(safeResolve(this.before, oldValue));
    const newList = asArray(safeResolve(this.full, newValue));
    if (!newList) return oldValue === undefined;
    if (!oldList) return oldValue === undefined;
    return oldList.every((item) => newList.some((candidate) => this.same(item, candidate)));
  }

  private comparePage(num: number, old: PdfDict, now: PdfDict): void {
    for (const key of new Set([...old.keys(), ...now.keys()])) {
      if (key === 'Annots') continue;
      if (this.same(old.get(key), now.get(key))) continue;
      const kind: ChangeKind = key === 'Contents' ? 'page-content' : key === 'Resources' ? 'resources' : 'page';
      const page = this.pageIndex().pages.get(num);
      this.changes.add(kind, { object: num, page, detail: kind === 'page' ? (PAGE_KEY_NAMES[key] ?? key) : undefined });
    }
    const oldAnnots = old.get('Annots');
    const newAnnots = now.get('Annots');
    // the array is compared as its own object
    if (oldAnnots instanceof PdfRef && sameValue(oldAnnots, newAnnots)) return;
    this.compareAnnotations(
      num,
      asArray(safeResolve(this.before, oldAnnots)) ?? [],
      asArray(safeResolve(this.full, newAnnots)) ?? [],
    );
  }

  private pageWhoseAnnotsAre(num: number): number | undefined {
    for (const referrer of this.final.graph().referrers.get(num) ?? []) {
      if (referrer === TRAILER) continue;
      const page = asDict(safeResolve(this.full, new PdfRef(referrer, 0)));
      const annots = page?.get('Annots');
      if (page && isName(page.get('Type'), 'Page') && annots instanceof PdfRef && annots.num === num) return referrer;
    }
    return undefined;
  }

  /** A page's annotations may only gain the widgets of new signature fields (with DocMDP P=3: any annotation). */
  private compareAnnotations(pageNum: number, oldList: PdfValue[], newList: PdfValue[]): void {
    let pageNumber: number | undefined | null = null;
    const pageOf = () => (pageNumber === null ? (pageNumber = this.pageIndex().pages.get(pageNum)) : pageNumber);
    const kept = newList.length >= oldList.length && oldList.every((item, i) => this.same(item, newList[i]));
    const added = kept
      ? newList.slice(oldList.length)
      : newList.filter((item) => !oldList.some((old) => this.same(old, item)));
    if (!kept) {
      const removed = oldList.filter((old) => !newList.some((item) => this.same(old, item)));
      for (const item of removed) {
        const dict = asDict(safeResolve(this.before, item));
        const widget = isName(dict?.get('Subtype'), 'Widget');
        this.changes.add(widget ? 'form-field' : 'annotation', {
          object: refNum(item),
          page: pageOf(),
          detail: widget ? 'a field widget was removed' : undefined,
        });
      }
    }
    for (const item of added) {
      if (item instanceof PdfRef && this.newSignatureWidgets.has(item.num)) continue;
      const dict = asDict(safeResolve(this.full, item));
      if (isName(dict?.get('Subtype'), 'Widget')) {
        this.changes.add('form-field', {
          object: refNum(item),
          page: pageOf(),
          detail: 'a widget that belongs to no new signature field was added',
        });
      } else {
        this.changes.add('annotation', { object: refNum(item), page: pageOf() });
      }
    }
  }

  private compareFieldOrAnnotation(num: number, old: PdfDict, now: PdfDict): void {
    const type = fieldType(this.before, old);
    const name = fieldName(old, this.before);
    const changedKeys = [...new Set([...old.keys(), ...now.keys()])].filter(
      (key) => !this.same(old.get(key), now.get(key)),
    );
    if (type === 'Sig') {
      const signs = old.get('V') === undefined && changedKeys.every((key) => FIELD_VALUE_KEYS.has(key));
      if (signs && changedKeys.includes('V')) {
        this.compareSignatureValue({ value: now.get('V'), visible: isVisibleWidget(now), name, object: num });
      } else {
        this.changes.add('form-field', { object: num, detail: `signature field ${name} (${changedKeys.join(', ')})` });
      }
      return;
    }
    if (type !== undefined || isName(old.get('Subtype'), 'Widget')) {
      if (changedKeys.every((key) => FIELD_VALUE_KEYS.has(key)))
        this.changes.add('form-fill', { object: num, detail: name });
      else this.changes.add('form-field', { object: num, detail: `${name} (${changedKeys.join(', ')})` });
      return;
    }
    const page = old.get('P') instanceof PdfRef ? this.pageIndex().pages.get((old.get('P') as PdfRef).num) : undefined;
    this.changes.add('annotation', { object: num, page });
  }

  private describeOther(num: number, old: PdfValue): void {
    const dict = asDict(old);
    const type = nameOf(dict?.get('Type'));
    const subtype = nameOf(dict?.get('Subtype'));
    const pages = this.pageIndex().contents.get(num);
    if (pages) {
      for (const page of pages) this.changes.add('page-content', { object: num, page });
      return;
    }
    let kind: ChangeKind = 'object';
    if (type === 'Pages') kind = 'pages';
    else if (type === 'Font' || type === 'FontDescriptor' || type === 'Encoding' || isFontFile(old)) kind = 'font';
    else if (type === 'XObject' || subtype === 'Image' || subtype === 'Form' || subtype === 'PS') kind = 'xobject';
    else if (type === 'OCG' || type === 'OCMD') kind = 'optional-content';
    else if (type === 'Action' || ACTION_TYPES.has(nameOf(dict?.get('S')) ?? '')) kind = 'actions';
    else if (type === 'ExtGState' || type === 'Pattern' || dict?.has('ShadingType') || dict?.has('PatternType'))
      kind = 'resources';
    else if (type === 'Catalog') kind = 'catalog';
    this.changes.add(kind, { object: num, detail: kind === 'object' ? `object ${num}` : undefined });
  }
}
