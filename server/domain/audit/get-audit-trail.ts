import type { Database } from '../../storage/database.js';
import type { FolderAccess } from '../access/folder-access.js';
import type { DocumentArchive } from '../documents/document-archive.js';
import { findVisibleDocument } from '../documents/find-visible-document.js';
import { readDocumentBlob } from '../documents/read-document-blob.js';
import { checkAuditChain, type ChainProblem } from './audit-chain.js';
import { toAuditEventView, type AuditEventView } from './audit-event-view.js';
import type { AuditTrust } from './audit-trust.js';
import { checkEventTokens, type TokenSummary } from './check-event-tokens.js';
import { checkSealedTrail, type SealedCoverage } from './check-sealed-trail.js';

export interface AuditTrail {
  documentId: string;
  events: AuditEventView[];
  chain: {
    intact: boolean;
    problems: ChainProblem[];
    /** The events' RFC 3161 tokens, each checked against its event's hash and TSA (when trust was given). */
    tokens?: TokenSummary;
    /** Whether the chain was compared with the trail sealed into the final PDF (when the archive was given). */
    sealed?: SealedCoverage;
  };
  /** Set when retention erased the events before the first one shown: how many, and the last erased event's hash. */
  erased?: { events: number; lastHash: string | null };
}

/** What to check beyond the hash chain: the tokens (with `trust`) and the sealed PDF (with `archive` too). */
export interface AuditTrailChecks {
  trust?: AuditTrust;
  archive?: DocumentArchive;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function checkFinalPdf(options: {
  archive: DocumentArchive;
  trust: AuditTrust;
  document: { id: string; status: string; finalSha256?: string | null };
  events: AuditEventView[];
}): Promise<{ problems: ChainProblem[]; sealed: SealedCoverage }> {
  const { archive, document, events } = options;
  const claimsSeal = Boolean(document.finalSha256) || events.some((event) => event.type === 'document.sealed');
  if (document.status === 'deleted') return { problems: [], sealed: { checked: false, reason: 'deleted' } };
  const blob = await archive.db.models.DocumentBlob.findOne({
    where: { documentId: document.id, kind: 'final' },
    attributes: ['blobName'],
    raw: true,
  });
  if (!blob) {
    if (!claimsSeal) return { problems: [], sealed: { checked: false, reason: 'not_sealed' } };
    return {
      problems: [
        { seq: null, code: 'seal_mismatch', message: 'the document was sealed, but its final PDF is missing' },
      ],
      sealed: { checked: false, reason: 'not_sealed' },
    };
  }
  let pdf: Buffer;
  try {
    const stream = await readDocumentBlob({ archive, documentId: document.id, blobName: blob.blobName });
    if (!stream) return { problems: [], sealed: { checked: false, reason: 'deleted' } };
    pdf = await readAll(stream);
  } catch (error) {
    return {
      problems: [
        { seq: null, code: 'seal_mismatch', message: `the final PDF cannot be read: ${(error as Error).message}` },
      ],
      sealed: { checked: false, reason: 'not_sealed' },
    };
  }
  return checkSealedTrail({
    pdf,
    documentId: document.id,
    finalSha256: document.finalSha256 ?? null,
    events,
    trust: options.trust,
  });
}

/**
 * Every event of a document in order, with the evidence re-checked: the hash chain and the head the document row
 * remembers; with `trust`, every event's RFC 3161 token against its hash and TSA; with `archive` too, the chain against
 * the trail sealed into the final PDF (which covers the head at completion, so that rewriting events and recomputing
 * every hash and the head in the database is found).
 */
export async function readAuditTrail(
  options: { db: Database; documentId: string } & AuditTrailChecks,
): Promise<AuditTrail> {
  const { db, documentId, trust } = options;
  const [rows, document] = await Promise.all([
    db.models.AuditEvent.findAll({ where: { documentId }, order: [['seq', 'ASC']], raw: true }),
    db.models.Document.findByPk(documentId, {
      attributes: ['id', 'status', 'finalSha256', 'auditSeq', 'auditHead', 'auditErasedSeq', 'auditErasedHead'],
      raw: true,
    }),
  ]);
  const events = rows.map((row) => toAuditEventView(row));
  const erasedSeq = document?.auditErasedSeq ?? 0;
  const erased = erasedSeq > 0 ? { seq: erasedSeq, hash: document?.auditErasedHead ?? null } : undefined;
  const chain: AuditTrail['chain'] = checkAuditChain({
    events,
    head: document ? { seq: document.auditSeq ?? 0, hash: document.auditHead ?? null } : undefined,
    erased,
  });
  if (trust) {
    // sealing waits for every signing event's token, so a sealed document's signing events all carry one
    const sealed = Boolean(document?.finalSha256) || events.some((event) => event.type === 'document.sealed');
    const tokens = checkEventTokens({
      events,
      trust,
      tokenRequired: (event) => sealed && event.type === 'signer.signed',
    });
    chain.problems.push(...tokens.problems);
    chain.tokens = tokens.tokens;
    if (options.archive && document) {
      const final = await checkFinalPdf({ archive: options.archive, trust, document, events });
      chain.problems.push(...final.problems);
      chain.sealed = final.sealed;
    } else chain.sealed = { checked: false, reason: 'not_requested' };
    chain.intact = chain.problems.length === 0;
  }
  return { documentId, events, chain, ...(erased ? { erased: { events: erased.seq, lastHash: erased.hash } } : {}) };
}

/** The audit trail of a document the caller can see (404 otherwise), with every check that `checks` allows. */
export async function getAuditTrail(
  options: { db: Database; access: FolderAccess; documentId: string } & AuditTrailChecks,
): Promise<AuditTrail> {
  const document = await findVisibleDocument({
    db: options.db,
    access: options.access,
    documentId: options.documentId,
  });
  return readAuditTrail({ db: options.db, documentId: document.id, trust: options.trust, archive: options.archive });
}
