import { SeglError } from './errors.js';

/**
 * Error codes of a full disk or exhausted quota: the file system (ENOSPC, EDQUOT), SQLite (SQLITE_FULL) and
 * PostgreSQL (53100 disk_full). Codes only: messages are for people and change between versions.
 */
const FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL', '53100']);

/** Whether an error (or any error it wraps: `cause`, Sequelize's `parent` and `original`) says the disk is full. */
export function isStorageFull(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  type Wrapping = Record<'code' | 'cause' | 'parent' | 'original', unknown>;
  const { code, cause, parent, original } = error as Wrapping;
  if (typeof code === 'string' && FULL_CODES.has(code)) return true;
  return [cause, parent, original].some((inner) => inner !== error && isStorageFull(inner, depth + 1));
}

/** 507: the appliance has no room to store what was asked; nothing was stored. */
export function insufficientStorage(message: string, cause?: unknown): SeglError {
  return new SeglError({ code: 'insufficient_storage', message, cause });
}
