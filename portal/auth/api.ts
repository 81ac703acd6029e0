import { fetchAnswer, readFailure, readJson } from '../shared/http-answer.js';
import { typedRequests, type ApiRequest, type Outcome } from '../shared/api-request.js';
import type { RequestBodyOf, ResponseOf } from '../shared/api-types.js';

/**
 * The sign-in pages' calls to the HTTP API: JSON bodies only, same-origin cookies (the session cookie is HttpOnly
 * and set by the API). Every answer becomes a tagged result; the pages turn failures into words (errors.ts).
 */
export type AuthFailure =
  | { ok: false; kind: 'network' }
  | { ok: false; kind: 'rate_limited'; retryAfterSeconds: number }
  | { ok: false; kind: 'http'; status: number; error: string };

export type AuthResult<T> = Outcome<T, AuthFailure>;

/** What a setup or enrolment link leads to: `setup` (the first administrator) or `enrol` (an invited user). */
export type LinkMode = 'setup' | 'enrol';

async function call<T>({ path, init }: ApiRequest): Promise<AuthResult<T>> {
  const response = await fetchAnswer({ path, init: { credentials: 'same-origin', ...init } });
  if (!(response instanceof Response)) return response;
  if (!response.ok) {
    const failure = await readFailure(response, 60);
    return failure.kind === 'http'
      ? { ok: false, kind: 'http', status: failure.status, error: failure.error }
      : failure;
  }
  return (await readJson<T>(response)) ?? { ok: false, kind: 'http', status: response.status, error: 'bad_response' };
}

const request = typedRequests<AuthFailure>(call);

// setup's status answer is enrol's without the invited user's e-mail address and name (both optional there)
export const checkLink = (
  mode: LinkMode,
  token: string,
): Promise<AuthResult<ResponseOf<'/api/v1/enrol/status', 'post'>>> =>
  request('post', `/api/v1/${mode}/status`, { body: { token } });

/** Setup's body (the first administrator: e-mail address, name, password) or enrolment's (an invited user). */
export type AccountBody = RequestBodyOf<'/api/v1/setup', 'post'> | RequestBodyOf<'/api/v1/enrol', 'post'>;

export const beginAccount = (mode: LinkMode, body: AccountBody) => request('post', `/api/v1/${mode}`, { body });

export const confirmAccount = (mode: LinkMode, token: string, code: string) =>
  request('post', `/api/v1/${mode}/confirm`, { body: { token, code } });

export const logIn = (email: string, password: string) =>
  request('post', '/api/v1/auth/login', { body: { email, password } });

export const secondFactor = (body: RequestBodyOf<'/api/v1/auth/totp', 'post'>) =>
  request('post', '/api/v1/auth/totp', { body });

export type LoginOptions = ResponseOf<'/api/v1/auth/options'>;

export const loginOptions = () => request('get', '/api/v1/auth/options', {});
