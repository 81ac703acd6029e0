import type { Database } from '../../storage/database.js';
import type { FolderAccess } from '../access/folder-access.js';
import { findVisibleDocument } from '../documents/find-visible-document.js';
import { checkAuditChain, type ChainProblem } from './audit-chain.js';
import { toAuditEventView, type AuditEventView } from './audit-event-view.js';

export interface AuditTrail {
  documentId: string;
  events: AuditEventView[];
  chain: { intact: boolean; problems: ChainProblem[] };
  /** Set when retention erased the events before the first one shown: how many, and the last erased event's hash. */
  erased?: { events: number; lastHash: string | null };
}

/** Every event of a document in order, with the hash chain re-checked. */
export async function readAuditTrail(options: { db: Database; documentId: string }): Promise<AuditTrail> {
  const { db, documentId } = options;
  const [rows, document] = await Promise.all([
    db.models.AuditEvent.findAll({ where: { documentId }, order: [['seq', 'ASC']], raw: true }),
    db.models.Document.findByPk(documentId, { attributes: ['auditSeq', 'auditHead', 'auditErasedSeq', 'auditErasedHead'], raw: true }),
  ]);
  const events = rows.map((row) => toAuditEventView(row));
  const erasedSeq = document?.auditErasedSeq ?? 0;
  const erased = erasedSeq > 0 ? { seq: erasedSeq, hash: document?.auditErasedHead ?? null } : undefined;
  const chain = checkAuditChain({ events, head: document ? { seq: document.auditSeq ?? 0, hash: document.auditHead ?? null } : undefined, erased });
  return { documentId, events, chain, ...(erased ? { erased: { events: erased.seq, lastHash: erased.hash } } : {}) };
}

/** The audit trail of a document the caller can see (404 otherwise). */
export async function getAuditTrail(options: { db: Database; access: FolderAccess; documentId: string }): Promise<AuditTrail> {
  const document = await findVisibleDocument({ db: options.db, access: options.access, documentId: options.documentId });
  return readAuditTrail({ db: options.db, documentId: document.id });
}
