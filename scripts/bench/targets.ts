import { isError } from './log.js';
import type { ThroughputReport } from './throughput.js';
import { type LatencyStats, round } from './stats.js';

export interface Target {
  name: string;
  measured: number | null;
  threshold: string;
  pass: boolean;
  detail: string;
  error?: string;
}

type Maybe<T> = T | { error: string } | undefined;

function target(
  name: string,
  threshold: string,
  measure: () => { measured: number; pass: boolean; detail: string },
): Target {
  try {
    return { name, threshold, ...measure() };
  } catch (error) {
    return { name, threshold, measured: null, pass: false, detail: 'not measured', error: (error as Error).message };
  }
}

function value<T>(result: Maybe<T>, what: string): T {
  if (result === undefined) throw new Error(`${what} was not measured`);
  if (isError(result)) throw new Error(`${what}: ${result.error}`);
  return result;
}

/**
 * Ours at `level` over the fastest of the signer's variants that ran, in documents/s from the same loop set:
 * a pass then does not depend on how the signer's P12 file was written.
 */
function speedup(report: Maybe<ThroughputReport>, level: string, signers: string[]) {
  const run = value(report, 'throughput');
  const mine = value(run.ours[level], `ours ${level}`).documentsPerSecond;
  const measured = signers.flatMap((name) => {
    const result = run.baselines[name];
    return result && !isError(result) ? [{ name, documentsPerSecond: result.documentsPerSecond }] : [];
  });
  if (!measured.length) throw new Error(`no signer baseline ran (${signers.join(', ')})`);
  const fastest = measured.reduce((a, b) => (b.documentsPerSecond > a.documentsPerSecond ? b : a));
  return {
    ratio: round(mine / fastest.documentsPerSecond, 2),
    detail: `${mine} vs ${fastest.documentsPerSecond} documents/s (${fastest.name}, the fastest signer variant)`,
  };
}

function bigFileLabel(result: Maybe<{ fileBytes: number }>): string {
  return result && !isError(result) ? `${Math.round(result.fileBytes / 1e6)} MB` : 'big-file';
}

export function evaluateTargets(results: {
  tenPages: Maybe<ThroughputReport>;
  thousandPages: Maybe<ThroughputReport>;
  thousandPageLta: Maybe<LatencyStats>;
  bigFile: Maybe<{ fileBytes: number; growthPerFileByte: number; peakPerFileByte: number; peakRssMB: number }>;
  /** Names of the established signer's baselines (its variants). */
  signerBaselines: string[];
}): Target[] {
  const signer = results.signerBaselines;
  return [
    target('10-page B-T throughput vs established signer', '>= 10x', () => {
      const { ratio, detail } = speedup(results.tenPages, 'B-T', signer);
      return { measured: ratio, pass: ratio >= 10, detail };
    }),
    target('1,000-page B-T throughput vs established signer', '>= 2x', () => {
      const { ratio, detail } = speedup(results.thousandPages, 'B-T', signer);
      return { measured: ratio, pass: ratio >= 2, detail };
    }),
    target('1,000-page B-LTA seal time (median ms)', '< 1000', () => {
      const stats = value(results.thousandPageLta, '1,000-page B-LTA');
      return {
        measured: stats.medianMs,
        pass: stats.medianMs < 1000,
        detail: `median ${stats.medianMs} ms, p90 ${stats.p90Ms} ms over ${stats.runs} runs`,
      };
    }),
    target(`${bigFileLabel(results.bigFile)} B-LTA peak memory (growth over file size)`, '< 3x', () => {
      const big = value(results.bigFile, 'big-file seal');
      return {
        measured: big.growthPerFileByte,
        pass: big.growthPerFileByte < 3,
        detail:
          '(peak RSS - RSS before reading) / file size; ' +
          `peak RSS ${big.peakRssMB} MB = ${big.peakPerFileByte}x the file including the runtime`,
      };
    }),
  ];
}
