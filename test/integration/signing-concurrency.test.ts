import test, { type ExecutionContext } from 'ava';
import { rmSync } from 'node:fs';
import { startTestAppliance, type TestAppliance } from '../helpers/appliance.js';
import { createTestStaff, sendJson, type TestStaff } from '../helpers/staff.js';
import {
  createDraft,
  expectJson,
  nextSignerAddress,
  otpIn,
  readOutbox,
  sendDraft,
  SignerClient,
  tokenOf,
} from '../helpers/signing.js';
import { createTestDatabase, postgresAdminUrl } from '../helpers/postgres.js';
import { inPool } from '../../scripts/lib/in-pool.js';
import { OTP_MAX_CODES } from '../../server/domain/signer-flow/signer-otp.js';

/**
 * Many signers at once: every /sign answers 200 (no 500, no "database is locked"), every document is sealed
 * exactly once, every audit trail stays one intact chain, and no job is left failed. Each signer comes from its
 * own address (X-Forwarded-For through a trusted loopback proxy), as real signers would, so the per-IP limits
 * of the signing API do not get in the way.
 */

const SEAL_DEADLINE_MS = Number(process.env.SEGL_TEST_SEAL_DEADLINE_MS ?? 150_000);

interface Scenario {
  label: string;
  documents: number;
  signersPerDocument: number;
}

interface ReadySigner {
  documentId: string;
  email: string;
  client: SignerClient;
}

/** Drafts with their own signers (unique addresses), sent in parallel order, every signer authenticated by code. */
async function prepareSigners(
  t: ExecutionContext,
  appliance: TestAppliance,
  sender: TestStaff,
  scenario: Scenario,
): Promise<{ documentIds: string[]; signers: ReadySigner[] }> {
  const run = `${scenario.label}-${Date.now().toString(36)}`;
  const setupStarted = Date.now();

  // drafts, each with its own signers (unique addresses), sent in parallel order
  const drafts = await inPool(
    Array.from({ length: scenario.documents }, (_, i) => i),
    8,
    (i) =>
      createDraft(sender, {
        pages: 1,
        title: `Concurrency ${scenario.label} ${i}`,
        signers: Array.from({ length: scenario.signersPerDocument }, (_, j) => ({
          name: `Signer ${i}.${j}`,
          email: `c-${run}-${i}-${j}@example.org`,
          authMethod: 'email-otp',
        })),
      }),
  );
  const sent = await inPool(drafts, 8, (draft) => sendDraft(sender, draft.id, { order: 'parallel' }));
  const signers = sent.flatMap((s, i) =>
    s.signers.map((signer, j) => ({
      documentId: drafts[i]!.id,
      email: `c-${run}-${i}-${j}@example.org`,
      client: new SignerClient(appliance, tokenOf(signer.signingUrl), { 'X-Forwarded-For': nextSignerAddress() }),
    })),
  );
  t.is(signers.length, scenario.documents * scenario.signersPerDocument);

  // every signer asks for a code at once; each code goes to that signer's own address
  const otpResponses = await Promise.all(signers.map((s) => s.client.post('/otp', {})));
  const otpBodies = await Promise.all(otpResponses.map((r) => r.text()));
  t.deepEqual(
    otpResponses.map((r) => r.status),
    signers.map(() => 202),
    otpBodies.find((_, i) => otpResponses[i]!.status !== 202),
  );
  const outbox = (await readOutbox(appliance.dataDir)).filter(
    (m) => m.to.startsWith(`c-${run}-`) && !m.text.includes('/s/') && /^\s*\d{6}\s*$/m.test(m.text),
  );
  const codes = new Map<string, string[]>();
  for (const mail of outbox) codes.set(mail.to, [...(codes.get(mail.to) ?? []), otpIn(mail.text)]);
  for (const signer of signers) t.is(codes.get(signer.email)?.length, 1, `exactly one code for ${signer.email}`);
  const verified = await Promise.all(
    signers.map((s) => s.client.post('/otp/verify', { code: codes.get(s.email)![0] })),
  );
  const verifiedBodies = await Promise.all(verified.map((r) => r.text()));
  t.deepEqual(
    verified.map((r) => r.status),
    signers.map(() => 200),
    verifiedBodies.find((_, i) => verified[i]!.status !== 200),
  );
  t.log(
    `${scenario.label}: setup (${scenario.documents} documents sent, ${signers.length} signers ` +
      `authenticated) in ${Date.now() - setupStarted} ms`,
  );
  return { documentIds: drafts.map((d) => d.id), signers };
}

async function signConcurrently(
  t: ExecutionContext,
  appliance: TestAppliance,
  sender: TestStaff,
  scenario: Scenario,
): Promise<void> {
  const { signers } = await prepareSigners(t, appliance, sender, scenario);

  // all signatures at once
  const started = Date.now();
  const signed = await Promise.all(
    signers.map(async (s) => {
      const response = await s.client.post('/sign', { consent: true });
      return { status: response.status, text: await response.text() };
    }),
  );
  const signedMs = Date.now() - started;
  const bad = signed.filter((r) => r.status !== 200);
  t.deepEqual(bad, [], 'every /sign answered 200');
  t.false(signed.some((r) => /database is locked|SQLITE_BUSY|server_error/i.test(r.text)));
  for (const r of signed.filter((x) => x.status === 200)) t.is(JSON.parse(r.text).status, 'signed');
  const completedAtOnce = signed.filter(
    (r) => r.status === 200 && JSON.parse(r.text).documentStatus === 'completed',
  ).length;

  // once every signer's /sign has answered, every document knows it is complete (the last signature noticed it)
  const documentIds = [...new Set(signers.map((s) => s.documentId))];
  const incomplete: unknown[] = [];
  await inPool(documentIds, 8, async (id) => {
    const document = await expectJson(await sender.api(`/api/v1/documents/${id}`), 200);
    if (!document.completedAt)
      incomplete.push({
        id,
        status: document.status,
        signers: document.signers.map((s: { status: string }) => s.status),
      });
  });
  if (incomplete.length) {
    t.fail(
      `${incomplete.length} of ${documentIds.length} documents have every signer signed but were ` +
        `never completed (no document.completed, no seal job): ${JSON.stringify(incomplete.slice(0, 3))}`,
    );
    return;
  }

  // every document ends completed
  const deadline = Date.now() + SEAL_DEADLINE_MS;
  const pending = new Set(documentIds);
  const levels = new Map<string, string>();
  while (pending.size) {
    for (const id of [...pending]) {
      const document = await expectJson(await sender.api(`/api/v1/documents/${id}`), 200);
      t.false(
        ['declined', 'expired', 'cancelled', 'deleted'].includes(document.status),
        `document ${id} is ${document.status}`,
      );
      if (document.status === 'completed') {
        pending.delete(id);
        levels.set(id, document.level);
      }
    }
    if (!pending.size) break;
    if (Date.now() > deadline) {
      const jobs = await appliance.deps.db.models.Job.findAll({
        where: { kind: 'seal-document' },
        attributes: ['status', 'attempts', 'lastError'],
        raw: true,
      });
      const stuck = await Promise.all(
        [...pending].slice(0, 3).map(async (id) => {
          const document = await expectJson(await sender.api(`/api/v1/documents/${id}`), 200);
          const trail = await expectJson(await sender.api(`/api/v1/documents/${id}/audit-trail`), 200);
          return {
            status: document.status,
            completedAt: document.completedAt,
            signers: document.signers.map((s: { status: string }) => s.status),
            events: trail.events.map((e: { type: string }) => e.type).join(' '),
          };
        }),
      );
      t.fail(
        `${pending.size} of ${documentIds.length} documents not completed after ${SEAL_DEADLINE_MS} ` +
          `ms; seal jobs not done: ${JSON.stringify(jobs.filter((j) => j.status !== 'done'))}; stuck: ` +
          `${JSON.stringify(stuck)}`,
      );
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const elapsedMs = Date.now() - started;
  const perMinute = ((documentIds.length * 60_000) / elapsedMs).toFixed(1);
  t.log(
    `${scenario.label}: ${signers.length} /sign requests answered in ${signedMs} ms ` +
      `(${completedAtOnce} already completed); all ${documentIds.length} documents sealed ${elapsedMs} ms ` +
      `after the first signature: ${perMinute} documents/minute`,
  );
  t.deepEqual([...new Set(levels.values())], ['B-LTA']);

  // one intact chain per document, each signature once, completed and sealed once
  await inPool(documentIds, 8, async (id) => {
    const trail = await expectJson(await sender.api(`/api/v1/documents/${id}/audit-trail`), 200);
    t.true(trail.chain.intact, `${id}: ${JSON.stringify(trail.chain.problems)}`);
    const count = (type: string) => trail.events.filter((e: { type: string }) => e.type === type).length;
    t.is(count('signer.signed'), scenario.signersPerDocument, `${id}: signer.signed`);
    t.is(count('document.completed'), 1, `${id}: document.completed`);
    t.is(count('document.sealed'), 1, `${id}: document.sealed`);
    const seqs = trail.events.map((e: { seq: number }) => e.seq);
    t.deepEqual(
      seqs,
      seqs.map((_: number, i: number) => seqs[0] + i),
      `${id}: no gaps or repeats in the sequence`,
    );
    const document = await expectJson(await sender.api(`/api/v1/documents/${id}`), 200);
    t.true(document.signers.every((s: { status: string }) => s.status === 'signed'));
  });

  // no job failed; one seal job per document
  const { Job } = appliance.deps.db.models;
  const failed = await Job.findAll({
    where: { status: 'failed' },
    attributes: ['kind', 'attempts', 'lastError'],
    raw: true,
  });
  t.deepEqual(failed, [], 'no job failed');
  const sealJobs = await Job.findAll({
    where: { kind: 'seal-document' },
    attributes: ['payload', 'status', 'attempts', 'lastError'],
    raw: true,
  });
  const ours = sealJobs.filter((j) => documentIds.includes(String(JSON.parse(j.payload).documentId)));
  t.is(ours.length, documentIds.length, 'one seal job per document');
  t.true(
    ours.every((j) => j.status === 'done'),
    JSON.stringify(ours.filter((j) => j.status !== 'done')),
  );
  const retried = ours.filter((j) => j.attempts > 1);
  if (retried.length)
    t.log(
      `${scenario.label}: ${retried.length} seal jobs needed more than one attempt: ` +
        JSON.stringify(retried.map((j) => j.lastError)),
    );
}

/** What races a signer's /sign on the same document: the signer's own "decline", or the sender's "cancel". */
interface Rival {
  /** The action, as the messages name it. */
  action: 'decline' | 'cancel';
  /** The document status the rival leaves when it wins. */
  outcome: 'declined' | 'cancelled';
  /** The audit event the rival writes when it wins. */
  event: string;
  send(signer: ReadySigner): Promise<Response>;
  /** Exactly one of the two wins, judged from both answers' statuses. */
  checkStatuses(t: ExecutionContext, sign: number, rival: number, message: string): void;
}

/**
 * Every signer's /sign at the same instant as `rival`, on 10 documents: exactly one of them wins, and each document
 * ends either signed (completed and sealed) or as the rival left it, never a mix of both.
 */
async function raceSignAgainst(
  t: ExecutionContext,
  appliance: TestAppliance,
  sender: TestStaff,
  label: string,
  rival: Rival,
): Promise<void> {
  const { signers } = await prepareSigners(t, appliance, sender, { label, documents: 10, signersPerDocument: 1 });
  const outcomes = await Promise.all(
    signers.map(async (s) => {
      const [sign, other] = await Promise.all([s.client.post('/sign', { consent: true }), rival.send(s)]);
      return {
        documentId: s.documentId,
        sign: { status: sign.status, text: await sign.text() },
        rival: { action: rival.action, status: other.status, text: await other.text() },
      };
    }),
  );
  const mixed: unknown[] = [];
  for (const outcome of outcomes) {
    rival.checkStatuses(
      t,
      outcome.sign.status,
      outcome.rival.status,
      `${outcome.documentId}: exactly one of sign and ${rival.action} wins: ${JSON.stringify(outcome)}`,
    );
    const document = await expectJson(await sender.api(`/api/v1/documents/${outcome.documentId}`), 200);
    const trail = await expectJson(await sender.api(`/api/v1/documents/${outcome.documentId}/audit-trail`), 200);
    t.true(trail.chain.intact, JSON.stringify(trail.chain.problems));
    const types: string[] = trail.events.map((e: { type: string }) => e.type);
    const signed = types.includes('signer.signed');
    const lost = types.includes(rival.event);
    if (
      signed === lost ||
      (lost && (document.status !== rival.outcome || document.completedAt)) ||
      (signed && !['pending', 'completed'].includes(document.status))
    ) {
      mixed.push({
        id: outcome.documentId,
        status: document.status,
        completedAt: document.completedAt,
        signer: document.signers[0].status,
        events: types.filter((type) => new RegExp(`signed|${rival.outcome}|completed`).test(type)),
      });
    }
  }
  t.deepEqual(mixed, [], `each document is either signed or ${rival.outcome}, never both`);
  const signed = outcomes.filter((o) => o.sign.status === 200).length;
  const rivalWon = outcomes.filter((o) => o.rival.status === 200).length;
  t.log(`${label}: ${signed} signed, ${rivalWon} ${rival.outcome}`);
}

/** One signer clicks "sign" and "decline" at the same instant (two tabs). */
function signAndDeclineAtOnce(t: ExecutionContext, appliance: TestAppliance, sender: TestStaff, label: string) {
  return raceSignAgainst(t, appliance, sender, label, {
    action: 'decline',
    outcome: 'declined',
    event: 'signer.declined',
    send: (s) => s.client.post('/decline', { reason: 'changed my mind' }),
    checkStatuses: (t, sign, decline, message) => t.deepEqual([sign, decline].sort(), [200, 409], message),
  });
}

/**
 * The last signer signs while the sender cancels, at the same instant: never cancelled after everyone signed, nor
 * cancelled with anybody's signature.
 */
function signAndCancelAtOnce(t: ExecutionContext, appliance: TestAppliance, sender: TestStaff, label: string) {
  return raceSignAgainst(t, appliance, sender, label, {
    action: 'cancel',
    outcome: 'cancelled',
    event: 'document.cancelled',
    send: (s) => sendJson(sender, 'POST', `/api/v1/documents/${s.documentId}/cancel`, {}),
    checkStatuses: (t, sign, cancel, message) => {
      t.is([sign, cancel].filter((status) => status === 200).length, 1, message);
      t.false([sign, cancel].includes(500), message);
    },
  });
}

/** One signer asks for a code 20 times at once, from 20 addresses: the per-signer limit holds, one mail per code. */
async function requestCodesAtOnce(t: ExecutionContext, appliance: TestAppliance, sender: TestStaff, label: string) {
  const email = `codes-${label}-${Date.now().toString(36)}@example.org`;
  const draft = await createDraft(sender, {
    pages: 1,
    title: `Codes ${label}`,
    signers: [{ name: 'Code Asker', email, authMethod: 'email-otp' }],
  });
  const [signer] = (await sendDraft(sender, draft.id, { order: 'parallel' })).signers;
  const token = tokenOf(signer!.signingUrl);
  const clients = Array.from(
    { length: 20 },
    () => new SignerClient(appliance, token, { 'X-Forwarded-For': nextSignerAddress() }),
  );
  const statuses = (await Promise.all(clients.map((client) => client.post('/otp', {})))).map((r) => r.status);
  t.is(statuses.filter((status) => status === 202).length, OTP_MAX_CODES, statuses.join(' '));
  t.is(statuses.filter((status) => status === 429).length, 20 - OTP_MAX_CODES, statuses.join(' '));
  const mails = (await readOutbox(appliance.dataDir)).filter((m) => m.to === email && /^\s*\d{6}\s*$/m.test(m.text));
  t.is(mails.length, OTP_MAX_CODES, 'one mail for each code granted, none for the refused');
  // exactly one of the mailed codes is live: the newest that was stored
  let verified = 0;
  for (const mail of mails) {
    const answer = await clients[0]!.post('/otp/verify', { code: otpIn(mail.text) });
    if (answer.status === 200) verified += 1;
    if (verified) break;
  }
  t.is(verified, 1);
}

async function withAppliance(
  env: Record<string, string>,
  work: (appliance: TestAppliance, sender: TestStaff) => Promise<void>,
): Promise<void> {
  const appliance = await startTestAppliance({ env: { SEGL_TRUSTED_PROXIES: '127.0.0.1', ...env } });
  try {
    const sender = await createTestStaff(appliance, 'admin', 'Concurrent Sender');
    await work(appliance, sender);
  } finally {
    await appliance.close();
    if (!process.env.SEGL_KEEP_TEST_FILES) rmSync(appliance.dataDir, { recursive: true, force: true });
  }
}

test.serial('SQLite: 50 documents, one signer each, all signing at once', async (t) => {
  t.timeout(240_000);
  await withAppliance({}, (appliance, sender) =>
    signConcurrently(t, appliance, sender, { label: 'sqlite-50x1', documents: 50, signersPerDocument: 1 }),
  );
});

test.serial(
  'SQLite: 10 documents, two parallel signers each signing the same document at the same moment',
  async (t) => {
    t.timeout(180_000);
    await withAppliance({}, (appliance, sender) =>
      signConcurrently(t, appliance, sender, { label: 'sqlite-10x2', documents: 10, signersPerDocument: 2 }),
    );
  },
);

test.serial('SQLite: one signer asking for a code 20 times at once gets 5 codes and 5 mails', async (t) => {
  t.timeout(120_000);
  await withAppliance({}, (appliance, sender) => requestCodesAtOnce(t, appliance, sender, 'sqlite'));
});

test.serial('SQLite: one signer signing and declining at the same instant, on 10 documents', async (t) => {
  t.timeout(120_000);
  await withAppliance({}, (appliance, sender) => signAndDeclineAtOnce(t, appliance, sender, 'sqlite-sign-vs-decline'));
});

test.serial('SQLite: the last signer signs while the sender cancels, on 10 documents', async (t) => {
  t.timeout(120_000);
  await withAppliance({}, (appliance, sender) => signAndCancelAtOnce(t, appliance, sender, 'sqlite-sign-vs-cancel'));
});

const adminUrl = postgresAdminUrl();

/** The same on PostgreSQL, each case on a fresh database (SEGL_TEST_DATABASE_URL; CI requires it). */
function onPostgres(
  title: string,
  timeoutMs: number,
  work: (t: ExecutionContext, appliance: TestAppliance, sender: TestStaff) => Promise<void>,
): void {
  (adminUrl ? test.serial : test.skip)(`PostgreSQL: ${title}`, async (t) => {
    t.timeout(timeoutMs);
    const database = await createTestDatabase(adminUrl!);
    try {
      await withAppliance({ DATABASE_URL: database.url }, async (appliance, sender) => {
        t.is(appliance.deps.db.dialect, 'postgres');
        await work(t, appliance, sender);
      });
    } finally {
      await database.drop();
    }
  });
}

onPostgres('50 documents, one signer each, all signing at once', 240_000, (t, appliance, sender) =>
  signConcurrently(t, appliance, sender, { label: 'postgres-50x1', documents: 50, signersPerDocument: 1 }),
);
onPostgres(
  '10 documents, two parallel signers each signing the same document at the same moment',
  180_000,
  (t, appliance, sender) =>
    signConcurrently(t, appliance, sender, { label: 'postgres-10x2', documents: 10, signersPerDocument: 2 }),
);
onPostgres('one signer asking for a code 20 times at once gets 5 codes and 5 mails', 120_000, (t, appliance, sender) =>
  requestCodesAtOnce(t, appliance, sender, 'postgres'),
);
onPostgres('one signer signing and declining at the same instant, on 10 documents', 120_000, (t, appliance, sender) =>
  signAndDeclineAtOnce(t, appliance, sender, 'postgres-sign-vs-decline'),
);
onPostgres('the last signer signs while the sender cancels, on 10 documents', 120_000, (t, appliance, sender) =>
  signAndCancelAtOnce(t, appliance, sender, 'postgres-sign-vs-cancel'),
);
