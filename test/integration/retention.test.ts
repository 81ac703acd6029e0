import test, { type ExecutionContext } from 'ava';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestAppliance } from '../helpers/appliance.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { createMutableClock, createTestStaff, sendJson, staffEvents } from '../helpers/staff.js';
import { createDraft, expectJson, matchAtPortal, sendDraft } from '../helpers/signing.js';
import { signedAndSealed, waitForDocumentStatus } from '../helpers/otp-signing.js';
import { createFolder, grantFolder } from '../helpers/documents.js';
import { hasStackTrace, runSegl } from '../helpers/cli.js';
import { tempDir } from '../helpers/external-tool.js';
import { postgresTest } from '../helpers/postgres.js';
import { runRetention } from '../../server/domain/retention/run-retention.js';
import { eraseDueDocument } from '../../server/domain/retention/erase-due-document.js';
import { blobDirectory } from '../../server/domain/documents/document-archive.js';

/**
 * Retention: periods on folders (inherited) and an appliance default, legal holds, the preview, the run by API-less
 * CLI and in-process, and what a deletion by retention leaves: a tombstone that still proves the final file by hash,
 * and nothing personal.
 */

const DAY = 24 * 60 * 60 * 1000;
const DEFAULT_DAYS = 3650;

const clock = createMutableClock();
const { appliance, admin, member } = useAppliance(test, {
  clock,
  env: { SEGL_RETENTION_DAYS: String(DEFAULT_DAYS) },
  admin: 'Retention Admin',
  member: 'Retention Member',
});

let unique = 0;
const tag = () => `${Date.now().toString(36)}-${++unique}`;

/** Sets the retention period of a folder, as the administrator (refused: the test fails). */
async function setRetention(folderId: string, days: number) {
  return expectJson(await sendJson(admin, 'PATCH', `/api/v1/folders/${folderId}`, { retentionDays: days }), 200);
}

/** A new folder whose documents are kept `days` days after they end. */
async function folderKeptFor(name: string, days: number): Promise<string> {
  const folder = await createFolder(appliance, { name });
  await setRetention(folder, days);
  return folder;
}

/** A document's audit trail, as the administrator reads it. */
async function auditTrailOf(documentId: string) {
  return expectJson(await sendJson(admin, 'GET', `/api/v1/documents/${documentId}/audit-trail`), 200);
}

/** An erased trail: the deletion event alone is left, and the chain still holds. */
function assertOnlyDeletionLeft(
  t: ExecutionContext,
  trail: { events: { type: string }[]; chain: { intact: boolean } },
  message?: string,
): void {
  t.deepEqual(
    trail.events.map((e) => e.type),
    ['document.deleted'],
    message,
  );
  t.true(trail.chain.intact);
}

/** A document really signed (e-mail code) and sealed, in `folderId`. */
async function signedDocument(
  folderId: string | undefined,
  title = `Signed ${tag()}`,
): Promise<{ id: string; code: string; email: string; name: string; title: string }> {
  const email = `signer-${tag()}@example.org`;
  const name = `Ingrid Retention ${tag()}`;
  const draft = await signedAndSealed(appliance, admin, { title, folderId, signer: { name, email } });
  return { id: draft.id, code: draft.code, email, name, title };
}

async function cancelledDocument(folderId: string | undefined): Promise<{ id: string; code: string }> {
  const draft = await createDraft(admin, {
    title: `Cancelled ${tag()}`,
    folderId,
    signers: [{ name: 'Someone', email: `c-${tag()}@example.org` }],
  });
  await sendDraft(admin, draft.id);
  await expectJson(
    await sendJson(admin, 'POST', `/api/v1/documents/${draft.id}/cancel`, { reason: 'no longer needed' }),
    200,
  );
  return { id: draft.id, code: draft.code };
}

async function dueIds(): Promise<string[]> {
  const body = await expectJson(await sendJson(admin, 'GET', '/api/v1/retention/due?limit=1000'), 200);
  return body.documents.map((d: { id: string }) => d.id);
}

function blobFiles(): string[] {
  const root = blobDirectory(appliance.dataDir);
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(root, d.name)));
}

test.serial(
  'periods: a folder sets one, subfolders inherit it, null inherits again; only ' +
    'administrators set them; bad values are refused',
  async (t) => {
    const parent = await createFolder(appliance, { name: `Contracts ${tag()}` });
    const child = await createFolder(appliance, { name: 'Signed', parentId: parent });
    const before = await expectJson(await sendJson(admin, 'GET', `/api/v1/folders/${child}`), 200);
    t.deepEqual(
      before.retention,
      { days: DEFAULT_DAYS, source: 'default', folderId: null },
      'SEGL_RETENTION_DAYS applies where no folder sets a period',
    );
    t.is(before.retentionDays, null);

    const set = await setRetention(parent, 30);
    t.is(set.retentionDays, 30);
    t.deepEqual((await expectJson(await sendJson(admin, 'GET', `/api/v1/folders/${child}`), 200)).retention, {
      days: 30,
      source: 'folder',
      folderId: parent,
    });
    await setRetention(child, 365);
    t.deepEqual((await expectJson(await sendJson(admin, 'GET', `/api/v1/folders/${child}`), 200)).retention, {
      days: 365,
      source: 'folder',
      folderId: child,
    });
    await expectJson(await sendJson(admin, 'PATCH', `/api/v1/folders/${child}`, { retentionDays: null }), 200);
    t.like((await expectJson(await sendJson(admin, 'GET', `/api/v1/folders/${child}`), 200)).retention, {
      days: 30,
      folderId: parent,
    });

    for (const retentionDays of [0, -1, 1.5, '30', 36_501, true]) {
      const response = await sendJson(admin, 'PATCH', `/api/v1/folders/${parent}`, { retentionDays });
      t.is(response.status, 422, `retentionDays ${JSON.stringify(retentionDays)}`);
      t.is((await response.json()).error, 'invalid_request');
    }
    await grantFolder(appliance, { folderId: parent, userId: member.id, role: 'manager' });
    const refused = await sendJson(member, 'PATCH', `/api/v1/folders/${parent}`, { retentionDays: 1 });
    t.is(refused.status, 403, 'a folder manager may rename, not set the organisation’s retention');
    t.is((await refused.json()).error, 'forbidden');
    const renamed = await sendJson(member, 'PATCH', `/api/v1/folders/${child}`, { name: 'Signed 2026' });
    t.is(renamed.status, 200);
    t.is(
      (await expectJson(await sendJson(admin, 'GET', `/api/v1/folders/${parent}`), 200)).retentionDays,
      30,
      'unchanged',
    );
  },
);

test.serial(
  'a signed document: kept until its period runs out, then erased to a tombstone that still ' +
    'proves the final file by hash',
  async (t) => {
    const folder = await folderKeptFor(`HR ${tag()}`, 30);
    const signed = await signedDocument(folder);
    const document = await expectJson(await sendJson(admin, 'GET', `/api/v1/documents/${signed.id}`), 200);
    t.truthy(document.endedAt);
    t.is(document.retention.days, 30);
    t.is(document.retention.deleteAfter, new Date(new Date(document.endedAt).getTime() + 30 * DAY).toISOString());
    const finalSha256: string = document.finalSha256;
    const trailBefore = await auditTrailOf(signed.id);
    const blobsBefore = blobFiles().length;
    t.false((await dueIds()).includes(signed.id), 'not due yet');

    clock.advance(29 * DAY);
    t.false((await dueIds()).includes(signed.id), 'a day before, still kept');
    clock.advance(1 * DAY + 1000);
    t.true((await dueIds()).includes(signed.id), 'due once the period has run out');
    const report = await runRetention({ archive: appliance.deps.archive, defaultDays: DEFAULT_DAYS, now: clock.now() });
    t.true(report.due.some((d) => d.id === signed.id));
    t.deepEqual(report.failed, []);

    const tombstone = await expectJson(await sendJson(admin, 'GET', `/api/v1/documents/${signed.id}`), 200);
    t.like(tombstone, {
      status: 'deleted',
      title: '',
      finalSha256,
      code: signed.code,
      legalHold: null,
      retention: null,
    });
    t.deepEqual(tombstone.signers, [], 'the signers are gone');
    t.is((await sendJson(admin, 'GET', `/api/v1/documents/${signed.id}/pdf`)).status >= 400, true, 'no PDF any more');
    t.true(blobFiles().length < blobsBefore, 'the encrypted files are removed');
    const { db } = appliance.deps;
    t.is(await db.models.DocumentKey.count({ where: { documentId: signed.id } }), 0, 'the key is destroyed');
    t.is(await db.models.Signer.count({ where: { documentId: signed.id } }), 0);

    const trail = await auditTrailOf(signed.id);
    t.is(trail.events.length, 1, 'one event remains: the deletion');
    t.like(trail.events[0], {
      type: 'document.deleted',
      seq: trailBefore.events.length + 1,
      prevHash: trailBefore.events.at(-1).hash,
      actor: { kind: 'system' },
    });
    t.like(trail.events[0].data, {
      reason: 'retention',
      statusBefore: 'completed',
      retentionDays: 30,
      retentionSource: 'folder',
      finalSha256,
      erasedEvents: trailBefore.events.length,
    });
    t.true(trail.chain.intact, JSON.stringify(trail.chain.problems));
    t.deepEqual(trail.erased, { events: trailBefore.events.length, lastHash: trailBefore.events.at(-1).hash });
    const everything = JSON.stringify([tombstone, trail]);
    for (const secret of [signed.email, signed.name, signed.title])
      t.false(everything.includes(secret), `no trace of ${secret}`);
    if (db.dialect === 'sqlite') {
      await db.sequelize.query('PRAGMA wal_checkpoint(TRUNCATE)');
      const file = readFileSync(join(appliance.dataDir, 'segl.sqlite'));
      for (const secret of [signed.email, signed.name, signed.title])
        t.is(file.indexOf(secret), -1, `the database file holds no trace of ${secret}`);
    }
    const finishedJobs = await db.models.Job.findAll({ where: { status: ['done', 'failed'] }, raw: true });
    t.false(
      JSON.stringify(finishedJobs).includes(signed.id),
      'finished jobs about the document (sealed mails, the seal) are gone',
    );
    const events = await staffEvents(appliance, { targetId: signed.id });
    t.false(JSON.stringify(events).includes(signed.title), 'staff events lose their details');

    // the public portal answers from the tombstone, and the final file's hash still proves it
    const status = await expectJson(await fetch(`${appliance.url}/api/v1/verify/${signed.code}`), 200);
    t.like(status, { status: 'deleted', sha256: finalSha256 });
    t.truthy(status.completedAt);
    const match = await expectJson(await matchAtPortal(appliance, signed.code, finalSha256), 200);
    t.true(match.match);

    const again = await runRetention({ archive: appliance.deps.archive, defaultDays: DEFAULT_DAYS, now: clock.now() });
    t.false(
      again.due.some((d) => d.id === signed.id),
      'a second run finds nothing more to do',
    );
  },
);

test.serial(
  'legal hold: kept past the period and refused by DELETE until released; only managers; a reason is required',
  async (t) => {
    const folder = await folderKeptFor(`Disputes ${tag()}`, 10);
    const document = await cancelledDocument(folder);
    await grantFolder(appliance, { folderId: folder, userId: member.id, role: 'editor' });

    t.is(
      (await sendJson(member, 'PUT', `/api/v1/documents/${document.id}/legal-hold`, { reason: 'case 2026-117' }))
        .status,
      403,
      'an editor may not hold',
    );
    for (const body of [
      {},
      { reason: '' },
      { reason: '   ' },
      { reason: 'x'.repeat(501) },
      { reason: 'ok', extra: 1 },
    ]) {
      const response = await sendJson(admin, 'PUT', `/api/v1/documents/${document.id}/legal-hold`, body);
      t.is(response.status, 422, JSON.stringify(body));
    }
    const held = await expectJson(
      await sendJson(admin, 'PUT', `/api/v1/documents/${document.id}/legal-hold`, {
        reason: 'Case 2026-117, Oslo tingrett',
      }),
      200,
    );
    t.deepEqual(held.legalHold, { reason: 'Case 2026-117, Oslo tingrett' });

    clock.advance(11 * DAY);
    t.false((await dueIds()).includes(document.id), 'a held document is never due');
    const preview = await expectJson(await sendJson(admin, 'GET', '/api/v1/retention/due?limit=1000'), 200);
    t.like(
      preview.held.find((d: { id: string }) => d.id === document.id),
      {
        code: document.code,
        status: 'cancelled',
        legalHold: { reason: 'Case 2026-117, Oslo tingrett' },
        retention: { days: 10 },
      },
      'but listed as held',
    );
    t.is(preview.moreHeld, false);
    const report = await runRetention({ archive: appliance.deps.archive, defaultDays: DEFAULT_DAYS, now: clock.now() });
    t.false(report.due.some((d) => d.id === document.id));
    t.like(
      report.held.find((d) => d.id === document.id),
      { legalHold: { reason: 'Case 2026-117, Oslo tingrett' } },
      'the run reports it as held',
    );
    const refused = await sendJson(admin, 'DELETE', `/api/v1/documents/${document.id}`);
    t.is(refused.status, 409);
    t.is((await refused.json()).error, 'legal_hold');

    const released = await expectJson(
      await sendJson(admin, 'DELETE', `/api/v1/documents/${document.id}/legal-hold`),
      200,
    );
    t.is(released.legalHold, null);
    const types = (await auditTrailOf(document.id)).events.map((e: { type: string }) => e.type);
    t.true(types.includes('document.held') && types.includes('document.released'), 'both are in the audit trail');
    t.true((await dueIds()).includes(document.id), 'due again once released');
    t.false(
      (await expectJson(await sendJson(admin, 'GET', '/api/v1/retention/due?limit=1000'), 200)).held.some(
        (d: { id: string }) => d.id === document.id,
      ),
    );
    await runRetention({ archive: appliance.deps.archive, defaultDays: DEFAULT_DAYS, now: clock.now() });
    t.is((await expectJson(await sendJson(admin, 'GET', `/api/v1/documents/${document.id}`), 200)).status, 'deleted');
    const late = await sendJson(admin, 'PUT', `/api/v1/documents/${document.id}/legal-hold`, { reason: 'too late' });
    t.is(late.status, 409);
    t.is((await late.json()).error, 'document_deleted');
  },
);

test.serial(
  'drafts and pending documents are never deleted by retention; the preview is for administrators',
  async (t) => {
    const folder = await folderKeptFor(`Drafts ${tag()}`, 1);
    const draft = await createDraft(admin, {
      title: 'Draft forever',
      folderId: folder,
      signers: [{ name: 'A', email: `a-${tag()}@example.org` }],
    });
    const pending = await createDraft(admin, {
      title: 'Pending forever',
      folderId: folder,
      signers: [{ name: 'B', email: `b-${tag()}@example.org` }],
    });
    await sendDraft(admin, pending.id, { expiresAt: new Date(clock.now().getTime() + 300 * DAY).toISOString() });
    clock.advance(30 * DAY);
    await runRetention({ archive: appliance.deps.archive, defaultDays: DEFAULT_DAYS, now: clock.now() });
    t.is((await expectJson(await sendJson(admin, 'GET', `/api/v1/documents/${draft.id}`), 200)).status, 'draft');
    t.is((await expectJson(await sendJson(admin, 'GET', `/api/v1/documents/${pending.id}`), 200)).status, 'pending');
    const preview = await sendJson(member, 'GET', '/api/v1/retention/due');
    t.is(preview.status, 403);
    for (const query of ['limit=0', 'limit=abc', 'limit=1001', 'limit=-5', 'other=1']) {
      const response = await sendJson(admin, 'GET', `/api/v1/retention/due?${query}`);
      t.is(response.status, 422, query);
      t.is((await response.json()).error, 'invalid_request');
    }
  },
);

test.serial('two runs at once delete each document once', async (t) => {
  const folder = await folderKeptFor(`Race ${tag()}`, 2);
  const documents = await Promise.all(Array.from({ length: 6 }, () => cancelledDocument(folder)));
  clock.advance(3 * DAY);
  const [first, second] = await Promise.all([
    runRetention({ archive: appliance.deps.archive, defaultDays: DEFAULT_DAYS, now: clock.now() }),
    runRetention({ archive: appliance.deps.archive, defaultDays: DEFAULT_DAYS, now: clock.now() }),
  ]);
  const ours = new Set(documents.map((d) => d.id));
  const deletedBy = (report: typeof first) =>
    report.due.filter((d) => ours.has(d.id) && d.outcome === 'deleted').length;
  t.is(deletedBy(first) + deletedBy(second), 6, 'each document deleted by exactly one of the runs');
  t.deepEqual([...first.failed, ...second.failed], []);
  for (const document of documents) {
    const trail = await auditTrailOf(document.id);
    assertOnlyDeletionLeft(t, trail, 'one deletion event per document');
  }
});

test.serial(
  'segl retention run beside the running appliance: --dry-run lists, a run deletes, a rerun ' +
    'finds nothing; bad arguments exit 2',
  async (t) => {
    const folder = await folderKeptFor(`CLI ${tag()}`, 5);
    const document = await cancelledDocument(folder);
    const later = new Date(clock.now().getTime() + 6 * DAY).toISOString();
    const cli = (args: string[]) =>
      runSegl(['--data', appliance.dataDir, 'retention', 'run', ...args], {
        env: { SEGL_RETENTION_DAYS: String(DEFAULT_DAYS) },
      });

    const dry = await cli(['--dry-run', '--now', later]);
    t.is(dry.code, 0, dry.stderr);
    t.regex(dry.stdout, new RegExp(`would delete\\s+${document.code}\\s+cancelled`));
    t.regex(dry.stderr, /dry run\): \d+ documents due, \d+ held, nothing deleted/);
    t.is(
      (await expectJson(await sendJson(admin, 'GET', `/api/v1/documents/${document.id}`), 200)).status,
      'cancelled',
      'a dry run deletes nothing',
    );

    const run = await cli(['--now', later, '--json']);
    t.is(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    t.true(report.due.some((d: { id: string; code: string }) => d.id === document.id && d.code === document.code));
    t.is(report.deleted, report.due.length);
    t.is((await expectJson(await sendJson(admin, 'GET', `/api/v1/documents/${document.id}`), 200)).status, 'deleted');
    const rerun = await cli(['--now', later, '--json']);
    t.is(JSON.parse(rerun.stdout).due.length, 0, 'nothing left');

    for (const args of [['--now', 'tomorrow'], ['--now', '2031-13-01'], ['--now'], ['--force'], []]) {
      const bad = await runSegl([
        '--data',
        appliance.dataDir,
        'retention',
        ...(args.length ? ['run', ...args] : ['prune']),
      ]);
      t.is(bad.code, 2, args.join(' '));
      t.false(hasStackTrace(bad.stderr));
      t.is(bad.stderr.trim().split('\n').length, 2, 'one line and the hint');
    }
  },
);

test('the scheduled run deletes what is due without anyone calling it', async (t) => {
  const scheduledClock = createMutableClock();
  const scheduled = await startTestAppliance({
    clock: scheduledClock,
    env: { SEGL_RETENTION_DAYS: '1', SEGL_RETENTION_SCHEDULE: '*/2 * * * * *' },
  });
  try {
    const owner = await createTestStaff(scheduled, 'admin');
    const draft = await createDraft(owner, {
      title: 'Scheduled',
      signers: [{ name: 'S', email: `s-${tag()}@example.org` }],
    });
    await sendDraft(owner, draft.id);
    await expectJson(await sendJson(owner, 'POST', `/api/v1/documents/${draft.id}/cancel`, {}), 200);
    scheduledClock.advance(2 * DAY);
    const { status } = await waitForDocumentStatus({
      staff: owner,
      id: draft.id,
      status: 'deleted',
      timeoutMs: 20_000,
      intervalMs: 200,
    });
    t.is(status, 'deleted');
  } finally {
    await scheduled.close();
  }
});

postgresTest(test)(
  'on PostgreSQL: the migration, periods, a hold and two runs at once (row locks) work the same',
  async (t, database) => {
    const pgClock = createMutableClock();
    const pg = await startTestAppliance({
      clock: pgClock,
      dataDir: tempDir('segl-pg-retention-'),
      env: { DATABASE_URL: database.url, SEGL_RETENTION_DAYS: '90' },
    });
    try {
      t.is(pg.deps.db.dialect, 'postgres');
      const owner = await createTestStaff(pg, 'admin');
      const folder = (await expectJson(await sendJson(owner, 'POST', '/api/v1/folders', { name: 'Kontrakter' }), 201))
        .id;
      await expectJson(await sendJson(owner, 'PATCH', `/api/v1/folders/${folder}`, { retentionDays: 7 }), 200);
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const draft = await createDraft(owner, {
          title: `PG ${i}`,
          folderId: i < 4 ? folder : undefined,
          signers: [{ name: 'P', email: `p${i}-${tag()}@example.org` }],
        });
        await sendDraft(owner, draft.id);
        await expectJson(await sendJson(owner, 'POST', `/api/v1/documents/${draft.id}/cancel`, {}), 200);
        ids.push(draft.id);
      }
      await expectJson(
        await sendJson(owner, 'PUT', `/api/v1/documents/${ids[0]}/legal-hold`, { reason: 'kept for a case' }),
        200,
      );
      pgClock.advance(8 * DAY);
      const runs = await Promise.all(
        [0, 1].map(() => runRetention({ archive: pg.deps.archive, defaultDays: 90, now: pgClock.now() })),
      );
      t.deepEqual(
        runs.flatMap((r) => r.failed),
        [],
      );
      t.is(runs[0]!.deleted + runs[1]!.deleted, 3, 'three due documents, each deleted by exactly one run');
      const statuses = await Promise.all(
        ids.map(async (id) => (await expectJson(await sendJson(owner, 'GET', `/api/v1/documents/${id}`), 200)).status),
      );
      t.deepEqual(
        statuses,
        ['cancelled', 'deleted', 'deleted', 'deleted', 'cancelled'],
        'the held one and the top-level one (90 days by default) stay',
      );
      for (const id of ids.slice(1, 4)) {
        const trail = await expectJson(await sendJson(owner, 'GET', `/api/v1/documents/${id}/audit-trail`), 200);
        assertOnlyDeletionLeft(t, trail);
      }
    } finally {
      await pg.close();
    }
  },
);

test.serial(
  'erasure on request: DELETE ?erase=true leaves the same tombstone as retention, also after ' +
    'a plain deletion; a hold refuses it',
  async (t) => {
    const folder = await createFolder(appliance, { name: `Requests ${tag()}` });
    const signedDocument_ = await signedDocument(folder, `Erase me ${tag()}`);
    const before = await expectJson(
      await sendJson(admin, 'GET', `/api/v1/documents/${signedDocument_.id}/audit-trail`),
      200,
    );
    for (const query of ['erase=yes', 'erase=', 'wipe=true']) {
      const bad = await sendJson(admin, 'DELETE', `/api/v1/documents/${signedDocument_.id}?${query}`);
      t.is(bad.status, 422, query);
    }
    await grantFolder(appliance, { folderId: folder, userId: member.id, role: 'editor' });
    t.is(
      (await sendJson(member, 'DELETE', `/api/v1/documents/${signedDocument_.id}?erase=true`)).status,
      403,
      'an editor may not erase',
    );

    const erased = await expectJson(
      await sendJson(admin, 'DELETE', `/api/v1/documents/${signedDocument_.id}?erase=true`),
      200,
    );
    t.like(erased, { status: 'deleted', title: '' });
    const trail = await expectJson(
      await sendJson(admin, 'GET', `/api/v1/documents/${signedDocument_.id}/audit-trail`),
      200,
    );
    t.is(trail.events.length, 1);
    t.like(trail.events[0], {
      type: 'document.deleted',
      actor: { kind: 'staff', id: admin.id },
      data: { reason: 'request', statusBefore: 'completed', erasedEvents: before.events.length },
    });
    t.true(trail.chain.intact);
    for (const secret of [signedDocument_.email, signedDocument_.name, signedDocument_.title])
      t.false(JSON.stringify([erased, trail]).includes(secret));
    const again = await expectJson(
      await sendJson(admin, 'DELETE', `/api/v1/documents/${signedDocument_.id}?erase=true`),
      200,
    );
    t.is(again.status, 'deleted', 'a second erasure changes nothing');
    t.is((await auditTrailOf(signedDocument_.id)).events.length, 1);

    // a plain deletion keeps the trail; erasing afterwards removes it
    const plain = await cancelledDocument(folder);
    await expectJson(await sendJson(admin, 'DELETE', `/api/v1/documents/${plain.id}`), 200);
    const kept = await auditTrailOf(plain.id);
    t.true(kept.events.length > 3, 'a plain deletion keeps the audit trail as evidence');
    await expectJson(await sendJson(admin, 'DELETE', `/api/v1/documents/${plain.id}?erase=true`), 200);
    const after = await auditTrailOf(plain.id);
    assertOnlyDeletionLeft(t, after);
    t.like(after.events[0].data, { reason: 'request', statusBefore: 'deleted' });

    const held = await cancelledDocument(folder);
    await expectJson(
      await sendJson(admin, 'PUT', `/api/v1/documents/${held.id}/legal-hold`, { reason: 'litigation' }),
      200,
    );
    const refused = await sendJson(admin, 'DELETE', `/api/v1/documents/${held.id}?erase=true`);
    t.is(refused.status, 409);
    t.is((await refused.json()).error, 'legal_hold');
  },
);

test.serial('a document deleted by hand has its kept audit trail erased when its period runs out', async (t) => {
  const folder = await folderKeptFor(`Plain deletions ${tag()}`, 20);
  const document = await cancelledDocument(folder);
  await expectJson(await sendJson(admin, 'DELETE', `/api/v1/documents/${document.id}`), 200);
  t.true((await auditTrailOf(document.id)).events.length > 3, 'kept as evidence for now');
  clock.advance(21 * DAY);
  const due = await expectJson(await sendJson(admin, 'GET', '/api/v1/retention/due?limit=1000'), 200);
  t.like(
    due.documents.find((d: { id: string }) => d.id === document.id),
    { status: 'deleted' },
  );
  const report = await runRetention({ archive: appliance.deps.archive, defaultDays: DEFAULT_DAYS, now: clock.now() });
  t.like(
    report.due.find((d) => d.id === document.id),
    { outcome: 'deleted' },
  );
  const trail = await auditTrailOf(document.id);
  assertOnlyDeletionLeft(t, trail);
  t.like(trail.events[0].data, { reason: 'retention', statusBefore: 'deleted' });
});

test.serial(
  'the due date is checked against the periods as they are when the document is erased, not when the run began',
  async (t) => {
    const folder = await folderKeptFor(`Changed period ${tag()}`, 10);
    const document = await cancelledDocument(folder);
    clock.advance(11 * DAY);
    t.true((await dueIds()).includes(document.id));
    await setRetention(folder, 100);
    t.is(
      await eraseDueDocument({
        archive: appliance.deps.archive,
        defaultDays: DEFAULT_DAYS,
        documentId: document.id,
        now: clock.now(),
      }),
      'not-due',
    );
    t.is((await expectJson(await sendJson(admin, 'GET', `/api/v1/documents/${document.id}`), 200)).status, 'cancelled');
  },
);

test.serial(
  'an editor may not move a document where it would be kept for a shorter time; an administrator may',
  async (t) => {
    const editor = await createTestStaff(appliance, 'member', `Mover ${tag()}`);
    const keepForever = await createFolder(appliance, { name: `Forever ${tag()}` });
    const shortLived = await createFolder(appliance, { name: `Short ${tag()}` });
    const longer = await createFolder(appliance, { name: `Longer ${tag()}` });
    await setRetention(keepForever, 36_500);
    await setRetention(shortLived, 1);
    await setRetention(longer, 36_500);
    for (const folderId of [keepForever, shortLived, longer])
      await grantFolder(appliance, { folderId, userId: editor.id, role: 'editor' });
    const document = await cancelledDocument(keepForever);
    const refused = await sendJson(editor, 'POST', `/api/v1/documents/${document.id}/move`, { folderId: shortLived });
    t.is(refused.status, 403);
    t.like(await refused.json(), { error: 'forbidden' });
    t.is(
      (await sendJson(editor, 'POST', `/api/v1/documents/${document.id}/move`, { folderId: longer })).status,
      200,
      'as long as before: an editor may',
    );
    const back = await sendJson(editor, 'POST', `/api/v1/documents/${document.id}/move`, { folderId: null });
    t.is(back.status, 422, 'the top level is for administrators');
    await expectJson(
      await sendJson(admin, 'POST', `/api/v1/documents/${document.id}/move`, { folderId: shortLived }),
      200,
    );
    t.is(
      (await expectJson(await sendJson(admin, 'GET', `/api/v1/documents/${document.id}`), 200)).folderId,
      shortLived,
      'an administrator may',
    );
  },
);
