import type { z } from 'zod';
import type { ErrorCode } from '../../lib/errors.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call at all: anyone, any signed-in staff user (bearer token or session), or administrators. */
export type RouteAuth = 'public' | 'staff' | 'admin';

export type FolderRole = 'viewer' | 'editor' | 'manager';

/**
 * What a route names, for the authorization matrix: the folder or document it touches and the least role it
 * needs there (a member without a grant gets 404, one with a weaker grant 403); `list` routes answer everyone
 * but show only what the caller may see.
 */
export type RouteAccess =
  | { kind: 'folder'; minimum: FolderRole }
  | { kind: 'folder-body'; field: string; minimum: FolderRole }
  | { kind: 'grant'; minimum: FolderRole }
  | { kind: 'document'; minimum: FolderRole }
  | { kind: 'list' };

/** An error a route can answer, with the status where the code has more than one (the catalogue's otherwise). */
export type RouteError = ErrorCode | { code: ErrorCode; status: number };

/** A path parameter: what it is, the shape it must have, and what a value of another shape answers. */
export interface PathParam<T = unknown> {
  description: string;
  schema: z.ZodType<T>;
  /** The answer to a value that does not fit; by default 404 `not_found`, as for an id that does not exist. */
  invalid?: { code: ErrorCode; message: string };
}

export interface RouteResponse {
  description: string;
  /** JSON body schema; omit for empty answers. */
  schema?: z.ZodType;
  /** Non-JSON answers (a PDF, a ZIP, HTML, a redirect target). */
  contentType?: string;
}

/** A multipart/form-data body: one file part `file` and text fields. */
export interface UploadContract {
  /** What the file is. */
  file: string;
  mediaType: string;
  fields: z.ZodObject;
}

/**
 * One HTTP route, written once: it registers the route (method, path, authentication and scope), validates what
 * comes in (`ctx.input` is typed from it), and describes the route in the OpenAPI document (summary, responses,
 * the error codes it can answer).
 */
export interface RouteContract {
  method: HttpMethod;
  /** Koa form, with `:param` placeholders. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  auth: RouteAuth;
  /** The token scope the route needs (`*` tokens and sessions have all). */
  scope?: string;
  access?: RouteAccess;
  params?: Record<string, PathParam>;
  query?: z.ZodObject;
  /** A JSON request body (an empty body reads as `{}`). */
  body?: z.ZodType;
  /** A multipart/form-data body, read by the handler when it is ready for it (`ctx.input.upload`). */
  upload?: UploadContract;
  /** A binary body of one content type (RFC 3161, OCSP), read by the handler. */
  binaryBody?: { contentType: string; description: string };
  responses: Record<number, RouteResponse>;
  /**
   * The codes the route answers besides those its contract implies (credentials, scope, role, parameters, body,
   * server_error): listed in the OpenAPI document under their status.
   */
  errors?: readonly RouteError[];
  /** HTML pages and their assets: registered from the contract, left out of the API document. */
  openapi?: false;
}

type ParamsOf<C> = C extends { params: infer P extends Record<string, PathParam> }
  ? { [K in keyof P]: P[K] extends PathParam<infer T> ? T : never }
  : Record<string, never>;
type QueryOf<C> = C extends { query: infer Q extends z.ZodType } ? z.output<Q> : Record<string, never>;
type BodyOf<C> = C extends { body: infer B extends z.ZodType } ? z.output<B> : undefined;
type FieldsOf<C> = C extends { upload: { fields: infer F extends z.ZodType } } ? z.output<F> : never;

export interface Upload<Fields> {
  file: Buffer;
  filename?: string;
  fields: Fields;
}

/** What a handler gets, validated against its contract. */
export interface RouteInput<C> {
  params: ParamsOf<C>;
  query: QueryOf<C>;
  body: BodyOf<C>;
  /** Reads the multipart body (at most `maxFileBytes` in the file) and validates its fields. */
  upload(options: { maxFileBytes: number }): Promise<Upload<FieldsOf<C>>>;
}

export function routeKey(route: { method: string; path: string }): string {
  return `${route.method.toUpperCase()} ${route.path}`;
}

/** A contract as written in a `*-contracts.ts` file: the tag comes from the group, the operation id from its key. */
export type ContractDraft = Omit<RouteContract, 'operationId' | 'tag'> & { operationId?: string };

/**
 * One area's routes under one OpenAPI tag. Each route's operation id is its key unless the draft names another (kept
 * where published ids differ from the key).
 */
export function defineContracts<const T extends Record<string, ContractDraft>>(
  tag: string,
  drafts: T,
): { [K in keyof T]: T[K] & { operationId: string; tag: string } } {
  const contracts: Record<string, RouteContract> = {};
  for (const [key, draft] of Object.entries(drafts))
    contracts[key] = { ...draft, operationId: draft.operationId ?? key, tag };
  return contracts as { [K in keyof T]: T[K] & { operationId: string; tag: string } };
}
