import type { Database } from '../../storage/database.js';
import type { Sealer } from '../sealer.js';
import type { DocumentVerifier } from '../verify-document.js';
import { checkUploadedFile } from './check-uploaded-file.js';
import { describeDocumentStatus, type DocumentStatusView } from './document-status.js';
import { matchDocumentHash } from './match-document-hash.js';
import { readPortalMaxCheckBytes } from './portal-limits.js';
import { createPublicDocumentLookup } from './public-document.js';

/** The public portal: a document's status by its code, possession proofs by hash, checks of uploaded files. */
export function createVerificationService(context: {
  db: Database;
  verifier: DocumentVerifier;
  sealer: Pick<Sealer, 'verificationAnchorsPem' | 'trustList'>;
}) {
  const { db, verifier, sealer } = context;
  const lookup = createPublicDocumentLookup({ db });
  return {
    /** The public status of the document with this (parsed) code; undefined when none has it. */
    status: async (code: string): Promise<DocumentStatusView | undefined> => {
      const record = await lookup(code);
      return record && describeDocumentStatus(record);
    },
    match: (options: { code: string; sha256: string }) => matchDocumentHash({ db, lookup, ...options }),
    maxCheckBytes: () => readPortalMaxCheckBytes({ db }),
    /** The same trust as `segl verify`: the appliance root, the imported seal's root, SEGL_TRUST_LIST_FILES. */
    checkFile: async (bytes: Uint8Array) => {
      const trustAnchorsPem = await sealer.verificationAnchorsPem();
      return checkUploadedFile({ db, verifier, bytes, trustAnchorsPem, trustLists: sealer.trustList?.lists });
    },
  };
}

export type VerificationService = ReturnType<typeof createVerificationService>;
