import test, { type ExecutionContext } from 'ava';
import { randomBytes } from 'node:crypto';
import { useAppliance } from '../helpers/use-appliance.js';
import { createTestStaff, createTickingClock, jsonInit, type TestStaff } from '../helpers/staff.js';
import {
  createDraft,
  expectJson,
  nextSignerAddress,
  otpIn,
  outboxNames,
  readOutbox,
  sendDraft,
  SignerClient,
  signingUrlIn,
  tokenOf,
  type ParsedMail,
} from '../helpers/signing.js';
import { expireDocuments } from '../../server/domain/signer-flow/expire-documents.js';

/**
 * The signing flow's rules over HTTP, one by one: links (malformed, unknown, expired, revoked), one-time codes
 * (wrong, locked, expired, spent, throttled), sessions bound to their link, cancel, decline, remind, the sender's
 * bad input, access, CSRF and caching. The job runner is off: the tests deliver queued mail themselves
 * (`runner.perform`), so "nothing more is sent" is a fact, not a race. Every error is JSON `{error, message}`.
 */

const MINUTE = 60_000;

let counter = 0;

/** Real time plus an offset the test moves forward (so that mails and codes keep their order). */
const clock = createTickingClock();
const { appliance, admin: sender } = useAppliance(test, {
  clock,
  jobs: false,
  // signers come from their own addresses (X-Forwarded-For via a trusted loopback proxy): the per-IP limits of
  // the signing API are not what these tests are about
  env: { SEGL_TRUSTED_PROXIES: '127.0.0.1' },
  admin: 'Rule Sender',
});

/* ---------------------------------------------------------------- helpers */

async function expectError(
  t: ExecutionContext,
  response: Response,
  status: number,
  code?: string,
): Promise<Record<string, unknown>> {
  const text = await response.text();
  t.is(response.status, status, `${response.url}: ${text}`);
  t.regex(response.headers.get('content-type') ?? '', /^application\/json/, `${response.url}: an error is JSON`);
  const body = JSON.parse(text) as Record<string, unknown>;
  t.is(typeof body.error, 'string', text);
  t.true(typeof body.message === 'string' && body.message.length > 0, text);
  if (code) t.is(body.error, code, text);
  return body;
}

/** The sender can neither remind nor withdraw a document that is no longer pending (409 document_not_pending). */
async function expectNotPending(t: ExecutionContext, documentId: string): Promise<void> {
  for (const action of ['remind', 'cancel']) {
    const response = await sender.api(`/api/v1/documents/${documentId}/${action}`, jsonInit({}));
    await expectError(t, response, 409, 'document_not_pending');
  }
}

/** Adds an e-mail-code signer to a document as `staff`. */
const addSigner = (staff: TestStaff, documentId: string, name: string, email: string) =>
  staff.api(`/api/v1/documents/${documentId}/signers`, jsonInit({ name, email, authMethod: 'email-otp' }));

/** The messages written to the outbox since `before` (an earlier outboxNames()), oldest first. */
const mailsSince = (before: string[]): Promise<ParsedMail[]> => readOutbox(appliance.dataDir, { except: before });

/** Delivers every queued message (the runner is off in this file). */
async function deliverQueuedMail(): Promise<void> {
  await appliance.deps.runner.perform({});
}

interface Signer {
  id: string;
  email: string;
  url: string;
  client: SignerClient;
}

/** A pending document: uploaded, signers added (e-mail code), sent; a client per signer, each from its own address. */
async function sentDocument(
  names: string[],
  body: Record<string, unknown> = {},
): Promise<{ id: string; code: string; signers: Signer[] }> {
  const run = `${++counter}-${randomBytes(3).toString('hex')}`;
  const emails = names.map((name) => `${name.toLowerCase().replace(/\W+/g, '.')}.${run}@example.org`);
  const draft = await createDraft(sender, {
    pages: 1,
    title: `Rules ${run}`,
    signers: names.map((name, i) => ({ name, email: emails[i]!, authMethod: 'email-otp' })),
  });
  const sent = await sendDraft(sender, draft.id, body);
  return {
    id: draft.id,
    code: draft.code,
    signers: sent.signers.map((s, i) => ({
      id: s.id,
      email: emails[i]!,
      url: s.signingUrl,
      client: new SignerClient(appliance, tokenOf(s.signingUrl), { 'X-Forwarded-For': nextSignerAddress() }),
    })),
  };
}

/** Asks for a code and reads it from the one message the request wrote to the outbox. */
async function requestCode(signer: Signer): Promise<string> {
  const before = outboxNames(appliance.dataDir);
  await expectJson(await signer.client.post('/otp', {}), 202);
  const mails = (await mailsSince(before)).filter((m) => m.to === signer.email);
  if (mails.length !== 1) throw new Error(`expected one code message to ${signer.email}, found ${mails.length}`);
  return otpIn(mails[0]!.text);
}

async function authenticate(signer: Signer): Promise<void> {
  await expectJson(await signer.client.post('/otp/verify', { code: await requestCode(signer) }), 200);
}

const otherCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

async function document(id: string): Promise<any> {
  return expectJson(await sender.api(`/api/v1/documents/${id}`), 200);
}

async function auditTypes(t: ExecutionContext, id: string): Promise<string[]> {
  const trail = await expectJson(await sender.api(`/api/v1/documents/${id}/audit-trail`), 200);
  t.true(trail.chain.intact, JSON.stringify(trail.chain.problems));
  return trail.events.map((e: { type: string }) => e.type);
}

/* ---------------------------------------------------------------- links */

test.serial('malformed and unknown signing links: 404 signing_link_invalid, on every signer route', async (t) => {
  const unknown = randomBytes(32).toString('base64url');
  for (const token of ['abc', 'x'.repeat(101), 'not*a*token*at*all*!!!!', unknown]) {
    const client = new SignerClient(appliance, encodeURIComponent(token), { 'X-Forwarded-For': nextSignerAddress() });
    await expectError(t, await client.request(''), 404, 'signing_link_invalid');
    await expectError(t, await client.request('/pdf'), 404, 'signing_link_invalid');
    await expectError(t, await client.request('/signed-pdf'), 404, 'signing_link_invalid');
    await expectError(t, await client.post('/otp', {}), 404, 'signing_link_invalid');
    await expectError(t, await client.post('/otp/verify', { code: '123456' }), 404, 'signing_link_invalid');
    await expectError(t, await client.post('/sign', { consent: true }), 404, 'signing_link_invalid');
    await expectError(t, await client.post('/decline', { reason: 'no' }), 404, 'signing_link_invalid');
  }
});

test.serial('GET /api/v1/signing/:token is never cached, and carries no referrer', async (t) => {
  const doc = await sentDocument(['Cache Carl']);
  const view = await doc.signers[0]!.client.request('');
  t.is(view.status, 200);
  t.is(view.headers.get('cache-control'), 'no-store');
  t.is(view.headers.get('referrer-policy'), 'no-referrer');
  const unknown = await new SignerClient(appliance, randomBytes(32).toString('base64url')).request('');
  t.is(unknown.headers.get('cache-control'), 'no-store', 'error answers are not cached either');
  await expectError(t, unknown, 404, 'signing_link_invalid');
  await authenticate(doc.signers[0]!);
  const pdf = await doc.signers[0]!.client.request('/pdf');
  t.is(pdf.status, 200);
  t.is(pdf.headers.get('cache-control'), 'no-store', 'the bytes being signed are not cached');
  await pdf.arrayBuffer();
});

test.serial('an expired link answers 410 signing_link_expired; the sweep marks the document expired', async (t) => {
  const doc = await sentDocument(['Exa Expiry', 'Eli Expiry'], {
    expiresAt: new Date(clock.now().getTime() + 2 * MINUTE).toISOString(),
  });
  const [a, b] = doc.signers as [Signer, Signer];
  await authenticate(a);
  t.is((await expectJson(await a.client.request(''), 200)).document.status, 'pending');

  clock.advance(3 * MINUTE);
  await expectError(t, await a.client.request(''), 410, 'signing_link_expired');
  await expectError(t, await a.client.request('/pdf'), 410, 'signing_link_expired');
  await expectError(t, await a.client.post('/sign', { consent: true }), 410, 'signing_link_expired');
  await expectError(t, await a.client.post('/decline', { reason: 'too late' }), 410, 'signing_link_expired');
  await expectError(t, await b.client.post('/otp', {}), 410, 'signing_link_expired');
  await expectError(t, await b.client.post('/otp/verify', { code: '123456' }), 410, 'signing_link_expired');

  // the periodic sweep (each minute in production) marks it expired, once
  t.true((await expireDocuments({ db: appliance.deps.db, now: clock.now(), limit: 500 })) >= 1);
  const expired = await document(doc.id);
  t.is(expired.status, 'expired');
  t.deepEqual(
    expired.signers.map((s: { status: string }) => s.status),
    ['pending', 'pending'],
  );
  const types = await auditTypes(t, doc.id);
  t.is(types.filter((type) => type === 'document.expired').length, 1);
  t.false(types.includes('signer.signed'));
  await expectError(t, await a.client.request(''), 410, 'signing_link_expired');
  await expectNotPending(t, doc.id);
});

/* ---------------------------------------------------------------- one-time codes */

test.serial(
  'one-time codes: wrong codes count down, five lock the code, a new code works once, codes expire, and are throttled',
  async (t) => {
    const doc = await sentDocument(['Wanda Wrong', 'Sam Single', 'Rita Rate', 'Eve Expiry']);
    const [wrong, single, rate, expiry] = doc.signers as [Signer, Signer, Signer, Signer];

    // no code asked for yet
    await expectError(t, await wrong.client.post('/otp/verify', { code: '123456' }), 410, 'otp_expired');
    // not six digits: refused before it costs a try
    await expectError(t, await wrong.client.post('/otp/verify', { code: '12345' }), 422, 'invalid_request');
    await expectError(t, await wrong.client.post('/otp/verify', { code: 'abcdef' }), 422, 'invalid_request');
    await expectError(t, await wrong.client.post('/otp/verify', {}), 422, 'invalid_request');

    // wrong codes count down; after five even the right one is refused
    const sent = await expectJson(await wrong.client.post('/otp', {}), 202);
    t.is(sent.expiresInSeconds, 600);
    t.regex(sent.emailHint, /^w…@example\.org$/);
    const before = outboxNames(appliance.dataDir);
    const code = await requestCode(wrong);
    t.true(
      (await mailsSince(before)).every((m) => !m.subject.includes(code)),
      'the code is never in the subject',
    );
    for (const attemptsLeft of [4, 3, 2, 1, 0]) {
      const refused = await expectError(
        t,
        await wrong.client.post('/otp/verify', { code: otherCode(code) }),
        422,
        'otp_invalid',
      );
      t.is(refused.attemptsLeft, attemptsLeft);
    }
    const locked = await expectError(t, await wrong.client.post('/otp/verify', { code }), 422, 'otp_invalid');
    t.is(locked.attemptsLeft, 0);
    t.is(wrong.client.jar.get('segl_signer'), undefined, 'no session');
    await expectError(t, await wrong.client.request('/pdf'), 401, 'signer_not_authenticated');
    // a fresh code starts over
    const fresh = await requestCode(wrong);
    if (fresh !== code) await expectError(t, await wrong.client.post('/otp/verify', { code }), 422, 'otp_invalid');
    t.deepEqual(await expectJson(await wrong.client.post('/otp/verify', { code: fresh }), 200), {
      authenticated: true,
    });

    // a code works once: a second use (another browser, same code) is refused
    const once = await requestCode(single);
    const first = await single.client.post('/otp/verify', { code: once });
    t.is(first.status, 200);
    const cookie = first.headers.getSetCookie().find((c) => c.startsWith('segl_signer='));
    t.truthy(cookie);
    t.regex(cookie!, /HttpOnly/i);
    t.regex(cookie!, /SameSite=Lax/i);
    t.regex(
      cookie!,
      new RegExp(`path=/api/v1/signing/${single.client.token}(;|$)`, 'i'),
      'the session belongs to this link only',
    );
    const replay = new SignerClient(appliance, single.client.token, { 'X-Forwarded-For': nextSignerAddress() });
    await expectError(t, await replay.post('/otp/verify', { code: once }), 410, 'otp_expired');
    t.is(replay.jar.get('segl_signer'), undefined);
    await expectError(t, await replay.request('/pdf'), 401, 'signer_not_authenticated');
    t.is((await single.client.request('/pdf')).status, 200);

    // five codes per signer in 15 minutes; the sixth is refused with Retry-After; only the newest code counts
    const codes: string[] = [];
    for (let i = 0; i < 5; i += 1) codes.push(await requestCode(rate));
    const sixth = await rate.client.post('/otp', {});
    const retryAfter = Number(sixth.headers.get('retry-after'));
    await expectError(t, sixth, 429, 'rate_limited');
    t.true(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 15 * 60, `Retry-After: ${retryAfter}`);
    if (codes[0] !== codes[4])
      await expectError(t, await rate.client.post('/otp/verify', { code: codes[0] }), 422, 'otp_invalid');

    // a code is valid for 10 minutes
    const late = await requestCode(expiry);
    clock.advance(11 * MINUTE);
    await expectError(t, await expiry.client.post('/otp/verify', { code: late }), 410, 'otp_expired');
    t.is(expiry.client.jar.get('segl_signer'), undefined);
    // 11 minutes on, the throttle still holds; 16 minutes on, it has passed
    const still = await rate.client.post('/otp', {});
    t.true(Number(still.headers.get('retry-after')) <= retryAfter - 10 * 60, 'Retry-After counts down');
    await expectError(t, still, 429, 'rate_limited');
    clock.advance(5 * MINUTE);
    const again = await requestCode(rate);
    await expectJson(await rate.client.post('/otp/verify', { code: again }), 200);

    const types = await auditTypes(t, doc.id);
    t.is(types.filter((type) => type === 'signer.authenticated').length, 3);
  },
);

test.serial("a signer's session works on their own link only", async (t) => {
  const doc = await sentDocument(['Anne Owner', 'Bo Other']);
  const [a, b] = doc.signers as [Signer, Signer];
  await authenticate(a);
  const session = a.client.jar.get('segl_signer')!;
  t.truthy(session);
  // A's session cookie, presented on B's link
  const intruder = new SignerClient(appliance, b.client.token, {
    'X-Forwarded-For': nextSignerAddress(),
    Cookie: `segl_signer=${session}`,
  });
  t.false((await expectJson(await intruder.request(''), 200)).signer.authenticated);
  await expectError(t, await intruder.request('/pdf'), 401, 'signer_not_authenticated');
  await expectError(t, await intruder.post('/sign', { consent: true }), 401, 'signer_not_authenticated');
  await expectError(
    t,
    await intruder.post('/decline', { reason: 'not mine to decline' }),
    401,
    'signer_not_authenticated',
  );
  // a made-up session is no better
  const forged = new SignerClient(appliance, a.client.token, {
    'X-Forwarded-For': nextSignerAddress(),
    Cookie: `segl_signer=${randomBytes(32).toString('base64url')}`,
  });
  await expectError(t, await forged.post('/sign', { consent: true }), 401, 'signer_not_authenticated');
  // nothing happened to either signer
  const after = await document(doc.id);
  t.deepEqual(
    after.signers.map((s: { status: string }) => s.status),
    ['pending', 'pending'],
  );
  t.true((await expectJson(await a.client.request(''), 200)).signer.authenticated);
});

test.serial('cross-origin and non-JSON posts to the signing API are refused', async (t) => {
  const doc = await sentDocument(['Cora Csrf']);
  const [signer] = doc.signers as [Signer];
  await authenticate(signer);
  const foreign = { Origin: 'https://evil.example' };
  await expectError(
    t,
    await signer.client.request('/sign', jsonInit({ consent: true }, 'POST', foreign)),
    403,
    'csrf_rejected',
  );
  await expectError(
    t,
    await signer.client.request('/decline', jsonInit({ reason: 'forced' }, 'POST', foreign)),
    403,
    'csrf_rejected',
  );
  await expectError(t, await signer.client.request('/otp', jsonInit({}, 'POST', foreign)), 403, 'csrf_rejected');
  await expectError(
    t,
    await signer.client.request('/otp/verify', jsonInit({ code: '123456' }, 'POST', foreign)),
    403,
    'csrf_rejected',
  );
  // a form post (what a cross-site page can send without CORS) is not JSON
  const form = await signer.client.request('/sign', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'consent=true',
  });
  await expectError(t, form, 415, 'unsupported_media_type');
  const text = await signer.client.request('/sign', {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: '{"consent":true}',
  });
  await expectError(t, text, 415, 'unsupported_media_type');
  await expectError(t, await signer.client.request('/sign', jsonInit('{"consent":tru')), 400, 'invalid_json');
  await expectError(t, await signer.client.post('/sign', { consent: true, extra: 1 }), 422, 'invalid_request');
  await expectError(t, await signer.client.post('/sign', { consent: 'yes' }), 422, 'invalid_request');
  t.is((await document(doc.id)).signers[0].status, 'pending', 'none of it signed');
  t.false((await auditTypes(t, doc.id)).includes('signer.signed'));
});

/* ---------------------------------------------------------------- cancel, decline, remind */

test.serial('cancel revokes every link (404); the invited signers hear only that it was withdrawn', async (t) => {
  const doc = await sentDocument(['Cid Cancel', 'Cleo Cancel']);
  const [a, b] = doc.signers as [Signer, Signer];
  let before = outboxNames(appliance.dataDir);
  await deliverQueuedMail();
  t.is((await mailsSince(before)).filter((m) => m.to === a.email || m.to === b.email).length, 2, 'both invited');
  await authenticate(a);
  const cancelled = await expectJson(
    await sender.api(`/api/v1/documents/${doc.id}/cancel`, jsonInit({ reason: 'wrong version attached' })),
    200,
  );
  t.deepEqual(cancelled, { id: doc.id, status: 'cancelled' });

  for (const signer of [a, b]) {
    await expectError(t, await signer.client.request(''), 404, 'signing_link_invalid');
    await expectError(t, await signer.client.request('/pdf'), 404, 'signing_link_invalid');
    await expectError(t, await signer.client.post('/otp', {}), 404, 'signing_link_invalid');
    await expectError(t, await signer.client.post('/sign', { consent: true }), 404, 'signing_link_invalid');
    await expectError(t, await signer.client.post('/decline', { reason: 'gone' }), 404, 'signing_link_invalid');
  }
  await expectNotPending(t, doc.id);
  await expectError(t, await sender.api(`/api/v1/documents/${doc.id}/send`, jsonInit({})), 409, 'document_not_draft');
  await expectError(t, await addSigner(sender, doc.id, 'Late Larry', 'late@example.org'), 409, 'document_not_draft');

  before = outboxNames(appliance.dataDir);
  await deliverQueuedMail();
  const after = (await mailsSince(before)).filter((m) => m.to === a.email || m.to === b.email);
  t.deepEqual(after.map((m) => m.to).sort(), [a.email, b.email].sort(), 'each invited signer gets one notice');
  for (const mail of after) {
    t.regex(mail.subject, /withdrawn|trukket tilbake/, 'the withdrawal notice');
    t.false(mail.text.includes('/s/'), 'with no signing link');
  }
  t.is((await document(doc.id)).status, 'cancelled');
  const types = await auditTypes(t, doc.id);
  t.is(types.filter((type) => type === 'document.cancelled').length, 1);
  t.is(types.at(-1), 'document.cancelled');
});

test.serial('cancel right after send: the invitations still queued do not go out with dead links', async (t) => {
  const doc = await sentDocument(['Quincy Queued', 'Quinn Queued']);
  const [a, b] = doc.signers as [Signer, Signer];
  // the relay is slow (or down): the invitations are still queued when the sender notices the mistake
  await expectJson(await sender.api(`/api/v1/documents/${doc.id}/cancel`, jsonInit({})), 200);
  const before = outboxNames(appliance.dataDir);
  await deliverQueuedMail();
  const sent = (await mailsSince(before)).filter((m) => m.to === a.email || m.to === b.email);
  t.deepEqual(
    sent.map((m) => `${m.to}: ${m.subject}`),
    [],
    'no invitation after the cancel',
  );
  const types = await auditTypes(t, doc.id);
  t.false(
    types.slice(types.indexOf('document.cancelled')).includes('signer.delivered'),
    'nothing delivered after the cancel',
  );
  t.deepEqual(
    await appliance.deps.db.models.Job.findAll({
      where: { status: 'failed' },
      attributes: ['kind', 'lastError'],
      raw: true,
    }),
    [],
  );
});

test.serial(
  'decline: authenticated, with a reason; the document is declined and nobody can sign it any more',
  async (t) => {
    const doc = await sentDocument(['Dag Decline', 'Dina Signer']);
    const [a, b] = doc.signers as [Signer, Signer];
    await expectError(t, await a.client.post('/decline', { reason: 'wrong amount' }), 401, 'signer_not_authenticated');
    await authenticate(a);
    await authenticate(b);
    await expectError(t, await a.client.post('/decline', {}), 422, 'invalid_request');
    await expectError(t, await a.client.post('/decline', { reason: '   ' }), 422, 'invalid_request');
    await expectError(t, await a.client.post('/decline', { reason: 'x'.repeat(501) }), 422, 'invalid_request');
    await expectError(t, await a.client.post('/decline', { reason: 'bad\u0007bell' }), 422, 'invalid_request');
    t.deepEqual(await expectJson(await a.client.post('/decline', { reason: 'The amount in clause 4 is wrong' }), 200), {
      status: 'declined',
    });

    const declined = await document(doc.id);
    t.is(declined.status, 'declined');
    t.is(declined.signers[0].status, 'declined');
    t.is(declined.signers[0].declineReason, 'The amount in clause 4 is wrong');
    t.truthy(declined.signers[0].declinedAt);
    t.is(declined.signers[1].status, 'pending');

    // later attempts conflict
    await expectError(t, await b.client.post('/sign', { consent: true }), 409, 'document_not_pending');
    await expectError(t, await a.client.post('/sign', { consent: true }), 409, 'document_not_pending');
    await expectError(t, await a.client.post('/decline', { reason: 'again' }), 409, 'document_not_pending');
    await expectError(t, await b.client.post('/decline', { reason: 'me too' }), 409, 'document_not_pending');
    await expectError(t, await b.client.post('/otp', {}), 409, 'document_not_pending');
    await expectError(t, await a.client.post('/otp', {}), 409, 'signer_done');
    await expectNotPending(t, doc.id);
    // the signer still sees what happened
    const view = await expectJson(await a.client.request(''), 200);
    t.is(view.document.status, 'declined');
    t.is(view.signer.status, 'declined');
    t.false(view.signer.yourTurn);
    t.is(view.signedPdfUrl, null);

    const trail = await expectJson(await sender.api(`/api/v1/documents/${doc.id}/audit-trail`), 200);
    t.true(trail.chain.intact);
    const event = trail.events.filter((e: { type: string }) => e.type === 'signer.declined');
    t.is(event.length, 1);
    t.is(event[0].data.reason, 'The amount in clause 4 is wrong');
    t.is(event[0].actor.id, a.id);
    t.false(trail.events.some((e: { type: string }) => e.type === 'signer.signed' || e.type === 'document.completed'));
  },
);

test.serial('remind: a fresh link by e-mail (the old one stops working), at most once an hour', async (t) => {
  const doc = await sentDocument(['Rolf Remind'], {
    expiresAt: new Date(clock.now().getTime() + 3 * 60 * MINUTE).toISOString(),
  });
  const [signer] = doc.signers as [Signer];
  /** Delivers the queued mail; answers what went to the signer. */
  const deliveredToSigner = async () => {
    const before = outboxNames(appliance.dataDir);
    await deliverQueuedMail();
    return (await mailsSince(before)).filter((m) => m.to === signer.email);
  };
  /** The reminder's answer must be `expected`; answers the mail that then went to the signer. */
  const remind = async (expected: { reminded: string[]; skipped: string[] }) => {
    t.deepEqual(await expectJson(await sender.api(`/api/v1/documents/${doc.id}/remind`, jsonInit({})), 200), expected);
    return deliveredToSigner();
  };
  const invitation = await deliveredToSigner();
  t.is(invitation.length, 1);
  const invited = signingUrlIn(invitation[0]!.text);
  t.is(tokenOf(invited), signer.client.token, 'the invitation carries the link the send call returned');

  // invited just now: a reminder would be noise
  t.deepEqual(await remind({ reminded: [], skipped: [signer.id] }), []);

  clock.advance(61 * MINUTE);
  const reminder = await remind({ reminded: [signer.id], skipped: [] });
  t.is(reminder.length, 1);
  const fresh = tokenOf(signingUrlIn(reminder[0]!.text));
  t.not(fresh, signer.client.token, 'a fresh link');
  const freshClient = new SignerClient(appliance, fresh, { 'X-Forwarded-For': nextSignerAddress() });
  t.is((await expectJson(await freshClient.request(''), 200)).signer.id, signer.id);
  await expectError(t, await signer.client.request(''), 404, 'signing_link_invalid');

  // a second reminder within the hour is skipped, and sends nothing
  clock.advance(30 * MINUTE);
  t.deepEqual(await remind({ reminded: [], skipped: [signer.id] }), []);
  const types = await auditTypes(t, doc.id);
  t.is(types.filter((type) => type === 'signer.reminded').length, 1);

  // the fresh link ends with the document's expiry; the revoked one stays unknown
  clock.advance(90 * MINUTE);
  await expectError(t, await freshClient.request(''), 410, 'signing_link_expired');
  await expectError(t, await signer.client.request(''), 404, 'signing_link_invalid');
});

/* ---------------------------------------------------------------- the sender's side */

test.serial("the sender's bad input is refused with stable codes", async (t) => {
  const draft = await createDraft(sender, { pages: 1, title: 'Bad input', signers: [] });
  const signers = `/api/v1/documents/${draft.id}/signers`;
  const send = `/api/v1/documents/${draft.id}/send`;
  const good = { name: 'Gina Good', email: 'gina@example.org', authMethod: 'email-otp' };

  await expectError(t, await sender.api(send, jsonInit({})), 409, 'no_signers');
  await expectError(
    t,
    await sender.api(signers, jsonInit({ ...good, authMethod: 'oidc:nosuchprovider' })),
    422,
    'unknown_auth_method',
  );
  const sms = await expectError(t, await sender.api(signers, jsonInit({ ...good, authMethod: 'sms' })), 422);
  t.true(['unknown_auth_method', 'invalid_request'].includes(sms.error as string));
  await expectError(
    t,
    await sender.api(signers, jsonInit({ ...good, email: 'not-an-address' })),
    422,
    'invalid_request',
  );
  await expectError(
    t,
    await sender.api(signers, jsonInit({ ...good, email: 'a@b@example.org' })),
    422,
    'invalid_request',
  );
  await expectError(t, await sender.api(signers, jsonInit({ ...good, name: '' })), 422, 'invalid_request');
  await expectError(t, await sender.api(signers, jsonInit({ ...good, name: 'Line\nBreak' })), 422, 'invalid_request');
  await expectError(
    t,
    await sender.api(signers, jsonInit({ name: 'No Email', authMethod: 'email-otp' })),
    422,
    'invalid_request',
  );
  await expectError(t, await sender.api(signers, jsonInit({ ...good, role: 'admin' })), 422, 'invalid_request');
  await expectError(t, await sender.api(signers, jsonInit({ ...good, order: 0 })), 422, 'invalid_request');
  await expectError(
    t,
    await sender.api(signers, jsonInit({ ...good, expectedNationalId: '01017012345' })),
    422,
    'pin_needs_oidc',
  );
  for (const [contentType, body] of [
    ['text/plain', JSON.stringify(good)],
    ['application/x-www-form-urlencoded', 'name=Gina&email=gina%40example.org&authMethod=email-otp'],
  ] as const) {
    const init = { method: 'POST', headers: { 'Content-Type': contentType }, body };
    await expectError(t, await sender.api(signers, init), 415, 'unsupported_media_type');
  }
  await expectError(t, await sender.api(signers, jsonInit('{"name":')), 400, 'invalid_json');
  await expectError(t, await sender.api(signers, jsonInit([good])), 422, 'invalid_request');
  t.is((await expectJson(await sender.api(signers), 200)).signers.length, 0, 'none of it added a signer');

  await expectJson(await sender.api(signers, jsonInit(good)), 201);
  await expectError(
    t,
    await sender.api(signers, jsonInit({ ...good, email: 'GINA@example.org', name: 'Gina Again' })),
    409,
    'signer_exists',
  );
  const now = clock.now().getTime();
  await expectError(
    t,
    await sender.api(send, jsonInit({ expiresAt: new Date(now - MINUTE).toISOString() })),
    422,
    'invalid_expiry',
  );
  await expectError(
    t,
    await sender.api(send, jsonInit({ expiresAt: new Date(now + 400 * 24 * 60 * MINUTE).toISOString() })),
    422,
    'invalid_expiry',
  );
  await expectError(t, await sender.api(send, jsonInit({ expiresAt: 'tomorrow' })), 422, 'invalid_request');
  await expectError(t, await sender.api(send, jsonInit({ order: 'random' })), 422, 'invalid_request');
  await expectError(t, await sender.api(send, jsonInit({ order: 'parallel', notify: false })), 422, 'invalid_request');
  await expectError(
    t,
    await sender.api(send, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' }),
    415,
    'unsupported_media_type',
  );
  await expectError(
    t,
    await sender.api(`/api/v1/documents/${draft.id}/remind`, jsonInit({})),
    409,
    'document_not_pending',
  );
  t.is((await document(draft.id)).status, 'draft', 'none of it sent the document');

  await sendDraft(sender, draft.id);
  await expectError(
    t,
    await sender.api(signers, jsonInit({ name: 'Late Lars', email: 'lars@example.org', authMethod: 'email-otp' })),
    409,
    'document_not_draft',
  );
  await expectError(t, await sender.api(send, jsonInit({})), 409, 'document_not_draft');
  await expectError(
    t,
    await sender.api(`/api/v1/documents/${draft.id}/remind`, jsonInit({ signerId: 'x' })),
    422,
    'invalid_request',
  );
  await expectError(
    t,
    await sender.api(`/api/v1/documents/${draft.id}/cancel`, jsonInit({ reason: 'x', force: true })),
    422,
    'invalid_request',
  );
  t.is((await document(draft.id)).signers.length, 1);
});

test.serial('a member without a grant gets 404 on every sender route; a viewer may look but not act', async (t) => {
  const folder = await expectJson(
    await sender.api('/api/v1/folders', jsonInit({ name: `Signing rules ${randomBytes(3).toString('hex')}` })),
    201,
  );
  const draft = await createDraft(sender, {
    pages: 1,
    title: 'Not yours',
    folderId: folder.id,
    signers: [{ name: 'Olga Outsider', email: 'olga@example.org' }],
  });
  const pending = await createDraft(sender, {
    pages: 1,
    title: 'Not yours either',
    folderId: folder.id,
    signers: [{ name: 'Per Pending', email: 'per@example.org' }],
  });
  await sendDraft(sender, pending.id);
  const stranger = await createTestStaff(appliance, 'member', 'Stranger Member');
  const viewer = await createTestStaff(appliance, 'member', 'Viewer Member');
  await expectJson(
    await sender.api(`/api/v1/folders/${folder.id}/grants`, jsonInit({ userId: viewer.id, role: 'viewer' })),
    201,
  );
  const unknownId = '00000000-0000-4000-8000-000000000000';

  const routes = (id: string): [string, RequestInit | undefined][] => [
    [`/api/v1/documents/${id}`, undefined],
    [`/api/v1/documents/${id}/pdf`, undefined],
    [`/api/v1/documents/${id}/signers`, undefined],
    [
      `/api/v1/documents/${id}/signers`,
      jsonInit({ name: 'Sneaky Sam', email: 'sam@example.org', authMethod: 'email-otp' }),
    ],
    [`/api/v1/documents/${id}/send`, jsonInit({})],
    [`/api/v1/documents/${id}/remind`, jsonInit({})],
    [`/api/v1/documents/${id}/cancel`, jsonInit({})],
    [`/api/v1/documents/${id}/audit-trail`, undefined],
  ];
  for (const id of [draft.id, pending.id, unknownId]) {
    for (const [path, init] of routes(id)) {
      const body = await expectError(t, await stranger.api(path, init), 404, 'not_found');
      t.false(JSON.stringify(body).includes(id === unknownId ? 'zzz' : 'Not yours'), `${path}: nothing leaks`);
    }
  }
  // a viewer sees the document and its trail, but may not change who signs or send it
  t.is((await expectJson(await viewer.api(`/api/v1/documents/${draft.id}/signers`), 200)).signers.length, 1);
  await expectJson(await viewer.api(`/api/v1/documents/${pending.id}/audit-trail`), 200);
  await expectError(t, await addSigner(viewer, draft.id, 'Sneaky Sam', 'sam@example.org'), 403, 'forbidden');
  await expectError(t, await viewer.api(`/api/v1/documents/${draft.id}/send`, jsonInit({})), 403, 'forbidden');
  await expectError(t, await viewer.api(`/api/v1/documents/${pending.id}/remind`, jsonInit({})), 403, 'forbidden');
  await expectError(t, await viewer.api(`/api/v1/documents/${pending.id}/cancel`, jsonInit({})), 403, 'forbidden');
  // nothing changed
  t.is((await document(draft.id)).status, 'draft');
  t.is((await document(draft.id)).signers.length, 1);
  t.is((await document(pending.id)).status, 'pending');
  // and without a token at all: 401
  await expectError(t, await fetch(`${appliance.url}/api/v1/documents/${pending.id}/cancel`, jsonInit({})), 401);
});
