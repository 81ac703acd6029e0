/** Page boxes and the footer band's placement (ISO 32000-2 §14.11.2, /Rotate §7.7.3.3, /UserUnit §14.11.2). */

export type Box = [number, number, number, number];

export interface FooterPlacement {
  /** The visible box (CropBox ∩ MediaBox) before stamping, in user space. */
  visible: Box;
  mediaBox: Box;
  cropBox: Box;
  /** Other boxes present on the page (TrimBox, BleedBox), grown to contain the band. */
  otherBoxes: Record<string, Box>;
  /** The band in user space (outside `visible`). */
  band: Box;
  /**
   * Maps the footer's own space (points, origin at the band's visual bottom-left, x to the visual right) to user space.
   */
  matrix: [number, number, number, number, number, number];
  /** Visual width of the band in points. */
  width: number;
  rotate: 0 | 90 | 180 | 270;
  /**
   * `shrink`: the page keeps its boxes; `contentMatrix` scales the original content (uniformly, anchored at the
   * visual top centre) into the visible box less the band. `extend`: the boxes grow by the band; content stays.
   */
  layout: 'shrink' | 'extend';
  /** Applied to the original content (identity when extending). */
  contentMatrix: [number, number, number, number, number, number];
}

/** Below this share of its height a page is too small to give up the band: it is extended instead. */
export const MIN_SHRINK_FACTOR = 0.6;

export function normalizeBox(values: number[]): Box {
  const [a, b, c, d] = values;
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}

export function intersectBoxes(a: Box, b: Box): Box | undefined {
  const box: Box = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
  return box[0] < box[2] && box[1] < box[3] ? box : undefined;
}

export function normalizeRotate(value: number | undefined): 0 | 90 | 180 | 270 {
  const r = (((Math.round((value ?? 0) / 90) * 90) % 360) + 360) % 360;
  return r as 0 | 90 | 180 | 270;
}

/**
 * Where a band `bandPoints` high goes on a page so that, as displayed (after /Rotate), it sits below the visible
 * content: the side of the visible box that shows at the bottom moves outwards, and MediaBox (and TrimBox/BleedBox)
 * grow with it. Nothing that was visible is covered.
 */
export function placeFooter(options: {
  mediaBox: Box;
  cropBox?: Box;
  otherBoxes?: Record<string, Box>;
  rotate: number;
  userUnit: number;
  bandPoints: number;
  /** Default `extend`. */
  layout?: 'shrink' | 'extend';
}): FooterPlacement {
  const rotate = normalizeRotate(options.rotate);
  const s = 1 / (options.userUnit > 0 ? options.userUnit : 1);
  const h = options.bandPoints * s;
  const media = options.mediaBox;
  const visible = (options.cropBox && intersectBoxes(options.cropBox, media)) ?? media;
  // Which coordinate of [llx, lly, urx, ury] is the visual bottom edge, and which way is "outwards".
  const side = { 0: 1, 90: 2, 180: 3, 270: 0 }[rotate];
  const dir = side < 2 ? -1 : 1;
  const [x0, y0, x1, y1] = visible;
  const visualHeight = rotate === 0 || rotate === 180 ? y1 - y0 : x1 - x0;
  const factor = (visualHeight - h) / visualHeight;
  if (options.layout === 'shrink' && factor >= MIN_SHRINK_FACTOR)
    return shrinkInto({ visible, media, otherBoxes: options.otherBoxes ?? {}, side, dir, h, s, rotate, factor });
  const outer = visible[side] + dir * h;
  const grow = (box: Box, minimum: number): Box => {
    const next = [...box] as Box;
    next[side] = dir < 0 ? Math.min(box[side] - minimum, outer) : Math.max(box[side] + minimum, outer);
    return next;
  };
  const cropBox = [...visible] as Box;
  cropBox[side] = outer;
  const mediaBox = grow(media, 0);
  const otherBoxes: Record<string, Box> = {};
  for (const [name, box] of Object.entries(options.otherBoxes ?? {})) otherBoxes[name] = grow(box, h);
  const band = [...visible] as Box;
  band[side] = outer;
  band[side < 2 ? side + 2 : side - 2] = visible[side];
  const matrix: FooterPlacement['matrix'] = {
    0: [s, 0, 0, s, x0, outer],
    90: [0, s, -s, 0, outer, y0],
    180: [-s, 0, 0, -s, x1, outer],
    270: [0, -s, s, 0, outer, y1],
  }[rotate] as FooterPlacement['matrix'];
  const width = (rotate === 0 || rotate === 180 ? x1 - x0 : y1 - y0) / s;
  return {
    visible,
    mediaBox,
    cropBox,
    otherBoxes,
    band: normalizeBox(band),
    matrix,
    width,
    rotate,
    layout: 'extend',
    contentMatrix: [1, 0, 0, 1, 0, 0],
  };
}

/**
 * The band's own space (origin at its visual bottom-left, `s` user units per point) for a band whose bottom is at `at`.
 */
function bandMatrix(rotate: 0 | 90 | 180 | 270, visible: Box, at: number, s: number): FooterPlacement['matrix'] {
  const [x0, y0, x1, y1] = visible;
  return {
    0: [s, 0, 0, s, x0, at],
    90: [0, s, -s, 0, at, y0],
    180: [-s, 0, 0, -s, x1, at],
    270: [0, -s, s, 0, at, y1],
  }[rotate] as FooterPlacement['matrix'];
}

/**
 * The band inside the visible box at its visual bottom; the content scaled by `factor` about the middle of the
 * visual top edge, so that it ends exactly where the band begins and stays centred left to right.
 */
function shrinkInto(options: {
  visible: Box;
  media: Box;
  otherBoxes: Record<string, Box>;
  side: number;
  dir: number;
  h: number;
  s: number;
  rotate: 0 | 90 | 180 | 270;
  factor: number;
}): FooterPlacement {
  const { visible, side, dir, h, s, rotate, factor } = options;
  const [x0, y0, x1, y1] = visible;
  const top = side < 2 ? side + 2 : side - 2;
  const fixed: [number, number] = side % 2 === 1 ? [(x0 + x1) / 2, visible[top]] : [visible[top], (y0 + y1) / 2];
  const band = [...visible] as Box;
  band[top] = visible[side] - dir * h;
  const width = (rotate === 0 || rotate === 180 ? x1 - x0 : y1 - y0) / s;
  return {
    visible,
    mediaBox: [...options.media] as Box,
    cropBox: [...visible] as Box,
    otherBoxes: { ...options.otherBoxes },
    band: normalizeBox(band),
    matrix: bandMatrix(rotate, visible, visible[side], s),
    width,
    rotate,
    layout: 'shrink',
    contentMatrix: [factor, 0, 0, factor, fixed[0] * (1 - factor), fixed[1] * (1 - factor)],
  };
}

/** A point through a matrix [a b c d e f]. */
export function transformPoint(m: FooterPlacement['contentMatrix'], x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}
