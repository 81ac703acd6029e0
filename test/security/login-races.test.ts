import test, { type ExecutionContext } from 'ava';
import { rmSync } from 'node:fs';
import { startTestAppliance, type TestAppliance } from '../helpers/appliance.js';
import { useAppliance } from '../helpers/use-appliance.js';
import {
  attemptSignIn,
  cookieValue,
  createEnrolledStaff,
  createInvitedUser,
  createMutableClock,
  type EnrolledStaff,
  postJson,
  sendJson,
  staffEvents,
} from '../helpers/staff.js';
import { computeTotp, totpStep } from '../../server/domain/auth/totp.js';
import { ACCOUNT_POLICY, LINK_POLICY } from '../../server/domain/auth/attempt-throttle.js';
import { issueSetupToken } from '../../server/domain/users/setup-first-admin.js';
import { OTP_MAX_ATTEMPTS } from '../../server/domain/signer-flow/signer-otp.js';
import { createDraft, sendDraft, SignerClient, tokenOf } from '../helpers/signing.js';

/**
 * The races and lockout tricks of the review, over HTTP: clients come from their own networks through a trusted
 * loopback proxy (X-Forwarded-For), as they would behind a reverse proxy.
 */

let network = 0;
/** A fresh client network per call (IPv4 addresses from the documentation range count one each). */
const freshNetwork = () => `198.51.100.${++network}`;
const from = (ip: string) => ({ headers: { 'X-Forwarded-For': ip } });

const clock = createMutableClock();
const { appliance, admin } = useAppliance(test, {
  clock,
  jobs: false,
  env: { SEGL_TRUSTED_PROXIES: '127.0.0.1' },
  admin: 'race admin',
});

const statuses = (responses: Response[]) => responses.map((r) => r.status);
const count = (list: number[], status: number) => list.filter((s) => s === status).length;
const failedEvents = async (userId: string) =>
  (await staffEvents(appliance, { targetId: userId, action: 'auth.login_failed' })).length;

const signIn = (staff: EnrolledStaff, ip: string) => attemptSignIn({ appliance, staff, clock, ...from(ip) });

test.serial(
  '50 parallel wrong passwords: no more evaluated than the rule allows, and the owner still signs in from elsewhere',
  async (t) => {
    const staff = await createEnrolledStaff(appliance, 'member');
    const attacker = freshNetwork();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        postJson(
          appliance,
          '/api/v1/auth/login',
          { email: staff.email, password: `wrong guess ${i}!` },
          from(attacker),
        ),
      ),
    );
    const codes = statuses(answers);
    t.is(count(codes, 401), ACCOUNT_POLICY.free, codes.join(','));
    t.is(count(codes, 429), 50 - ACCOUNT_POLICY.free);
    t.is(await failedEvents(staff.id), ACCOUNT_POLICY.free, 'only the evaluated guesses were checked');
    const refused = answers.find((r) => r.status === 429)!;
    t.truthy(refused.headers.get('retry-after'));

    // the attacker's network gets 429 even with the right password: it cannot keep guessing
    t.is(
      (
        await postJson(
          appliance,
          '/api/v1/auth/login',
          { email: staff.email, password: staff.password },
          from(attacker),
        )
      ).status,
      429,
    );
    // the owner, from a network that has not failed, gets in with password and TOTP
    t.is((await signIn(staff, freshNetwork())).status, 200);

    // administrators see the lockout, and every lockout is an audit event
    const listed = (await (await admin.api(`/api/v1/users/${staff.id}`)).json()) as {
      status: string;
      lockedUntil: string | null;
    };
    t.is(listed.status, 'locked');
    t.truthy(listed.lockedUntil);
    const locked = await staffEvents(appliance, { targetId: staff.id, action: 'auth.locked' });
    t.is(locked.length, 1);
    t.like(JSON.parse(locked[0]!.data!), { scope: 'account', failures: ACCOUNT_POLICY.free });

    // an administrator unlocks: the attacker's network may try again, and the unlock is audited
    const unlock = await sendJson(admin, 'POST', `/api/v1/users/${staff.id}/unlock`, {});
    t.is(unlock.status, 200);
    t.like(await unlock.json(), { status: 'active', lockedUntil: null });
    t.is((await signIn(staff, attacker)).status, 200);
    const unlocked = await staffEvents(appliance, { targetId: staff.id, action: 'user.unlocked' });
    t.is(unlocked.length, 1);
    t.is(unlocked[0]!.actorId, admin.id);
  },
);

test.serial(
  '50 parallel wrong TOTP codes after a right password: at most the allowed number are checked',
  async (t) => {
    const staff = await createEnrolledStaff(appliance, 'member');
    const attacker = freshNetwork();
    const login = await postJson(
      appliance,
      '/api/v1/auth/login',
      { email: staff.email, password: staff.password },
      from(attacker),
    );
    t.is(login.status, 200);
    const partial = cookieValue(login, 'segl_session');
    const wrong = computeTotp({ secret: staff.totpSecret, step: totpStep(clock.now()) + 9 });
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        postJson(appliance, '/api/v1/auth/totp', { code: wrong }, { cookie: partial, ...from(attacker) }),
      ),
    );
    const codes = statuses(answers);
    t.is(count(codes, 401), ACCOUNT_POLICY.free, codes.join(','));
    t.is(count(codes, 429), 50 - ACCOUNT_POLICY.free);
    // recovery codes count in the same bucket
    t.is(
      (
        await postJson(
          appliance,
          '/api/v1/auth/totp',
          { recoveryCode: 'AAAAA-BBBBB' },
          { cookie: partial, ...from(attacker) },
        )
      ).status,
      429,
    );
    t.is((await signIn(staff, freshNetwork())).status, 200, 'the owner from another network');
  },
);

test.serial('IPv6 clients count per /64: a new address in the same /64 does not escape the lockout', async (t) => {
  const staff = await createEnrolledStaff(appliance, 'member');
  for (let i = 0; i < ACCOUNT_POLICY.free; i += 1) {
    t.is(
      (
        await postJson(
          appliance,
          '/api/v1/auth/login',
          { email: staff.email, password: `wrong ${i}!` },
          from(`2001:db8:77:1::${i + 1}`),
        )
      ).status,
      401,
    );
  }
  t.is(
    (
      await postJson(
        appliance,
        '/api/v1/auth/login',
        { email: staff.email, password: staff.password },
        from('2001:db8:77:1:ffff:ffff:ffff:fffe'),
      )
    ).status,
    429,
  );
  t.is((await signIn(staff, '2001:db8:77:2::1')).status, 200, 'another /64 is another network');
});

test.serial('the lockout grows: after the wait one more guess, then a longer wait', async (t) => {
  const staff = await createEnrolledStaff(appliance, 'member');
  const attacker = freshNetwork();
  const guess = (password: string) =>
    postJson(appliance, '/api/v1/auth/login', { email: staff.email, password }, from(attacker));
  for (let i = 0; i < ACCOUNT_POLICY.free; i += 1) await guess(`wrong ${i}!`);
  const first = await guess('wrong again!');
  t.is(first.status, 429);
  const firstWait = Number(first.headers.get('retry-after'));
  clock.advance(firstWait * 1000 + 1000);
  t.is((await guess('wrong once more!')).status, 401);
  const second = await guess('wrong again!');
  t.is(second.status, 429);
  t.true(Number(second.headers.get('retry-after')) > firstWait, `${second.headers.get('retry-after')} > ${firstWait}`);
  // unknown addresses are throttled alike (no oracle for which accounts exist)
  const ghost = freshNetwork();
  for (let i = 0; i < ACCOUNT_POLICY.free; i += 1)
    t.is(
      (await postJson(appliance, '/api/v1/auth/login', { email: 'ghost@example.org', password: `x${i}` }, from(ghost)))
        .status,
      401,
    );
  t.is(
    (await postJson(appliance, '/api/v1/auth/login', { email: 'ghost@example.org', password: 'y' }, from(ghost)))
      .status,
    429,
  );
  clock.advance(16 * 60_000);
});

/** 50 six-digit codes none of which is right now (the secret's codes one step either side are left out). */
function wrongCodes(secret: string): string[] {
  const step = totpStep(clock.now());
  const right = new Set([-1, 0, 1].map((d) => computeTotp({ secret, step: step + d })));
  const codes: string[] = [];
  for (let n = 100000; codes.length < 50; n += 7919) if (!right.has(String(n))) codes.push(String(n));
  return codes;
}

/**
 * The link's first step (`path`, with the link's token and `fields`) answers 200 with a TOTP secret; then 50 wrong
 * codes race at `${path}/confirm`.
 */
async function raceLinkCodes(
  t: ExecutionContext,
  target: TestAppliance,
  path: string,
  token: string,
  fields: Record<string, string>,
): Promise<void> {
  const started = await postJson(target, path, { token, ...fields }, from(freshNetwork()));
  t.is(started.status, 200);
  const { totpSecret } = (await started.json()) as { totpSecret: string };
  const attacker = freshNetwork();
  const answers = await Promise.all(
    wrongCodes(totpSecret).map((code) => postJson(target, `${path}/confirm`, { token, code }, from(attacker))),
  );
  const codes = statuses(answers);
  t.is(count(codes, 422), LINK_POLICY.free, codes.join(','));
  t.is(count(codes, 429), 50 - LINK_POLICY.free, codes.join(','));
}

test.serial('enrolment links: 50 parallel wrong codes are checked at most as often as the rule allows', async (t) => {
  const invited = await createInvitedUser(appliance, { role: 'member', name: 'Enrolling' });
  const reset = await sendJson(admin, 'POST', `/api/v1/users/${invited.id}/enrolment`, {});
  const link = ((await reset.json()) as { enrolmentUrl: string }).enrolmentUrl.split('/enrol/')[1]!;
  await raceLinkCodes(t, appliance, '/api/v1/enrol', link, { password: 'a long enough password 1' });
});

test.serial('the setup link: 50 parallel wrong codes are checked at most as often as the rule allows', async (t) => {
  const fresh = await startTestAppliance({ clock, jobs: false, env: { SEGL_TRUSTED_PROXIES: '127.0.0.1' } });
  t.teardown(async () => {
    await fresh.close();
    rmSync(fresh.dataDir, { recursive: true, force: true });
  });
  const token = (await issueSetupToken({ db: fresh.deps.db }))!;
  await raceLinkCodes(t, fresh, '/api/v1/setup', token, {
    email: 'first.admin@example.org',
    name: 'First Admin',
    password: 'a long enough password 2',
  });
});

test.serial('e-mailed signer codes: of 50 parallel wrong guesses at most 5 are checked', async (t) => {
  const draft = await createDraft(admin, {
    signers: [{ name: 'Race Signer', email: `race.signer.${Date.now()}@example.org` }],
  });
  const sent = await sendDraft(admin, draft.id);
  const signer = new SignerClient(appliance, tokenOf(sent.signers[0]!.signingUrl), {
    'X-Forwarded-For': freshNetwork(),
  });
  t.is((await signer.post('/otp', {})).status, 202);
  const answers = await Promise.all(
    Array.from({ length: 50 }, (_, i) => signer.post('/otp/verify', { code: String(100000 + i * 17) })),
  );
  const bodies = (await Promise.all(answers.map((r) => r.json()))) as { error: string; attemptsLeft?: number }[];
  t.true(
    answers.every((r) => r.status === 422 || r.status === 429),
    statuses(answers).join(','),
  );
  // the guesses before the last report 4, 3, 2, 1 tries left, each once: none was checked against a stale count
  const left = bodies
    .map((b) => b.attemptsLeft)
    .filter((n): n is number => typeof n === 'number' && n > 0)
    .sort();
  t.deepEqual(left, [1, 2, 3, 4]);
  const signerRow = await appliance.deps.db.models.Signer.findByPk(sent.signers[0]!.id);
  const challenge = await appliance.deps.db.models.SignerChallenge.findOne({
    where: { signerId: signerRow!.id, kind: 'otp' },
  });
  t.is(challenge!.attempts, OTP_MAX_ATTEMPTS, 'the code is spent after exactly five wrong guesses');
});
