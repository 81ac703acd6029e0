import type { Clock } from '../../lib/clock.js';
import { bindContext } from '../bind-context.js';
import { createExport } from '../export/create-export.js';
import { requireFreeSpace } from '../health/disk-space.js';
import { setLegalHold } from '../retention/legal-hold.js';
import { previewRetention } from '../retention/preview-retention.js';
import { createDocument } from './create-document.js';
import { deleteDocument } from './delete-document.js';
import type { DocumentArchive } from './document-archive.js';
import { readDocumentLimits } from './document-limits.js';
import { findVisibleDocument } from './find-visible-document.js';
import { getDocument } from './get-document.js';
import { listDocuments } from './list-documents.js';
import { moveDocument } from './move-document.js';
import { openDocumentPdf } from './open-document-pdf.js';

/** The archive's documents: upload, list, read, move, delete, legal holds, retention preview, export. */
export function createDocumentService(context: {
  archive: DocumentArchive;
  clock: Clock;
  dataDir: string;
  minFreeBytes: number;
  defaultRetentionDays: number | null;
  /** Put into every export, for checking the signed PDFs without the appliance. */
  rootCertificatePem: () => string;
}) {
  const { archive, dataDir, minFreeBytes, defaultRetentionDays } = context;
  const { db } = archive;
  const bind = bindContext({ archive, defaultRetentionDays });
  const withDatabase = bindContext({ db, clock: context.clock, defaultRetentionDays });
  return {
    limits: () => readDocumentLimits({ db }),
    /** Refuses (507) when storing `incomingBytes` more would leave less than SEGL_MIN_FREE_BYTES free. */
    requireFreeSpace: (options: { incomingBytes: number }) => requireFreeSpace({ dataDir, minFreeBytes, ...options }),
    create: bind(createDocument),
    list: bind(listDocuments),
    get: bind(getDocument),
    openPdf: bind(openDocumentPdf),
    move: bind(moveDocument),
    delete: bind(deleteDocument),
    findVisible: withDatabase(findVisibleDocument),
    setLegalHold: withDatabase(setLegalHold),
    previewRetention: withDatabase(previewRetention),
    export: (options: Omit<Parameters<typeof createExport>[0], 'archive' | 'rootCertificatePem'>) =>
      createExport({ archive, rootCertificatePem: context.rootCertificatePem(), ...options }),
  };
}

export type DocumentService = ReturnType<typeof createDocumentService>;
