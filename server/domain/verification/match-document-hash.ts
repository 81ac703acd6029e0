import { timingSafeEqual } from 'node:crypto';
import type { Database } from '../../storage/database.js';
import { formatDocumentCode } from '../documents/document-code.js';
import { describeDocumentStatus } from './document-status.js';
import { findPublicDocument, type PublicDocumentLookup } from './public-document.js';
import type { PadesLevel } from '../../pades/verification-report.js';
import { isoTimeOrNull } from '../iso-time.js';

/** A signer as a holder of the document may see them. */
export interface MatchedSigner {
  name: string;
  /** `email-otp` (a simple e-mail verification) or `oidc:<provider>`. */
  identifiedBy: string;
  /** `strong` (identity provider) or `simple` (e-mailed code). */
  level: 'strong' | 'simple' | null;
  /** The identity provider's name as the operator configured it (e.g. BankID); null for an e-mailed code. */
  provider: string | null;
  status: string;
  signedAt: string | null;
}

/** Signers for whoever proved possession: names as proven, never e-mail addresses or identity numbers. */
async function matchedSigners(db: Database, documentId: string): Promise<MatchedSigner[]> {
  const rows = await db.models.Signer.findAll({
    where: { documentId },
    order: [
      ['position', 'ASC'],
      ['signedAt', 'ASC'],
    ],
    raw: true,
  });
  return rows.map((row) => {
    const identity = row.identity
      ? (JSON.parse(row.identity) as { level?: 'strong' | 'simple'; name?: string; providerLabel?: string })
      : undefined;
    return {
      name: identity?.level === 'strong' && identity.name ? identity.name : row.name,
      identifiedBy: row.authMethod,
      level: identity?.level ?? null,
      provider: identity?.level === 'strong' ? (identity.providerLabel ?? null) : null,
      status: row.status,
      signedAt: isoTimeOrNull(row.signedAt),
    };
  });
}

export type HashMatch =
  | { found: false }
  | { found: true; match: false }
  | {
      found: true;
      match: true;
      details: {
        code: string;
        title: string;
        status: string;
        /** Which file the hash is: the sealed `final` file, or the uploaded `original` (not the signed document). */
        matchedVersion: 'original' | 'final';
        createdAt: string;
        completedAt: string | null;
        level: PadesLevel | null;
        deletedAt?: string;
        signers: MatchedSigner[];
      };
    };

const PLACEHOLDER = Buffer.alloc(32);

function hashBytes(hex: string | null): Buffer {
  return hex && /^[0-9a-f]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : PLACEHOLDER;
}

/**
 * Possession proof: does `sha256` (64 lowercase hex, as the route's contract guarantees) equal a hash of the
 * document behind `code` (stored form)? The comparisons run in constant time and in the same number whether the code
 * exists, has a final file, or not.
 */
export async function matchDocumentHash(options: {
  db: Database;
  code: string;
  sha256: string;
  lookup?: PublicDocumentLookup;
}): Promise<HashMatch> {
  const record = options.lookup
    ? await options.lookup(options.code)
    : await findPublicDocument({ db: options.db, code: options.code });
  const given = Buffer.from(options.sha256, 'hex');
  const original = hashBytes(record?.sha256 ?? null);
  const final = hashBytes(record?.finalSha256 ?? null);
  // Both comparisons always run (no short-circuit); a placeholder only counts where a real hash exists.
  const originalEqual = timingSafeEqual(given, original);
  const finalEqual = timingSafeEqual(given, final);
  if (!record) return { found: false };
  const matchesFinal = finalEqual && record.finalSha256 !== null;
  const matchesOriginal = originalEqual;
  if (!matchesFinal && !matchesOriginal) return { found: true, match: false };
  const status = describeDocumentStatus(record);
  return {
    found: true,
    match: true,
    details: {
      code: formatDocumentCode(record.code),
      title: record.title,
      status: record.status,
      matchedVersion: matchesFinal ? 'final' : 'original',
      createdAt: record.createdAt,
      completedAt: status.completedAt,
      level: status.level,
      ...(status.deletedAt ? { deletedAt: status.deletedAt } : {}),
      // who signed is for holders of the signed file: the original's hash is known to every invited signer
      signers: record.status === 'deleted' || !matchesFinal ? [] : await matchedSigners(options.db, record.id),
    },
  };
}
