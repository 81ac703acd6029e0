import type { Database } from '../../storage/database.js';

/**
 * Upload limits; an administrator may change them in the settings table (`documents.maxUploadBytes`,
 * `documents.maxPages`).
 */
export interface DocumentLimits {
  maxUploadBytes: number;
  maxPages: number;
}

export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = { maxUploadBytes: 100 * 1024 * 1024, maxPages: 2000 };

const KEYS = { maxUploadBytes: 'documents.maxUploadBytes', maxPages: 'documents.maxPages' } as const;

export async function readDocumentLimits(options: { db: Database }): Promise<DocumentLimits> {
  const rows = await options.db.models.Setting.findAll({ where: { key: Object.values(KEYS) }, raw: true });
  const limits = { ...DEFAULT_DOCUMENT_LIMITS };
  for (const [name, key] of Object.entries(KEYS) as [keyof DocumentLimits, string][]) {
    const value = Number(rows.find((row) => row.key === key)?.value);
    if (Number.isInteger(value) && value > 0) limits[name] = value;
  }
  return limits;
}

export async function writeDocumentLimits(options: { db: Database; limits: Partial<DocumentLimits> }): Promise<void> {
  for (const [name, value] of Object.entries(options.limits) as [keyof DocumentLimits, number][]) {
    await options.db.models.Setting.upsert({ key: KEYS[name], value: String(value) });
  }
}
