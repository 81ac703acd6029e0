import { isError, progress } from './log.js';

/** One row of a bench section's targets: what was measured, against what it should reach, and whether it did. */
export interface SectionTarget {
  name: string;
  target: string;
  measured: string;
  pass: boolean;
  note?: string;
  informational?: boolean;
}

/**
 * A target judged on one measurement's report: when the measurement failed, its error stands as what was measured
 * and the target fails.
 */
export function judgeTarget<T extends object>(
  report: T | { error: string },
  row: Omit<SectionTarget, 'measured' | 'pass'> & { measured: (report: T) => string; pass: (report: T) => boolean },
): SectionTarget {
  const { name, target, measured, pass, ...rest } = row;
  return isError(report)
    ? { name, target, measured: report.error, pass: false, ...rest }
    : { name, target, measured: measured(report), pass: pass(report), ...rest };
}

/** Each target as a PASS or FAIL line on stderr. */
export function logTargets(targets: SectionTarget[]): void {
  for (const target of targets)
    progress(`${target.pass ? 'PASS' : 'FAIL'} ${target.name}: ${target.measured} (target ${target.target})`);
}
