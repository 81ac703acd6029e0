import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { guarded, isError, progress } from './log.js';
import type { PeakMemory } from './peak-memory.js';
import { round } from './stats.js';

interface ChildReport extends PeakMemory {
  fileBytes: number;
  outputBytes: number | null;
  sealMs: number;
  baselineRssKB: number;
  note?: string;
}

export interface MemoryRun extends ChildReport {
  /** The child's own peak RSS: VmHWM where /proc has it, else maxRSS. */
  peakRssKB: number;
  peakRssMB: number;
  /** (peak RSS − RSS before reading the file) / file size. */
  growthPerFileByte: number;
  /** peak RSS / file size: the stricter view, runtime and code included. */
  peakPerFileByte: number;
}

export interface BigSealReport {
  level: string;
  fileBytes: number;
  outputBytes: number | null;
  peakRssMB: number;
  baselineRssMB: number;
  growthPerFileByte: number;
  peakPerFileByte: number;
  sealMsMedian: number;
  runs: Pick<MemoryRun, 'sealMs' | 'baselineRssKB' | 'vmHwmKB' | 'maxRssKB'>[];
}

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SEAL_CHILD = fileURLToPath(new URL('./seal-big-child.ts', import.meta.url));
const BASELINE_CHILD = fileURLToPath(new URL('./big-baseline-child.ts', import.meta.url));
const CHILD_TIMEOUT_MS = 180_000;

/** Runs `node --import=tsx SCRIPT ARGS` and parses the JSON line it prints. */
function runChild(script: string, args: string[]): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const options = { cwd: REPO_ROOT, timeout: CHILD_TIMEOUT_MS, maxBuffer: 1 << 20 };
    execFile(process.execPath, ['--import=tsx', script, ...args], options, (error, stdout, stderr) => {
      if (error) {
        const tail = stderr.trim().split('\n').slice(-3).join(' | ');
        reject(new Error(`${error.message.split('\n')[0]}${tail ? `: ${tail}` : ''}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as ChildReport);
      } catch {
        reject(new Error(`child printed no report: ${stdout.slice(0, 200)}`));
      }
    });
  });
}

function withRatios(report: ChildReport): MemoryRun {
  const peakRssKB = report.vmHwmKB ?? report.maxRssKB;
  return {
    ...report,
    peakRssKB,
    peakRssMB: round(peakRssKB / 1024, 1),
    growthPerFileByte: round(((peakRssKB - report.baselineRssKB) * 1024) / report.fileBytes, 3),
    peakPerFileByte: round((peakRssKB * 1024) / report.fileBytes, 3),
  };
}

function describe(run: MemoryRun): string {
  return `${run.peakRssMB} MB peak, growth ${run.growthPerFileByte}x file, ${run.sealMs} ms`;
}

/** Our B-LTA seal of the big file, `runs` times in fresh processes; the worst peak counts, the median time. */
export async function measureBigSeal(options: { file: string; dataDir: string; runs: number }): Promise<BigSealReport> {
  const runs: MemoryRun[] = [];
  for (let i = 0; i < options.runs; i += 1) {
    runs.push(withRatios(await runChild(SEAL_CHILD, [options.file, options.dataDir, 'B-LTA'])));
    progress(`big file B-LTA run ${i + 1}: ${describe(runs[i])}`);
  }
  const worst = runs.reduce((a, b) => (b.peakRssKB > a.peakRssKB ? b : a));
  const times = runs.map((run) => run.sealMs).sort((a, b) => a - b);
  return {
    level: 'B-LTA',
    fileBytes: worst.fileBytes,
    outputBytes: worst.outputBytes,
    peakRssMB: worst.peakRssMB,
    baselineRssMB: round(worst.baselineRssKB / 1024, 1),
    growthPerFileByte: worst.growthPerFileByte,
    peakPerFileByte: worst.peakPerFileByte,
    sealMsMedian: times[Math.floor((times.length - 1) / 2)],
    runs: runs.map(({ sealMs, baselineRssKB, vmHwmKB, maxRssKB }) => ({ sealMs, baselineRssKB, vmHwmKB, maxRssKB })),
  };
}

/** The same file through the baselines, each once in a fresh process (a failure is reported, not thrown). */
export async function measureBigBaselines(options: { file: string; workDir: string; modes: string[] }) {
  const results: Record<string, MemoryRun | { error: string }> = {};
  for (const mode of options.modes) {
    const result = await guarded(`big file ${mode}`, async () =>
      withRatios(await runChild(BASELINE_CHILD, [mode, options.file, options.workDir])),
    );
    if (!isError(result)) progress(`big file ${mode}: ${describe(result)}`);
    results[mode] = result;
  }
  return results;
}
