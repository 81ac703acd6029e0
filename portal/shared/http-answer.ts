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

/** A request that got no answer at all (offline, refused, blocked on the way). */
export type NetworkFailure = { ok: false; kind: 'network' };

/** An answer that refused: throttled (429, with the wait), or any other status with its error code and body. */
export type AnswerFailure =
  | { ok: false; kind: 'rate_limited'; retryAfterSeconds: number }
  | { ok: false; kind: 'http'; status: number; error: string; body: Record<string, unknown> };

/** `fetch` that never caches and never throws: a request that got no answer is a NetworkFailure. */
export async function fetchAnswer(options: { path: string; init: RequestInit }): Promise<Response | NetworkFailure> {
  try {
    return await fetch(options.path, { cache: 'no-store', ...options.init });
  } catch {
    return { ok: false, kind: 'network' };
  }
}

/** What a refusing answer (not 2xx) says; `retryFallback` seconds when a 429 does not say how long to wait. */
export async function readFailure(response: Response, retryFallback: number): Promise<AnswerFailure> {
  if (response.status === 429)
    return { ok: false, kind: 'rate_limited', retryAfterSeconds: retryAfterSeconds(response, retryFallback) };
  const body = await errorBodyOf(response);
  return {
    ok: false,
    kind: 'http',
    status: response.status,
    error: typeof body.error === 'string' ? body.error : '',
    body,
  };
}

/** The JSON body of an answer, or null when it is not JSON (a proxy's HTML page, a body cut off). */
export async function readJson<T>(response: Response): Promise<{ ok: true; value: T } | null> {
  try {
    return { ok: true, value: (await response.json()) as T };
  } catch {
    return null;
  }
}
