import {
  type PdfDict,
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

/** What PDF objects are, read defensively: helpers for comparing revisions and naming what changed. */

export const ACTION_TYPES = new Set([
  'JavaScript',
  'Launch',
  'URI',
  'SubmitForm',
  'ResetForm',
  'ImportData',
  'GoTo',
  'GoToR',
  'GoToE',
  'Named',
  'Hide',
  'Rendition',
  'SetOCGState',
  'Thread',
  'Sound',
  'Movie',
  'Trans',
  'GoTo3DView',
  'RichMediaExecute',
]);
const ANNOTATION_SUBTYPES = new Set([
  'Text',
  'Link',
  'FreeText',
  'Line',
  'Square',
  'Circle',
  'Polygon',
  'PolyLine',
  'Highlight',
  'Underline',
  'Squiggly',
  'StrikeOut',
  'Caret',
  'Stamp',
  'Ink',
  'Popup',
  'FileAttachment',
  'Sound',
  'Movie',
  'Screen',
  'PrinterMark',
  'TrapNet',
  'Watermark',
  '3D',
  'Redact',
  'Projection',
  'RichMedia',
  'Widget',
]);

export const CATALOG_KEY_NAMES: Record<string, string> = {
  OpenAction: 'the action run when the document opens (OpenAction)',
  AA: 'automatic actions (AA)',
  Names: 'name trees (attachments, scripts, destinations)',
  Pages: 'the page tree',
  Perms: 'permissions (Perms)',
  Outlines: 'bookmarks',
  StructTreeRoot: 'the structure tree',
  Collection: 'the portfolio (Collection)',
  URI: 'links (URI)',
  Legal: 'legal attestation',
};

export const PAGE_KEY_NAMES: Record<string, string> = {
  MediaBox: 'page size (MediaBox)',
  CropBox: 'visible area (CropBox)',
  Rotate: 'rotation',
  AA: 'page actions',
  Parent: 'place in the page tree',
};

export function catalogNum(reader: PdfReader): number {
  return (reader.trailer.get('Root') as PdfRef).num;
}

export function catalogValue(reader: PdfReader, key: string): PdfValue | undefined {
  try {
    return reader.catalog().get(key);
  } catch {
    return undefined;
  }
}

export function safeResolve(reader: PdfReader, value: PdfValue | undefined): PdfValue | undefined {
  try {
    return reader.resolve(value);
  } catch {
    return undefined;
  }
}

export function safeLookup(reader: PdfReader, num: number): PdfValue | undefined {
  try {
    return reader.lookup(new PdfRef(num, 0));
  } catch {
    return undefined;
  }
}

export function refNum(value: PdfValue | undefined): number | undefined {
  return value instanceof PdfRef ? value.num : undefined;
}

export function nameOf(value: PdfValue | undefined): string | undefined {
  return isName(value) ? value.name : undefined;
}

/** The field type, own or inherited through /Parent (a few levels), or undefined when not a field. */
export function fieldType(reader: PdfReader, dict: PdfDict): string | undefined {
  let node: PdfDict | undefined = dict;
  for (let depth = 0; node && depth < 16; depth += 1) {
    const ft = node.get('FT');
    if (isName(ft)) return ft.name;
    node = asDict(safeResolve(reader, node.get('Parent')));
  }
  return undefined;
}

export function fieldName(dict: PdfDict | undefined, reader?: PdfReader): string {
  const parts: string[] = [];
  let node = dict;
  for (let depth = 0; node && depth < 16; depth += 1) {
    const title = node.get('T');
    if (title instanceof PdfString) parts.unshift(title.toText());
    node = reader ? asDict(safeResolve(reader, node.get('Parent'))) : undefined;
  }
  return parts.length ? `"${parts.join('.').slice(0, 80)}"` : 'unnamed';
}

export function isAnnotation(dict: PdfDict): boolean {
  return (
    isName(dict.get('Type'), 'Annot') ||
    (ANNOTATION_SUBTYPES.has(nameOf(dict.get('Subtype')) ?? '') && dict.has('Rect'))
  );
}

/** A widget shows when it has an area and is neither hidden nor "no view" (§12.5.3). */
export function isVisibleWidget(widget: PdfDict | undefined): boolean {
  if (!widget) return false;
  const flags = asNumber(widget.get('F')) ?? 0;
  if (flags & (2 | 32)) return false;
  const rect = (asArray(widget.get('Rect')) ?? []).map((n) => asNumber(n) ?? 0);
  return rect.length === 4 && rect[0] !== rect[2] && rect[1] !== rect[3];
}

export function isFontFile(value: PdfValue): boolean {
  if (!(value instanceof PdfStream)) return false;
  const dict = value.dict;
  const subtype = nameOf(dict.get('Subtype'));
  return (
    dict.has('Length1') ||
    dict.has('Length2') ||
    subtype === 'Type1C' ||
    subtype === 'CIDFontType0C' ||
    subtype === 'OpenType'
  );
}
