import { fetchAnswer, readJson, retryAfterSeconds } from '../shared/http-answer.js';
/** The portal's calls to /api/v1/verify/* (DESIGN.md "Contract"); every answer is turned into a tagged result. */

export interface CodeStatus {
  code: string;
  status: string;
  createdAt: string | null;
  completedAt: string | null;
  signerCount: number;
  signedCount: number;
  level: string | null;
  deletedAt?: string | null;
  sha256?: string | null;
}

export interface MatchSigner {
  name: string;
  status: string | null;
  method: string | null;
  /** The identity provider's display name, when the method is `oidc:<key>`. */
  provider: string | null;
  signedAt: string | null;
}

export interface MatchResult {
  match: boolean;
  /** Which file the hash is: the sealed `final` file or the uploaded `original`. */
  matchedVersion: 'original' | 'final' | null;
  title: string | null;
  signers: MatchSigner[];
}

export interface CertificateInfo {
  commonName: string | null;
  subject: string;
}

export interface SignatureReport {
  kind: 'signature' | 'doc-timestamp';
  fieldName?: string;
  status: 'passed' | 'failed' | 'indeterminate';
  intact: boolean;
  valid: boolean;
  trusted: boolean;
  signer: CertificateInfo | null;
  signedAt: string | null;
  timestamp: { time: string; tsa: string | null; valid: boolean; trusted?: boolean } | null;
  coversWholeFile: boolean;
  modifiedAfter: 'none' | 'lta-updates' | 'permitted' | 'other';
  changes?: ChangeReport[];
  level?: string | null;
  problems?: { code: string; message: string }[];
}

/** One kind of change after a signature, as the verifier names it. */
export interface ChangeReport {
  kind: string;
  level: 'lta' | 'permitted' | 'other';
  description: string;
  pages?: number[];
}

export interface FileReport {
  status: 'passed' | 'failed' | 'indeterminate';
  valid: boolean;
  /** Only document timestamps is "timestamped", never signed. */
  evidence?: 'signed' | 'timestamped' | 'unsigned';
  level: string | null;
  sha256?: string;
  signatures: SignatureReport[];
  problems: { code: string; message: string }[];
  knownDocument?: { code: string; status?: string } | null;
}

export type ApiResult<T> =
  | { ok: true; value: T }
  | { ok: false; kind: 'not_found' | 'invalid' | 'too_large' | 'network' | 'server' }
  | { ok: false; kind: 'rate_limited'; retryAfterSeconds: number };

async function call<T>(path: string, init: RequestInit): Promise<ApiResult<T>> {
  const headers = { Accept: 'application/json', ...(init.headers ?? {}) };
  const response = await fetchAnswer({ path, init: { credentials: 'omit', ...init, headers } });
  if (!(response instanceof Response)) return response;
  if (response.status === 429)
    return { ok: false, kind: 'rate_limited', retryAfterSeconds: retryAfterSeconds(response, 60) };
  if (response.status === 404) return { ok: false, kind: 'not_found' };
  if (response.status === 413) return { ok: false, kind: 'too_large' };
  if (response.status === 400 || response.status === 415 || response.status === 422)
    return { ok: false, kind: 'invalid' };
  if (!response.ok) return { ok: false, kind: 'server' };
  return (await readJson<T>(response)) ?? { ok: false, kind: 'server' };
}

export function lookUpCode(code: string): Promise<ApiResult<CodeStatus>> {
  return call<CodeStatus>(`/api/v1/verify/${encodeURIComponent(code)}`, { method: 'GET' });
}

export async function matchHash(code: string, sha256: string): Promise<ApiResult<MatchResult>> {
  const result = await call<Record<string, unknown>>(`/api/v1/verify/${encodeURIComponent(code)}/match`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sha256 }),
  });
  if (!result.ok) return result;
  return { ok: true, value: readMatch(result.value) };
}

export function validateFile(file: File): Promise<ApiResult<FileReport>> {
  const form = new FormData();
  form.append('file', file, file.name || 'document.pdf');
  return call<FileReport>('/api/v1/verify/file', { method: 'POST', body: form });
}

/** The match answer's details, read leniently: the contract fixes `match`, the rest is "details when it matches". */
function readMatch(body: Record<string, unknown>): MatchResult {
  const list = Array.isArray(body.signers) ? (body.signers as Record<string, unknown>[]) : [];
  const text = (value: unknown) => (typeof value === 'string' && value ? value : null);
  return {
    match: body.match === true,
    matchedVersion: body.matchedVersion === 'original' || body.matchedVersion === 'final' ? body.matchedVersion : null,
    title: text(body.title),
    signers: list.map((signer) => {
      const identity = (signer.identity ?? signer.identification ?? {}) as Record<string, unknown>;
      return {
        name: text(signer.name) ?? '',
        status: text(signer.status),
        method: text(signer.identifiedBy) ?? text(signer.authMethod) ?? text(signer.method) ?? text(identity.method),
        provider: text(signer.provider) ?? text(identity.provider),
        signedAt: text(signer.signedAt),
      };
    }),
  };
}
