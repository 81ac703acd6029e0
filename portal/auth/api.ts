import { fetchAnswer, readFailure, readJson } from '../shared/http-answer.js';
import type { RequestBodyOf, ResponseOf } from '../shared/api-types.js';

/**
 * The sign-in pages' calls to the HTTP API: JSON bodies only, same-origin cookies (the session cookie is HttpOnly
 * and set by the API). Every answer becomes a tagged result; the pages turn failures into words (errors.ts).
 */
export type AuthFailure =
  | { ok: false; kind: 'network' }
  | { ok: false; kind: 'rate_limited'; retryAfterSeconds: number }
  | { ok: false; kind: 'http'; status: number; error: string };

export type AuthResult<T> = { ok: true; value: T } | AuthFailure;

/** What a setup or enrolment link leads to: `setup` (the first administrator) or `enrol` (an invited user). */
export type LinkMode = 'setup' | 'enrol';
/** What a link route answers, for either mode (the contract's types, generated). */
type LinkAnswer<Step extends '' | '/confirm'> =
  | ResponseOf<`/api/v1/setup${Step}`, 'post'>
  | ResponseOf<`/api/v1/enrol${Step}`, 'post'>;

async function call<T>(path: string, init: RequestInit): Promise<AuthResult<T>> {
  const headers = { Accept: 'application/json', ...(init.headers ?? {}) };
  const response = await fetchAnswer({ path, init: { credentials: 'same-origin', ...init, headers } });
  if (!(response instanceof Response)) return response;
  if (!response.ok) {
    const failure = await readFailure(response, 60);
    return failure.kind === 'http'
      ? { ok: false, kind: 'http', status: failure.status, error: failure.error }
      : failure;
  }
  return (await readJson<T>(response)) ?? { ok: false, kind: 'http', status: response.status, error: 'bad_response' };
}

const post = <T>(path: string, body: unknown) =>
  call<T>(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

export const checkLink = (mode: LinkMode, token: string) =>
  // setup's answer is enrol's without the invited user's e-mail address and name (both optional there)
  post<ResponseOf<'/api/v1/enrol/status', 'post'>>(`/api/v1/${mode}/status`, { token });

export interface AccountBody {
  token: string;
  password: string;
  /** Setup only: the first administrator's e-mail address and name (an invited user has them already). */
  email?: string;
  name?: string;
}

export const beginAccount = (mode: LinkMode, body: AccountBody) => post<LinkAnswer<''>>(`/api/v1/${mode}`, body);

export const confirmAccount = (mode: LinkMode, token: string, code: string) =>
  post<LinkAnswer<'/confirm'>>(`/api/v1/${mode}/confirm`, { token, code });

export const logIn = (email: string, password: string) =>
  post<ResponseOf<'/api/v1/auth/login', 'post'>>('/api/v1/auth/login', { email, password });

export const secondFactor = (body: RequestBodyOf<'/api/v1/auth/totp', 'post'>) =>
  post<ResponseOf<'/api/v1/auth/totp', 'post'>>('/api/v1/auth/totp', body);

export type LoginOptions = ResponseOf<'/api/v1/auth/options'>;

export const loginOptions = () => call<LoginOptions>('/api/v1/auth/options', { method: 'GET' });
