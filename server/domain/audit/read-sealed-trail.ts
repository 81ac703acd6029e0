import { PdfReader } from '../../pdf/pdf-reader.js';
import { PdfStream, PdfString, asArray, asDict } from '../../pdf/pdf-objects.js';
import { decodeStream } from '../../pdf/stream-filters.js';
import { declaredPdfaPart } from '../../pdf/stamp/embedded-file.js';
import type { AuditEventView } from './audit-event-view.js';

export const SEALED_TRAIL_NAME = 'audit-trail.json';
export const SEALED_TRAIL_FORMAT = 'segl-audit-trail/1';
const MAX_TRAIL_BYTES = 64 * 1024 * 1024;

/** The audit trail as attached to the final PDF before it was sealed (see auditTrailJson). */
export interface SealedTrail {
  documentId: string;
  events: Omit<AuditEventView, 'documentId'>[];
}

export type SealedTrailResult =
  | { found: true; trail: SealedTrail }
  /** `no_attachment`: a PDF/A-1 or -2 input, where attachments are not allowed, so none was added. */
  | { found: false; reason: 'no_attachment' | 'missing' | 'unreadable'; message: string };

function fileName(spec: ReturnType<typeof asDict>): string | undefined {
  const name = spec?.get('UF') ?? spec?.get('F');
  return name instanceof PdfString ? name.toText() : undefined;
}

/**
 * Reads the audit trail Segl attached to a final PDF: the last associated file of the catalog (`/AF`), which the
 * stamp appends after any the original had, so that an attachment of the same name in the uploaded original is
 * never taken for it. Whether the revision that holds it is covered by the seal is the caller's check (verifyPdf).
 */
export function readSealedTrail(pdf: Uint8Array): SealedTrailResult {
  let reader: PdfReader;
  try {
    reader = PdfReader.open(pdf);
  } catch (error) {
    return { found: false, reason: 'unreadable', message: `the final PDF cannot be read: ${(error as Error).message}` };
  }
  const associated = asArray(reader.resolve(reader.catalog().get('AF'))) ?? [];
  const spec = asDict(reader.resolve(associated.at(-1)));
  if (!spec || fileName(spec) !== SEALED_TRAIL_NAME) {
    const part = declaredPdfaPart(reader);
    if (part === 1 || part === 2)
      return {
        found: false,
        reason: 'no_attachment',
        message: `the input declares PDF/A-${part}, where no audit trail is attached`,
      };
    return { found: false, reason: 'missing', message: 'the final PDF carries no attached audit trail' };
  }
  const embedded = asDict(reader.resolve(spec.get('EF')));
  const stream = reader.resolve(embedded?.get('UF') ?? embedded?.get('F'));
  if (!(stream instanceof PdfStream))
    return { found: false, reason: 'missing', message: 'the attached audit trail has no embedded file' };
  try {
    const body = JSON.parse(decodeStream(stream, MAX_TRAIL_BYTES).toString('utf8')) as {
      format?: unknown;
      document?: { id?: unknown };
      events?: unknown;
    };
    if (body.format !== SEALED_TRAIL_FORMAT || typeof body.document?.id !== 'string' || !Array.isArray(body.events)) {
      return { found: false, reason: 'unreadable', message: `the attached audit trail is not ${SEALED_TRAIL_FORMAT}` };
    }
    return { found: true, trail: { documentId: body.document.id, events: body.events as SealedTrail['events'] } };
  } catch (error) {
    return {
      found: false,
      reason: 'unreadable',
      message: `the attached audit trail cannot be read: ${(error as Error).message}`,
    };
  }
}
