import { appendRevision, lastTrailer } from './pdf-forge.js';

/**
 * Files built to make a verifier work hard, from a sealed PDF: for benchmarks of what untrusted uploads cost, and
 * tests that the cost stays bounded.
 */

/** A revision whose form lists `count` inline signature fields that all name the seal's own signature value. */
export function manyFieldsNamingOneSignature(sealed: Buffer, count = 3000): Buffer {
  const text = sealed.toString('latin1');
  const sig = /(\d+) 0 obj\s*<<\/Type \/Sig/.exec(text) ?? /(\d+) 0 obj\s*<<\s*\/Type\s*\/Sig\b/.exec(text);
  if (!sig) throw new Error('no signature dictionary found');
  const catalogNum = lastTrailer(sealed).root;
  const { size } = lastTrailer(sealed);
  const fields = Array.from({ length: count }, (_, i) => `<< /FT /Sig /T (f${i}) /V ${sig[1]} 0 R >>`).join(' ');
  return appendRevision(sealed, {
    objects: {
      [size]: `<< /Fields [${fields}] /SigFlags 3 >>`,
      [catalogNum]: catalogWith(sealed, catalogNum, `/AcroForm ${size} 0 R`),
    },
  });
}

/** A revision that hangs a chain of `count` new objects on the catalog: a long walk for any change analysis. */
export function longObjectChain(sealed: Buffer, count = 200_000): Buffer {
  const catalogNum = lastTrailer(sealed).root;
  const { size } = lastTrailer(sealed);
  const objects: Record<number, string> = {};
  for (let i = 0; i < count; i += 1) objects[size + i] = i + 1 < count ? `[${size + i + 1} 0 R]` : 'null';
  objects[catalogNum] = catalogWith(sealed, catalogNum, `/SeglBench ${size} 0 R`);
  return appendRevision(sealed, { objects });
}

/** The newest definition of the catalog with `extra` keys replacing or joining its own (text level, for benchmarks). */
function catalogWith(pdf: Buffer, catalogNum: number, extra: string): string {
  const text = pdf.toString('latin1');
  const header = new RegExp(`(?:^|\\s)${catalogNum} 0 obj\\s*`, 'g');
  let start = -1;
  for (let match = header.exec(text); match; match = header.exec(text)) start = match.index + match[0].length;
  if (start < 0) throw new Error('the catalog is not a plain object');
  const end = text.indexOf('endobj', start);
  const body = text.slice(start, end).trim();
  const keys = extra.match(/\/\w+/g) ?? [];
  let result = body.slice(0, -2);
  for (const key of keys) result = result.replace(new RegExp(`${key}\\s+(?:\\d+ \\d+ R|<<[^>]*>>|\\[[^\\]]*\\])`), '');
  return `${result} ${extra} >>`;
}
