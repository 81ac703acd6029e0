/**
 * A baseline for the big-file memory measurement, in a process of its own:
 *   node --import=tsx scripts/bench/big-baseline-child.ts sha256|signpdf FILE WORK_DIR
 * Prints the same fields as seal-big-child.ts. The baseline is set up (code loaded, checked on a 1-page PDF)
 * before the baseline RSS is taken, then run once on the big file read with readFileSync.
 */
import { readFileSync } from 'node:fs';
import { createSamplePdf } from '../lib/sample-pdf.js';
import { sha256Baseline, signpdfBaseline, type Baseline } from './baselines.js';
import { currentRssKB, peakMemory } from './peak-memory.js';

async function baselineFor(mode: string, workDir: string): Promise<Baseline> {
  if (mode === 'sha256') return sha256Baseline();
  // The one-iteration P12 keeps key decoding out of the picture; what matters here is memory.
  if (mode === 'signpdf') return signpdfBaseline(workDir, await createSamplePdf({ pages: 1 }), 'no-kdf-iterations');
  throw new Error(`unknown baseline ${mode}`);
}

async function main(): Promise<void> {
  const [mode, file, workDir] = process.argv.slice(2);
  if (!mode || !file || !workDir) throw new Error('usage: big-baseline-child.ts sha256|signpdf FILE WORK_DIR');
  const baseline = await baselineFor(mode, workDir);
  const baselineRssKB = currentRssKB();
  const started = performance.now();
  const input = readFileSync(file);
  const output = await baseline.run(input);
  const sealMs = performance.now() - started;
  const report = {
    mode,
    fileBytes: input.length,
    outputBytes: Buffer.isBuffer(output) ? output.length : null,
    sealMs: Math.round(sealMs),
    baselineRssKB,
    ...peakMemory(),
    note: baseline.note,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
