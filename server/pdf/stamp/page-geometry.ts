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
  /** Maps the footer's own space (points, origin at the band's visual bottom-left, x to the visual right) to user space. */
  matrix: [number, number, number, number, number, number];
  /** Visual width of the band in points. */
  width: number;
  rotate: 0 | 90 | 180 | 270;
}

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
}): FooterPlacement {
  const rotate = normalizeRotate(options.rotate);
  const s = 1 / (options.userUnit > 0 ? options.userUnit : 1);
  const h = options.bandPoints * s;
  const media = options.mediaBox;
  const visible = (options.cropBox && intersectBoxes(options.cropBox, media)) ?? media;
  // Which coordinate of [llx, lly, urx, ury] is the visual bottom edge, and which way is "outwards".
  const side = { 0: 1, 90: 2, 180: 3, 270: 0 }[rotate];
  const dir = side < 2 ? -1 : 1;
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
  const [x0, y0, x1, y1] = visible;
  const matrix: FooterPlacement['matrix'] = {
    0: [s, 0, 0, s, x0, outer],
    90: [0, s, -s, 0, outer, y0],
    180: [-s, 0, 0, -s, x1, outer],
    270: [0, -s, s, 0, outer, y1],
  }[rotate] as FooterPlacement['matrix'];
  const width = (rotate === 0 || rotate === 180 ? x1 - x0 : y1 - y0) / s;
  return { visible, mediaBox, cropBox, otherBoxes, band: normalizeBox(band), matrix, width, rotate };
}
