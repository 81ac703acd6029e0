import { type PdfDict, PdfRef, asArray, asDict, asNumber, type PdfValue } from '../pdf-objects.js';
import type { PdfReader } from '../pdf-reader.js';
import type { UpdateObject } from '../incremental-writer.js';
import { normalizeBox, transformPoint, type FooterPlacement } from './page-geometry.js';

type Matrix = FooterPlacement['contentMatrix'];

/** Annotation keys that hold points in user space: rectangles, quadrilaterals, lines, vertices (§12.5). */
const RECT_KEYS = ['Rect'];
const POINT_KEYS = ['QuadPoints', 'L', 'Vertices', 'CL'];

function numbers(value: PdfValue | undefined): number[] | undefined {
  const array = asArray(value);
  if (!array || array.length === 0 || array.length % 2 !== 0) return undefined;
  const out = array.map((v) => asNumber(v));
  return out.every((n) => n !== undefined && Number.isFinite(n)) ? (out as number[]) : undefined;
}

function movePoints(values: number[], matrix: Matrix): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i += 2) out.push(...transformPoint(matrix, values[i], values[i + 1]));
  return out;
}

/** One annotation dictionary with its points moved as the page content was. */
function moved(dict: PdfDict, reader: PdfReader, matrix: Matrix): PdfDict {
  const copy = dict.clone();
  for (const key of RECT_KEYS) {
    const rect = numbers(reader.resolve(dict.get(key)));
    if (rect?.length !== 4) continue;
    const [a, b] = transformPoint(matrix, rect[0], rect[1]);
    const [c, d] = transformPoint(matrix, rect[2], rect[3]);
    copy.set(key, normalizeBox([a, b, c, d]));
  }
  for (const key of POINT_KEYS) {
    const points = numbers(reader.resolve(dict.get(key)));
    if (points) copy.set(key, movePoints(points, matrix));
  }
  const ink = asArray(reader.resolve(dict.get('InkList')));
  if (ink)
    copy.set(
      'InkList',
      ink
        .map((path) => numbers(reader.resolve(path)) ?? path)
        .map((path) =>
          Array.isArray(path) && path.every((n) => typeof n === 'number') ? movePoints(path as number[], matrix) : path,
        ),
    );
  return copy;
}

/**
 * When a page's content is scaled to make room for the stamp, its annotations (links, form fields, notes) move
 * with it: indirect annotations are rewritten in the update (each once, even when listed on several pages), direct
 * ones in a new /Annots array. Appearance streams follow /Rect by themselves (§12.5.5).
 */
export function moveAnnotations(options: {
  reader: PdfReader;
  annots: PdfValue | undefined;
  matrix: Matrix;
  done: Set<number>;
}): { annots?: PdfValue[]; objects: UpdateObject[] } {
  const { reader, matrix } = options;
  const list = asArray(reader.resolve(options.annots));
  if (!list || list.length === 0) return { objects: [] };
  const objects: UpdateObject[] = [];
  const annots: PdfValue[] = [];
  for (const entry of list) {
    if (entry instanceof PdfRef) {
      annots.push(entry);
      if (options.done.has(entry.num)) continue;
      const dict = asDict(reader.lookup(entry));
      if (!dict || dict !== reader.lookup(entry)) continue; // not a dictionary (a stream or junk): left alone
      options.done.add(entry.num);
      objects.push({ ref: entry, value: moved(dict, reader, matrix) });
      continue;
    }
    const dict = asDict(entry);
    annots.push(dict ? moved(dict, reader, matrix) : entry);
  }
  return { annots, objects };
}
