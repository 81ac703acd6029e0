import { fetchAnswer, readFailure, readJson } from '../shared/http-answer.js';
import type { RequestBodyOf, ResponseOf } from '../shared/api-types.js';
/**
 * The staff app's calls to the HTTP API (DESIGN.md "Contract"), with the staff session cookie (same origin only).
 * Every answer becomes a tagged result: the app never throws on an HTTP status. POSTs send JSON (`{}` when empty)
 * or multipart for the upload; the browser adds the Origin header the API checks. A 401 means the session ended:
 * the app remembers where the user was and sends them to /login (see signedOut).
 */

/* ---- the answers' shapes: the route contracts' (shared/api-types.ts), never restated here ---- */

export type DocumentView = ResponseOf<'/api/v1/documents/{id}'>;
export type DocumentStatus = DocumentView['status'];
export type Signer = ResponseOf<'/api/v1/documents/{id}/signers'>['signers'][number];
export type SignerStatus = Signer['status'];
/** Every document status once, in the order the filter offers them (a status the contract adds is a type error). */
const STATUSES: Record<DocumentStatus, true> = {
  draft: true,
  pending: true,
  completed: true,
  declined: true,
  expired: true,
  cancelled: true,
  deleted: true,
};
export const DOCUMENT_STATUSES = Object.keys(STATUSES) as DocumentStatus[];

export type Me = ResponseOf<'/api/v1/auth/me'>;
type FolderAnswer = ResponseOf<'/api/v1/folders'>['folders'][number];
/** The contract describes `children` as "each a folder node like this one" (JSON Schema without recursion). */
export type FolderNode = Omit<FolderAnswer, 'children'> & { children: FolderNode[] };
export type FolderRole = FolderNode['role'];
/** One folder (GET /api/v1/folders/:id): its own retention period (null: inherited) and the one that applies. */
export type FolderDetails = ResponseOf<'/api/v1/folders/{id}'>;
export type RetentionRule = NonNullable<FolderDetails['retention']>;
export type Retention = NonNullable<DocumentView['retention']>;
export type DocumentPage = ResponseOf<'/api/v1/documents'>;
export type SendResult = ResponseOf<'/api/v1/documents/{id}/send', 'post'>;
export type SentSigner = SendResult['signers'][number];
export type AuditTrail = ResponseOf<'/api/v1/documents/{id}/audit-trail'>;
export type AuditEvent = AuditTrail['events'][number];
export type AuditActor = AuditEvent['actor'];
export type UploadLimits = ResponseOf<'/api/v1/settings/upload-limits'>;
type AddSignerBody = RequestBodyOf<'/api/v1/documents/{id}/signers', 'post'>;
/** What the staff app's signer form sends: always with a language. */
export type NewSigner = Pick<AddSignerBody, 'name' | 'email' | 'authMethod'> &
  Required<Pick<AddSignerBody, 'language'>>;

export type ApiFailure =
  | { ok: false; kind: 'network' }
  | { ok: false; kind: 'signed_out' }
  | { ok: false; kind: 'rate_limited'; retryAfterSeconds: number }
  | { ok: false; kind: 'http'; status: number; error: string; message: string };

export type ApiResult<T> = { ok: true; value: T } | ApiFailure;

/** Where to come back to after signing in again (the login page always goes to /app). */
export const RETURN_KEY = 'segl.app.return';

let onSignedOut: () => void = () => {
  try {
    sessionStorage.setItem(RETURN_KEY, location.pathname + location.search);
  } catch {
    // storage disabled: the user lands on /app
  }
  location.assign('/login');
};

/** Tests and the shell may replace what happens on a 401. */
export function setSignedOutHandler(handler: () => void): void {
  onSignedOut = handler;
}

function send(path: string, init: RequestInit): Promise<Response | ApiFailure> {
  const headers = { Accept: 'application/json', ...(init.headers ?? {}) };
  return fetchAnswer({ path, init: { credentials: 'same-origin', ...init, headers } });
}

async function failureOf(response: Response): Promise<ApiFailure> {
  if (response.status === 401) {
    onSignedOut();
    return { ok: false, kind: 'signed_out' };
  }
  const failure = await readFailure(response, 30);
  if (failure.kind === 'rate_limited') return failure;
  const { status, error, body } = failure;
  return { ok: false, kind: 'http', status, error, message: typeof body.message === 'string' ? body.message : '' };
}

export async function call<T>(path: string, init: RequestInit = { method: 'GET' }): Promise<ApiResult<T>> {
  const response = await send(path, init);
  if (!(response instanceof Response)) return response;
  if (!response.ok) return failureOf(response);
  if (response.status === 204) return { ok: true, value: undefined as T };
  const json = await readJson<T>(response);
  return json ?? { ok: false, kind: 'http', status: response.status, error: 'bad_response', message: '' };
}

function post<T>(path: string, body: unknown): Promise<ApiResult<T>> {
  return call<T>(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
}

function sendJson<T>(method: 'PUT' | 'PATCH', path: string, body: unknown): Promise<ApiResult<T>> {
  return call<T>(path, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}) });
}

const documentPath = (id: string) => `/api/v1/documents/${encodeURIComponent(id)}`;

export function getMe(): Promise<ApiResult<Me>> {
  return call<Me>('/api/v1/auth/me');
}

export function signOut(): Promise<ApiResult<unknown>> {
  return post('/api/v1/auth/logout', {});
}

export async function getFolders(): Promise<ApiResult<FolderNode[]>> {
  const result = await call<{ folders: FolderNode[] }>('/api/v1/folders');
  return result.ok ? { ok: true, value: Array.isArray(result.value.folders) ? result.value.folders : [] } : result;
}

export function getFolder(id: string): Promise<ApiResult<FolderDetails>> {
  return call<FolderDetails>(`/api/v1/folders/${encodeURIComponent(id)}`);
}

/** Administrators only: the folder's own retention period in days, or null to inherit it. */
export function setFolderRetention(
  id: string,
  retentionDays: number | null,
): Promise<ApiResult<ResponseOf<'/api/v1/folders/{id}', 'patch'>>> {
  return sendJson('PATCH', `/api/v1/folders/${encodeURIComponent(id)}`, { retentionDays });
}

export interface ListFilter {
  folderId?: string | null;
  status?: DocumentStatus | null;
  q?: string | null;
  /** ISO times: uploaded at or after `createdFrom`, and before `createdTo`. */
  createdFrom?: string | null;
  createdTo?: string | null;
  cursor?: string | null;
  limit?: number;
}

export function listDocuments(filter: ListFilter): Promise<ApiResult<DocumentPage>> {
  const params = new URLSearchParams({ limit: String(filter.limit ?? 25) });
  if (filter.folderId) params.set('folderId', filter.folderId);
  if (filter.status) params.set('status', filter.status);
  if (filter.q) params.set('q', filter.q);
  if (filter.createdFrom) params.set('createdFrom', filter.createdFrom);
  if (filter.createdTo) params.set('createdTo', filter.createdTo);
  if (filter.cursor) params.set('cursor', filter.cursor);
  return call<DocumentPage>(`/api/v1/documents?${params.toString()}`);
}

let uploadLimits: Promise<ApiResult<UploadLimits>> | null = null;

/** The appliance's upload limits, asked once per page (a failure is asked again next time). */
export function getUploadLimits(): Promise<ApiResult<UploadLimits>> {
  uploadLimits ??= call<UploadLimits>('/api/v1/settings/upload-limits').then((result) => {
    if (!result.ok) uploadLimits = null;
    return result;
  });
  return uploadLimits;
}

/** After an administrator changed them on the settings screen. */
export function forgetUploadLimits(): void {
  uploadLimits = null;
}

export function getDocument(id: string): Promise<ApiResult<DocumentView>> {
  return call<DocumentView>(documentPath(id));
}

export async function listSigners(id: string): Promise<ApiResult<Signer[]>> {
  const result = await call<ResponseOf<'/api/v1/documents/{id}/signers'>>(`${documentPath(id)}/signers`);
  return result.ok ? { ok: true, value: result.value.signers ?? [] } : result;
}

export function uploadDocument(options: {
  file: File;
  title: string;
  folderId: string | null;
  language?: 'nb' | 'en';
}): Promise<ApiResult<ResponseOf<'/api/v1/documents', 'post'>>> {
  const form = new FormData();
  form.append('title', options.title);
  if (options.language) form.append('language', options.language);
  if (options.folderId) form.append('folderId', options.folderId);
  form.append('file', options.file, options.file.name || 'document.pdf');
  return call('/api/v1/documents', { method: 'POST', body: form });
}

export function addSigner(
  id: string,
  signer: NewSigner,
): Promise<ApiResult<ResponseOf<'/api/v1/documents/{id}/signers', 'post'>>> {
  return post(`${documentPath(id)}/signers`, signer);
}

export function sendDocument(
  id: string,
  options: RequestBodyOf<'/api/v1/documents/{id}/send', 'post'>,
): Promise<ApiResult<SendResult>> {
  return post(`${documentPath(id)}/send`, options);
}

export function remindSigners(id: string): Promise<ApiResult<ResponseOf<'/api/v1/documents/{id}/remind', 'post'>>> {
  return post(`${documentPath(id)}/remind`, {});
}

export function cancelDocument(
  id: string,
  reason: string,
): Promise<ApiResult<ResponseOf<'/api/v1/documents/{id}/cancel', 'post'>>> {
  return post(`${documentPath(id)}/cancel`, reason ? { reason } : {});
}

/** Managers of the document's folder (and administrators): keeps the document until the hold is released. */
export function placeLegalHold(
  id: string,
  reason: string,
): Promise<ApiResult<ResponseOf<'/api/v1/documents/{id}/legal-hold', 'put'>>> {
  return sendJson('PUT', `${documentPath(id)}/legal-hold`, { reason });
}

export function releaseLegalHold(
  id: string,
): Promise<ApiResult<ResponseOf<'/api/v1/documents/{id}/legal-hold', 'delete'>>> {
  return call(`${documentPath(id)}/legal-hold`, { method: 'DELETE' });
}

export function getAuditTrail(id: string): Promise<ApiResult<AuditTrail>> {
  return call<AuditTrail>(`${documentPath(id)}/audit-trail`);
}

/** The PDF: the original while the document is open, the sealed final once completed. A plain link (GET, cookie). */
export function pdfUrl(id: string): string {
  return `${documentPath(id)}/pdf`;
}

/** The public verification page for a code (the QR code's target). */
export function verificationUrl(code: string): string {
  return `/v/${encodeURIComponent(code)}`;
}

/* ---- administration (users, groups, folders, grants, tokens, webhooks, settings) ---- */

export type UserView = ResponseOf<'/api/v1/users/{id}'>;
export type GroupView = ResponseOf<'/api/v1/groups'>['groups'][number];
export type GroupDetails = ResponseOf<'/api/v1/groups/{id}'>;
export type GrantView = ResponseOf<'/api/v1/folders/{id}/grants'>['grants'][number];
export type TokenView = ResponseOf<'/api/v1/tokens'>['tokens'][number];
export type WebhookView = ResponseOf<'/api/v1/webhooks'>['webhooks'][number];
export type DeliveryView = ResponseOf<'/api/v1/webhooks/{id}/deliveries'>['deliveries'][number];
export type SettingsView = ResponseOf<'/api/v1/settings'>;
export type CertificateView = SettingsView['rootCertificate'];

const json = <T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<ApiResult<T>> =>
  call<T>(
    path,
    body === undefined
      ? { method }
      : { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
  );
const seg = encodeURIComponent;

export async function listUsers(): Promise<ApiResult<UserView[]>> {
  const result = await call<ResponseOf<'/api/v1/users'>>('/api/v1/users');
  return result.ok ? { ok: true, value: result.value.users ?? [] } : result;
}
export const inviteUser = (body: RequestBodyOf<'/api/v1/users', 'post'>) =>
  json<ResponseOf<'/api/v1/users', 'post'>>('POST', '/api/v1/users', body);
export const updateUser = (id: string, body: RequestBodyOf<'/api/v1/users/{id}', 'patch'>) =>
  json<UserView>('PATCH', `/api/v1/users/${seg(id)}`, body);
export const unlockUser = (id: string) =>
  json<ResponseOf<'/api/v1/users/{id}/unlock', 'post'>>('POST', `/api/v1/users/${seg(id)}/unlock`, {});
export const resetEnrolment = (id: string) =>
  json<ResponseOf<'/api/v1/users/{id}/enrolment', 'post'>>('POST', `/api/v1/users/${seg(id)}/enrolment`, {});

export async function listGroups(): Promise<ApiResult<GroupView[]>> {
  const result = await call<ResponseOf<'/api/v1/groups'>>('/api/v1/groups');
  return result.ok ? { ok: true, value: result.value.groups ?? [] } : result;
}
export const getGroup = (id: string) => call<GroupDetails>(`/api/v1/groups/${seg(id)}`);
export const createGroup = (name: string) =>
  json<ResponseOf<'/api/v1/groups', 'post'>>('POST', '/api/v1/groups', { name });
export const deleteGroup = (id: string) => json<void>('DELETE', `/api/v1/groups/${seg(id)}`);
export const addGroupMember = (id: string, userId: string) =>
  json<ResponseOf<'/api/v1/groups/{id}/members', 'post'>>('POST', `/api/v1/groups/${seg(id)}/members`, { userId });
export const removeGroupMember = (id: string, userId: string) =>
  json<void>('DELETE', `/api/v1/groups/${seg(id)}/members/${seg(userId)}`);

export const createFolder = (name: string, parentId: string | null) =>
  json<ResponseOf<'/api/v1/folders', 'post'>>('POST', '/api/v1/folders', parentId ? { name, parentId } : { name });
export const updateFolder = (id: string, body: RequestBodyOf<'/api/v1/folders/{id}', 'patch'>) =>
  json<FolderDetails>('PATCH', `/api/v1/folders/${seg(id)}`, body);
export const deleteFolder = (id: string) => json<void>('DELETE', `/api/v1/folders/${seg(id)}`);
export async function listGrants(folderId: string): Promise<ApiResult<GrantView[]>> {
  const result = await call<ResponseOf<'/api/v1/folders/{id}/grants'>>(`/api/v1/folders/${seg(folderId)}/grants`);
  return result.ok ? { ok: true, value: result.value.grants ?? [] } : result;
}
export const createGrant = (folderId: string, body: RequestBodyOf<'/api/v1/folders/{id}/grants', 'post'>) =>
  json<ResponseOf<'/api/v1/folders/{id}/grants', 'post'>>('POST', `/api/v1/folders/${seg(folderId)}/grants`, body);
export const deleteGrant = (folderId: string, grantId: string) =>
  json<void>('DELETE', `/api/v1/folders/${seg(folderId)}/grants/${seg(grantId)}`);

export async function listTokens(): Promise<ApiResult<TokenView[]>> {
  const result = await call<ResponseOf<'/api/v1/tokens'>>('/api/v1/tokens');
  return result.ok ? { ok: true, value: result.value.tokens ?? [] } : result;
}
export const createToken = (body: RequestBodyOf<'/api/v1/tokens', 'post'>) =>
  json<ResponseOf<'/api/v1/tokens', 'post'>>('POST', '/api/v1/tokens', body);
export const revokeToken = (id: string) =>
  json<ResponseOf<'/api/v1/tokens/{id}', 'delete'>>('DELETE', `/api/v1/tokens/${seg(id)}`);

export async function listWebhooks(): Promise<ApiResult<WebhookView[]>> {
  const result = await call<ResponseOf<'/api/v1/webhooks'>>('/api/v1/webhooks');
  return result.ok ? { ok: true, value: result.value.webhooks ?? [] } : result;
}
export const createWebhook = (body: RequestBodyOf<'/api/v1/webhooks', 'post'>) =>
  json<ResponseOf<'/api/v1/webhooks', 'post'>>('POST', '/api/v1/webhooks', body);
export const deleteWebhook = (id: string) => json<void>('DELETE', `/api/v1/webhooks/${seg(id)}`);
export async function listDeliveries(id: string): Promise<ApiResult<DeliveryView[]>> {
  const result = await call<ResponseOf<'/api/v1/webhooks/{id}/deliveries'>>(
    `/api/v1/webhooks/${seg(id)}/deliveries?limit=20`,
  );
  return result.ok ? { ok: true, value: result.value.deliveries ?? [] } : result;
}
export const redeliver = (id: string, deliveryId: string) =>
  json<ResponseOf<'/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', 'post'>>(
    'POST',
    `/api/v1/webhooks/${seg(id)}/deliveries/${seg(deliveryId)}/redeliver`,
    {},
  );

export const getSettings = () => call<SettingsView>('/api/v1/settings');
export const updateSettings = (limits: RequestBodyOf<'/api/v1/settings', 'patch'>['limits']) =>
  json<ResponseOf<'/api/v1/settings', 'patch'>>('PATCH', '/api/v1/settings', { limits });

export const moveDocument = (id: string, folderId: string | null) =>
  json<ResponseOf<'/api/v1/documents/{id}/move', 'post'>>('POST', `/api/v1/documents/${seg(id)}/move`, { folderId });
export const deleteDocument = (id: string) =>
  json<ResponseOf<'/api/v1/documents/{id}', 'delete'>>('DELETE', `/api/v1/documents/${seg(id)}`);
export const updateSigner = (
  id: string,
  signerId: string,
  body: RequestBodyOf<'/api/v1/documents/{id}/signers/{signerId}', 'patch'>,
) =>
  json<ResponseOf<'/api/v1/documents/{id}/signers/{signerId}', 'patch'>>(
    'PATCH',
    `/api/v1/documents/${seg(id)}/signers/${seg(signerId)}`,
    body,
  );
export const removeSigner = (id: string, signerId: string) =>
  json<ResponseOf<'/api/v1/documents/{id}/signers/{signerId}', 'delete'>>(
    'DELETE',
    `/api/v1/documents/${seg(id)}/signers/${seg(signerId)}`,
  );
export const reorderSigners = (id: string, signerIds: string[]) =>
  json<ResponseOf<'/api/v1/documents/{id}/signers/order', 'put'>>('PUT', `/api/v1/documents/${seg(id)}/signers/order`, {
    signerIds,
  });
