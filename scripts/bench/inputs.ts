import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSamplePdf } from '../lib/sample-pdf.js';

/** A marker in the document title; variants replace its digits in place, so offsets and xref stay valid. */
const MARKER = 'bench-000000';
const MARKER_DIGITS = 6;

export interface SampleSet {
  pages: number;
  bytes: number;
  /** Distinct documents of the same shape (they differ in their /Title), cycled through by the loops. */
  pool: Uint8Array[];
}

export function createWorkDir(): { dir: string; dataDir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'segl-bench-'));
  return { dir, dataDir: join(dir, 'data'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** pdf-lib writes the title as a UTF-16BE hex string: <FEFF0062...>. */
function utf16HexOf(text: string): string {
  return [...text].map((c) => c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')).join('');
}

function markerFor(index: number): string {
  return `bench-${String(index).padStart(MARKER_DIGITS, '0')}`;
}

/** Copies of `base` whose title marker carries the numbers 0..count-1: distinct bytes, identical structure. */
export function distinctVariants(base: Uint8Array, count: number): Uint8Array[] {
  const source = Buffer.from(base.buffer, base.byteOffset, base.length);
  const at = source.indexOf(utf16HexOf(MARKER), 0, 'latin1');
  if (at < 0) throw new Error('title marker not found in the sample PDF');
  return Array.from({ length: count }, (_, index) => {
    const copy = Buffer.from(source);
    copy.write(utf16HexOf(markerFor(index)), at, 'latin1');
    return copy;
  });
}

/** A sample of `pages` pages and a pool of distinct variants of it, within a memory budget. */
export async function createSampleSet(
  pages: number,
  options: { poolBytes: number; maxPool: number },
): Promise<SampleSet> {
  const base = await createSamplePdf({ pages, title: MARKER });
  const count = Math.max(1, Math.min(options.maxPool, Math.floor(options.poolBytes / base.length)));
  return { pages, bytes: base.length, pool: distinctVariants(base, count) };
}

/** Writes the big sample (an incompressible attachment) to disk once; returns its path and size. */
export async function writeBigSample(
  dir: string,
  padBytes: number,
  pages: number,
): Promise<{ path: string; bytes: number }> {
  const bytes = await createSamplePdf({ pages, padBytes, title: MARKER });
  const path = join(dir, `big-${Math.round(padBytes / 1e6)}MB.pdf`);
  writeFileSync(path, bytes);
  return { path, bytes: bytes.length };
}
