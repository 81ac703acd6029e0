import { fetchAnswer, readFailure, readJson, type AnswerFailure, type NetworkFailure } from '../shared/http-answer.js';
import { apiRequest, typedRequests, type ApiRequest, type Outcome } from '../shared/api-request.js';
import type { RequestBodyOf, ResponseOf } from '../shared/api-types.js';
/**
 * The signer page's calls to /api/v1/signing/:token/* (DESIGN.md "Contract"). Every answer becomes a tagged result;
 * every call sends the signer's cookie (same origin only) and never caches.
 */

/** What GET /api/v1/signing/:token answers (the route contract's type, generated). */
type SigningAnswer = ResponseOf<'/api/v1/signing/{token}'>;
/** A signing link exists only once a document was sent, and none opens a deleted one: never draft or deleted. */
export type DocumentStatus = Exclude<SigningAnswer['document']['status'], 'draft' | 'deleted'>;
export type SignerStatus = SigningAnswer['signer']['status'];
export type Authentication = SigningAnswer['authentication'];

/** The answer as the page uses it (see readInfo): a page count of null when unknown, the status narrowed. */
export interface SigningInfo extends Pick<SigningAnswer, 'signer' | 'authentication' | 'consent' | 'signedPdfUrl'> {
  document: Omit<SigningAnswer['document'], 'pageCount' | 'status'> & {
    pageCount: number | null;
    status: DocumentStatus;
  };
}

export type ApiFailure = NetworkFailure | AnswerFailure;

export type ApiResult<T> = Outcome<T, ApiFailure>;

const send = ({ path, init }: ApiRequest) => fetchAnswer({ path, init: { credentials: 'same-origin', ...init } });
const failureOf = (response: Response) => readFailure(response, 30);

async function call<T>(request: ApiRequest): Promise<ApiResult<T>> {
  const response = await send(request);
  if (!(response instanceof Response)) return response;
  if (!response.ok) return failureOf(response);
  const json = await readJson<T>(response);
  return json ?? { ok: false, kind: 'http', status: response.status, error: 'bad_response', body: {} };
}

const request = typedRequests<ApiFailure>(call);

export function pdfUrl(token: string): string {
  return apiRequest('get', '/api/v1/signing/{token}/pdf', { params: { token } }).path;
}

export async function getSigningInfo(token: string): Promise<ApiResult<SigningInfo>> {
  const result = await request('get', '/api/v1/signing/{token}', { params: { token } });
  if (!result.ok) return result;
  return { ok: true, value: readInfo(result.value) };
}

export const requestOtp = (token: string) => request('post', '/api/v1/signing/{token}/otp', { params: { token } });

export const verifyOtp = (token: string, code: string) =>
  request('post', '/api/v1/signing/{token}/otp/verify', { params: { token }, body: { code } });

type SignBody = RequestBodyOf<'/api/v1/signing/{token}/sign', 'post'>;

export const sign = (token: string, options: { sha256: string; language: NonNullable<SignBody['language']> }) =>
  request('post', '/api/v1/signing/{token}/sign', {
    params: { token },
    body: { consent: true, sha256: options.sha256, language: options.language },
  });

export const decline = (token: string, reason: string) =>
  request('post', '/api/v1/signing/{token}/decline', { params: { token }, body: { reason } });

/** The exact bytes being signed; only after the signer has authenticated (401 otherwise). */
export async function fetchPdf(token: string): Promise<ApiResult<Uint8Array>> {
  const response = await send({ path: pdfUrl(token), init: { method: 'GET', headers: { Accept: 'application/pdf' } } });
  if (!(response instanceof Response)) return response;
  if (!response.ok) return failureOf(response);
  try {
    return { ok: true, value: new Uint8Array(await response.arrayBuffer()) };
  } catch {
    return { ok: false, kind: 'network' };
  }
}

/** Only a same-origin path is followed as a download link (never another site, never `javascript:`). */
export function safeLocalUrl(url: unknown): string | null {
  if (typeof url !== 'string' || !url.startsWith('/') || url.startsWith('//') || url.includes('\\')) return null;
  return url;
}

/** Where the OIDC button may lead: a path on this site or an http(s) address (never `javascript:` or `data:`). */
export function safeNavigationUrl(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  if (safeLocalUrl(url)) return url;
  return /^https?:\/\/[^\s]+$/i.test(url) ? url : null;
}

/** The answer read defensively: unknown statuses and missing fields get safe values, never a crash. */
function readInfo(raw: SigningAnswer): SigningInfo {
  const text = (value: unknown, fallback = '') => (typeof value === 'string' ? value : fallback);
  const doc = (raw.document ?? {}) as Partial<SigningInfo['document']>;
  const signer = (raw.signer ?? {}) as Partial<SigningInfo['signer']>;
  const auth = (raw.authentication ?? {}) as Record<string, unknown>;
  const documentStatuses: DocumentStatus[] = ['pending', 'completed', 'declined', 'expired', 'cancelled'];
  const signerStatuses: SignerStatus[] = ['pending', 'signed', 'declined'];
  const authentication: Authentication =
    auth.method === 'oidc'
      ? {
          method: 'oidc',
          provider: text(auth.provider),
          label: text(auth.label) || text(auth.provider),
          startUrl: safeNavigationUrl(auth.startUrl) ?? '',
        }
      : { method: 'email-otp', emailHint: text(auth.emailHint) };
  return {
    document: {
      title: text(doc.title),
      code: text(doc.code),
      pageCount: typeof doc.pageCount === 'number' && doc.pageCount > 0 ? doc.pageCount : null,
      sha256: text(doc.sha256).toLowerCase(),
      status: documentStatuses.includes(doc.status as DocumentStatus) ? (doc.status as DocumentStatus) : 'cancelled',
      expiresAt: typeof doc.expiresAt === 'string' ? doc.expiresAt : null,
      sender: { name: text(doc.sender?.name) },
    },
    signer: {
      id: text(signer.id),
      name: text(signer.name),
      status: signerStatuses.includes(signer.status as SignerStatus) ? (signer.status as SignerStatus) : 'pending',
      signedAt: typeof signer.signedAt === 'string' ? signer.signedAt : null,
      authenticated: signer.authenticated === true,
      yourTurn: signer.yourTurn !== false,
    },
    authentication,
    consent: { en: text(raw.consent?.en), nb: text(raw.consent?.nb) || text(raw.consent?.en) },
    signedPdfUrl: safeLocalUrl(raw.signedPdfUrl),
  };
}
