import type { Sealer } from '../../server/domain/sealer.js';
import type { Baseline } from './baselines.js';
import type { SampleSet } from './inputs.js';
import { guarded, progress } from './log.js';
import { checkedSeal, LEVELS, sealOperation } from './sealing.js';
import { measureLatency, type LatencyPlan, type LatencyStats } from './stats.js';

export interface LatencyReport {
  pages: number;
  inputBytes: number;
  levels: Record<string, LatencyStats | { error: string }>;
  baselines: Record<string, LatencyStats | { error: string }>;
}

/** Fewer runs for big documents, so that the whole table stays within a few tens of seconds. */
export function latencyPlan(pages: number, quick: boolean): LatencyPlan {
  const budgetMs = quick ? 300 : pages >= 1000 ? 3000 : 1200;
  return { warmup: pages >= 1000 ? 2 : 3, minRuns: 5, maxRuns: pages >= 1000 ? 30 : 40, budgetMs };
}

/** Seal time per level for one sample size, and the baselines' time per document on the same inputs. */
export async function measureSealLatency(options: {
  sealer: Sealer;
  sample: SampleSet;
  baselines: Baseline[];
  quick: boolean;
}): Promise<LatencyReport> {
  const { sealer, sample } = options;
  const plan = latencyPlan(sample.pages, options.quick);
  const report: LatencyReport = { pages: sample.pages, inputBytes: sample.bytes, levels: {}, baselines: {} };
  for (const level of LEVELS) {
    report.levels[level] = await guarded(`${sample.pages}-page ${level}`, async () => {
      await checkedSeal(sealer, sample.pool[0], level);
      return measureLatency(sample.pool, sealOperation(sealer, level), plan);
    });
    progress(`${sample.pages}-page ${level}: ${JSON.stringify(report.levels[level])}`);
  }
  for (const baseline of options.baselines) {
    report.baselines[baseline.name] = await guarded(`${sample.pages}-page ${baseline.name}`, () =>
      measureLatency(sample.pool, baseline.run, plan),
    );
    progress(`${sample.pages}-page ${baseline.name}: ${JSON.stringify(report.baselines[baseline.name])}`);
  }
  return report;
}
