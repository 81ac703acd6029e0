/** Progress goes to stderr so that stdout carries only the JSON document. */
const started = performance.now();

export function progress(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${seconds}s] ${message}\n`);
}

export function errorOf(error: unknown): { error: string } {
  return { error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
}

/** Runs a measurement; a failure becomes `{ error }` in the report instead of ending the bench. */
export async function guarded<T>(label: string, measure: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await measure();
  } catch (error) {
    progress(`${label} failed: ${errorOf(error).error}`);
    return errorOf(error);
  }
}

export function isError(value: unknown): value is { error: string } {
  return typeof value === 'object' && value !== null && 'error' in value;
}
