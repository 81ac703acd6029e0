import type { Context } from 'koa';
import type { FolderAccess } from '../../../domain/access/folder-access.js';
import type { FolderService } from '../../../domain/folders/folder-service.js';
import { principalOf } from '../../middleware/authenticate.js';

/** Loads the caller's folder grants once per request into `ctx.state.access` (a guard, after authentication). */
export function loadFolderAccess(folders: Pick<FolderService, 'accessOf'>) {
  return async (ctx: Context, next: () => Promise<unknown>) => {
    ctx.state.access = await folders.accessOf(principalOf(ctx));
    await next();
  };
}

export function accessOf(ctx: Context): FolderAccess {
  return ctx.state.access as FolderAccess;
}
