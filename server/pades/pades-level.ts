import type { PadesLevel } from './verification-report.js';

export const PADES_LEVELS: readonly PadesLevel[] = ['B-B', 'B-T', 'B-LT', 'B-LTA'];

export function levelAtLeast(level: PadesLevel, minimum: PadesLevel): boolean {
  return PADES_LEVELS.indexOf(level) >= PADES_LEVELS.indexOf(minimum);
}
