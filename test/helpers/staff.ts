import type { TestAppliance } from './appliance.js';
import { openKeyRing } from '../../server/domain/keys/key-ring.js';
import { createUser } from '../../server/domain/users/create-user.js';
import { createApiToken } from '../../server/domain/tokens/create-api-token.js';
import type { Clock } from '../../server/lib/clock.js';
import { beginEnrolment, confirmEnrolment } from '../../server/domain/users/enrol-user.js';
import { computeTotp, totpStep, TOTP_STEP_SECONDS } from '../../server/domain/auth/totp.js';
import { announceStartup } from '../../server/domain/announce-startup.js';

export interface TestStaff {
  id: string;
  email: string;
  token: string;
  tokenId: string;
  /** `fetch` against the appliance with this user's bearer token. */
  api(path: string, init?: RequestInit): Promise<Response>;
}

/** `fetch` against the server at `url` with a bearer token (headers in `init` are added to it). */
export function bearerApi(url: string, token: string): TestStaff['api'] {
  return (path, init = {}) =>
    fetch(`${url}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
}

/** The same staff token against another server (a child process on the same data directory). */
export function staffAt(url: string, staff: TestStaff): TestStaff {
  return { ...staff, api: bearerApi(url, staff.token) };
}

/**
 * A JSON request as `staff` (a string body goes as it is, to send malformed JSON); answers the status, the text and
 * the parsed body (undefined when empty).
 */
export async function callApi(
  staff: TestStaff,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any; text: string }> {
  const init =
    body === undefined ? { method, headers: { 'Content-Type': 'application/json' } } : jsonInit(body, method);
  const response = await staff.api(path, init);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
}

/** `staff.api` with a JSON body (none when `body` is undefined; see jsonInit); answers the response as it came. */
export function sendJson(
  staff: Pick<TestStaff, 'api'>,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return staff.api(path, body === undefined ? { method } : jsonInit(body, method));
}

/**
 * Request options with a JSON body (a string goes as it is, to send malformed JSON), by default a POST, with any
 * `headers` added.
 */
export function jsonInit(body: unknown, method = 'POST', headers: Record<string, string> = {}): RequestInit {
  return {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

let counter = 0;

/**
 * A user created through the domain and not enrolled yet (no password, no authenticator), as an invitation leaves
 * them; the e-mail address is unique, made from `name`.
 */
export function createInvitedUser(appliance: TestAppliance, options: { role: 'admin' | 'member'; name: string }) {
  const { role, name } = options;
  const { db, clock } = appliance.deps;
  const email = `${name.replace(/\W+/g, '.')}.${Date.now()}.${++counter}@example.org`;
  return createUser({ db, clock, email, name, role });
}

/** A staff user with a full-scope API token, created through the domain (as `segl token create` does). */
export async function createTestStaff(
  appliance: TestAppliance,
  role: 'admin' | 'member',
  name = `${role} ${++counter}`,
): Promise<TestStaff> {
  const { db, clock } = appliance.deps;
  const user = await createInvitedUser(appliance, { role, name });
  const token = await createApiToken({ db, clock, userId: user.id, name: 'test' });
  return {
    id: user.id,
    email: user.email,
    token: token.token,
    tokenId: token.id,
    api: bearerApi(appliance.url, token.token),
  };
}

/**
 * The staff events (the audit trail) matching `where` (a target, an action, both, or none for all), oldest first, as
 * plain rows.
 */
export function staffEvents(appliance: TestAppliance, where: { targetId?: string; action?: string } = {}) {
  return appliance.deps.db.models.StaffEvent.findAll({ where, order: [['at', 'ASC']], raw: true });
}

/* ---- Password + TOTP staff, sessions and cookies (for auth tests) ---- */

/** A clock the test moves by hand (TOTP steps, lockouts); starts at the real time. */
export interface MutableClock extends Clock {
  advance(ms: number): void;
}

export function createMutableClock(start = new Date()): MutableClock {
  let at = start.getTime();
  return { now: () => new Date(at), advance: (ms) => void (at += ms) };
}

/** The real time plus what the test moved it by (TOTP steps, lockouts ending, documents made "days ago"). */
export function createTickingClock(): MutableClock {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms) => void (offset += ms) };
}

export interface EnrolledStaff {
  id: string;
  email: string;
  name: string;
  password: string;
  totpSecret: string;
  recoveryCodes: string[];
  /** The last TOTP step used (each step works once). */
  lastStep: number;
}

/** A fresh TOTP code for a step not used yet; moves the clock on a step when the current one is spent. */
export function nextTotp(staff: EnrolledStaff, clock: MutableClock): string {
  let step = totpStep(clock.now());
  if (step <= staff.lastStep) {
    clock.advance((staff.lastStep - step + 1) * TOTP_STEP_SECONDS * 1000);
    step = totpStep(clock.now());
  }
  staff.lastStep = step;
  return computeTotp({ secret: staff.totpSecret, step });
}

/** A staff user enrolled through the domain (password + TOTP confirmed), ready to log in over HTTP. */
export async function createEnrolledStaff(
  appliance: TestAppliance,
  role: 'admin' | 'member',
  options: { name?: string; password?: string } = {},
): Promise<EnrolledStaff> {
  const { db, clock, config } = appliance.deps;
  // Through the key ring, as the enrolment routes do: after a key rotation the wrapping key is the new KEK.
  const kek = openKeyRing({ dataDir: config.dataDir, kek: appliance.deps.kek, fromEnvironment: false });
  const name = options.name ?? `${role} ${++counter}`;
  const password = options.password ?? `correct horse ${counter} battery`;
  const user = await createInvitedUser(appliance, { role, name });
  const start = await beginEnrolment({ db, kek, userId: user.id, email: user.email, password });
  const step = totpStep(clock.now());
  const done = await confirmEnrolment({
    db,
    clock,
    kek,
    userId: user.id,
    code: computeTotp({ secret: start.totpSecret, step }),
  });
  return {
    id: user.id,
    email: user.email,
    name,
    password,
    totpSecret: start.totpSecret,
    recoveryCodes: done.recoveryCodes,
    lastStep: step,
  };
}

/** The value of one cookie from a response's Set-Cookie headers (undefined when not set). */
export function cookieValue(response: Response, name: string): string | undefined {
  const header = setCookieHeader(response, name);
  return header ? decodeURIComponent(header.split(';')[0].slice(name.length + 1)) : undefined;
}

/** The raw Set-Cookie header for one cookie (to check its flags). */
export function setCookieHeader(response: Response, name: string): string | undefined {
  return response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
}

/** POST JSON with an optional session cookie. */
export function postJson(
  appliance: TestAppliance,
  path: string,
  body: unknown,
  options: { cookie?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(`${appliance.url}${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(options.cookie ? { Cookie: `segl_session=${options.cookie}` } : {}),
      ...options.headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    redirect: 'manual',
  });
}

/**
 * Password, then (when the password is taken) a fresh TOTP code over HTTP, each request with `headers`; answers the
 * last response: the TOTP step's, or the login's when that failed.
 */
export async function attemptSignIn(options: {
  appliance: TestAppliance;
  staff: EnrolledStaff;
  clock: MutableClock;
  headers?: Record<string, string>;
}): Promise<Response> {
  const { appliance, staff, clock, headers } = options;
  const login = await postJson(
    appliance,
    '/api/v1/auth/login',
    { email: staff.email, password: staff.password },
    { headers },
  );
  if (login.status !== 200) return login;
  const cookie = cookieValue(login, 'segl_session');
  return postJson(appliance, '/api/v1/auth/totp', { code: nextTotp(staff, clock) }, { cookie, headers });
}

/** Password + TOTP over HTTP; answers the full session cookie's value. */
export async function signInStaff(
  appliance: TestAppliance,
  staff: EnrolledStaff,
  clock: MutableClock,
): Promise<string> {
  const answer = await attemptSignIn({ appliance, staff, clock });
  if (answer.status !== 200)
    throw new Error(`${new URL(answer.url).pathname} answered ${answer.status}: ${await answer.text()}`);
  return cookieValue(answer, 'segl_session')!;
}

/**
 * An enrolment link's two steps over HTTP: the password (which must answer 200 with a TOTP secret), then a code from
 * that secret. Answers the confirmation's response, and the person as `signInStaff` takes them.
 */
export async function enrolThroughLink(
  appliance: TestAppliance,
  clock: Clock,
  token: string,
  person: { id: string; email: string; name: string; password: string },
): Promise<{ confirm: Response; staff: EnrolledStaff }> {
  const begin = await postJson(appliance, '/api/v1/enrol', { token, password: person.password });
  if (begin.status !== 200) throw new Error(`enrol answered ${begin.status}: ${await begin.text()}`);
  const { totpSecret } = (await begin.json()) as { totpSecret: string };
  const step = totpStep(clock.now());
  const confirm = await postJson(appliance, '/api/v1/enrol/confirm', {
    token,
    code: computeTotp({ secret: totpSecret, step }),
  });
  return { confirm, staff: { ...person, totpSecret, recoveryCodes: [], lastStep: step } };
}

/** What the appliance prints at start (`announceStartup`): while no administrator exists, a one-time setup link. */
export async function announcedLines(appliance: TestAppliance): Promise<string[]> {
  const lines: string[] = [];
  const { db, config } = appliance.deps;
  await announceStartup({ db, config, url: appliance.url, write: (line) => lines.push(line) });
  return lines;
}

/** The token of the setup link among printed lines (undefined when none was printed). */
export function setupTokenFrom(lines: string[]): string | undefined {
  return lines.map((line) => /\/setup\/([A-Za-z0-9_-]+)/.exec(line)?.[1]).find(Boolean);
}
