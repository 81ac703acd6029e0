import { fetchAnswer, readFailure, readJson } from '../shared/http-answer.js';
/**
 * The staff app's calls to the HTTP API (DESIGN.md "Contract"), with the staff session cookie (same origin only).
 * Every answer becomes a tagged result: the app never throws on an HTTP status. POSTs send JSON (`{}` when empty)
 * or multipart for the upload; the browser adds the Origin header the API checks. A 401 means the session ended:
 * the app remembers where the user was and sends them to /login (see signedOut).
 */

export type DocumentStatus = 'draft' | 'pending' | 'completed' | 'declined' | 'expired' | 'cancelled' | 'deleted';
export type SignerStatus = 'pending' | 'signed' | 'declined';
export const DOCUMENT_STATUSES: DocumentStatus[] = [
  'draft',
  'pending',
  'completed',
  'declined',
  'expired',
  'cancelled',
  'deleted',
];

export interface Me {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'member';
}

export type FolderRole = 'admin' | 'manager' | 'editor' | 'viewer';

export interface FolderNode {
  id: string;
  name: string;
  parentId: string | null;
  role: FolderRole;
  children: FolderNode[];
}

export interface Signer {
  id: string;
  name: string;
  email: string;
  position: number;
  authMethod: string;
  language?: 'nb' | 'en';
  pinned?: boolean;
  status: SignerStatus;
  signedAt: string | null;
  declinedAt: string | null;
  declineReason: string | null;
}

export interface DocumentView {
  id: string;
  code: string;
  title: string;
  status: DocumentStatus;
  folderId: string | null;
  sha256: string;
  sizeBytes: number;
  pageCount: number;
  createdAt: string;
  updatedAt: string;
  order: 'parallel' | 'sequential';
  language?: 'nb' | 'en';
  sentAt: string | null;
  expiresAt: string | null;
  completedAt: string | null;
  sealedAt: string | null;
  level: string | null;
  finalSha256: string | null;
  /** When the document was deleted (status `deleted`). */
  deletedAt?: string | null;
  /** When it reached completed, declined, expired or cancelled: retention counts from here. */
  endedAt?: string | null;
  /** A legal hold keeps the document past its retention period and blocks deletion. */
  legalHold?: { reason: string | null } | null;
  /**
   * One document only (not in lists): the retention period that applies and when the document is due (null until it
   * ends); null when it is kept until someone deletes it, or already deleted. `folderId` is null for a folder the
   * caller cannot see.
   */
  retention?: Retention | null;
  signers: Signer[];
}

export interface RetentionRule {
  days: number;
  source: 'folder' | 'default';
  folderId: string | null;
}

export interface Retention extends RetentionRule {
  deleteAfter: string | null;
}

/** One folder (GET /api/v1/folders/:id): its own retention period (null: inherited) and the one that applies. */
export interface FolderDetails {
  id: string;
  name: string;
  parentId: string | null;
  role: FolderRole;
  retentionDays: number | null;
  retention: RetentionRule | null;
}

export interface DocumentPage {
  documents: DocumentView[];
  nextCursor: string | null;
}

export interface SentSigner {
  id: string;
  name: string;
  email: string;
  position: number;
  signingUrl: string;
  invited: boolean;
}

export interface SendResult {
  id: string;
  status: 'pending';
  order: 'parallel' | 'sequential';
  expiresAt: string;
  signers: SentSigner[];
}

export interface AuditActor {
  kind: 'staff' | 'signer' | 'system' | string;
  id?: string;
  name?: string;
  email?: string;
}

export interface AuditEvent {
  seq: number;
  type: string;
  at: string;
  actor: AuditActor;
  ip: string | null;
  userAgent: string | null;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
  timestampToken: string | null;
}

export interface AuditTrail {
  events: AuditEvent[];
  chain: { intact: boolean; problems: { seq: number | null; code: string; message: string }[] };
  /** Deleted by retention: how many events were erased, and the last one's hash (the chain goes on from it). */
  erased?: { events: number; lastHash: string } | null;
}

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
export function setFolderRetention(id: string, retentionDays: number | null): Promise<ApiResult<FolderDetails>> {
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

export interface UploadLimits {
  maxUploadBytes: number;
  maxPages: number;
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
  const result = await call<{ signers: Signer[] }>(`${documentPath(id)}/signers`);
  return result.ok ? { ok: true, value: result.value.signers ?? [] } : result;
}

export function uploadDocument(options: {
  file: File;
  title: string;
  folderId: string | null;
  language?: 'nb' | 'en';
}): Promise<ApiResult<{ id: string; code: string; status: string }>> {
  const form = new FormData();
  form.append('title', options.title);
  if (options.language) form.append('language', options.language);
  if (options.folderId) form.append('folderId', options.folderId);
  form.append('file', options.file, options.file.name || 'document.pdf');
  return call('/api/v1/documents', { method: 'POST', body: form });
}

export interface NewSigner {
  name: string;
  email: string;
  authMethod: string;
  language: 'nb' | 'en';
}

export function addSigner(id: string, signer: NewSigner): Promise<ApiResult<{ id: string; position: number }>> {
  return post(`${documentPath(id)}/signers`, signer);
}

export function sendDocument(
  id: string,
  options: { order: 'parallel' | 'sequential'; expiresAt: string },
): Promise<ApiResult<SendResult>> {
  return post(`${documentPath(id)}/send`, options);
}

export function remindSigners(id: string): Promise<ApiResult<{ reminded: string[]; skipped: string[] }>> {
  return post(`${documentPath(id)}/remind`, {});
}

export function cancelDocument(id: string, reason: string): Promise<ApiResult<{ id: string; status: 'cancelled' }>> {
  return post(`${documentPath(id)}/cancel`, reason ? { reason } : {});
}

/** Managers of the document's folder (and administrators): keeps the document until the hold is released. */
export function placeLegalHold(id: string, reason: string): Promise<ApiResult<DocumentView>> {
  return sendJson('PUT', `${documentPath(id)}/legal-hold`, { reason });
}

export function releaseLegalHold(id: string): Promise<ApiResult<DocumentView>> {
  return call<DocumentView>(`${documentPath(id)}/legal-hold`, { method: 'DELETE' });
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

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'member';
  status: 'invited' | 'active' | 'locked' | 'disabled';
  sso: boolean;
  createdAt: string | null;
  disabledAt: string | null;
  /** Until when sign-in guesses from networks that failed on this account are refused (status `locked`). */
  lockedUntil?: string | null;
}

export interface GroupView {
  id: string;
  name: string;
  members?: { id: string; name: string; email: string }[];
  memberCount?: number;
}

export interface GrantView {
  id: string;
  folderId: string;
  role: 'viewer' | 'editor' | 'manager';
  user: { id: string; name: string; email: string } | null;
  group: { id: string; name: string } | null;
  createdAt: string;
}

export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  lastUsedAt: string | null;
  expiresAt: string | null;
  createdAt: string;
  revokedAt?: string | null;
}

export interface WebhookView {
  id: string;
  url: string;
  events: string[];
  folderId: string | null;
  createdAt: string | null;
  disabledAt: string | null;
}

export interface DeliveryView {
  id: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: string | null;
  deliveredAt: string | null;
}

export interface CertificateView {
  subject: string;
  issuer: string;
  serialHex: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
}

export interface SettingsView {
  publicUrl: string;
  timeZone: string;
  stampLayout: 'shrink' | 'extend';
  mail: { transport: 'smtp' | 'outbox'; from: string | null; attachmentMaxBytes: number };
  timestamping: { builtIn: boolean; urls: string[] };
  retention: { defaultDays: number | null; schedule: string | null };
  singleSignOn: { name: string } | null;
  signerProviders: { key: string; label: string; level: 'strong' | 'simple' }[];
  limits: { maxUploadBytes: number; maxPages: number };
  sealCertificate: CertificateView & { chain: CertificateView[] };
  rootCertificate: CertificateView;
}

const json = <T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<ApiResult<T>> =>
  call<T>(
    path,
    body === undefined
      ? { method }
      : { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
  );
const seg = encodeURIComponent;

export async function listUsers(): Promise<ApiResult<UserView[]>> {
  const result = await call<{ users: UserView[] }>('/api/v1/users');
  return result.ok ? { ok: true, value: result.value.users ?? [] } : result;
}
export const inviteUser = (body: { email: string; name: string; role: 'admin' | 'member' }) =>
  json<UserView & { enrolmentUrl: string }>('POST', '/api/v1/users', body);
export const updateUser = (id: string, body: { name?: string; role?: 'admin' | 'member'; disabled?: boolean }) =>
  json<UserView>('PATCH', `/api/v1/users/${seg(id)}`, body);
export const unlockUser = (id: string) => json<UserView>('POST', `/api/v1/users/${seg(id)}/unlock`, {});
export const resetEnrolment = (id: string) =>
  json<{ id: string; enrolmentUrl: string }>('POST', `/api/v1/users/${seg(id)}/enrolment`, {});

export async function listGroups(): Promise<ApiResult<GroupView[]>> {
  const result = await call<{ groups: GroupView[] }>('/api/v1/groups');
  return result.ok ? { ok: true, value: result.value.groups ?? [] } : result;
}
export const getGroup = (id: string) => call<GroupView>(`/api/v1/groups/${seg(id)}`);
export const createGroup = (name: string) => json<{ id: string }>('POST', '/api/v1/groups', { name });
export const deleteGroup = (id: string) => json<void>('DELETE', `/api/v1/groups/${seg(id)}`);
export const addGroupMember = (id: string, userId: string) =>
  json<unknown>('POST', `/api/v1/groups/${seg(id)}/members`, { userId });
export const removeGroupMember = (id: string, userId: string) =>
  json<void>('DELETE', `/api/v1/groups/${seg(id)}/members/${seg(userId)}`);

export const createFolder = (name: string, parentId: string | null) =>
  json<{ id: string }>('POST', '/api/v1/folders', parentId ? { name, parentId } : { name });
export const updateFolder = (id: string, body: { name?: string; parentId?: string | null }) =>
  json<FolderDetails>('PATCH', `/api/v1/folders/${seg(id)}`, body);
export const deleteFolder = (id: string) => json<void>('DELETE', `/api/v1/folders/${seg(id)}`);
export async function listGrants(folderId: string): Promise<ApiResult<GrantView[]>> {
  const result = await call<{ grants: GrantView[] }>(`/api/v1/folders/${seg(folderId)}/grants`);
  return result.ok ? { ok: true, value: result.value.grants ?? [] } : result;
}
export const createGrant = (folderId: string, body: { userId?: string; groupId?: string; role: GrantView['role'] }) =>
  json<{ id: string }>('POST', `/api/v1/folders/${seg(folderId)}/grants`, body);
export const deleteGrant = (folderId: string, grantId: string) =>
  json<void>('DELETE', `/api/v1/folders/${seg(folderId)}/grants/${seg(grantId)}`);

export async function listTokens(): Promise<ApiResult<TokenView[]>> {
  const result = await call<{ tokens: TokenView[] }>('/api/v1/tokens');
  return result.ok ? { ok: true, value: result.value.tokens ?? [] } : result;
}
export const createToken = (body: { name: string; scopes: string[]; expiresAt?: string }) =>
  json<TokenView & { token: string }>('POST', '/api/v1/tokens', body);
export const revokeToken = (id: string) => json<unknown>('DELETE', `/api/v1/tokens/${seg(id)}`);

export async function listWebhooks(): Promise<ApiResult<WebhookView[]>> {
  const result = await call<{ webhooks: WebhookView[] }>('/api/v1/webhooks');
  return result.ok ? { ok: true, value: result.value.webhooks ?? [] } : result;
}
export const createWebhook = (body: { url: string; events: string[]; folderId?: string | null }) =>
  json<WebhookView & { secret: string }>('POST', '/api/v1/webhooks', body);
export const deleteWebhook = (id: string) => json<void>('DELETE', `/api/v1/webhooks/${seg(id)}`);
export async function listDeliveries(id: string): Promise<ApiResult<DeliveryView[]>> {
  const result = await call<{ deliveries: DeliveryView[] }>(`/api/v1/webhooks/${seg(id)}/deliveries?limit=20`);
  return result.ok ? { ok: true, value: result.value.deliveries ?? [] } : result;
}
export const redeliver = (id: string, deliveryId: string) =>
  json<unknown>('POST', `/api/v1/webhooks/${seg(id)}/deliveries/${seg(deliveryId)}/redeliver`, {});

export const getSettings = () => call<SettingsView>('/api/v1/settings');
export const updateSettings = (limits: Partial<SettingsView['limits']>) =>
  json<SettingsView>('PATCH', '/api/v1/settings', { limits });

export const moveDocument = (id: string, folderId: string | null) =>
  json<DocumentView>('POST', `/api/v1/documents/${seg(id)}/move`, { folderId });
export const deleteDocument = (id: string) => json<DocumentView>('DELETE', `/api/v1/documents/${seg(id)}`);
export const updateSigner = (id: string, signerId: string, body: Partial<NewSigner>) =>
  json<{ signers: Signer[] }>('PATCH', `/api/v1/documents/${seg(id)}/signers/${seg(signerId)}`, body);
export const removeSigner = (id: string, signerId: string) =>
  json<{ signers: Signer[] }>('DELETE', `/api/v1/documents/${seg(id)}/signers/${seg(signerId)}`);
export const reorderSigners = (id: string, signerIds: string[]) =>
  json<{ signers: Signer[] }>('PUT', `/api/v1/documents/${seg(id)}/signers/order`, { signerIds });
