import test from 'ava';
import { useAppliance } from '../helpers/use-appliance.js';
import {
  createDraft,
  expectJson,
  mailedCode,
  readOutbox,
  sendDraft,
  SignerClient,
  signingUrlIn,
  tokenOf,
  waitForMail,
} from '../helpers/signing.js';
import { sendJson } from '../helpers/staff.js';

/** What happens when things go wrong for good: a seal that cannot be made, a code guessed at for too long. */

const { appliance, admin: sender } = useAppliance(test, { jobs: false, admin: 'Failure Sender' });

async function signedByAll(email: string): Promise<{ id: string; signer: SignerClient }> {
  const draft = await createDraft(sender, { signers: [{ name: 'Frida Feil', email }] });
  const sent = await sendDraft(sender, draft.id);
  const signer = new SignerClient(appliance, tokenOf(sent.signers[0]!.signingUrl));
  await signer.authenticateWithOtp(async () => {
    await appliance.deps.runner.perform({ limit: 20 });
    return mailedCode(appliance.dataDir, email);
  });
  await expectJson(await signer.post('/sign', { consent: true }), 200);
  return { id: draft.id, signer };
}

/** The sender withdraws the document (POST /cancel, no reason). */
function cancelDocument(id: string): Promise<Response> {
  return sendJson(sender, 'POST', `/api/v1/documents/${id}/cancel`, {});
}

test.serial(
  'a seal that cannot be made is given up at once, said in the audit trail, and the sender may withdraw the document',
  async (t) => {
    const { id } = await signedByAll('frida@example.org');
    // the stored original no longer matches its hash: no retry can mend that
    await appliance.deps.db.models.Document.update({ sha256: 'f'.repeat(64) }, { where: { id } });
    await appliance.deps.runner.perform({});
    const job = await appliance.deps.db.models.Job.findOne({ where: { dedupeKey: `seal:${id}` }, raw: true });
    t.is(job!.status, 'failed');
    t.is(job!.attempts, 1, 'not retried');
    t.regex(job!.lastError ?? '', /document_unreadable/);
    const document = await expectJson(await sender.api(`/api/v1/documents/${id}`), 200);
    t.is(document.status, 'pending');
    t.is(document.level, null);
    const trail = await expectJson(await sender.api(`/api/v1/documents/${id}/audit-trail`), 200);
    t.like(trail.events.at(-1), { type: 'document.failed', data: { stage: 'sealing', reason: 'document_unreadable' } });
    const cancelled = await expectJson(await cancelDocument(id), 200);
    t.is(cancelled.status, 'cancelled');
  },
);

test.serial('a sealing document cannot be withdrawn while the seal is still being made', async (t) => {
  const { id } = await signedByAll('greta@example.org');
  const refused = await expectJson(await cancelDocument(id), 409);
  t.is(refused.error, 'document_sealing');
  await appliance.deps.runner.perform({});
  t.is((await expectJson(await sender.api(`/api/v1/documents/${id}`), 200)).status, 'completed');
});

test.serial('wrong codes are capped per day and in all; a reminder starts afresh', async (t) => {
  const draft = await createDraft(sender, { signers: [{ name: 'Gjett Gjettesen', email: 'guess@example.org' }] });
  const sent = await sendDraft(sender, draft.id);
  const signer = new SignerClient(appliance, tokenOf(sent.signers[0]!.signingUrl));
  const { SignerChallenge } = appliance.deps.db.models;
  await expectJson(await signer.post('/otp', {}), 202);
  // 25 wrong guesses today (as five codes with five tries each would leave)
  await SignerChallenge.update({ attempts: 25 }, { where: { signerId: draft.signerIds[0]! } });
  const daily = await signer.post('/otp', {});
  t.is(daily.status, 429);
  t.truthy(daily.headers.get('retry-after'));
  t.is((await daily.json()).error, 'rate_limited');
  // 50 in all, spread over earlier days
  await SignerChallenge.update(
    { attempts: 50, createdAt: new Date(Date.now() - 3 * 24 * 3600 * 1000) },
    { where: { signerId: draft.signerIds[0]! } },
  );
  const locked = await expectJson(await signer.post('/otp', {}), 423);
  t.is(locked.error, 'otp_locked');
  // the sender's reminder (allowed an hour after the invitation) clears the count
  await appliance.deps.db.models.Signer.update(
    { invitedAt: new Date(Date.now() - 2 * 3600 * 1000) },
    { where: { id: draft.signerIds[0]! } },
  );
  const reminded = await expectJson(await sendJson(sender, 'POST', `/api/v1/documents/${draft.id}/remind`, {}), 200);
  t.deepEqual(reminded.reminded, [draft.signerIds[0]]);
  // the reminder's fresh link replaces the old one
  await expectJson(await signer.post('/otp', {}), 404);
  await appliance.deps.runner.perform({});
  const isFresh = (m: { to: string; text: string }) =>
    m.to === 'guess@example.org' && /\/s\//.test(m.text) && tokenOf(signingUrlIn(m.text)) !== signer.token;
  const reminder = await waitForMail(() => readOutbox(appliance.dataDir), isFresh);
  const fresh = new SignerClient(appliance, tokenOf(signingUrlIn(reminder.text)));
  await expectJson(await fresh.post('/otp', {}), 202);
});
