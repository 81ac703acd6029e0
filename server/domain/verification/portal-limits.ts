import type { Database } from '../../storage/database.js';

/** The largest file the portal checks (`portal.maxCheckBytes` in the settings table; default 20 MiB). */
export const DEFAULT_PORTAL_MAX_CHECK_BYTES = 20 * 1024 * 1024;
const KEY = 'portal.maxCheckBytes';

export async function readPortalMaxCheckBytes(options: { db: Database }): Promise<number> {
  const row = await options.db.models.Setting.findOne({ where: { key: KEY }, raw: true });
  const value = Number(row?.value);
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_PORTAL_MAX_CHECK_BYTES;
}

export async function writePortalMaxCheckBytes(options: { db: Database; bytes: number }): Promise<void> {
  await options.db.models.Setting.upsert({ key: KEY, value: String(options.bytes) });
}

/** File checks cost far more than lookups: a sixth of the lookup limit per IP (at least 1 a minute). */
export function fileCheckLimit(lookupLimit: number): number {
  return Math.max(1, Math.floor(lookupLimit / 6));
}
