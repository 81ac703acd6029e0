/** Seconds to wait from a 429's `Retry-After` (whole seconds), capped at an hour; `fallback` when absent or odd. */
export function retryAfterSeconds(response: Response, fallback: number): number {
  const header = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  return Number.isFinite(header) && header > 0 ? Math.min(header, 3600) : fallback;
}

/** The JSON object of an error answer (`{error, message, ...}`), or `{}` when the body is not one. */
export async function errorBodyOf(response: Response): Promise<Record<string, unknown>> {
  try {
    const parsed: unknown = await response.json();
    if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
  } catch {
    // not JSON: the status alone tells
  }
  return {};
}
