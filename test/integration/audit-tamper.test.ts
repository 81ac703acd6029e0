import test, { type ExecutionContext } from 'ava';
import { QueryTypes } from 'sequelize';
import { startTestAppliance, type TestAppliance } from '../helpers/appliance.js';
import { createTestStaff, type TestStaff } from '../helpers/staff.js';
import { createDraft, expectJson, mailedCode, sendDraft, SignerClient, tokenOf } from '../helpers/signing.js';
import { runSegl } from '../helpers/cli.js';
import { tempDir } from '../helpers/external-tool.js';
import { waitForDocumentStatus } from '../helpers/otp-signing.js';
import { postgresTest } from '../helpers/postgres.js';
import { hashAuditEvent, GENESIS_HASH } from '../../server/domain/audit/audit-chain.js';
import { readAuditTrail } from '../../server/domain/audit/get-audit-trail.js';

/**
 * An audit trail that proves itself: rewriting events in the database and recomputing every hash and the head (what
 * an attacker with write access to the database can do) keeps the hash chain consistent, but the RFC 3161 tokens
 * still cover the old hashes and the final PDF's seal covers the old trail. The API and `segl audit verify` must
 * find it, on SQLite and on PostgreSQL.
 */

interface RawEvent {
  id: string;
  document_id: string;
  seq: number;
  type: string;
  at: string;
  actor: string;
  ip: string | null;
  user_agent: string | null;
  data: string;
  prev_hash: string;
  hash: string;
  timestamp_token: string | null;
}

let unique = 0;
const tag = () => `${Date.now().toString(36)}t${++unique}`;

/** Signers sign by e-mail code; with `signing` fewer than all, the document stays pending. */
async function signedDocument(
  appliance: TestAppliance,
  staff: TestStaff,
  options: { signers: number; signing: number },
): Promise<{ id: string; code: string; names: string[] }> {
  const people = Array.from({ length: options.signers }, (_, i) => ({
    name: `Astrid Tamper ${tag()} ${i}`,
    email: `astrid.${tag()}.${i}@example.org`,
  }));
  const draft = await createDraft(staff, { title: `Tamper ${tag()}`, signers: people });
  const sent = await sendDraft(staff, draft.id);
  for (const [index, person] of people.slice(0, options.signing).entries()) {
    const client = new SignerClient(appliance, tokenOf(sent.signers[index]!.signingUrl));
    await client.authenticateWithOtp(() => mailedCode(appliance.dataDir, person.email));
    await expectJson(await client.post('/sign', { consent: true }), 200);
  }
  if (options.signing === options.signers)
    await waitForDocumentStatus({ staff, id: draft.id, status: 'completed', timeoutMs: 90_000 });
  return { id: draft.id, code: draft.code, names: people.map((p) => p.name) };
}

async function rawEvents(appliance: TestAppliance, documentId: string): Promise<RawEvent[]> {
  return appliance.deps.db.sequelize.query<RawEvent>('SELECT * FROM audit_events WHERE document_id = ? ORDER BY seq', {
    replacements: [documentId],
    type: QueryTypes.SELECT,
  });
}

/**
 * The attack: rewrites the events `change` picks straight in the database, then recomputes the hash of every event
 * from the first changed one on, each link, and the head on the document row, as the chain's algorithm says.
 */
async function rewriteTrail(
  appliance: TestAppliance,
  documentId: string,
  change: (event: RawEvent) => Partial<RawEvent> | undefined,
): Promise<void> {
  const { sequelize } = appliance.deps.db;
  const events = await rawEvents(appliance, documentId);
  let previous = GENESIS_HASH;
  let rewriting = false;
  for (const event of events) {
    const changed = change(event);
    if (changed) rewriting = true;
    const next = { ...event, ...changed, prev_hash: previous };
    if (rewriting) {
      next.hash = hashAuditEvent({
        documentId,
        seq: next.seq,
        type: next.type,
        at: next.at,
        actor: JSON.parse(next.actor),
        ip: next.ip,
        userAgent: next.user_agent,
        data: JSON.parse(next.data),
        prevHash: next.prev_hash,
      });
      await sequelize.query(
        'UPDATE audit_events SET actor = ?, data = ?, prev_hash = ?, hash = ?, timestamp_token = ? WHERE id = ?',
        {
          replacements: [next.actor, next.data, next.prev_hash, next.hash, next.timestamp_token, next.id],
        },
      );
    }
    previous = next.hash;
  }
  await sequelize.query('UPDATE documents SET audit_head = ? WHERE id = ?', { replacements: [previous, documentId] });
}

async function restoreTrail(appliance: TestAppliance, documentId: string, events: RawEvent[]): Promise<void> {
  for (const event of events) {
    await appliance.deps.db.sequelize.query(
      'UPDATE audit_events SET actor = ?, data = ?, prev_hash = ?, hash = ?, timestamp_token = ? WHERE id = ?',
      {
        replacements: [event.actor, event.data, event.prev_hash, event.hash, event.timestamp_token, event.id],
      },
    );
  }
  await appliance.deps.db.sequelize.query('UPDATE documents SET audit_head = ? WHERE id = ?', {
    replacements: [events.at(-1)!.hash, documentId],
  });
}

/** Another name in place of `from` in the event's actor and data. */
const renamed = (from: string, to: string) => (event: RawEvent) =>
  event.actor.includes(from) || event.data.includes(from)
    ? { actor: event.actor.split(from).join(to), data: event.data.split(from).join(to) }
    : undefined;

const codesOf = (trail: { chain: { problems: { code: string; seq: number | null }[] } }) =>
  trail.chain.problems.map((p) => `${p.code}@${p.seq}`);

async function checkTamperingIsFound(
  t: ExecutionContext,
  appliance: TestAppliance,
  cliEnv: Record<string, string> = {},
): Promise<void> {
  const staff = await createTestStaff(appliance, 'admin');
  const trailOf = async (id: string) => expectJson(await staff.api(`/api/v1/documents/${id}/audit-trail`), 200);
  const sealed = await signedDocument(appliance, staff, { signers: 1, signing: 1 });
  const before = await trailOf(sealed.id);
  t.true(before.chain.intact, JSON.stringify(before.chain.problems));
  t.true(before.chain.tokens.verified >= 1, 'the signing event’s token is verified');
  t.like(before.chain.sealed, { checked: true });
  const signedEvent = before.events.find((e: { type: string }) => e.type === 'signer.signed');
  const original = await rawEvents(appliance, sealed.id);

  // the attack: another signer name in one event, the chain and the head recomputed
  await rewriteTrail(appliance, sealed.id, renamed(sealed.names[0]!, 'Mallory Forger'));
  const chainOnly = await readAuditTrail({ db: appliance.deps.db, documentId: sealed.id });
  t.true(chainOnly.chain.intact, 'the hash chain alone is consistent again: that is the attack');
  const rewritten = await trailOf(sealed.id);
  t.false(rewritten.chain.intact);
  t.true(
    codesOf(rewritten).includes(`token_mismatch@${signedEvent.seq}`),
    `the signing event's token no longer covers it: ${codesOf(rewritten)}`,
  );
  t.true(
    codesOf(rewritten).some((code) => code.startsWith('seal_mismatch@')),
    'the trail differs from the one sealed into the PDF',
  );
  t.true(JSON.stringify(rewritten).includes('Mallory Forger'));

  const cli = await runSegl(['--data', appliance.dataDir, 'audit', 'verify', sealed.id], { env: cliEnv });
  t.is(cli.code, 1, cli.stderr);
  t.regex(cli.stdout, /^BROKEN\s/m);
  t.regex(cli.stdout, new RegExp(`token_mismatch \\(event ${signedEvent.seq}\\)`));
  t.regex(cli.stdout, /seal_mismatch/);

  // dropping the token that gives it away is found too
  await rewriteTrail(appliance, sealed.id, (event) =>
    event.type === 'signer.signed' ? { timestamp_token: null } : undefined,
  );
  const tokenless = await trailOf(sealed.id);
  t.true(codesOf(tokenless).includes(`token_missing@${signedEvent.seq}`), `${codesOf(tokenless)}`);
  t.true(codesOf(tokenless).some((code) => code.startsWith('seal_mismatch@')));

  // an event after the signature (not covered by its token), rewritten with the chain: the sealed PDF still tells
  await restoreTrail(appliance, sealed.id, original);
  t.true((await trailOf(sealed.id)).chain.intact, 'restored');
  const completed = original.find((event) => event.type === 'document.completed')!;
  await rewriteTrail(appliance, sealed.id, (event) =>
    event.id === completed.id ? { data: JSON.stringify({ ...JSON.parse(event.data), signerCount: 7 }) } : undefined,
  );
  const late = await trailOf(sealed.id);
  t.true(codesOf(late).includes(`seal_mismatch@${completed.seq}`), `${codesOf(late)}`);
  await restoreTrail(appliance, sealed.id, original);

  // a pending document (one of two signed): only the token can tell
  const pending = await signedDocument(appliance, staff, { signers: 2, signing: 1 });
  const pendingBefore = await trailOf(pending.id);
  t.true(pendingBefore.chain.intact, JSON.stringify(pendingBefore.chain.problems));
  t.like(pendingBefore.chain.sealed, { checked: false, reason: 'not_sealed' });
  const pendingSigned = pendingBefore.events.find((e: { type: string }) => e.type === 'signer.signed');
  await rewriteTrail(appliance, pending.id, renamed(pending.names[0]!, 'Mallory Forger'));
  t.deepEqual(codesOf(await trailOf(pending.id)), [`token_mismatch@${pendingSigned.seq}`]);

  // every document at once: exit 1, the broken ones named, the others intact
  const all = await runSegl(['--data', appliance.dataDir, 'audit', 'verify', '--json'], { env: cliEnv });
  t.is(all.code, 1, all.stderr);
  const report = JSON.parse(all.stdout);
  t.is(report.broken, 1);
  t.like(
    report.documents.find((d: { id: string }) => d.id === pending.id),
    { intact: false },
  );
  t.like(
    report.documents.find((d: { id: string }) => d.id === sealed.id),
    { intact: true },
  );
  t.regex(all.stderr, /trail\(s\) checked, 1 broken/);

  const byCode = await runSegl(['--data', appliance.dataDir, 'audit', 'verify', sealed.code.toLowerCase()], {
    env: cliEnv,
  });
  t.is(byCode.code, 0, byCode.stdout + byCode.stderr);
  t.regex(byCode.stdout, /^intact\s/m);
}

test('SQLite: rewritten events with a recomputed chain and head are found by the API and the CLI', async (t) => {
  const appliance = await startTestAppliance();
  try {
    await checkTamperingIsFound(t, appliance);
    for (const args of [['verify', 'no-such-document'], ['verify', 'a', 'b'], ['verify', '--all'], ['check']]) {
      const bad = await runSegl(['--data', appliance.dataDir, 'audit', ...args]);
      t.is(bad.code, 2, args.join(' '));
      t.is(bad.stderr.trim().split('\n').length <= 2, true, bad.stderr);
    }
  } finally {
    await appliance.close();
  }
});

postgresTest(test)(
  'PostgreSQL: rewritten events with a recomputed chain and head are found by the API and segl audit verify',
  async (t, database) => {
    const appliance = await startTestAppliance({
      dataDir: tempDir('segl-pg-audit-'),
      env: { DATABASE_URL: database.url },
    });
    try {
      t.is(appliance.deps.db.dialect, 'postgres');
      await checkTamperingIsFound(t, appliance, { DATABASE_URL: database.url });
    } finally {
      await appliance.close();
    }
  },
);
