import type { Database } from '../../storage/database.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { AuditActor } from '../audit/audit-actor.js';
import type { RequestOrigin } from '../request-origin.js';

/** Records `document.downloaded` in a transaction of its own: the audit trail lists every copy handed out. */
export async function recordDocumentDownload(
  options: RequestOrigin & {
    db: Database;
    documentId: string;
    at: Date;
    actor: AuditActor;
    /** Which version went out (`original`, `final`, `export`...) and its details. */
    data: Record<string, unknown>;
  },
): Promise<void> {
  const { db, ...event } = options;
  await db.transaction((transaction) => appendAuditEvent({ db, transaction, type: 'document.downloaded', ...event }));
}
