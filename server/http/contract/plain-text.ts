import { z } from 'zod';

/** Printable text without control characters (a NUL would cut SQLite's statement short: 422, never 500). */
export function plainText(options: { min?: number; max: number }) {
  return z
    .string()
    .trim()
    .min(options.min ?? 1)
    .max(options.max)
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'control characters are not allowed');
}
