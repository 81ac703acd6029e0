import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { z } from 'zod';
import type { GrantRole } from '../../../domain/database.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call at all: anyone, any signed-in staff user (bearer token or session), or administrators. */
export type RouteAuth = 'public' | 'staff' | 'admin';

/**
 * What a route names, for the authorization matrix: the folder or document it touches and the least role it
 * needs there (a member without a grant gets 404, one with a weaker grant 403); `list` routes answer everyone
 * but show only what the caller may see.
 */
export type RouteAccess =
  | { kind: 'folder'; minimum: GrantRole }
  | { kind: 'folder-body'; field: string; minimum: GrantRole }
  | { kind: 'grant'; minimum: GrantRole }
  | { kind: 'document'; minimum: GrantRole }
  | { kind: 'list' };

export interface RouteResponse {
  description: string;
  /** JSON body schema; omit for empty answers. */
  schema?: z.ZodType;
  /** Non-JSON answers (a PDF, a redirect target). */
  contentType?: string;
}

/** One HTTP route, the single source for registering it, for the OpenAPI document and for the route tests. */
export interface RouteSpec {
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
  /** Descriptions of the path parameters (every `:param` must have one). */
  params?: Record<string, string>;
  query?: z.ZodObject;
  /** A JSON request body. */
  body?: z.ZodType;
  /** A multipart/form-data body (files as strings with format binary in the document). */
  multipart?: z.ZodObject;
  responses: Record<number, RouteResponse>;
}

/** Registers a spec's route on a router, so the path and method served are the documented ones. */
export function registerRoute(router: Router, spec: RouteSpec, ...middleware: Middleware[]): void {
  (router as unknown as Record<HttpMethod, (path: string, ...mw: Middleware[]) => void>)[spec.method](spec.path, ...middleware);
}

export function routeKey(route: { method: string; path: string }): string {
  return `${route.method.toUpperCase()} ${route.path}`;
}
