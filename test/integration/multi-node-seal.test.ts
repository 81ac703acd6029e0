import test from 'ava';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import pg from 'pg';
import { startTestAppliance, type TestAppliance } from '../helpers/appliance.js';
import { createTestStaff, staffAt } from '../helpers/staff.js';
import { tempDir } from '../helpers/external-tool.js';
import { postgresTest } from '../helpers/postgres.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { startLoopbackTsa, type LoopbackTsa } from '../helpers/loopback-tsa.js';
import { expectJson } from '../helpers/signing.js';
import { sendToOtpSigner, waitForDocumentStatus } from '../helpers/otp-signing.js';
import { verifyDocument } from '../../server/domain/verify-document.js';
import { poll } from '../helpers/poll.js';

/**
 * Two nodes on one PostgreSQL database and one data volume. The node sealing a document is killed (SIGKILL) in the
 * middle of the seal, while its seal waits for the signature's timestamp: the other node takes the job over once
 * the dead node's heartbeats stop, and completes the document, with exactly one seal.
 */
postgresTest(test)(
  'PostgreSQL, two nodes: a node killed mid-seal leaves the document to the other, sealed once within 30 s',
  async (t, database) => {
    t.timeout(240_000);
    const dataDir = tempDir('segl-two-nodes-');
    const sql = new pg.Client({ connectionString: database.url });
    const nodes = new Map<string, ServerProcess>();
    let setup: TestAppliance | undefined;
    let tsa: LoopbackTsa | undefined;
    try {
      // keys, schema and a staff token once; the nodes share the data volume and the database, as in production
      setup = await startTestAppliance({ dataDir, env: { DATABASE_URL: database.url }, jobs: false });
      const publicUrl = setup.url;
      const staff = await createTestStaff(setup, 'admin', 'Two Node Sender');
      const gate = await startLoopbackTsa({ identity: setup.sealer.pki.tsa });
      tsa = gate;
      await setup.close();
      setup = undefined;
      await sql.connect();
      const tsaUrl = gate.url;
      // no SEGL_NODE_ID: two nodes on one host tell themselves apart by host name and port, as an operator would leave
      // it
      const env = { DATABASE_URL: database.url, SEGL_TSA_URLS: tsaUrl, SEGL_PUBLIC_URL: publicUrl };
      const [a, b] = await Promise.all([startServerProcess({ dataDir, env }), startServerProcess({ dataDir, env })]);
      const nodeIdOf = (node: ServerProcess) =>
        `${hostname()
          .replace(/[^A-Za-z0-9._-]/g, '-')
          .slice(0, 33)}-${new URL(node.url).port}`;
      nodes.set(nodeIdOf(a!), a!).set(nodeIdOf(b!), b!);
      t.is(nodes.size, 2);

      const sender = staffAt(a!.url, staff);
      const { draft, signer } = await sendToOtpSigner({
        appliance: { url: a!.url, dataDir },
        staff: sender,
        pages: 3,
        title: 'Two nodes',
        signer: { name: 'Nora Node', email: 'two.nodes@example.org' },
      });

      // the signing event's timestamp is answered; the next request (the seal's signature timestamp) is held
      gate.holdAfter(1);
      const signing = signer.post('/sign', { consent: true }).then(
        (r) => r.status,
        () => 0,
      );
      const holder = await poll(
        'the seal job to wait for its signature timestamp',
        60_000,
        async () => {
          const { rows } = await sql.query<{ status: string; locked_by: string | null }>(
            "SELECT status, locked_by FROM jobs WHERE kind = 'seal-document' AND document_id = $1",
            [draft.id],
          );
          return rows[0]?.status === 'running' && rows[0].locked_by && gate.held > 0 ? rows[0].locked_by : undefined;
        },
        20,
      );
      const victimId = holder.split(':')[0]!;
      t.true(nodes.has(victimId), `the job is held by ${victimId}, one of ${[...nodes.keys()].join(', ')}`);
      const survivorId = [...nodes.keys()].find((id) => id !== victimId)!;
      await nodes.get(victimId)!.kill();
      const killedAt = Date.now();
      nodes.delete(victimId);
      t.log(`killed ${victimId} while it sealed; /sign answered ${(await signing) || 'nothing'}`);
      const { rows: atKill } = await sql.query<{ status: string; sealed_at: Date | null }>(
        'SELECT status, sealed_at FROM documents WHERE id = $1',
        [draft.id],
      );
      t.deepEqual(atKill[0], { status: 'pending', sealed_at: null }, 'the kill came before the seal was committed');
      gate.setMode('answer');

      const survivor = staffAt(nodes.get(survivorId)!.url, staff);
      const document = await waitForDocumentStatus({
        staff: survivor,
        id: draft.id,
        status: 'completed',
        timeoutMs: 30_000,
        intervalMs: 200,
      });
      const tookMs = Date.now() - killedAt;
      t.log(`${survivorId} completed the document ${tookMs} ms after ${victimId} was killed`);
      t.true(tookMs <= 30_000);
      t.is(document.level, 'B-LTA');

      const { rows: jobs } = await sql.query<{ status: string; locked_by: string; attempts: number }>(
        "SELECT status, locked_by, attempts FROM jobs WHERE kind = 'seal-document' AND document_id = $1",
        [draft.id],
      );
      t.is(jobs.length, 1);
      t.is(jobs[0]!.status, 'done');
      t.true(jobs[0]!.locked_by.startsWith(`${survivorId}:`), 'the survivor finished the job');
      t.true(jobs[0]!.attempts >= 2, 'a second attempt, after the takeover');

      const trail = await expectJson(await survivor.api(`/api/v1/documents/${draft.id}/audit-trail`), 200);
      t.true(trail.chain.intact);
      t.is(trail.events.filter((e: { type: string }) => e.type === 'document.sealed').length, 1, 'sealed exactly once');
      const final = Buffer.from(await (await survivor.api(`/api/v1/documents/${draft.id}/pdf`)).arrayBuffer());
      const rootPem = await (await fetch(`${nodes.get(survivorId)!.url}/pki/root.pem`)).text();
      const report = verifyDocument({ bytes: final, trustAnchorsPem: rootPem });
      t.is(report.status, 'passed', JSON.stringify(report.problems));
      t.is(report.level, 'B-LTA');
      t.is(report.signatures.filter((s) => s.kind === 'signature').length, 1, 'one seal signature in the file');

      const { rows: blobs } = await sql.query<{ kind: string; blob_name: string }>(
        'SELECT kind, blob_name FROM document_blobs WHERE document_id = $1',
        [draft.id],
      );
      t.deepEqual(blobs.map((row) => row.kind).sort(), ['final', 'original']);
      const blobsDir = join(dataDir, 'blobs');
      const files = existsSync(blobsDir)
        ? readdirSync(blobsDir, { recursive: true, encoding: 'utf8' }).filter((p) => p.endsWith('.pgp'))
        : [];
      t.deepEqual(
        files.map((p) => p.split('/').pop()).sort(),
        blobs.map((row) => row.blob_name).sort(),
        'the killed attempt left no second final PDF',
      );
    } finally {
      await Promise.all([...nodes.values()].map((node) => node.kill()));
      await setup?.close();
      await tsa?.close();
      await sql.end().catch(() => undefined);
      if (!process.env.SEGL_KEEP_TEST_FILES) rmSync(dataDir, { recursive: true, force: true });
    }
  },
);
