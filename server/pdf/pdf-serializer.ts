import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfValue } from './pdf-objects.js';
import { PdfError } from './pdf-error.js';

const NAME_ESCAPE = /[^!-~]|[#()<>[\]{}/%]/g;

function serializeName(name: string): string {
  return `/${name.replace(NAME_ESCAPE, (ch) => `#${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)}`;
}

function serializeNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  // PDF has no exponent notation: write a plain decimal with enough precision.
  let text = value.toFixed(6);
  text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}

/** Serialises a direct value to PDF syntax. Streams are written by `serializeIndirectObject`. */
export function serializeValue(value: PdfValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return serializeNumber(value);
  if (value instanceof PdfName) return serializeName(value.name);
  if (value instanceof PdfRef) return `${value.num} ${value.gen} R`;
  if (value instanceof PdfString) return `<${Buffer.from(value.bytes).toString('hex')}>`;
  if (Array.isArray(value)) return `[${value.map(serializeValue).join(' ')}]`;
  if (value instanceof PdfDict) {
    let out = '<<';
    for (const [key, entry] of value.entries) out += `${serializeName(key)} ${serializeValue(entry)}`;
    return `${out}>>`;
  }
  if (value instanceof PdfStream) {
    throw new PdfError({ code: 'pdf_write_failed', message: 'a stream cannot be a direct object' });
  }
  throw new PdfError({ code: 'pdf_write_failed', message: 'unknown PDF value' });
}

/** `n g obj ... endobj` as bytes, including stream data. */
export function serializeIndirectObject(ref: PdfRef, value: PdfValue): Buffer {
  if (value instanceof PdfStream) {
    const dict = value.dict.clone().set('Length', value.raw.length);
    return Buffer.concat([
      Buffer.from(`${ref.num} ${ref.gen} obj\n${serializeValue(dict)}\nstream\n`, 'latin1'),
      value.raw,
      Buffer.from('\nendstream\nendobj\n', 'latin1'),
    ]);
  }
  return Buffer.from(`${ref.num} ${ref.gen} obj\n${serializeValue(value)}\nendobj\n`, 'latin1');
}
