import test from 'ava';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestAppliance } from '../helpers/appliance.js';
import { createTestStaff } from '../helpers/staff.js';
import { tempDir } from '../helpers/external-tool.js';
import { startServerProcess } from '../helpers/server-process.js';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { repairStorage } from '../../server/domain/documents/repair-storage.js';

test('uploads racing a SIGKILL: every 201 survives byte-identical, nothing half-written remains', async (t) => {
  const dataDir = tempDir('segl-crash-');
  // Initialise the data directory and a staff token in-process, then hand the directory to a real server process.
  const setup = await startTestAppliance({ dataDir });
  const staff = await createTestStaff(setup, 'admin');
  await setup.close();

  const documents: Buffer[] = [];
  for (let i = 0; i < 48; i += 1)
    documents.push(
      Buffer.from(await createSamplePdf({ pages: 2, title: `Crash ${i}`, padBytes: 200_000 + i * 20_000 })),
    );

  const server = await startServerProcess({ dataDir });
  const accepted = new Map<string, Buffer>();
  let next = 0;
  let killed = false;
  const worker = async () => {
    while (next < documents.length && !killed) {
      const bytes = documents[next++];
      const form = new FormData();
      form.set('title', `Crash upload ${next}`);
      form.set('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), 'crash.pdf');
      try {
        const response = await fetch(`${server.url}/api/v1/documents`, {
          method: 'POST',
          body: form,
          headers: { Authorization: `Bearer ${staff.token}` },
        });
        if (response.status === 201) accepted.set(((await response.json()) as { id: string }).id, bytes);
        else await response.arrayBuffer();
      } catch {
        // the server died under this request: it owes us nothing
      }
      if (accepted.size >= 12 && !killed) {
        killed = true;
        await server.kill();
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  if (!killed) await server.kill();
  t.true(accepted.size >= 12, `uploads got through before the kill (${accepted.size})`);
  t.true(next < documents.length, 'the kill came while uploads were still going');

  const blobsDir = join(dataDir, 'blobs');
  const onDisk = () =>
    existsSync(blobsDir)
      ? readdirSync(blobsDir, { recursive: true, encoding: 'utf8' }).filter(
          (p) => p.endsWith('.pgp') || p.includes('.tmp-'),
        )
      : [];
  t.log(
    `after the kill: ${accepted.size} answered 201, ${onDisk().length} blob files (including temporary ones) on disk`,
  );
  const restarted = await startTestAppliance({ dataDir });
  try {
    const report = await repairStorage({ db: restarted.deps.db, dataDir });
    t.deepEqual(report.missingBlobs, [], 'every committed row still has its blob');
    t.deepEqual(report.orphanBlobsRemoved, [], 'start-up repair already removed the orphans');
    for (const [id, bytes] of accepted) {
      const response = await fetch(`${restarted.url}/api/v1/documents/${id}/pdf`, {
        headers: { Authorization: `Bearer ${staff.token}` },
      });
      t.is(response.status, 200, `document ${id} survives`);
      t.true(Buffer.from(await response.arrayBuffer()).equals(bytes), `document ${id} is byte-identical`);
    }
    const listed = new Set<string>();
    let cursor: string | null = null;
    do {
      const page = (await (
        await fetch(`${restarted.url}/api/v1/documents?limit=100${cursor ? `&cursor=${cursor}` : ''}`, {
          headers: { Authorization: `Bearer ${staff.token}` },
        })
      ).json()) as { documents: { id: string }[]; nextCursor: string | null };
      for (const d of page.documents) listed.add(d.id);
      cursor = page.nextCursor;
    } while (cursor);
    for (const id of accepted.keys()) t.true(listed.has(id), `document ${id} is listed`);
    const rows = await restarted.deps.db.models.DocumentBlob.findAll({ raw: true });
    const files = onDisk();
    t.deepEqual(
      files.map((p) => p.split('/').pop()).sort(),
      rows.map((r) => r.blobName).sort(),
      'exactly the committed blobs are on disk, no temporary files',
    );
    t.is(rows.length, await restarted.deps.db.models.Document.count());
  } finally {
    await restarted.close();
  }
});
