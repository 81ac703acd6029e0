import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** ../shared/corpus next to the checkout (CI lays a copy of shared/ beside the clone), or SEGL_CORPUS_DIR. */
export const CORPUS_DIR =
  process.env.SEGL_CORPUS_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus');

export interface CorpusFile {
  name: string;
  path: string;
  expected: 'accept' | 'reject-with-error' | 'either';
  features: string;
}

export function corpusAvailable(): boolean {
  return existsSync(join(CORPUS_DIR, 'MANIFEST.tsv'));
}

export function corpusFiles(): CorpusFile[] {
  if (!corpusAvailable()) {
    if (process.env.CI === 'true') throw new Error(`the corpus is missing at ${CORPUS_DIR}`);
    return [];
  }
  const [header, ...rows] = readFileSync(join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const columns = header.split('\t');
  const at = (row: string[], name: string) => row[columns.indexOf(name)] ?? '';
  const listed = rows.map((line) => line.split('\t'));
  const names = new Set(readdirSync(CORPUS_DIR));
  return listed
    .filter((row) => names.has(at(row, 'file')))
    .map((row) => ({
      name: at(row, 'file'),
      path: join(CORPUS_DIR, at(row, 'file')),
      expected: at(row, 'expected') as CorpusFile['expected'],
      features: at(row, 'features'),
    }));
}
