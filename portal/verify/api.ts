import { errorBodyOf, fetchAnswer, readJson, retryAfterSeconds } from '../shared/http-answer.js';
import { typedRequests, type ApiRequest, type Outcome } from '../shared/api-request.js';
import type { ResponseOf } from '../shared/api-types.js';
/** The portal's calls to /api/v1/verify/* (DESIGN.md "Contract"); every answer is turned into a tagged result. */

/* ---- the answers' shapes: the route contracts' (shared/api-types.ts), never restated here ---- */

export type CodeStatus = ResponseOf<'/api/v1/verify/{code}'>;
/** What POST /api/v1/verify/:code/match answers: `match`, and the details only when it matches. */
type MatchAnswer = ResponseOf<'/api/v1/verify/{code}/match', 'post'>;

/** A signer as the page shows them (readMatch). */
export interface MatchSigner {
  name: string;
  status: MatchedSigner['status'] | null;
  /** `email-otp` or `oidc:<key>`. */
  method: string | null;
  /** The identity provider's display name, when the method is `oidc:<key>`. */
  provider: string | null;
  signedAt: string | null;
}
type MatchedSigner = NonNullable<MatchAnswer['signers']>[number];

export interface MatchResult {
  match: boolean;
  /** Which file the hash is: the sealed `final` file or the uploaded `original`. */
  matchedVersion: NonNullable<MatchAnswer['matchedVersion']> | null;
  title: string | null;
  signers: MatchSigner[];
}

/** The same report as `segl verify --json`, plus the known document if any. */
export type FileReport = ResponseOf<'/api/v1/verify/file', 'post'>;
export type SignatureReport = FileReport['signatures'][number];
/** One kind of change after a signature, as the verifier names it. */
export type ChangeReport = SignatureReport['changes'][number];
export type CertificateInfo = NonNullable<SignatureReport['signer']>;

type ApiFailure =
  | { ok: false; kind: 'not_found' | 'invalid' | 'too_large' | 'network' | 'server' }
  | { ok: false; kind: 'rate_limited' | 'busy'; retryAfterSeconds: number };
export type ApiResult<T> = Outcome<T, ApiFailure>;

async function call<T>({ path, init }: ApiRequest): Promise<ApiResult<T>> {
  const response = await fetchAnswer({ path, init: { credentials: 'omit', ...init } });
  if (!(response instanceof Response)) return response;
  if (response.status === 429)
    return { ok: false, kind: 'rate_limited', retryAfterSeconds: retryAfterSeconds(response, 60) };
  if (response.status === 503 && (await errorBodyOf(response)).error === 'verification_busy')
    return { ok: false, kind: 'busy', retryAfterSeconds: retryAfterSeconds(response, 30) };
  if (response.status === 404) return { ok: false, kind: 'not_found' };
  if (response.status === 413) return { ok: false, kind: 'too_large' };
  if (response.status === 400 || response.status === 415 || response.status === 422)
    return { ok: false, kind: 'invalid' };
  if (!response.ok) return { ok: false, kind: 'server' };
  return (await readJson<T>(response)) ?? { ok: false, kind: 'server' };
}

const request = typedRequests<ApiFailure>(call);

export const lookUpCode = (code: string) => request('get', '/api/v1/verify/{code}', { params: { code } });

export async function matchHash(code: string, sha256: string): Promise<ApiResult<MatchResult>> {
  const result = await request('post', '/api/v1/verify/{code}/match', { params: { code }, body: { sha256 } });
  if (!result.ok) return result;
  return { ok: true, value: readMatch(result.value) };
}

export function validateFile(file: File): Promise<ApiResult<FileReport>> {
  const body = new FormData();
  body.append('file', file, file.name || 'document.pdf');
  return request('post', '/api/v1/verify/file', { body });
}

/** The match answer's details, read leniently: the contract fixes `match`, the rest is "details when it matches". */
function readMatch(body: MatchAnswer): MatchResult {
  const list = Array.isArray(body.signers) ? body.signers : [];
  const text = (value: unknown) => (typeof value === 'string' && value ? value : null);
  const statuses: unknown[] = ['pending', 'signed', 'declined'] satisfies MatchedSigner['status'][];
  return {
    match: body.match === true,
    matchedVersion: body.matchedVersion === 'original' || body.matchedVersion === 'final' ? body.matchedVersion : null,
    title: text(body.title),
    signers: list.map((signer) => ({
      name: text(signer.name) ?? '',
      status: statuses.includes(signer.status) ? signer.status : null,
      method: text(signer.identifiedBy),
      provider: text(signer.provider),
      signedAt: text(signer.signedAt),
    })),
  };
}
