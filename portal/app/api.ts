import { fetchAnswer, readFailure, readJson } from '../shared/http-answer.js';
import { apiRequest, typedRequests, type ApiRequest, type Outcome, type RequestParts } from '../shared/api-request.js';
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

export type ApiResult<T> = Outcome<T, ApiFailure>;

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

function send({ path, init }: ApiRequest): Promise<Response | ApiFailure> {
  return fetchAnswer({ path, init: { credentials: 'same-origin', ...init } });
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

async function call<T>(request: ApiRequest): Promise<ApiResult<T>> {
  const response = await send(request);
  if (!(response instanceof Response)) return response;
  if (!response.ok) return failureOf(response);
  if (response.status === 204) return { ok: true, value: undefined as T };
  const json = await readJson<T>(response);
  return json ?? { ok: false, kind: 'http', status: response.status, error: 'bad_response', message: '' };
}

/** A call of one route, named by its contract's path template; the answer is typed by the contract. */
const request = typedRequests<ApiFailure>(call);

/** The list an answer carries (`{ users: [...] }` → the users), an empty one when the answer lacks it. */
async function listIn<T, L>(
  answer: Promise<ApiResult<T>>,
  pick: (value: T) => L[] | undefined,
): Promise<ApiResult<L[]>> {
  const result = await answer;
  if (!result.ok) return result;
  const list = pick(result.value);
  return { ok: true, value: Array.isArray(list) ? list : [] };
}

export const getMe = () => request('get', '/api/v1/auth/me', {});
export const signOut = () => request('post', '/api/v1/auth/logout', {});
export const getHealth = () => request('get', '/api/v1/health', {});

export const getFolders = (): Promise<ApiResult<FolderNode[]>> =>
  listIn(request('get', '/api/v1/folders', {}), (value) => value.folders as FolderNode[]);
export const getFolder = (id: string) => request('get', '/api/v1/folders/{id}', { params: { id } });

/** Administrators only: the folder's own retention period in days, or null to inherit it. */
export const setFolderRetention = (id: string, retentionDays: number | null) =>
  request('patch', '/api/v1/folders/{id}', { params: { id }, body: { retentionDays } });

/** What the document list asks for (the route's query; null: not filtered by it). */
export type ListFilter = NonNullable<RequestParts<'/api/v1/documents', 'get'>['query']>;

export const listDocuments = (filter: ListFilter) =>
  request('get', '/api/v1/documents', { query: { ...filter, limit: filter.limit ?? 25 } });

let uploadLimits: Promise<ApiResult<UploadLimits>> | null = null;

/** The appliance's upload limits, asked once per page (a failure is asked again next time). */
export function getUploadLimits(): Promise<ApiResult<UploadLimits>> {
  uploadLimits ??= request('get', '/api/v1/settings/upload-limits', {}).then((result) => {
    if (!result.ok) uploadLimits = null;
    return result;
  });
  return uploadLimits;
}

/** After an administrator changed them on the settings screen. */
export function forgetUploadLimits(): void {
  uploadLimits = null;
}

export const getDocument = (id: string) => request('get', '/api/v1/documents/{id}', { params: { id } });
export const listSigners = (id: string) =>
  listIn(request('get', '/api/v1/documents/{id}/signers', { params: { id } }), (value) => value.signers);

export function uploadDocument(options: {
  file: File;
  title: string;
  folderId: string | null;
  language?: 'nb' | 'en';
}): Promise<ApiResult<ResponseOf<'/api/v1/documents', 'post'>>> {
  const body = new FormData();
  body.append('title', options.title);
  if (options.language) body.append('language', options.language);
  if (options.folderId) body.append('folderId', options.folderId);
  body.append('file', options.file, options.file.name || 'document.pdf');
  return request('post', '/api/v1/documents', { body });
}

export const addSigner = (id: string, signer: NewSigner) =>
  request('post', '/api/v1/documents/{id}/signers', { params: { id }, body: signer });
export const sendDocument = (id: string, body: RequestBodyOf<'/api/v1/documents/{id}/send', 'post'>) =>
  request('post', '/api/v1/documents/{id}/send', { params: { id }, body });
export const remindSigners = (id: string) => request('post', '/api/v1/documents/{id}/remind', { params: { id } });
export const cancelDocument = (id: string, reason: string) =>
  request('post', '/api/v1/documents/{id}/cancel', { params: { id }, body: reason ? { reason } : {} });

/** Managers of the document's folder (and administrators): keeps the document until the hold is released. */
export const placeLegalHold = (id: string, reason: string) =>
  request('put', '/api/v1/documents/{id}/legal-hold', { params: { id }, body: { reason } });
export const releaseLegalHold = (id: string) =>
  request('delete', '/api/v1/documents/{id}/legal-hold', { params: { id } });
export const getAuditTrail = (id: string) => request('get', '/api/v1/documents/{id}/audit-trail', { params: { id } });

/** The PDF: the original while the document is open, the sealed final once completed. A plain link (GET, cookie). */
export function pdfUrl(id: string): string {
  return apiRequest('get', '/api/v1/documents/{id}/pdf', { params: { id } }).path;
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

export const listUsers = () => listIn(request('get', '/api/v1/users', {}), (value) => value.users);
export const inviteUser = (body: RequestBodyOf<'/api/v1/users', 'post'>) => request('post', '/api/v1/users', { body });
export const updateUser = (id: string, body: RequestBodyOf<'/api/v1/users/{id}', 'patch'>) =>
  request('patch', '/api/v1/users/{id}', { params: { id }, body });
export const unlockUser = (id: string) => request('post', '/api/v1/users/{id}/unlock', { params: { id } });
export const resetEnrolment = (id: string) => request('post', '/api/v1/users/{id}/enrolment', { params: { id } });

export const listGroups = () => listIn(request('get', '/api/v1/groups', {}), (value) => value.groups);
export const getGroup = (id: string) => request('get', '/api/v1/groups/{id}', { params: { id } });
export const createGroup = (name: string) => request('post', '/api/v1/groups', { body: { name } });
export const deleteGroup = (id: string) => request('delete', '/api/v1/groups/{id}', { params: { id } });
export const addGroupMember = (id: string, userId: string) =>
  request('post', '/api/v1/groups/{id}/members', { params: { id }, body: { userId } });
export const removeGroupMember = (id: string, userId: string) =>
  request('delete', '/api/v1/groups/{id}/members/{userId}', { params: { id, userId } });

export const createFolder = (name: string, parentId: string | null) =>
  request('post', '/api/v1/folders', { body: parentId ? { name, parentId } : { name } });
export const updateFolder = (id: string, body: RequestBodyOf<'/api/v1/folders/{id}', 'patch'>) =>
  request('patch', '/api/v1/folders/{id}', { params: { id }, body });
export const deleteFolder = (id: string) => request('delete', '/api/v1/folders/{id}', { params: { id } });
export const listGrants = (id: string) =>
  listIn(request('get', '/api/v1/folders/{id}/grants', { params: { id } }), (value) => value.grants);
export const createGrant = (id: string, body: RequestBodyOf<'/api/v1/folders/{id}/grants', 'post'>) =>
  request('post', '/api/v1/folders/{id}/grants', { params: { id }, body });
export const deleteGrant = (id: string, grantId: string) =>
  request('delete', '/api/v1/folders/{id}/grants/{grantId}', { params: { id, grantId } });

export const listTokens = () => listIn(request('get', '/api/v1/tokens', {}), (value) => value.tokens);
export const createToken = (body: RequestBodyOf<'/api/v1/tokens', 'post'>) =>
  request('post', '/api/v1/tokens', { body });
export const revokeToken = (id: string) => request('delete', '/api/v1/tokens/{id}', { params: { id } });

export const listWebhooks = () => listIn(request('get', '/api/v1/webhooks', {}), (value) => value.webhooks);
export const createWebhook = (body: RequestBodyOf<'/api/v1/webhooks', 'post'>) =>
  request('post', '/api/v1/webhooks', { body });
export const deleteWebhook = (id: string) => request('delete', '/api/v1/webhooks/{id}', { params: { id } });
export const listDeliveries = (id: string) =>
  listIn(
    request('get', '/api/v1/webhooks/{id}/deliveries', { params: { id }, query: { limit: 20 } }),
    (value) => value.deliveries,
  );
export const redeliver = (id: string, deliveryId: string) =>
  request('post', '/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', { params: { id, deliveryId } });

export const getSettings = () => request('get', '/api/v1/settings', {});
export const updateSettings = (limits: RequestBodyOf<'/api/v1/settings', 'patch'>['limits']) =>
  request('patch', '/api/v1/settings', { body: { limits } });

export const moveDocument = (id: string, folderId: string | null) =>
  request('post', '/api/v1/documents/{id}/move', { params: { id }, body: { folderId } });
export const deleteDocument = (id: string) => request('delete', '/api/v1/documents/{id}', { params: { id } });
export const updateSigner = (
  id: string,
  signerId: string,
  body: RequestBodyOf<'/api/v1/documents/{id}/signers/{signerId}', 'patch'>,
) => request('patch', '/api/v1/documents/{id}/signers/{signerId}', { params: { id, signerId }, body });
export const removeSigner = (id: string, signerId: string) =>
  request('delete', '/api/v1/documents/{id}/signers/{signerId}', { params: { id, signerId } });
export const reorderSigners = (id: string, signerIds: string[]) =>
  request('put', '/api/v1/documents/{id}/signers/order', { params: { id }, body: { signerIds } });
