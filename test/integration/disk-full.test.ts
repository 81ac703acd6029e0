import test, { type ExecutionContext } from 'ava';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestAppliance, type TestAppliance } from '../helpers/appliance.js';
import { createTestStaff, type TestStaff } from '../helpers/staff.js';
import { uploadDocument } from '../helpers/documents.js';
import { expectJson } from '../helpers/signing.js';
import { mountSmallFilesystem, type SmallFilesystem } from '../helpers/small-filesystem.js';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';

/**
 * A full disk that says so, on a real small file system (tmpfs) holding the data directory and the SQLite database:
 * below the floor uploads answer 507 and the probes report it; when the disk is really full, a write that meets
 * ENOSPC / SQLITE_FULL answers 507 (never a bare 500), downloads (which must record an audit event) are refused,
 * and what needs no write (details, audit trail, portal) keeps working. Freeing space ends it.
 */
const MB = 1024 * 1024;

function blobFiles(dataDir: string): string[] {
  const dir = join(dataDir, 'blobs');
  return existsSync(dir)
    ? readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((p) => p.endsWith('.pgp') || p.includes('.tmp-'))
        .sort()
    : [];
}

async function downloads(appliance: TestAppliance, documentId: string): Promise<number> {
  return appliance.deps.db.models.AuditEvent.count({ where: { documentId, type: 'document.downloaded' } });
}

/** Empties SQLite's write-ahead log, so the next write has to grow the file (on a full disk: SQLITE_FULL). */
async function truncateWal(appliance: TestAppliance): Promise<void> {
  await appliance.deps.db.sequelize.query('PRAGMA wal_checkpoint(TRUNCATE)');
}

type DiskTest = (t: ExecutionContext, fs: SmallFilesystem, appliance: TestAppliance, staff: TestStaff) => Promise<void>;

function withSmallDisk(title: string, options: { sizeMb: number; floor: string }, body: DiskTest): void {
  test.serial(title, async (t) => {
    t.timeout(120_000);
    const fs = mountSmallFilesystem(options.sizeMb);
    if (!fs) return t.pass('skipped: no tmpfs');
    let appliance: TestAppliance | undefined;
    try {
      appliance = await startTestAppliance({
        dataDir: join(fs.dir, 'data'),
        env: { SEGL_MIN_FREE_BYTES: options.floor },
      });
      await body(t, fs, appliance, await createTestStaff(appliance, 'admin', 'Disk Staff'));
    } finally {
      fs.makeRoom();
      await appliance?.close();
      fs.unmount();
    }
  });
}

withSmallDisk(
  'low and then full disk: 507 for uploads and unrecordable downloads, probes say so, reading goes on',
  { sizeMb: 48, floor: '8MB' },
  async (t, fs, appliance, staff) => {
    const pdf = await createSamplePdf({ pages: 2, title: 'Kept', padBytes: 100_000 });
    const kept = await expectJson(await uploadDocument(staff, { bytes: pdf, title: 'Kept' }), 201);
    t.is((await staff.api(`/api/v1/documents/${kept.id}/pdf`)).status, 200);
    t.deepEqual(await expectJson(await fetch(`${appliance.url}/healthz`), 200), { status: 'ok' });

    // below the floor (8 MB), not yet full
    fs.leaveFree(4 * MB);
    const healthz = await fetch(`${appliance.url}/healthz`);
    t.is(healthz.status, 503, '/healthz reports low disk before the disk is full');
    t.like(await healthz.json(), { error: 'unhealthy', status: 'degraded', problems: [{ code: 'disk_low' }] });
    const readyz = await fetch(`${appliance.url}/readyz`);
    t.is(readyz.status, 200, 'still ready: reading works');
    t.like(await readyz.json(), { status: 'degraded', problems: [{ code: 'disk_low' }] });
    const health = await expectJson(await staff.api('/api/v1/health'), 200);
    t.like(health, { status: 'degraded', disk: { minFreeBytes: 8 * MB, low: true } });
    t.true(health.disk.freeBytes <= 4 * MB);

    const before = blobFiles(appliance.dataDir);
    const refused = await uploadDocument(staff, { bytes: pdf, title: 'Refused' });
    t.is(refused.status, 507);
    const refusal = await refused.json();
    t.is(refusal.error, 'insufficient_storage');
    t.regex(refusal.message, /disk space/);
    const large = await uploadDocument(staff, {
      bytes: await createSamplePdf({ pages: 2, title: 'Large', padBytes: 3 * MB }),
      title: 'Large',
    });
    t.is(large.status, 507, 'a large upload, too, reads its answer (the rest of its body is drained, not stored)');
    t.is((await large.json()).error, 'insufficient_storage');
    t.deepEqual(blobFiles(appliance.dataDir), before, 'nothing was stored');
    t.is(await appliance.deps.db.models.Document.count(), 1);
    const downloadsBefore = await downloads(appliance, kept.id);
    t.is(
      (await staff.api(`/api/v1/documents/${kept.id}/pdf`)).status,
      200,
      'below the floor, downloads (and their audit events) go on',
    );
    t.is(await downloads(appliance, kept.id), downloadsBefore + 1);

    // really full: the download's audit event cannot be written (SQLITE_FULL), so the download is refused
    await truncateWal(appliance);
    fs.leaveFree(0);
    const counted = await downloads(appliance, kept.id);
    const download = await staff.api(`/api/v1/documents/${kept.id}/pdf`);
    t.is(download.status, 507);
    const answer = await download.json();
    t.is(answer.error, 'insufficient_storage');
    t.regex(answer.message, /cannot be recorded in the audit trail/);
    t.is(await downloads(appliance, kept.id), counted, 'no download went unrecorded');
    // what needs no write still works
    t.like(await expectJson(await staff.api(`/api/v1/documents/${kept.id}`), 200), { id: kept.id, status: 'draft' });
    t.true((await expectJson(await staff.api(`/api/v1/documents/${kept.id}/audit-trail`), 200)).chain.intact);
    t.is((await expectJson(await staff.api('/api/v1/documents'), 200)).documents.length, 1);
    t.is((await fetch(`${appliance.url}/api/v1/verify/${kept.code}`)).status, 200, 'the public portal answers');
    t.is((await fetch(`${appliance.url}/livez`)).status, 200);

    // room again: everything works as before
    fs.makeRoom();
    t.deepEqual(await expectJson(await fetch(`${appliance.url}/healthz`), 200), { status: 'ok' });
    t.is((await staff.api(`/api/v1/documents/${kept.id}/pdf`)).status, 200);
    t.is((await uploadDocument(staff, { bytes: pdf, title: 'After' })).status, 201);
  },
);

withSmallDisk(
  'a disk that fills between the check and the write: the upload answers 507 and leaves nothing behind',
  { sizeMb: 32, floor: '0' },
  async (t, fs, appliance, staff) => {
    await expectJson(
      await uploadDocument(staff, { bytes: await createSamplePdf({ pages: 1, title: 'First' }), title: 'First' }),
      201,
    );
    const pdf = await createSamplePdf({ pages: 2, title: 'Too much', padBytes: 200_000 });
    const before = blobFiles(appliance.dataDir);
    // room for the encrypted file, none for the database's write-ahead log: the commit meets a full disk
    await truncateWal(appliance);
    fs.leaveFree(pdf.length + 8 * 1024);
    const response = await uploadDocument(staff, { bytes: pdf, title: 'Too much' });
    const body = await response.json();
    t.is(response.status, 507, JSON.stringify(body));
    t.is(body.error, 'insufficient_storage');
    t.regex(body.message, /out of disk space/);
    t.deepEqual(
      blobFiles(appliance.dataDir),
      before,
      'the encrypted file written before the failed commit was removed',
    );
    t.is(await appliance.deps.db.models.Document.count(), 1);
    fs.makeRoom();
    t.is((await uploadDocument(staff, { bytes: pdf, title: 'Now it fits' })).status, 201);
  },
);
