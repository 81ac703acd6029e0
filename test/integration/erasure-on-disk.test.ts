import test from 'ava';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { useAppliance } from '../helpers/use-appliance.js';
import { createMutableClock, sendJson } from '../helpers/staff.js';
import { expectJson, readOutbox, waitForMail } from '../helpers/signing.js';
import { sendToOtpSigner, signedAndSealed } from '../helpers/otp-signing.js';
import { poll } from '../helpers/poll.js';
import { createFolder } from '../helpers/documents.js';
import { runSegl } from '../helpers/cli.js';
import {
  emptyDirectoriesBelow,
  filesBelow,
  keyNeedle,
  searchDataDirectory,
  textNeedle,
  type Needle,
} from '../helpers/data-directory.js';
import { unwrapDocumentKey } from '../../server/crypto/envelope-key-wrap.js';
import { blobDirectory } from '../../server/domain/documents/document-archive.js';
import { runRetention } from '../../server/domain/retention/run-retention.js';
import { createLogger } from '../../server/lib/logger.js';
import { removeInterruptedOutboxWrites } from '../../server/domain/mail/outbox-mailer.js';

/**
 * Erasure reaches every copy on disk: right after a deletion, an erasure on request or by retention (in-process and
 * by `segl retention run` beside the running appliance), every byte of the data directory (the database, its
 * write-ahead log and shared memory, blobs, the mail outbox, temporary files) is searched for the erased values and
 * for the document's key, wrapped and unwrapped.
 */

const DAY = 24 * 60 * 60 * 1000;

/** Every log line of the appliance, parsed. */
const logLines: Record<string, unknown>[] = [];
const clock = createMutableClock();
const { appliance, admin } = useAppliance(test, {
  clock,
  env: { SEGL_RETENTION_DAYS: '3650' },
  logger: createLogger({
    level: 'info',
    destination: { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) },
  }),
  admin: 'Erasure Admin',
});

let unique = 0;
const tag = () => `${Date.now().toString(36)}q${++unique}x`;

interface Victim {
  id: string;
  code: string;
  needles: Needle[];
}

/**
 * A document signed by e-mail code and sealed, with a legal hold placed and released, so that its title, the signer's
 * name and address and the hold reason are all over the database, its log and the outbox; and its key.
 */
async function sealedVictim(folderId?: string): Promise<Victim> {
  const id = tag();
  const title = `Tenancy agreement ${id}`;
  const name = `Ingrid Slettemark ${id}`;
  const email = `ingrid.${id}@example.org`;
  const reason = `Dispute file ${id}`;
  const draft = await signedAndSealed(appliance, admin, { title, folderId, signer: { name, email } });
  await waitForMail(
    () => readOutbox(appliance.dataDir),
    (m) => m.to === email && /completed|signert|signed/i.test(m.subject + m.text),
  );
  await expectJson(await sendJson(admin, 'PUT', `/api/v1/documents/${draft.id}/legal-hold`, { reason }), 200);
  await expectJson(await sendJson(admin, 'DELETE', `/api/v1/documents/${draft.id}/legal-hold`), 200);
  const { db } = appliance.deps;
  const keyRow = (await db.models.DocumentKey.findByPk(draft.id, { raw: true }))!;
  const sessionKey = unwrapDocumentKey({ kek: appliance.deps.kek, wrapped: keyRow.wrappedKey, documentId: draft.id });
  return {
    id: draft.id,
    code: draft.code,
    needles: [
      textNeedle('title', title),
      textNeedle('signer name', name),
      textNeedle('signer e-mail', email),
      textNeedle('legal hold reason', reason),
      {
        label: 'wrapped key',
        forms: [Buffer.from(keyRow.wrappedKey, 'utf8'), Buffer.from(keyRow.wrappedKey, 'base64')],
      },
      keyNeedle('session key', sessionKey),
    ],
  };
}

function assertNothingLeft(t: import('ava').ExecutionContext, victim: Victim): void {
  const found = searchDataDirectory(appliance.dataDir, victim.needles);
  t.deepEqual(found, [], 'nothing of the erased document is readable anywhere in the data directory');
  t.deepEqual(
    emptyDirectoriesBelow(blobDirectory(appliance.dataDir)),
    [],
    'no empty blob shard directory is left behind',
  );
  const wal = join(appliance.dataDir, 'segl.sqlite-wal');
  if (existsSync(wal)) t.is(statSync(wal).size, 0, 'the write-ahead log was truncated');
}

test.serial(
  'the search finds a live document everywhere it should: in the database or its log, and in the outbox',
  async (t) => {
    const victim = await sealedVictim();
    const found = searchDataDirectory(appliance.dataDir, victim.needles);
    for (const label of ['title', 'signer name', 'signer e-mail', 'legal hold reason', 'wrapped key']) {
      t.true(
        found.some((line) => line.endsWith(`: ${label}`) && /segl\.sqlite/.test(line)),
        `${label} is in the database or its log before erasure (${found.join(', ')})`,
      );
    }
    t.true(
      found.some((line) => line.startsWith('outbox/') && line.endsWith(': signer e-mail')),
      'the outbox holds the messages',
    );
    t.false(
      found.some((line) => line.endsWith(': session key')),
      'the session key is never stored in the clear',
    );
    t.true(filesBelow(blobDirectory(appliance.dataDir)).length > 0, 'the blobs are there');

    const sealedLine = logLines.find((line) => line.msg === 'document sealed' && line.documentId === victim.id);
    t.like(
      sealedLine,
      { level: 30, padesLevel: 'B-LTA' },
      'pino’s numeric level stays; the PAdES level has its own field',
    );
    const logs = Buffer.from(JSON.stringify(logLines));
    t.false(
      victim.needles
        .filter((needle) => /key/.test(needle.label))
        .some((needle) => needle.forms.some((form) => logs.includes(form))),
      'no key in the logs',
    );
  },
);

test.serial(
  'DELETE ?erase=true: nothing of the document is left in any file of the running appliance’s data directory',
  async (t) => {
    const victim = await sealedVictim();
    t.true(searchDataDirectory(appliance.dataDir, victim.needles).length > 0);
    await expectJson(await sendJson(admin, 'DELETE', `/api/v1/documents/${victim.id}?erase=true`), 200);
    assertNothingLeft(t, victim);
    const status = await expectJson(await fetch(`${appliance.url}/api/v1/verify/${victim.code}`), 200);
    t.is(status.status, 'deleted', 'the tombstone stays');
    // the deletion event, all that is left of the trail, gets its own RFC 3161 token from the job queue
    const trail = await poll('a timestamp token on the deletion event', 30_000, async () => {
      const read = await expectJson(await sendJson(admin, 'GET', `/api/v1/documents/${victim.id}/audit-trail`), 200);
      return read.events[0].timestampToken ? read : undefined;
    });
    t.like(trail.chain, {
      intact: true,
      tokens: { verified: 1, pending: 0 },
      sealed: { checked: false, reason: 'deleted' },
    });
    t.is(trail.events[0].type, 'document.deleted');
  },
);

test.serial(
  'a plain DELETE destroys the key everywhere, the wrapped copy in the write-ahead log included',
  async (t) => {
    const victim = await sealedVictim();
    await expectJson(await sendJson(admin, 'DELETE', `/api/v1/documents/${victim.id}`), 200);
    const keys = victim.needles.filter((needle) => /key/.test(needle.label));
    t.deepEqual(
      searchDataDirectory(appliance.dataDir, keys),
      [],
      'neither the wrapped key nor the key is readable on disk',
    );
    t.deepEqual(emptyDirectoriesBelow(blobDirectory(appliance.dataDir)), []);
    const trail = await expectJson(await sendJson(admin, 'GET', `/api/v1/documents/${victim.id}/audit-trail`), 200);
    t.true(trail.events.length > 3, 'the audit trail is kept as evidence by a plain deletion');
    t.deepEqual(
      searchDataDirectory(appliance.dataDir, victim.needles).filter((line) => line.startsWith('outbox/')),
      [],
      'its messages (the signed PDF attached, decrypted) left the outbox with it',
    );
  },
);

test.serial('a declined document: the notice to the sender, with the reason, goes with the erasure', async (t) => {
  const id = tag();
  const [title, name, reason] = [`Lease ${id}`, `Dagny Nei ${id}`, `Wrong amount ${id}`];
  const { draft, signer } = await sendToOtpSigner({
    appliance,
    staff: admin,
    title,
    signer: { name, email: `dagny.${id}@example.org` },
  });
  await expectJson(await signer.post('/decline', { reason }), 200);
  const needles = [textNeedle('title', title), textNeedle('signer name', name), textNeedle('reason', reason)];
  await poll('the decline notice in the outbox', 30_000, async () =>
    searchDataDirectory(appliance.dataDir, needles).some(
      (line) => line.startsWith('outbox/') && line.endsWith('reason'),
    )
      ? true
      : undefined,
  );
  await expectJson(await sendJson(admin, 'DELETE', `/api/v1/documents/${draft.id}?erase=true`), 200);
  t.deepEqual(searchDataDirectory(appliance.dataDir, needles), []);
});

test.serial('an outbox write cut short by a crash goes with the document, and at the next start', async (t) => {
  const victim = await sealedVictim();
  const outbox = join(appliance.dataDir, 'outbox');
  const [name] = readdirSync(outbox).filter((file) => file.endsWith(`.${victim.id}.eml`));
  const [title] = victim.needles;
  // what writeFileAtomic leaves when killed between writing and renaming
  const leftover = join(outbox, `.${name}.4242.0a1b2c3d4e5f.tmp`);
  const stray = join(outbox, '.20261207T000000000Z-00ff.eml.4243.0a1b2c3d4e5f.tmp');
  for (const file of [leftover, stray]) writeFileSync(file, title!.forms[0]!);
  await expectJson(await sendJson(admin, 'DELETE', `/api/v1/documents/${victim.id}?erase=true`), 200);
  t.false(existsSync(leftover), 'the interrupted write of its message went with the document');
  t.true(existsSync(stray));
  await removeInterruptedOutboxWrites({ dataDir: appliance.dataDir, olderThan: new Date() });
  t.false(existsSync(stray), 'what other interrupted writes left goes at start-up');
});

test.serial('a reader holding an old snapshot delays the log truncation, not the erasure', async (t) => {
  const victim = await sealedVictim();
  // another process's read transaction, as an operator's sqlite3 or a backup holds one
  const reader = spawn('sqlite3', [join(appliance.dataDir, 'segl.sqlite')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const said: Buffer[] = [];
  reader.stdout.on('data', (chunk: Buffer) => said.push(chunk));
  reader.stdin.write("BEGIN; SELECT 'snapshot held'; SELECT count(*) FROM documents;\n");
  try {
    await poll('the reader to hold its snapshot', 10_000, async () =>
      Buffer.concat(said).includes('snapshot held') ? true : undefined,
    );
    const started = Date.now();
    await expectJson(await sendJson(admin, 'DELETE', `/api/v1/documents/${victim.id}?erase=true`), 200);
    t.true(Date.now() - started < 5_000, `the erasure answered in ${Date.now() - started} ms`);
    t.true(appliance.deps.db.scrubJournalOwed(), 'the truncation is owed while the snapshot is held');
  } finally {
    reader.stdin.end('COMMIT;\n');
    await new Promise((resolve) => reader.once('exit', resolve));
  }
  await poll('the owed truncation, in the background', 30_000, async () =>
    appliance.deps.db.scrubJournalOwed() ? undefined : true,
  );
  assertNothingLeft(t, victim);
});

test.serial('retention in-process: nothing left on disk once the run returns', async (t) => {
  const folder = await createFolder(appliance, { name: `Erasure ${tag()}` });
  await expectJson(await sendJson(admin, 'PATCH', `/api/v1/folders/${folder}`, { retentionDays: 5 }), 200);
  const victim = await sealedVictim(folder);
  clock.advance(6 * DAY);
  const report = await runRetention({ archive: appliance.deps.archive, defaultDays: 3650, now: clock.now() });
  t.like(
    report.due.find((d) => d.id === victim.id),
    { outcome: 'deleted' },
  );
  assertNothingLeft(t, victim);
});

test.serial(
  'segl retention run --now beside the running appliance: nothing left on disk, and the real time is recorded',
  async (t) => {
    const folder = await createFolder(appliance, { name: `Erasure CLI ${tag()}` });
    await expectJson(await sendJson(admin, 'PATCH', `/api/v1/folders/${folder}`, { retentionDays: 30 }), 200);
    const victim = await sealedVictim(folder);
    const ended = new Date(
      (await expectJson(await sendJson(admin, 'GET', `/api/v1/documents/${victim.id}`), 200)).endedAt,
    );
    const asOf = new Date(Date.now() + 400 * DAY);
    const before = Date.now();
    const run = await runSegl(
      ['--data', appliance.dataDir, 'retention', 'run', '--now', asOf.toISOString(), '--json'],
      { env: { SEGL_RETENTION_DAYS: '3650' } },
    );
    const after = Date.now();
    t.is(run.code, 0, run.stderr);
    t.true(
      JSON.parse(run.stdout).due.some(
        (d: { id: string; outcome: string }) => d.id === victim.id && d.outcome === 'deleted',
      ),
    );
    assertNothingLeft(t, victim);

    const tombstone = await expectJson(await sendJson(admin, 'GET', `/api/v1/documents/${victim.id}`), 200);
    const deletedAt = new Date(tombstone.deletedAt).getTime();
    t.true(
      deletedAt >= before - 1000 && deletedAt <= after + 1000,
      `the tombstone records the real time of deletion, not --now (${tombstone.deletedAt})`,
    );
    const [event] = (await expectJson(await sendJson(admin, 'GET', `/api/v1/documents/${victim.id}/audit-trail`), 200))
      .events;
    const at = new Date(event.at).getTime();
    t.true(at >= before - 1000 && at <= after + 1000, `the deletion event is at the real time (${event.at})`);
    t.is(event.data.dueAt, new Date(ended.getTime() + 30 * DAY).toISOString(), 'and says when the document was due');
  },
);

test('the database and its companion files are readable by the owner only', async (t) => {
  for (const name of ['segl.sqlite', 'segl.sqlite-wal', 'segl.sqlite-shm']) {
    const file = join(appliance.dataDir, name);
    if (name === 'segl.sqlite') t.true(existsSync(file));
    if (existsSync(file)) t.is(statSync(file).mode & 0o777, 0o600, name);
  }
});
