import test from 'ava';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { startTestAppliance } from '../helpers/appliance.js';
import { createTestStaff } from '../helpers/staff.js';
import { markedPdf, uploadDocument } from '../helpers/documents.js';
import { repairStorage } from '../../server/domain/documents/repair-storage.js';
import { unwrapDocumentKey } from '../../server/crypto/envelope-key-wrap.js';
import { decryptDocumentStream } from '../../server/crypto/envelope-document.js';
import { createFileBlobStore } from '../../server/storage/blob-store.js';

test(
  'repairStorage removes unreferenced and temporary blob files and reports rows whose blob is ' + 'missing',
  async (t) => {
    const appliance = await startTestAppliance();
    try {
      const staff = await createTestStaff(appliance, 'admin');
      const kept = (await (await uploadDocument(staff, { bytes: await markedPdf('kept') })).json()) as { id: string };
      const lost = (await (await uploadDocument(staff, { bytes: await markedPdf('lost') })).json()) as { id: string };
      const blobs = join(appliance.dataDir, 'blobs');
      const lostRow = await appliance.deps.db.models.DocumentBlob.findOne({
        where: { documentId: lost.id },
        raw: true,
      });
      const store = createFileBlobStore({ dir: blobs });
      await store.remove({ name: lostRow!.blobName });
      mkdirSync(join(blobs, 'ff'), { recursive: true });
      writeFileSync(join(blobs, 'ff', 'ff00112233445566.pgp'), randomBytes(100));
      writeFileSync(join(blobs, 'ff', '.ff99887766554433.pgp.tmp-abcdef'), randomBytes(100));

      const young = await repairStorage({ db: appliance.deps.db, dataDir: appliance.dataDir, graceMs: 3600_000 });
      t.deepEqual(young.orphanBlobsRemoved, [], 'files younger than the grace period are left alone');
      const report = await repairStorage({ db: appliance.deps.db, dataDir: appliance.dataDir });
      t.deepEqual(report.orphanBlobsRemoved, ['ff00112233445566.pgp']);
      t.deepEqual(report.temporaryFilesRemoved, ['.ff99887766554433.pgp.tmp-abcdef']);
      t.deepEqual(report.missingBlobs, [{ documentId: lost.id, blobName: lostRow!.blobName }]);
      t.false(existsSync(join(blobs, 'ff')), 'the shard directory left empty is removed too');
      t.is((await staff.api(`/api/v1/documents/${kept.id}/pdf`)).status, 200);
    } finally {
      await appliance.close();
    }
  },
);

test('a stored document opens with the KEK of its data directory and with no other', async (t) => {
  const appliance = await startTestAppliance();
  try {
    const staff = await createTestStaff(appliance, 'admin');
    const pdf = await markedPdf('wrong-kek');
    const { id } = (await (await uploadDocument(staff, { bytes: pdf })).json()) as { id: string };
    const keyRow = await appliance.deps.db.models.DocumentKey.findByPk(id, { raw: true });
    const blobRow = await appliance.deps.db.models.DocumentBlob.findOne({ where: { documentId: id }, raw: true });
    t.throws(() => unwrapDocumentKey({ kek: randomBytes(32), wrapped: keyRow!.wrappedKey, documentId: id }), {
      message: /key-encryption key/,
    });
    const sessionKey = unwrapDocumentKey({ kek: appliance.deps.kek, wrapped: keyRow!.wrappedKey, documentId: id });
    const file = join(appliance.dataDir, 'blobs', blobRow!.blobName.slice(0, 2), blobRow!.blobName);
    t.true(existsSync(file));
    const store = createFileBlobStore({ dir: join(appliance.dataDir, 'blobs') });
    t.true(
      (
        await buffer(
          await decryptDocumentStream({ ciphertext: await store.read({ name: blobRow!.blobName }), sessionKey }),
        )
      ).equals(pdf),
    );
    await t.throwsAsync(async () =>
      buffer(
        await decryptDocumentStream({
          ciphertext: await store.read({ name: blobRow!.blobName }),
          sessionKey: randomBytes(32),
        }),
      ),
    );
  } finally {
    await appliance.close();
  }
});
