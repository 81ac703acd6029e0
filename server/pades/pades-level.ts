import { SeglError } from '../lib/errors.js';
import type { PadesLevel } from './verification-report.js';

export const PADES_LEVELS: readonly PadesLevel[] = ['B-B', 'B-T', 'B-LT', 'B-LTA'];

export function parsePadesLevel(value: string): PadesLevel {
  const normalized = value
    .trim()
    .toUpperCase()
    .replace(/^PADES[-_ ]?/, '');
  const level = PADES_LEVELS.find((l) => l === normalized);
  if (!level) {
    throw new SeglError({
      code: 'invalid_level',
      message: `unknown PAdES level "${value}": use B-B, B-T, B-LT or B-LTA`,
    });
  }
  return level;
}

export function levelAtLeast(level: PadesLevel, minimum: PadesLevel): boolean {
  return PADES_LEVELS.indexOf(level) >= PADES_LEVELS.indexOf(minimum);
}
