import { fetchAnswer, readFailure, readJson, type AnswerFailure, type NetworkFailure } from '../shared/http-answer.js';
/**
 * The signer page's calls to /api/v1/signing/:token/* (DESIGN.md "Contract"). Every answer becomes a tagged result;
 * every call sends the signer's cookie (same origin only) and never caches.
 */

export type DocumentStatus = 'pending' | 'completed' | 'declined' | 'expired' | 'cancelled';
export type SignerStatus = 'pending' | 'signed' | 'declined';

export type Authentication =
  | { method: 'email-otp'; emailHint: string }
  | { method: 'oidc'; provider: string; label: string; startUrl: string };

export interface SigningInfo {
  document: {
    title: string;
    code: string;
    pageCount: number | null;
    sha256: string;
    status: DocumentStatus;
    expiresAt: string | null;
    sender: { name: string };
  };
  signer: {
    id: string;
    name: string;
    status: SignerStatus;
    signedAt: string | null;
    authenticated: boolean;
    yourTurn: boolean;
  };
  authentication: Authentication;
  consent: { en: string; nb: string };
  signedPdfUrl: string | null;
}

export type ApiFailure = NetworkFailure | AnswerFailure;

export type ApiResult<T> = { ok: true; value: T } | ApiFailure;

const JSON_HEADERS = { Accept: 'application/json' };

const send = (path: string, init: RequestInit) => fetchAnswer({ path, init: { credentials: 'same-origin', ...init } });
const failureOf = (response: Response) => readFailure(response, 30);

async function call<T>(path: string, init: RequestInit): Promise<ApiResult<T>> {
  const response = await send(path, init);
  if (!(response instanceof Response)) return response;
  if (!response.ok) return failureOf(response);
  const json = await readJson<T>(response);
  return json ?? { ok: false, kind: 'http', status: response.status, error: 'bad_response', body: {} };
}

function post<T>(path: string, body: unknown): Promise<ApiResult<T>> {
  return call<T>(path, {
    method: 'POST',
    headers: { ...JSON_HEADERS, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function base(token: string): string {
  return `/api/v1/signing/${encodeURIComponent(token)}`;
}

export function pdfUrl(token: string): string {
  return `${base(token)}/pdf`;
}

export async function getSigningInfo(token: string): Promise<ApiResult<SigningInfo>> {
  const result = await call<SigningInfo>(base(token), { method: 'GET', headers: JSON_HEADERS });
  if (!result.ok) return result;
  return { ok: true, value: readInfo(result.value) };
}

export function requestOtp(token: string): Promise<ApiResult<{ emailHint: string; expiresInSeconds: number }>> {
  return post(`${base(token)}/otp`, {});
}

export function verifyOtp(token: string, code: string): Promise<ApiResult<{ authenticated: boolean }>> {
  return post(`${base(token)}/otp/verify`, { code });
}

export function sign(
  token: string,
  options: { sha256: string; language: 'en' | 'nb' },
): Promise<ApiResult<{ status: string; documentStatus: string }>> {
  return post(`${base(token)}/sign`, { consent: true, sha256: options.sha256, language: options.language });
}

export function decline(token: string, reason: string): Promise<ApiResult<{ status: string }>> {
  return post(`${base(token)}/decline`, { reason });
}

/** The exact bytes being signed; only after the signer has authenticated (401 otherwise). */
export async function fetchPdf(token: string): Promise<ApiResult<Uint8Array>> {
  const response = await send(pdfUrl(token), { method: 'GET', headers: { Accept: 'application/pdf' } });
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
function readInfo(raw: SigningInfo): SigningInfo {
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
