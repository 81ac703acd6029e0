import { deflateSync } from 'node:zlib';
import {
  PdfDict,
  PdfName,
  PdfRef,
  PdfStream,
  asArray,
  asDict,
  asNumber,
  isName,
  type PdfValue,
} from '../pdf-objects.js';
import { PdfReader } from '../pdf-reader.js';
import type { GrowableBuffer } from '../growable-buffer.js';
import { appendIncrementalUpdate, type UpdateObject } from '../incremental-writer.js';
import { assertSignable } from '../signature-placeholder.js';
import { hasSignatures } from '../signature-fields.js';
import { PdfError } from '../pdf-error.js';
import { markPageTreeNode } from '../page-tree.js';
import { StampFont } from './stamp-font.js';
import { footerHeight, footerOperators, num, qrMatrix, type StampText } from './footer-content.js';
import { normalizeBox, placeFooter, type Box } from './page-geometry.js';
import { moveAnnotations } from './move-annotations.js';
import { A4, auditPageContents, type AuditTable } from './audit-pages.js';
import { addAttachment, declaredPdfaPart } from './embedded-file.js';
import { unclosedSaves } from './content-balance.js';

export interface StampOptions {
  file: GrowableBuffer;
  stamp: StampText;
  auditPages?: AuditTable;
  attachment?: { name: string; bytes: Uint8Array; mimeType: string };
  /** Attachment date; defaults to now. */
  now?: Date;
  /**
   * `shrink` (default): every page keeps its size; its content is scaled to make room for the band inside the page.
   * `extend`: the band is added below the visible area and the page grows by it. Pages too small to shrink extend.
   */
  layout?: 'shrink' | 'extend';
}

export interface StampResult {
  /** Pages in the original document, each given a footer. */
  originalPages: number;
  /** Audit-trail pages appended. */
  auditPages: number;
  attachment: 'embedded' | 'skipped-pdfa' | 'none';
  /** The PDF/A part the document declares, if any. */
  pdfaPart?: number;
  /** Original pages whose content was scaled to make room for the band (the rest were extended). */
  shrunkPages: number;
  /** Where the update starts (the original is `file.view().subarray(0, updateStart)`). */
  updateStart: number;
}

interface PageInfo {
  ref: PdfRef;
  dict: PdfDict;
  mediaBox?: Box;
  cropBox?: Box;
  rotate: number;
  resources?: PdfValue;
}

const MAX_DEPTH = 64;
const MAX_PAGES = 100_000;
const INHERITABLE = ['MediaBox', 'CropBox', 'Rotate', 'Resources'] as const;

function readBox(reader: PdfReader, value: PdfValue | undefined): Box | undefined {
  const array = asArray(reader.resolve(value));
  if (array?.length !== 4) return undefined;
  const numbers = array.map((v) => asNumber(reader.resolve(v)));
  if (numbers.some((n) => n === undefined || !Number.isFinite(n))) return undefined;
  const box = normalizeBox(numbers as number[]);
  return box[2] > box[0] && box[3] > box[1] ? box : undefined;
}

/** Every page with its inherited attributes (§7.7.3.4), in document order; loops and shared nodes are refused. */
function collectPages(reader: PdfReader): { pages: PageInfo[]; rootRef: PdfRef } {
  const rootValue = reader.catalog().get('Pages');
  if (!(rootValue instanceof PdfRef)) {
    throw new PdfError({ code: 'pdf_no_pages', message: 'the page tree is missing or not an indirect object' });
  }
  const pages: PageInfo[] = [];
  const seen = new Set<number>();
  type Inherited = Partial<Record<(typeof INHERITABLE)[number], PdfValue>>;
  const stack: { ref: PdfValue; depth: number; inherited: Inherited }[] = [{ ref: rootValue, depth: 0, inherited: {} }];
  while (stack.length) {
    const { ref, depth, inherited } = stack.pop()!;
    if (depth > MAX_DEPTH) throw new PdfError({ code: 'pdf_page_tree_loop', message: 'the page tree is too deep' });
    if (!(ref instanceof PdfRef)) {
      throw new PdfError({ code: 'pdf_bad_page_tree', message: 'a page tree node is not an indirect object' });
    }
    markPageTreeNode({ seen, ref });
    const dict = asDict(reader.lookup(ref));
    if (!dict) throw new PdfError({ code: 'pdf_no_pages', message: 'a page tree node cannot be read' });
    const own: Inherited = { ...inherited };
    for (const key of INHERITABLE) if (dict.has(key)) own[key] = dict.get(key);
    const kids = asArray(reader.resolve(dict.get('Kids')));
    if (isName(dict.get('Type'), 'Page') || !kids) {
      if (pages.length >= MAX_PAGES) {
        const message = `the document has more than ${MAX_PAGES} pages`;
        throw new PdfError({ code: 'pdf_too_many_pages', message, details: { limit: MAX_PAGES } });
      }
      pages.push({
        ref,
        dict,
        mediaBox: readBox(reader, own.MediaBox),
        cropBox: readBox(reader, own.CropBox),
        rotate: asNumber(reader.resolve(own.Rotate)) ?? 0,
        resources: own.Resources,
      });
      continue;
    }
    for (let i = kids.length - 1; i >= 0; i -= 1) stack.push({ ref: kids[i], depth: depth + 1, inherited: own });
  }
  if (pages.length === 0) throw new PdfError({ code: 'pdf_no_pages', message: 'the document has no pages' });
  return { pages, rootRef: rootValue };
}

/** The footer is a pagination artifact (§14.8.2.2), so tagged PDFs and screen readers keep it out of the content. */
function artifact(operators: string): string {
  return `/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n${operators}EMC\n`;
}

function contentStream(operators: string): PdfStream {
  return new PdfStream(
    new PdfDict([['Filter', PdfName.of('FlateDecode')]]),
    deflateSync(Buffer.from(operators, 'latin1')),
  );
}

/** The page's content streams as a list of references (or direct values) in order. */
function contentParts(reader: PdfReader, value: PdfValue | undefined): PdfValue[] {
  if (value === undefined || value === null) return [];
  if (value instanceof PdfRef) {
    const target = reader.lookup(value);
    if (target instanceof PdfStream) return [value];
    const array = asArray(target);
    return array ? array.filter((v) => v !== null) : [];
  }
  return (asArray(value) ?? []).filter((v) => v !== null);
}

/** A resource name not used yet in the page's /Font dictionary. */
function freeName(fonts: PdfDict | undefined, base: string): string {
  let name = base;
  for (let i = 1; fonts?.has(name); i += 1) name = `${base}${i}`;
  return name;
}

/**
 * Appends ONE incremental update that stamps the document for completion (DESIGN.md "Evidence model" step 3):
 * a footer band at the visual bottom of every page (code, verification URL, QR code, signer lines), taking /Rotate
 * and /UserUnit into account: by default inside the page, its content scaled to make room (the page keeps its size,
 * an A4 contract still prints as A4); with `layout: 'extend'` below the visible area, the boxes growing by it; optional
 * A4 audit-trail pages with the same footer, and an optional attachment (skipped for PDF/A-1 and PDF/A-2). Text
 * uses embedded font subsets (Type0, Identity-H, ToUnicode): DejaVu Sans, and for the characters it lacks Noto Sans
 * Thai and Droid Sans Fallback (CJK), switching fonts within a line. The original bytes stay a prefix.
 */
export async function stampDocument(options: StampOptions): Promise<StampResult> {
  const { file, stamp } = options;
  if (!stamp.code.trim()) {
    throw new PdfError({ code: 'stamp_code_missing', message: 'the stamp needs the document code' });
  }
  const reader = PdfReader.open(file.view());
  assertSignable(reader);
  if (reader.repairs.length) {
    throw new PdfError({
      code: 'pdf_damaged',
      message: `the file is damaged (${reader.repairs[0]}); repair it before stamping`,
    });
  }
  // Pages others have signed stay as they were: a stamp on them would be a change after their signatures.
  if (hasSignatures(reader)) {
    throw new PdfError({
      code: 'pdf_already_signed',
      message: 'the document already carries signatures: its pages cannot be stamped without breaking them',
    });
  }
  const updateStart = file.length;
  const { pages, rootRef } = collectPages(reader);
  // Content streams are only read (to balance q/Q), never rewritten: a second reader keeps workarounds for their
  // slightly-off offsets (which viewers tolerate) from counting as damage in the objects this update rewrites.
  const contentReader = PdfReader.open(file.view());
  // Fallback fonts (Thai, CJK) are read only if some text needs them.
  const audit = options.auditPages
    ? [options.auditPages.title, options.auditPages.note ?? '', ...options.auditPages.rows.flat()]
    : [];
  const font = await StampFont.create([stamp.code, stamp.verifyUrl, ...stamp.lines, ...audit]);
  const qr = qrMatrix(stamp.verifyUrl);
  const objects: UpdateObject[] = [];
  let next = reader.size;
  const allocate = () => new PdfRef(next++, 0);
  // Font objects are numbered last, once the subsets are known: these /Font dictionaries are filled in then.
  const fontDicts: PdfDict[] = [];
  const FONT_KEY = 'SeglStampFont';
  const FOOTER_KEY = 'SeglFooter';
  // One form XObject per footer width, shared by every page of that width (most documents have one or two).
  const footers = new Map<string, PdfRef>();
  const footerXObject = (width: number): PdfRef => {
    const key = num(width);
    let ref = footers.get(key);
    if (!ref) {
      ref = allocate();
      footers.set(key, ref);
      const fonts = new PdfDict();
      fontDicts.push(fonts);
      const height = footerHeight(width, stamp.lines.length);
      const form = contentStream(footerOperators({ font, fontName: FONT_KEY, width, stamp, qr }));
      form.dict
        .set('Type', PdfName.of('XObject'))
        .set('Subtype', PdfName.of('Form'))
        .set('BBox', [0, 0, width, height]);
      form.dict.set('Resources', new PdfDict([['Font', fonts]]));
      objects.push({ ref, value: form });
    }
    return ref;
  };

  const layout = options.layout ?? 'shrink';
  let shrunkPages = 0;
  // Objects this update writes anyway are never taken for annotations (a hostile /Annots may point anywhere).
  const catalogRef = reader.trailer.get('Root');
  const movedAnnotations = new Set<number>([
    rootRef.num,
    ...pages.map((p) => p.ref.num),
    ...(catalogRef instanceof PdfRef ? [catalogRef.num] : []),
  ]);
  for (const page of pages) {
    const userUnit = asNumber(reader.resolve(page.dict.get('UserUnit'))) ?? 1;
    const mediaBox = page.mediaBox ?? [0, 0, 612, 792];
    const otherBoxes: Record<string, Box> = {};
    for (const key of ['TrimBox', 'BleedBox']) {
      const box = readBox(reader, page.dict.get(key));
      if (box) otherBoxes[key] = box;
    }
    const geometry = { mediaBox, cropBox: page.cropBox, otherBoxes, rotate: page.rotate, userUnit };
    const width = placeFooter({ ...geometry, bandPoints: 0 }).width;
    const placement = placeFooter({ ...geometry, bandPoints: footerHeight(width, stamp.lines.length), layout });
    const resources = (asDict(reader.resolve(page.resources)) ?? new PdfDict()).clone();
    const xobjects = (asDict(reader.resolve(resources.get('XObject'))) ?? new PdfDict()).clone();
    const footerName = freeName(xobjects, FOOTER_KEY);
    xobjects.set(footerName, footerXObject(placement.width));
    resources.set('XObject', xobjects);

    const [vx0, vy0, vx1, vy1] = placement.visible;
    const before = allocate();
    const after = allocate();
    const shrink = placement.layout === 'shrink' ? `${placement.contentMatrix.map(num).join(' ')} cm\n` : '';
    objects.push({
      ref: before,
      value: contentStream(`q\n${shrink}${num(vx0)} ${num(vy0)} ${num(vx1 - vx0)} ${num(vy1 - vy0)} re W n\n`),
    });
    const m = placement.matrix.map(num).join(' ');
    const parts = contentParts(reader, page.dict.get('Contents'));
    const restores = 'Q\n'.repeat(1 + unclosedSaves(contentReader, parts));
    objects.push({ ref: after, value: contentStream(`${restores}q ${m} cm\n${artifact(`/${footerName} Do\n`)}Q\n`) });

    const dict = page.dict.clone();
    dict.set('Contents', [before, ...parts, after]);
    dict.set('Resources', resources);
    dict.set('MediaBox', placement.mediaBox);
    dict.set('CropBox', placement.cropBox);
    for (const [key, box] of Object.entries(placement.otherBoxes)) dict.set(key, box);
    dict.set('Rotate', placement.rotate);
    if (placement.layout === 'shrink') {
      shrunkPages += 1;
      // Links, form fields and notes sit where the content they belong to went.
      const moved = moveAnnotations({
        reader,
        annots: page.dict.get('Annots'),
        matrix: placement.contentMatrix,
        done: movedAnnotations,
      });
      if (moved.annots !== undefined) dict.set('Annots', moved.annots);
      objects.push(...moved.objects);
    }
    objects.push({ ref: page.ref, value: dict });
  }

  let auditCount = 0;
  if (options.auditPages) {
    const contents = auditPageContents({ font, fontName: FONT_KEY, table: options.auditPages });
    if (pages.some((p) => p.ref.num === rootRef.num)) {
      throw new PdfError({
        code: 'pdf_bad_page_tree',
        message: 'the page tree root is a page, so no pages can be appended',
      });
    }
    const root = asDict(reader.lookup(rootRef))!.clone();
    const kids = [...(asArray(reader.resolve(root.get('Kids'))) ?? [])];
    for (const body of contents) {
      const pageRef = allocate();
      const streamRef = allocate();
      objects.push({ ref: streamRef, value: contentStream(`q\n${body}Q\nq\n${artifact(`/${FOOTER_KEY} Do\n`)}Q\n`) });
      const fonts = new PdfDict();
      fontDicts.push(fonts);
      objects.push({
        ref: pageRef,
        value: new PdfDict([
          ['Type', PdfName.of('Page')],
          ['Parent', rootRef],
          ['MediaBox', [0, 0, A4[0], A4[1]]],
          ['CropBox', [0, 0, A4[0], A4[1]]],
          ['Rotate', 0],
          [
            'Resources',
            new PdfDict([
              ['Font', fonts],
              ['XObject', new PdfDict([[FOOTER_KEY, footerXObject(A4[0])]])],
            ]),
          ],
          ['Contents', streamRef],
        ]),
      });
      kids.push(pageRef);
      auditCount += 1;
    }
    root.set('Kids', kids);
    // /Count of the root is what every reader starts from; it was counted above, never trusted.
    root.set('Count', pages.length + auditCount);
    // A /Rotate, crop or resources inherited from the root must not reach the new A4 pages: they set their own.
    objects.push({ ref: rootRef, value: root });
  }

  let attachment: StampResult['attachment'] = 'none';
  const pdfaPart = declaredPdfaPart(reader);
  if (options.attachment) {
    if (pdfaPart === 1 || pdfaPart === 2) {
      attachment = 'skipped-pdfa';
    } else {
      const rootCatalogRef = reader.trailer.get('Root') as PdfRef;
      const added = addAttachment({
        reader,
        catalog: reader.catalog().clone(),
        attachment: options.attachment,
        allocate,
        now: options.now ?? new Date(),
      });
      objects.push(...added.objects, { ref: rootCatalogRef, value: added.catalog });
      attachment = 'embedded';
    }
  }

  const subsets = await font.finish(next, { cidSet: pdfaPart === 1 });
  for (const fonts of fontDicts) for (const [suffix, ref] of subsets.fonts) fonts.set(`${FONT_KEY}${suffix}`, ref);
  objects.push(...subsets.objects);
  const seenNumbers = new Set<number>();
  for (const object of objects) {
    if (seenNumbers.has(object.ref.num)) {
      throw new PdfError({ code: 'pdf_write_failed', message: `object ${object.ref.num} written twice in one update` });
    }
    seenNumbers.add(object.ref.num);
  }
  appendIncrementalUpdate({ file, reader, objects });
  return { originalPages: pages.length, auditPages: auditCount, attachment, pdfaPart, updateStart, shrunkPages };
}
