import type { RouteContract } from '../../contract/route-contract.js';
import { idParam } from '../../contract/common-schemas.js';

const tag = 'app';
const html = { 200: { description: 'the staff app', contentType: 'text/html' } };
/** The administration screens (and a member's own tokens): the same shell, the app picks the screen. */
export const APP_SCREENS = ['users', 'groups', 'folders', 'tokens', 'webhooks', 'settings'] as const;

const screen = (name: (typeof APP_SCREENS)[number]) =>
  ({
    method: 'get',
    path: `/app/${name}`,
    operationId: `app-${name}`,
    tag,
    auth: 'public',
    openapi: false,
    summary: `The staff app's ${name} screen`,
    responses: html,
    errors: ['app_unavailable'],
  }) as const;

/** The staff app's pages (HTML; signing in is /login's job): registered from here, not in the API document. */
export const appContracts = {
  home: {
    method: 'get',
    path: '/',
    operationId: 'home',
    tag,
    auth: 'public',
    openapi: false,
    summary: 'Redirects to /app',
    responses: { 302: { description: 'to /app' } },
  },
  favicon: {
    method: 'get',
    path: '/favicon.ico',
    operationId: 'favicon',
    tag,
    auth: 'public',
    openapi: false,
    summary: 'No icon',
    responses: { 204: { description: 'nothing' } },
  },
  documents: {
    method: 'get',
    path: '/app',
    operationId: 'app',
    tag,
    auth: 'public',
    openapi: false,
    summary: 'The document list (`?folder=&status=&q=`)',
    responses: html,
    errors: ['app_unavailable'],
  },
  screens: APP_SCREENS.map(screen),
  document: {
    method: 'get',
    path: '/app/documents/:id',
    operationId: 'appDocument',
    tag,
    auth: 'public',
    openapi: false,
    summary: 'One document',
    params: { id: idParam('document id') },
    responses: html,
    errors: ['app_unavailable'],
  },
} satisfies Record<string, RouteContract | readonly RouteContract[]>;
