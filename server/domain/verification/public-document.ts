import type { Database } from '../../storage/database.js';
import type { DocumentStatus } from '../../storage/models/document.js';
import { isoTimeOrNull } from '../iso-time.js';

/** What the portal may read about a document: never folder, owner, keys or blob names. */
export interface PublicDocumentRecord {
  id: string;
  /** Stored form, 16 characters without hyphens. */
  code: string;
  title: string;
  status: DocumentStatus;
  /** The uploaded original's SHA-256 (kept on the tombstone after deletion). */
  sha256: string;
  /** The sealed final file's SHA-256, once sealing stored one (a `final` blob). */
  finalSha256: string | null;
  createdAt: string;
  /** When the final file was sealed, null before. */
  completedAt: string | null;
  deletedAt: string | null;
  signerCount: number;
  signedCount: number;
  /** The PAdES level the final file was sealed at. */
  level: string | null;
}

/**
 * One statement for a set of codes, known or not: the unique index on documents.code, and the final blob (if any)
 * through the (document_id, kind) index. The same statement runs whether a code exists or not, so an unknown code
 * costs what a known one costs (no second query that only known codes would pay for).
 */
function byCodes(count: number): string {
  const list = Array.from({ length: count }, (_, i) => `$${i + 1}`).join(', ');
  return `SELECT d.id AS id, d.code AS code, d.title AS title, d.status AS status, d.sha256 AS sha256,
  d.created_at AS created_at, d.deleted_at AS deleted_at, d.final_sha256 AS final_sha256, d.sealed_at AS completed_at,
  d.sealed_level AS level,
  (SELECT COUNT(*) FROM signers s WHERE s.document_id = d.id) AS signer_count,
  (SELECT COUNT(*) FROM signers s WHERE s.document_id = d.id AND s.status = 'signed') AS signed_count
FROM documents d
WHERE d.code IN (${list})`;
}

/** Hash lookups (file checks): the final file's hash or the original upload's (both kept after deletion). */
const BY_HASH = `SELECT d.code AS code, d.status AS status, 'final' AS version
FROM documents d WHERE d.final_sha256 = $1
UNION ALL SELECT d.code AS code, d.status AS status, 'original' AS version
FROM documents d WHERE d.sha256 = $1 LIMIT 1`;

interface Row {
  id: string;
  code: string;
  title: string;
  status: DocumentStatus;
  sha256: string;
  created_at: Date | string;
  deleted_at: Date | string | null;
  final_sha256: string | null;
  completed_at: Date | string | null;
  level: string | null;
  signer_count: number | string;
  signed_count: number | string;
}

function toRecord(row: Row): PublicDocumentRecord {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    status: row.status,
    sha256: row.sha256,
    finalSha256: row.final_sha256 ?? null,
    createdAt: isoTimeOrNull(row.created_at)!,
    completedAt: isoTimeOrNull(row.completed_at),
    deletedAt: isoTimeOrNull(row.deleted_at),
    signerCount: Number(row.signer_count),
    signedCount: Number(row.signed_count),
    level: row.level ?? null,
  };
}

/** Documents by stored code (see parseDocumentCode), in one indexed query. */
export async function findPublicDocuments(options: {
  db: Database;
  codes: readonly string[];
}): Promise<Map<string, PublicDocumentRecord>> {
  const found = new Map<string, PublicDocumentRecord>();
  if (!options.codes.length) return found;
  const rows = await options.db.selectRows<Row>(byCodes(options.codes.length), [...options.codes]);
  for (const row of rows) if (!found.has(row.code)) found.set(row.code, toRecord(row));
  return found;
}

/** The document with this stored code, or undefined. Exactly one indexed query. */
export async function findPublicDocument(options: {
  db: Database;
  code: string;
}): Promise<PublicDocumentRecord | undefined> {
  return (await findPublicDocuments({ db: options.db, codes: [options.code] })).get(options.code);
}

export type PublicDocumentLookup = (code: string) => Promise<PublicDocumentRecord | undefined>;

/**
 * Portal lookups under load: the codes asked for while the event loop is busy are looked up together, in one query
 * per turn (at most `maxBatch` codes), instead of one query each. Alone, a lookup is one query as before. Every code
 * of a batch, known or unknown, waits for the same query and gets its answer at the same moment.
 */
export function createPublicDocumentLookup(options: { db: Database; maxBatch?: number }): PublicDocumentLookup {
  const maxBatch = options.maxBatch ?? 200;
  type Waiter = {
    code: string;
    resolve: (record: PublicDocumentRecord | undefined) => void;
    reject: (error: unknown) => void;
  };
  let pending: Waiter[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = [];
    for (let at = 0; at < batch.length; at += maxBatch) {
      const part = batch.slice(at, at + maxBatch);
      findPublicDocuments({ db: options.db, codes: [...new Set(part.map((w) => w.code))] }).then(
        (found) => {
          for (const waiter of part) waiter.resolve(found.get(waiter.code));
        },
        (error: unknown) => {
          for (const waiter of part) waiter.reject(error);
        },
      );
    }
  };
  return (code) =>
    new Promise((resolve, reject) => {
      pending.push({ code, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}

/** Which document a file is, by its SHA-256, and whether it is that document's sealed final or its original. */
export interface DocumentByHash {
  code: string;
  status: DocumentStatus;
  version: 'final' | 'original';
}

/** A document whose final or original file has this SHA-256 (lowercase hex), or undefined. */
export async function findDocumentByHash(options: {
  db: Database;
  sha256: string;
}): Promise<DocumentByHash | undefined> {
  return (await options.db.selectRows<DocumentByHash>(BY_HASH, [options.sha256]))[0];
}
