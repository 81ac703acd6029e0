import { Op } from 'sequelize';
import type { DocumentArchive } from '../documents/document-archive.js';
import { noDocumentCalled, whereIdOrCode } from '../documents/document-by-id-or-code.js';
import type { AuditTrust } from './audit-trust.js';
import { readAuditTrail, type AuditTrail } from './get-audit-trail.js';

export interface VerifiedTrail {
  documentId: string;
  code: string;
  status: string;
  events: number;
  chain: AuditTrail['chain'];
  erased?: AuditTrail['erased'];
}

const PAGE = 200;

/** A document by its id or by its code (any case, hyphens optional); `not_found` otherwise. */
async function findDocumentId(archive: DocumentArchive, idOrCode: string): Promise<string> {
  const where = whereIdOrCode(idOrCode);
  const row = await archive.db.models.Document.findOne({ where, attributes: ['id'], raw: true });
  if (!row) throw noDocumentCalled(idOrCode);
  return row.id;
}

/**
 * Checks the audit trail of one document (by id or code) or of every document, oldest id order, one at a time:
 * the hash chain, every event's RFC 3161 token and the trail sealed into the final PDF (see readAuditTrail).
 * `onTrail` sees each result as it comes; the return says how many were checked and how many are broken.
 */
export async function verifyAuditTrails(options: {
  archive: DocumentArchive;
  trust: AuditTrust;
  document?: string;
  onTrail: (trail: VerifiedTrail) => void;
  signal?: AbortSignal;
}): Promise<{ checked: number; broken: number; interrupted?: boolean }> {
  const { archive, trust } = options;
  const { Document } = archive.db.models;
  let checked = 0;
  let broken = 0;
  const check = async (documentId: string) => {
    const document = await Document.findByPk(documentId, { attributes: ['id', 'code', 'status'], raw: true });
    if (!document) return;
    const trail = await readAuditTrail({ db: archive.db, documentId, trust, archive });
    checked += 1;
    if (!trail.chain.intact) broken += 1;
    options.onTrail({
      documentId,
      code: document.code,
      status: document.status,
      events: trail.events.length,
      chain: trail.chain,
      erased: trail.erased,
    });
  };
  if (options.document) {
    await check(await findDocumentId(archive, options.document));
    return { checked, broken };
  }
  let after = '';
  for (;;) {
    const rows = await Document.findAll({
      where: { id: { [Op.gt]: after } },
      order: [['id', 'ASC']],
      limit: PAGE,
      attributes: ['id'],
      raw: true,
    });
    for (const row of rows) {
      if (options.signal?.aborted) return { checked, broken, interrupted: true };
      await check(row.id);
    }
    if (rows.length < PAGE) return { checked, broken };
    after = rows[rows.length - 1]!.id;
  }
}
