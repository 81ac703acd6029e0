import type { Context, Middleware } from 'koa';
import { FolderAccess } from '../../../domain/access/folder-access.js';
import type { Database } from '../../../domain/database.js';
import { principalOf } from '../../middleware/authenticate.js';

/** Loads the caller's folder grants once per request into `ctx.state.access` (after authenticate()). */
export function loadFolderAccess(deps: { db: Database }): Middleware {
  return async (ctx, next) => {
    ctx.state.access = await FolderAccess.load({ db: deps.db, principal: principalOf(ctx) });
    await next();
  };
}

export function accessOf(ctx: Context): FolderAccess {
  return ctx.state.access as FolderAccess;
}
