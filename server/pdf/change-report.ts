/** What changed after a signature, by kind, in plain language (the vocabulary of the verification report). */

/** How a change after a signature is judged (ETSI EN 319 102-1, PDF §12.8.2.2 DocMDP). */
export type ChangeLevel = 'lta' | 'permitted' | 'other';
export type ModificationLevel = 'none' | 'lta-updates' | 'permitted' | 'other';
/** A DocMDP certification's permissions: 1 no changes, 2 form filling and signing, 3 also annotations. */
export type DocMdpLevel = 1 | 2 | 3;

export type ChangeKind =
  | 'dss'
  | 'doc-timestamp'
  | 'extensions'
  | 'signature'
  | 'metadata'
  | 'form-fill'
  | 'annotation'
  | 'signed-bytes'
  | 'structure'
  | 'catalog'
  | 'form'
  | 'form-field'
  | 'pages'
  | 'page'
  | 'page-content'
  | 'resources'
  | 'font'
  | 'xobject'
  | 'optional-content'
  | 'actions'
  | 'object';

export interface Change {
  kind: ChangeKind;
  level: ChangeLevel;
  /** One sentence for this kind of change, naming pages, fields or keys where known. */
  description: string;
  /** Object numbers involved (at most a few dozen). */
  objects: number[];
  /** 1-based page numbers involved. */
  pages: number[];
}

/** The level of a kind of change, given the certification's permissions (undefined: no certification). */
export function levelOf(kind: ChangeKind, docMdp: DocMdpLevel | undefined): ChangeLevel {
  switch (kind) {
    case 'dss':
    case 'doc-timestamp':
    case 'extensions':
      return 'lta';
    case 'signature':
    case 'metadata':
      return docMdp === 1 ? 'other' : 'permitted';
    case 'form-fill':
      return docMdp === 2 || docMdp === 3 ? 'permitted' : 'other';
    case 'annotation':
      return docMdp === 3 ? 'permitted' : 'other';
    default:
      return 'other';
  }
}

const MAX_LISTED = 12;

interface Collected {
  objects: Set<number>;
  pages: Set<number>;
  details: Set<string>;
  count: number;
}

/** Collects changes and reports each kind once. */
export class ChangeCollector {
  private readonly kinds = new Map<ChangeKind, Collected>();
  constructor(private readonly docMdp: DocMdpLevel | undefined) {}

  add(kind: ChangeKind, options: { object?: number; page?: number; detail?: string } = {}): void {
    let entry = this.kinds.get(kind);
    if (!entry) {
      entry = { objects: new Set(), pages: new Set(), details: new Set(), count: 0 };
      this.kinds.set(kind, entry);
    }
    entry.count += 1;
    if (options.object !== undefined && entry.objects.size < 64) entry.objects.add(options.object);
    if (options.page !== undefined && entry.pages.size < 10_000) entry.pages.add(options.page);
    if (options.detail && entry.details.size < MAX_LISTED + 1) entry.details.add(options.detail);
  }

  has(kind: ChangeKind): boolean {
    return this.kinds.has(kind);
  }

  changes(): Change[] {
    const order: ChangeLevel[] = ['other', 'permitted', 'lta'];
    return [...this.kinds.entries()]
      .map(([kind, entry]) => ({
        kind,
        level: levelOf(kind, this.docMdp),
        description: describe(kind, entry),
        objects: [...entry.objects].sort((a, b) => a - b),
        pages: [...entry.pages].sort((a, b) => a - b),
      }))
      .sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level));
  }

  modification(): ModificationLevel {
    return modificationOf(this.changes());
  }
}

export function modificationOf(changes: Change[]): ModificationLevel {
  if (changes.some((change) => change.level === 'other')) return 'other';
  if (changes.some((change) => change.level === 'permitted')) return 'permitted';
  if (changes.length) return 'lta-updates';
  return 'none';
}

function list(items: string[]): string {
  const shown = items.slice(0, MAX_LISTED);
  const more = items.length > MAX_LISTED ? ` and ${items.length - MAX_LISTED} more` : '';
  if (shown.length <= 1) return `${shown.join('')}${more}`;
  return more ? `${shown.join(', ')}${more}` : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

function pagesText(pages: Set<number>): string {
  const sorted = [...pages].sort((a, b) => a - b).map(String);
  return sorted.length === 1 ? `page ${sorted[0]}` : `pages ${list(sorted)}`;
}

function objectsText(entry: Collected): string {
  return entry.count === 1 ? '1 object' : `${entry.count} objects`;
}

function withDetails(text: string, entry: Collected): string {
  return entry.details.size ? `${text}: ${list([...entry.details])}` : text;
}

function describe(kind: ChangeKind, entry: Collected): string {
  const onPages = entry.pages.size ? ` on ${pagesText(entry.pages)}` : '';
  switch (kind) {
    case 'dss':
      return 'validation data (certificates and revocation information) was added';
    case 'doc-timestamp':
      return entry.count === 1 ? 'a document timestamp was added' : `${entry.count} document timestamps were added`;
    case 'extensions':
      return withDetails('declarations about the file (PDF version or extensions) were updated', entry);
    case 'signature':
      return withDetails(entry.count === 1 ? 'a signature was added' : `${entry.count} signatures were added`, entry);
    case 'metadata':
      return 'the document information (metadata) changed';
    case 'form-fill':
      return withDetails('form field values were filled in', entry);
    case 'annotation':
      return withDetails(`annotations were added, changed or removed${onPages}`, entry);
    case 'signed-bytes':
      return 'the signed bytes themselves were altered';
    case 'structure':
      return withDetails('what follows the signed revision is not a clean incremental update', entry);
    case 'catalog':
      return withDetails('the document catalog changed', entry);
    case 'form':
      return withDetails('the form changed', entry);
    case 'form-field':
      return withDetails('form fields changed', entry);
    case 'pages':
      return 'pages were added, removed or reordered';
    case 'page':
      return withDetails(entry.pages.size ? `${pagesText(entry.pages)} changed` : 'pages changed', entry);
    case 'page-content':
      return entry.pages.size ? `the content of ${pagesText(entry.pages)} changed` : 'page content changed';
    case 'resources':
      return `graphics resources changed (${objectsText(entry)})`;
    case 'font':
      return `fonts changed (${objectsText(entry)})`;
    case 'xobject':
      return `images or drawn objects (XObjects) changed (${objectsText(entry)})`;
    case 'optional-content':
      return 'optional content (layers that can hide content) changed';
    case 'actions':
      return `actions or scripts changed (${objectsText(entry)})`;
    case 'object':
      return withDetails(`other objects changed (${objectsText(entry)})`, entry);
  }
}
