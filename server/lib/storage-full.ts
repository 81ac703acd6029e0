import { SeglError } from './errors.js';

/** Error codes and messages of a full disk or exhausted quota: the file system, SQLite and PostgreSQL. */
const FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL', '53100']);
const FULL_MESSAGES =
  /ENOSPC|EDQUOT|no space left on device|disk quota exceeded|database or disk is full|could not extend file/i;

/** Whether an error (or any error it wraps: `cause`, Sequelize's `parent` and `original`) says the disk is full. */
export function isStorageFull(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  type Wrapping = Record<'code' | 'message' | 'cause' | 'parent' | 'original', unknown>;
  const { code, message, cause, parent, original } = error as Wrapping;
  if (typeof code === 'string' && FULL_CODES.has(code)) return true;
  if (typeof message === 'string' && FULL_MESSAGES.test(message)) return true;
  return [cause, parent, original].some((inner) => inner !== error && isStorageFull(inner, depth + 1));
}

/** 507: the appliance has no room to store what was asked; nothing was stored. */
export function insufficientStorage(message: string, cause?: unknown): SeglError {
  return new SeglError({ code: 'insufficient_storage', message, status: 507, expose: true, cause });
}
