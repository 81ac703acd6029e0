import { inflateSync, constants as zlibConstants } from 'node:zlib';
import { PdfName, type PdfStream, asArray, asDict, asNumber, type PdfValue } from './pdf-objects.js';
import { PdfError } from './pdf-error.js';

/** Default cap on the decoded size of one stream: a flate bomb fails instead of eating the memory. */
export const MAX_DECODED_STREAM_BYTES = 256 * 1024 * 1024;

function inflateCapped(data: Uint8Array, maxBytes: number): Buffer {
  try {
    return inflateSync(data, { maxOutputLength: maxBytes, finishFlush: zlibConstants.Z_SYNC_FLUSH });
  } catch (error) {
    if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      const message = `a compressed stream expands beyond ${maxBytes} bytes`;
      throw new PdfError({ code: 'pdf_stream_too_large', message, details: { limit: maxBytes } });
    }
    throw new PdfError({ code: 'pdf_bad_stream', message: 'a compressed stream is corrupt', cause: error });
  }
}

/** PNG (10-15) and TIFF (2) predictors as used by cross-reference and object streams (§7.4.4.4). */
function unpredict(data: Buffer, parms: PdfValue | undefined): Buffer {
  const dict = asDict(parms);
  const predictor = asNumber(dict?.get('Predictor')) ?? 1;
  if (predictor === 1) return data;
  const colors = asNumber(dict?.get('Colors')) ?? 1;
  const bpc = asNumber(dict?.get('BitsPerComponent')) ?? 8;
  const columns = asNumber(dict?.get('Columns')) ?? 1;
  const bytesPerPixel = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLength = Math.ceil((colors * bpc * columns) / 8);
  if (predictor === 2) {
    if (bpc !== 8) {
      throw new PdfError({
        code: 'pdf_unsupported_filter',
        message: 'TIFF predictor with bits per component other than 8',
      });
    }
    const out = Buffer.from(data);
    for (let row = 0; row + rowLength <= out.length; row += rowLength) {
      for (let i = bytesPerPixel; i < rowLength; i += 1)
        out[row + i] = (out[row + i] + out[row + i - bytesPerPixel]) & 0xff;
    }
    return out;
  }
  if (predictor < 10) {
    throw new PdfError({ code: 'pdf_unsupported_filter', message: `predictor ${predictor} is not supported` });
  }
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = Buffer.alloc(rows * rowLength);
  const previous = Buffer.alloc(rowLength);
  for (let r = 0; r < rows; r += 1) {
    const type = data[r * (rowLength + 1)];
    const src = r * (rowLength + 1) + 1;
    const dst = r * rowLength;
    for (let i = 0; i < rowLength; i += 1) {
      const raw = data[src + i];
      const left = i >= bytesPerPixel ? out[dst + i - bytesPerPixel] : 0;
      const up = previous[i];
      const upLeft = i >= bytesPerPixel ? previous[i - bytesPerPixel] : 0;
      let value: number;
      switch (type) {
        case 0:
          value = raw;
          break;
        case 1:
          value = raw + left;
          break;
        case 2:
          value = raw + up;
          break;
        case 3:
          value = raw + ((left + up) >> 1);
          break;
        case 4: {
          const p = left + up - upLeft;
          const pa = Math.abs(p - left);
          const pb = Math.abs(p - up);
          const pc = Math.abs(p - upLeft);
          value = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
          break;
        }
        default:
          throw new PdfError({ code: 'pdf_bad_stream', message: `unknown PNG filter type ${type}` });
      }
      out[dst + i] = value & 0xff;
    }
    out.copy(previous, 0, dst, dst + rowLength);
  }
  return out;
}

/** Decodes a stream's data through its filters (FlateDecode with predictors; unfiltered data passes through). */
export function decodeStream(stream: PdfStream, maxBytes = MAX_DECODED_STREAM_BYTES): Buffer {
  const filterValue = stream.dict.get('Filter');
  const filters = filterValue === undefined || filterValue === null ? [] : (asArray(filterValue) ?? [filterValue]);
  const parmsValue = stream.dict.get('DecodeParms');
  const parmsList = asArray(parmsValue) ?? [parmsValue];
  let data = Buffer.from(stream.raw.buffer, stream.raw.byteOffset, stream.raw.byteLength);
  filters.forEach((filter, index) => {
    if (!(filter instanceof PdfName)) throw new PdfError({ code: 'pdf_bad_stream', message: 'filter is not a name' });
    if (filter.name === 'FlateDecode' || filter.name === 'Fl') {
      data = unpredict(inflateCapped(data, maxBytes), parmsList[index] ?? undefined);
    } else {
      throw new PdfError({
        code: 'pdf_unsupported_filter',
        message: `stream filter ${filter.name} is not supported here`,
      });
    }
  });
  return data;
}
