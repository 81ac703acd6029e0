import type { PadesLevel, Sealer } from '../../server/domain/sealer.js';
import type { Baseline } from './baselines.js';
import type { SampleSet } from './inputs.js';
import { guarded, isError, progress } from './log.js';
import { sealOperation } from './sealing.js';
import { measureThroughput, round, type ThroughputStats } from './stats.js';

type Result = ThroughputStats | { error: string };

export interface ThroughputReport {
  pages: number;
  inputBytes: number;
  distinctDocuments: number;
  secondsPerLoop: number;
  ours: Record<string, Result>;
  baselines: Record<string, Result & { note?: string }>;
  /** ours documents/s divided by the baseline's, keyed "LEVEL/baseline". */
  ratios: Record<string, number | null>;
}

function ratiosOf(ours: Record<string, Result>, baselines: Record<string, Result>): Record<string, number | null> {
  const ratios: Record<string, number | null> = {};
  for (const [level, mine] of Object.entries(ours)) {
    for (const [name, theirs] of Object.entries(baselines)) {
      const valid = !isError(mine) && !isError(theirs) && theirs.documentsPerSecond > 0;
      ratios[`${level}/${name}`] = valid ? round(mine.documentsPerSecond / theirs.documentsPerSecond, 2) : null;
    }
  }
  return ratios;
}

/** Sequential loops of ~`seconds` each over the same pool of distinct documents: our levels, then each baseline. */
export async function compareThroughput(options: {
  sealer: Sealer;
  sample: SampleSet;
  levels: PadesLevel[];
  baselines: Baseline[];
  seconds: number;
}): Promise<ThroughputReport> {
  const { sample, seconds } = options;
  const minDocuments = sample.pages >= 1000 ? 3 : 10;
  const loop = (label: string, run: (input: Uint8Array) => unknown) =>
    guarded(label, async () => {
      const stats = await measureThroughput(sample.pool, run, { seconds, minDocuments });
      progress(`${label}: ${stats.documentsPerSecond} documents/s, ${stats.megabytesPerSecond} MB/s`);
      return stats;
    });
  const ours: Record<string, Result> = {};
  for (const level of options.levels)
    ours[level] = await loop(`${sample.pages}-page batch ${level}`, sealOperation(options.sealer, level));
  const baselines: Record<string, Result & { note?: string }> = {};
  for (const baseline of options.baselines) {
    const result = await loop(`${sample.pages}-page batch ${baseline.name}`, baseline.run);
    baselines[baseline.name] = baseline.note && !isError(result) ? { ...result, note: baseline.note } : result;
  }
  return {
    pages: sample.pages,
    inputBytes: sample.bytes,
    distinctDocuments: sample.pool.length,
    secondsPerLoop: seconds,
    ours,
    baselines,
    ratios: ratiosOf(ours, baselines),
  };
}
