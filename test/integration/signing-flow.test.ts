import test from 'ava';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { useAppliance } from '../helpers/use-appliance.js';
import { poll } from '../helpers/poll.js';
import { startLoopbackSmtpServer } from '../helpers/loopback-smtp-server.js';
import { loginAtProvider, startLoopbackOidcProvider, type LoopbackOidcProvider } from '../helpers/loopback-oidc.js';
import {
  createDraft,
  expectJson,
  matchAtPortal,
  otpIn,
  parseMail,
  sendDraft,
  SignerClient,
  signingUrlIn,
  tokenOf,
  waitForMail,
  type ParsedMail,
} from '../helpers/signing.js';
import {
  createNssDatabase,
  opensslCmsVerify,
  opensslTsVerify,
  requireTools,
  runPdfsig,
  runTool,
  tempDir,
} from '../helpers/external-tool.js';
import { scanSignatures, writeTemp } from '../helpers/pdf-signatures.js';
import { verifyDocument } from '../../server/domain/verify-document.js';
import { checkAuditChain } from '../../server/domain/audit/audit-chain.js';

/**
 * The whole signing flow over HTTP, against real parts on loopback: an SMTP server receives the invitations and
 * codes, an OpenID provider (oidc-provider) proves the second signer's identity, the built-in TSA stamps the
 * signing events, and independent tools judge the sealed PDF.
 */

let smtp: Awaited<ReturnType<typeof startLoopbackSmtpServer>>;
let idp: LoopbackOidcProvider;
const NIN = '01017012345';

const mails = async (): Promise<ParsedMail[]> => Promise.all(smtp.received.map((m) => parseMail(m.raw)));

// serial, and before useAppliance's hook: the appliance is configured with their addresses
test.serial.before(async () => {
  smtp = await startLoopbackSmtpServer();
  idp = await startLoopbackOidcProvider({ scopes: { nin: ['nin'] } });
  idp.accounts.set('kari', {
    name: 'Kari Nordmann',
    given_name: 'Kari',
    family_name: 'Nordmann',
    birthdate: '1970-01-01',
    nin: NIN,
  });
  idp.accounts.set('ola', { name: 'Ola Impostor', nin: '02029912345' });
});

const { appliance, admin: sender } = useAppliance(test, () => ({
  env: {
    SEGL_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    SEGL_OIDC_BANKID_ISSUER: idp.issuer,
    SEGL_OIDC_BANKID_CLIENT_ID: idp.clientId,
    SEGL_OIDC_BANKID_CLIENT_SECRET: idp.clientSecret,
    SEGL_OIDC_BANKID_LABEL: 'BankID (test broker)',
    SEGL_OIDC_BANKID_SCOPE: 'openid profile nin',
    SEGL_OIDC_BANKID_ALLOW_PRIVATE_NETWORK: 'true',
    // the same provider, but demanding an authentication context it never reports
    SEGL_OIDC_STRICT_ISSUER: idp.issuer,
    SEGL_OIDC_STRICT_CLIENT_ID: idp.clientId,
    SEGL_OIDC_STRICT_CLIENT_SECRET: idp.clientSecret,
    SEGL_OIDC_STRICT_SCOPE: 'openid profile',
    SEGL_OIDC_STRICT_ACR: 'urn:example:loa:high',
    SEGL_OIDC_STRICT_ALLOW_PRIVATE_NETWORK: 'true',
  },
  admin: 'Siri Sender',
}));

test.serial.before(() => {
  idp.attach([
    `${appliance.url}/api/v1/signing/oidc/bankid/callback`,
    `${appliance.url}/api/v1/signing/oidc/strict/callback`,
  ]);
});

test.serial.after.always(async () => {
  await smtp?.close();
  await idp?.close();
});

async function oidcLogin(client: SignerClient, accountId: string): Promise<Response> {
  const start = await client.request('/oidc/start');
  if (start.status !== 302) throw new Error(`oidc/start: ${start.status} ${await start.text()}`);
  const callback = await loginAtProvider({ startResponse: start, issuer: idp.issuer, accountId });
  const back = await fetch(callback, { redirect: 'manual', headers: { Cookie: client.jar.header() } });
  client.jar.take(back);
  return back;
}

test.serial(
  'two signers in order: e-mail code over SMTP, then BankID over OIDC; the sealed PDF verifies',
  async (t) => {
    const a = { name: 'Åse Ødegård', email: 'ase@example.org' };
    const b = { name: 'Kari Nordmann', email: 'kari@example.org' };
    const draft = await createDraft(sender, {
      pages: 3,
      title: 'Leieavtale',
      signers: [
        { ...a, authMethod: 'email-otp', order: 1 },
        { ...b, authMethod: 'oidc:bankid', order: 2, expectedNationalId: NIN },
      ],
    });
    const sent = await sendDraft(sender, draft.id, { order: 'sequential' });
    t.deepEqual(
      sent.signers.map((s) => s.invited),
      [true, false],
    );
    const pinnedRow = await appliance.deps.db.models.Signer.findByPk(draft.signerIds[1]!, { raw: true });
    t.truthy(pinnedRow!.expectedNationalIdSealed);
    t.false(pinnedRow!.expectedNationalIdSealed!.includes(NIN), 'the pinned number is sealed, not stored in the clear');

    // the invitation reaches the first signer only
    const invitation = await waitForMail(mails, (m) => m.to === a.email && m.text.includes('/s/'));
    const urlA = signingUrlIn(invitation.text);
    t.true(urlA.startsWith(`${appliance.url}/s/`));
    t.false(
      (await mails()).some((m) => m.to === b.email),
      'the second signer waits for the first',
    );

    // the second signer, early: may look, authenticate, but not sign
    const early = new SignerClient(appliance, tokenOf(sent.signers[1]!.signingUrl));
    const earlyView = await expectJson(await early.request(''), 200);
    t.false(earlyView.signer.yourTurn);
    t.is(earlyView.authentication.method, 'oidc');
    const earlyBack = await oidcLogin(early, 'kari');
    t.is(earlyBack.status, 302);
    t.is(earlyBack.headers.get('location'), `/s/${early.token}`);
    t.is((await expectJson(await early.post('/sign', { consent: true }), 409)).error, 'not_your_turn');

    // signer A: look, prove the e-mail address with a code, read the exact bytes, sign
    const signerA = new SignerClient(appliance, tokenOf(urlA), { 'User-Agent': 'SignerA-Browser/1.0' });
    const view = await expectJson(await signerA.request(''), 200);
    t.is(view.document.title, 'Leieavtale');
    t.is(view.document.code, draft.code);
    t.is(view.document.sender.name, 'Siri Sender');
    t.is(view.authentication.method, 'email-otp');
    t.is(view.authentication.emailHint, 'a…@example.org');
    t.is((await expectJson(await signerA.request('/pdf'), 401)).error, 'signer_not_authenticated');
    t.is((await expectJson(await signerA.post('/sign', { consent: true }), 401)).error, 'signer_not_authenticated');
    await expectJson(await signerA.post('/otp', {}), 202);
    const otpMail = await waitForMail(
      mails,
      (m) => m.to === a.email && /\b\d{6}\b/.test(m.text) && !m.text.includes('/s/'),
    );
    const code = otpIn(otpMail.text);
    const wrong = code === '000000' ? '111111' : '000000';
    const refused = await expectJson(await signerA.post('/otp/verify', { code: wrong }), 422);
    t.is(refused.error, 'otp_invalid');
    await expectJson(await signerA.post('/otp/verify', { code }), 200);
    t.truthy(signerA.jar.get('segl_signer'));
    const pdfResponse = await signerA.request('/pdf');
    t.is(pdfResponse.status, 200);
    const shown = Buffer.from(await pdfResponse.arrayBuffer());
    const shownSha = createHash('sha256').update(shown).digest('hex');
    t.is(shownSha, view.document.sha256);
    t.is(
      (await expectJson(await signerA.post('/sign', { consent: true, sha256: 'ab'.repeat(32) }), 409)).error,
      'document_changed',
    );
    t.is((await expectJson(await signerA.post('/sign', { consent: false }), 422)).error, 'invalid_request');
    const signedA = await expectJson(
      await signerA.post('/sign', { consent: true, sha256: shownSha, language: 'nb' }),
      200,
    );
    t.deepEqual(signedA, { status: 'signed', documentStatus: 'pending' });
    // the code is spent, the signer is done
    t.is((await expectJson(await signerA.post('/otp/verify', { code }), 409)).error, 'signer_done');

    // the portal, from the code alone: pending, one of two signed, nothing personal
    const halfway = await expectJson(await fetch(`${appliance.url}/api/v1/verify/${draft.code}`), 200);
    t.like(halfway, { status: 'pending', signerCount: 2, signedCount: 1, completedAt: null, level: null });
    t.false(JSON.stringify(halfway).includes('Ødegård'));

    // now signer B is invited by e-mail, with a fresh link
    const invitationB = await waitForMail(mails, (m) => m.to === b.email && m.text.includes('/s/'));
    const signerB = new SignerClient(appliance, tokenOf(signingUrlIn(invitationB.text)));
    // a different person at the identity provider is refused (pinned national identity number)
    const impostor = await oidcLogin(signerB, 'ola');
    t.regex(impostor.headers.get('location') ?? '', /auth=failed&reason=identity_mismatch/);
    t.is((await expectJson(await signerB.post('/sign', { consent: true }), 401)).error, 'signer_not_authenticated');
    await oidcLogin(signerB, 'kari');
    const started = Date.now();
    const signedB = await expectJson(
      await signerB.post('/sign', { consent: true, sha256: shownSha, language: 'en' }),
      200,
    );
    t.deepEqual(
      signedB,
      { status: 'signed', documentStatus: 'completed' },
      JSON.stringify(
        await appliance.deps.db.models.Job.findAll({
          raw: true,
          attributes: ['kind', 'status', 'attempts', 'lastError'],
        }),
      ),
    );
    t.log(`last signature to completed: ${Date.now() - started} ms`);

    // the sender sees the outcome
    const document = await expectJson(await sender.api(`/api/v1/documents/${draft.id}`), 200);
    t.is(document.status, 'completed');
    t.is(document.level, 'B-LTA');
    t.deepEqual(
      document.signers.map((s: { status: string }) => s.status),
      ['signed', 'signed'],
    );
    const finalResponse = await sender.api(`/api/v1/documents/${draft.id}/pdf`);
    const final = Buffer.from(await finalResponse.arrayBuffer());
    t.is(createHash('sha256').update(final).digest('hex'), document.finalSha256);
    t.true(final.subarray(0, shown.length).equals(shown), 'the original is a byte-identical prefix of the final PDF');
    const report = verifyDocument({ bytes: final, trustAnchorsPem: appliance.sealer.rootCertificatePem() });
    t.is(report.status, 'passed', JSON.stringify(report.problems));
    t.is(report.level, 'B-LTA');

    // the signer downloads the signed copy from their page
    const viewAfter = await expectJson(await signerB.request(''), 200);
    t.is(viewAfter.document.status, 'completed');
    t.truthy(viewAfter.signedPdfUrl);
    const copy = Buffer.from(await (await signerB.request('/signed-pdf')).arrayBuffer());
    t.true(copy.equals(final));

    // the audit trail tells what happened, in order, chained, with the signing events timestamped
    const trail = await expectJson(await sender.api(`/api/v1/documents/${draft.id}/audit-trail`), 200);
    t.true(trail.chain.intact, JSON.stringify(trail.chain.problems));
    const types: string[] = trail.events.map((e: { type: string }) => e.type);
    for (const type of [
      'document.created',
      'signer.added',
      'document.sent',
      'signer.invited',
      'signer.delivered',
      'signer.opened',
      'signer.challenged',
      'signer.authenticated',
      'signer.signed',
      'signer.refused',
      'document.completed',
      'document.sealed',
      'document.downloaded',
    ]) {
      t.true(types.includes(type), `${type} in ${types.join(', ')}`);
    }
    const signedEvents = trail.events.filter((e: { type: string }) => e.type === 'signer.signed');
    t.is(signedEvents.length, 2);
    t.is(signedEvents[0].actor.id, draft.signerIds[0]);
    t.is(signedEvents[0].ip, '127.0.0.1');
    t.is(signedEvents[0].userAgent, 'SignerA-Browser/1.0');
    t.is(signedEvents[0].data.level, 'simple');
    t.is(signedEvents[1].data.level, 'strong');
    t.is(signedEvents[1].data.identity.nationalIdMasked, '010170*****');
    t.false(JSON.stringify(trail).includes(NIN), 'the national identity number is never shown in full');
    for (const event of signedEvents) t.truthy(event.timestampToken, 'signing events carry a TSA token');
    t.true(trail.events.every((e: { at: string }) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(e.at)));

    // the public portal: counts and level from the code alone; signers only for whoever holds the file
    const status = await expectJson(await fetch(`${appliance.url}/api/v1/verify/${draft.code}`), 200);
    t.like(status, { status: 'completed', signerCount: 2, signedCount: 2, level: 'B-LTA' });
    t.is(status.completedAt, document.sealedAt);
    const match = await expectJson(await matchAtPortal(appliance, draft.code, document.finalSha256), 200);
    t.like(match, { match: true, matchedVersion: 'final' });
    t.deepEqual(
      match.signers.map((s: { name: string; level: string }) => [s.name, s.level]),
      [
        ['Åse Ødegård', 'simple'],
        ['Kari Nordmann', 'strong'],
      ],
    );
    t.false(JSON.stringify(match).includes('@example.org'), 'no e-mail addresses on the portal');

    // completion mail to both signers
    await waitForMail(mails, (m) => m.to === a.email && m.text.includes(`/v/${draft.code}`));

    // retention deletion: the tombstone keeps the final file's hash, which still matches
    await expectJson(await sender.api(`/api/v1/documents/${draft.id}`, { method: 'DELETE' }), 200);
    const tombstone = await expectJson(await fetch(`${appliance.url}/api/v1/verify/${draft.code}`), 200);
    t.like(tombstone, { status: 'deleted', sha256: document.finalSha256, level: 'B-LTA' });
    t.is((await expectJson(await signerB.request(''), 404)).error, 'signing_link_invalid');

    // independent validators
    if (!requireTools('qpdf', 'pdftotext', 'pdfinfo', 'openssl', 'pdfsig', 'certutil')) {
      t.log('SKIPPED: interop checks (qpdf, poppler-utils, openssl or certutil missing)');
      return;
    }
    const work = tempDir('segl-flow-');
    const path = writeTemp(work, 'final.pdf', final);
    t.is(runTool('qpdf', ['--check', path]).status, 0);
    // poppler through NSS, trusting the appliance root
    const rootPem = appliance.sealer.rootCertificatePem();
    const pdfsig = await runPdfsig({ nssDir: createNssDatabase(rootPem), file: path });
    t.is(pdfsig.length, 2, 'the seal and the document timestamp');
    t.is(pdfsig[0]!.validation, 'Signature is Valid.');
    t.is(pdfsig[0]!.certificateValidation, 'Certificate is Trusted.');
    t.true(pdfsig[1]!.totalDocumentSigned, 'the document timestamp covers the whole file');
    const [seal] = scanSignatures(final);
    const cms = opensslCmsVerify({
      cms: writeTemp(work, 'seal.p7s', seal!.container),
      content: writeTemp(work, 'seal.content', seal!.signedContent),
      caFile: writeTemp(work, 'root-cms.pem', rootPem),
    });
    t.regex(cms.stderr, /Verification successful/, cms.stderr);
    const pages = Number(/Pages:\s+(\d+)/.exec(runTool('pdfinfo', [path]).stdout)?.[1]);
    t.true(pages > 3, 'audit pages appended');
    for (let page = 1; page <= pages; page += 1) {
      const text = runTool('pdftotext', ['-f', String(page), '-l', String(page), path, '-']).stdout;
      t.true(text.includes(draft.code), `the code on page ${page}`);
    }
    const text = runTool('pdftotext', [path, '-']).stdout;
    t.true(text.includes('Kari Nordmann'));
    t.true(text.includes('Åse Ødegård'));
    // the signing event's token is a real RFC 3161 token over the event hash
    const token = writeTemp(work, 'event.tsr', Buffer.from(signedEvents[0].timestampToken, 'base64'));
    const root = writeTemp(work, 'root.pem', appliance.sealer.rootCertificatePem());
    const verified = opensslTsVerify({ token, caFile: root, digest: signedEvents[0].hash });
    t.is(verified.status, 0, verified.stderr + verified.stdout);
    rmSync(work, { recursive: true, force: true });
  },
);

test.serial('the audit trail check finds altered and removed events', async (t) => {
  const draft = await createDraft(sender, { signers: [{ name: 'Tor Test', email: 'tor@example.org' }] });
  await sendDraft(sender, draft.id);
  const { db } = appliance.deps;
  // the invitation's delivery appends an event of its own: tamper only once the trail has stopped growing
  await poll(
    'the invitation to be delivered',
    20_000,
    async () =>
      (await db.models.AuditEvent.findOne({ where: { documentId: draft.id, type: 'signer.delivered' } })) ?? undefined,
    50,
  );
  const read = async () => expectJson(await sender.api(`/api/v1/documents/${draft.id}/audit-trail`), 200);
  const first = await read();
  t.true(first.chain.intact, JSON.stringify(first.chain.problems));
  const events = await db.models.AuditEvent.findAll({ where: { documentId: draft.id }, order: [['seq', 'ASC']] });
  const second = events[1]!;
  const original = second.data;
  await second.update({ data: original.replace('Tor Test', 'Someone Else') });
  const altered = await read();
  t.false(altered.chain.intact);
  t.true(
    altered.chain.problems.some(
      (p: { code: string; seq: number }) => p.code === 'hash_mismatch' && p.seq === second.seq,
    ),
  );
  await second.update({ data: original });
  t.true((await read()).chain.intact);
  await events.at(-1)!.destroy();
  const truncated = await read();
  t.true(truncated.chain.problems.some((p: { code: string }) => p.code === 'missing_tail'));
  await events[1]!.destroy();
  const gapped = await read();
  t.true(gapped.chain.problems.some((p: { code: string }) => p.code === 'sequence_gap' || p.code === 'broken_link'));
  t.true(checkAuditChain({ events: [] }).intact);
});

test.serial(
  'the signature records the identity of the session that signs; logins after signing change nothing',
  async (t) => {
    const draft = await createDraft(sender, {
      signers: [{ name: 'Kari Nordmann', email: 'kari2@example.org', authMethod: 'oidc:bankid' }],
    });
    const sent = await sendDraft(sender, draft.id);
    const token = tokenOf(sent.signers[0]!.signingUrl);
    const phone = new SignerClient(appliance, token);
    const laptop = new SignerClient(appliance, token);
    await oidcLogin(phone, 'kari');
    await oidcLogin(laptop, 'ola');
    // a third login is started now and finished after the signature
    const late = new SignerClient(appliance, token);
    const lateStart = await late.request('/oidc/start');
    const lateCallback = await loginAtProvider({ startResponse: lateStart, issuer: idp.issuer, accountId: 'ola' });
    t.deepEqual(await expectJson(await phone.post('/sign', { consent: true }), 200), {
      status: 'signed',
      documentStatus: 'completed',
    });
    const finished = await fetch(lateCallback, { redirect: 'manual', headers: { Cookie: late.jar.header() } });
    t.regex(
      finished.headers.get('location') ?? '',
      /auth=failed&reason=identity_mismatch/,
      'after signing, only the person who signed may sign in (for the signed copy)',
    );
    t.falsy(late.jar.get('segl_signer'));
    // the person who signed may come back for the signed copy
    const back = new SignerClient(appliance, token);
    t.is((await expectJson(await back.request('/signed-pdf'), 401)).error, 'signer_not_authenticated');
    await oidcLogin(back, 'kari');
    t.is((await back.request('/signed-pdf')).status, 200);
    const document = await expectJson(await sender.api(`/api/v1/documents/${draft.id}`), 200);
    const trail = await expectJson(await sender.api(`/api/v1/documents/${draft.id}/audit-trail`), 200);
    const signed = trail.events.find((e: { type: string }) => e.type === 'signer.signed');
    t.is(signed.data.identity.name, 'Kari Nordmann', 'the identity of the session that signed');
    t.is(signed.data.sha256ConfirmedByClient, false);
    const final = Buffer.from(await (await sender.api(`/api/v1/documents/${draft.id}/pdf`)).arrayBuffer());
    t.is(createHash('sha256').update(final).digest('hex'), document.finalSha256);
    const match = await expectJson(await matchAtPortal(appliance, draft.code, document.finalSha256), 200);
    t.deepEqual(
      match.signers.map((s: { name: string }) => s.name),
      ['Kari Nordmann'],
    );
    // the original's hash (which every invited signer sees) tells nothing about who signed
    const originalMatch = await expectJson(await matchAtPortal(appliance, draft.code, document.sha256), 200);
    t.like(originalMatch, { match: true, matchedVersion: 'original', signers: [] });
  },
);

test.serial('a provider that demands an authentication context refuses logins that do not report it', async (t) => {
  const draft = await createDraft(sender, {
    signers: [{ name: 'Kari Nordmann', email: 'kari3@example.org', authMethod: 'oidc:strict' }],
  });
  const sent = await sendDraft(sender, draft.id);
  const client = new SignerClient(appliance, tokenOf(sent.signers[0]!.signingUrl));
  const start = await client.request('/oidc/start');
  t.regex(start.headers.get('location') ?? '', /acr_values=urn%3Aexample%3Aloa%3Ahigh/);
  const callback = await loginAtProvider({ startResponse: start, issuer: idp.issuer, accountId: 'kari' });
  const back = await fetch(callback, { redirect: 'manual', headers: { Cookie: client.jar.header() } });
  t.regex(back.headers.get('location') ?? '', /auth=failed&reason=identity_mismatch/);
  t.is((await expectJson(await client.post('/sign', { consent: true }), 401)).error, 'signer_not_authenticated');
  const trail = await expectJson(await sender.api(`/api/v1/documents/${draft.id}/audit-trail`), 200);
  t.like(trail.events.find((e: { type: string }) => e.type === 'signer.refused').data, {
    mismatch: 'authentication method (acr)',
  });
});
