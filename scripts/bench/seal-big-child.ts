/**
 * Seals one (big) PDF in a process of its own and prints its peak memory as JSON:
 *   node --import=tsx scripts/bench/seal-big-child.ts FILE [DATA_DIR] [LEVEL]
 * sealFile reads the file with GrowableBuffer.readFile (room for the updates, no second copy) and writes the
 * output atomically next to it. It reports process.resourceUsage().maxRSS and VmHWM (see peak-memory.ts: on Linux
 * maxRSS of a forked child starts at its parent's RSS), and baselineRssKB, the RSS just before the file is read,
 * after the keys and code are loaded.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSealer, parsePadesLevel } from '../../server/domain/sealer.js';
import { loadConfig } from '../../server/lib/config.js';
import { currentRssKB, peakMemory } from './peak-memory.js';

async function main(): Promise<void> {
  const [file, dataDirArgument, levelArgument] = process.argv.slice(2);
  if (!file) throw new Error('usage: seal-big-child.ts FILE [DATA_DIR] [LEVEL]');
  const level = parsePadesLevel(levelArgument ?? 'B-LTA');
  const dataDir = dataDirArgument ?? mkdtempSync(join(tmpdir(), 'segl-bench-child-'));
  const sealer = await openSealer({ config: loadConfig({ dataDir }) });
  const output = `${file}.sealed-${process.pid}.pdf`;
  const baselineRssKB = currentRssKB();
  const started = performance.now();
  const result = await sealer.sealFile({ input: file, output, level });
  const sealMs = performance.now() - started;
  const outputBytes = statSync(output).size;
  rmSync(output, { force: true });
  if (!dataDirArgument) rmSync(dataDir, { recursive: true, force: true });
  const report = {
    level: result.level,
    fileBytes: result.inputBytes,
    outputBytes,
    sealMs: Math.round(sealMs),
    baselineRssKB,
    ...peakMemory(),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
