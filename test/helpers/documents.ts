import { randomUUID } from 'node:crypto';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import type { TestAppliance } from './appliance.js';
import type { TestStaff } from './staff.js';

/** Uploads a PDF through POST /api/v1/documents as multipart. */
export function uploadDocument(
  staff: TestStaff,
  options: { bytes: Uint8Array; title?: string; folderId?: string; idempotencyKey?: string; filename?: string },
): Promise<Response> {
  const form = new FormData();
  form.set('title', options.title ?? 'A document');
  if (options.folderId) form.set('folderId', options.folderId);
  form.set(
    'file',
    new Blob([new Uint8Array(options.bytes)], { type: 'application/pdf' }),
    options.filename ?? 'document.pdf',
  );
  return staff.api('/api/v1/documents', {
    method: 'POST',
    body: form,
    headers: options.idempotencyKey ? { 'Idempotency-Key': options.idempotencyKey } : {},
  });
}

/** A small PDF whose text holds `marker`, so tests can look for it in the data directory. */
export async function markedPdf(marker: string, pages = 1): Promise<Buffer> {
  const doc = await PDFDocument.load(await createSamplePdf({ pages, title: 'Marked' }));
  doc.catalog.set(PDFName.of('SeglTestMarker'), PDFString.of(marker));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** Folders and grants straight through the models (until the folders API exists in every branch). */
export async function createFolder(
  appliance: TestAppliance,
  options: { name?: string; parentId?: string | null } = {},
): Promise<string> {
  const now = new Date();
  const id = randomUUID();
  await appliance.deps.db.models.Folder.create({
    id,
    name: options.name ?? `folder ${id.slice(0, 8)}`,
    parentId: options.parentId ?? null,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

export async function grantFolder(
  appliance: TestAppliance,
  options: { folderId: string; userId: string; role: 'viewer' | 'editor' | 'manager' },
): Promise<void> {
  const now = new Date();
  await appliance.deps.db.models.Grant.create({
    id: randomUUID(),
    folderId: options.folderId,
    userId: options.userId,
    groupId: null,
    role: options.role,
    createdAt: now,
    updatedAt: now,
  });
}
