import { Op, type Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { Row } from '../../storage/models/model-definition.js';
import type { AuthThrottleAttributes } from '../../storage/models/auth-throttle.js';
import type { Clock } from '../../lib/clock.js';
import { SeglError } from '../../lib/errors.js';
import { clientNetworkOf } from '../../lib/ip-address.js';

/**
 * How many failures a bucket takes freely, and the delay after each further one: `baseDelayMs` doubling up to
 * `maxDelayMs`. A bucket without a failure for `forgetAfterMs` starts afresh.
 */
export interface ThrottlePolicy {
  free: number;
  baseDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
}

const MINUTE = 60_000;
const QUARTER = 15 * MINUTE;
const HOUR = 60 * MINUTE;

/** Staff sign-in (password, TOTP and recovery codes count together): 5 free, then 1, 2, 4, 8, 15 minutes. */
export const ACCOUNT_POLICY: ThrottlePolicy = {
  free: 5,
  baseDelayMs: MINUTE,
  maxDelayMs: QUARTER,
  forgetAfterMs: HOUR,
};
/** A setup or enrolment link's TOTP confirmation: 10 free, then growing delays. */
export const LINK_POLICY: ThrottlePolicy = { free: 10, baseDelayMs: MINUTE, maxDelayMs: QUARTER, forgetAfterMs: HOUR };
/** A client network (IPv4 address, IPv6 /64) over every account: room for an office behind one address. */
export const NETWORK_POLICY: ThrottlePolicy = { free: 30, baseDelayMs: 1000, maxDelayMs: QUARTER, forgetAfterMs: HOUR };

export type AttemptScope = 'account' | 'link';

export function rateLimited(retryAfterSeconds: number, message = 'too many attempts; try again later'): SeglError {
  const details = { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) };
  return new SeglError({ code: 'rate_limited', message, details });
}

/** A bucket that came to refuse guesses through this attempt (an audited lockout once the attempt failed). */
export interface Lockout {
  kind: 'account' | 'network';
  key: string;
  until: Date;
  failures: number;
}

/** One counted attempt: report its outcome exactly once. */
export interface Attempt {
  /** The guess was right: the count taken for it is given back. */
  succeed(): Promise<void>;
  /** The guess was wrong: the count stays; answers the lockouts it caused. */
  fail(): Promise<Lockout[]>;
}

export const accountKey = (scope: AttemptScope, subject: string) => `${scope}:${subject.toLowerCase()}`;
export const networkKey = (ip: string | null | undefined) => `net:${ip ? clientNetworkOf(ip) : 'unknown'}`;
const pairKey = (account: string, network: string) => `pair:${account}|${network}`;

function delayMs(policy: ThrottlePolicy, failures: number): number {
  const over = Math.max(0, failures - policy.free);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(over, 30));
}

type ThrottleRow = Row<AuthThrottleAttributes>;

/** What a reservation changed on one row, so that a right guess can put it back. */
interface Change {
  key: string;
  before: { failures: number; blockedUntil: Date | null; lastFailureAt: Date | null };
  after: { failures: number; blockedUntil: Date | null };
}

function current(row: ThrottleRow, policy: ThrottlePolicy, now: Date): { failures: number; blockedUntil: Date | null } {
  const last = row.lastFailureAt?.getTime() ?? 0;
  if (now.getTime() - last > policy.forgetAfterMs) return { failures: 0, blockedUntil: null };
  return { failures: row.failures, blockedUntil: row.blockedUntil };
}

/** The rows in key order, held for the transaction (row locks on PostgreSQL; SQLite has one writer). */
function lockRows(db: Database, keys: string[], transaction: Transaction): Promise<ThrottleRow[]> {
  const order: [string, string][] = [['key', 'ASC']];
  return db.models.AuthThrottle.findAll({ where: { key: keys }, order, transaction, lock: transaction.LOCK.UPDATE });
}

const PRUNE_EVERY_MS = 10 * MINUTE;
let lastPrune = 0;

/** Rows nobody failed on for a day and that refuse nothing any more are dropped (sprayed e-mail addresses). */
async function pruneStaleRows(db: Database, now: Date): Promise<void> {
  if (now.getTime() - lastPrune < PRUNE_EVERY_MS) return;
  lastPrune = now.getTime();
  const before = new Date(now.getTime() - 24 * HOUR);
  const refusesNothing = { [Op.or]: [{ blockedUntil: null }, { blockedUntil: { [Op.lt]: now } }] };
  await db.models.AuthThrottle.destroy({ where: { lastFailureAt: { [Op.lt]: before }, ...refusesNothing } });
}

/**
 * Counts a guess BEFORE it is checked, atomically (a write transaction holding the rows: SQLite's single writer,
 * PostgreSQL row locks), so that parallel guesses never see a count without the others: of 50 at once no more
 * are evaluated than the policy allows. Three buckets count: the account (or link), the client network, and the
 * two together. The network's block applies to everyone from it; the account's block applies only to networks
 * that failed on that account, so an attacker cannot lock the owner out: the owner from a network that has not
 * failed still gets in with the right password and code. Throws 429 `rate_limited` when refused.
 */
export async function beginAttempt(options: {
  db: Database;
  clock: Clock;
  scope: AttemptScope;
  /** The normalised e-mail address (known or not: unknown ones are throttled alike), or a link's hash. */
  subject: string;
  ip: string | null | undefined;
}): Promise<Attempt> {
  const { db, clock } = options;
  const now = clock.now();
  const account = accountKey(options.scope, options.subject);
  const network = networkKey(options.ip);
  const pair = pairKey(account, network);
  const accountPolicy = options.scope === 'link' ? LINK_POLICY : ACCOUNT_POLICY;
  const policies = new Map<string, ThrottlePolicy>([
    [account, accountPolicy],
    [network, NETWORK_POLICY],
    [pair, { ...accountPolicy, free: Number.MAX_SAFE_INTEGER }],
  ]);
  const keys = [...policies.keys()].sort();
  const reserved = await db.transaction(async (transaction) => {
    const fresh = keys.map((key) => ({ key, failures: 0, blockedUntil: null, lastFailureAt: null }));
    await db.models.AuthThrottle.bulkCreate(fresh, { ignoreDuplicates: true, transaction });
    const rows = await lockRows(db, keys, transaction);
    const byKey = new Map(rows.map((row) => [row.key, row]));
    const state = new Map(keys.map((key) => [key, current(byKey.get(key)!, policies.get(key)!, now)]));
    const blockedFor = (key: string) => Math.max(0, (state.get(key)!.blockedUntil?.getTime() ?? 0) - now.getTime());
    const networkWait = blockedFor(network);
    const accountWait = state.get(pair)!.failures > 0 ? blockedFor(account) : 0;
    const wait = Math.max(networkWait, accountWait);
    if (wait > 0) return { refusedForMs: wait, lockouts: [] as Lockout[], changes: [] as Change[] };
    const lockouts: Lockout[] = [];
    const changes: Change[] = [];
    for (const key of keys) {
      const policy = policies.get(key)!;
      const before = { ...state.get(key)!, lastFailureAt: byKey.get(key)!.lastFailureAt };
      const failures = before.failures + 1;
      const blocks = failures >= policy.free;
      const blockedUntil = blocks ? new Date(now.getTime() + delayMs(policy, failures)) : null;
      if (blockedUntil && key !== pair) {
        lockouts.push({ kind: key === network ? 'network' : 'account', key, until: blockedUntil, failures });
      }
      const counted = { failures, blockedUntil, lastFailureAt: now };
      await db.models.AuthThrottle.update(counted, { where: { key }, transaction });
      changes.push({ key, before, after: { failures, blockedUntil } });
    }
    return { refusedForMs: 0, lockouts, changes };
  });
  if (reserved.refusedForMs > 0) throw rateLimited(reserved.refusedForMs / 1000);
  await pruneStaleRows(db, now);

  let settled = false;
  const settleOnce = () => {
    if (settled) throw new Error('an attempt is settled once');
    settled = true;
  };
  return {
    async succeed() {
      settleOnce();
      await db.transaction(async (transaction) => {
        for (const row of await lockRows(db, keys, transaction)) {
          const change = reserved.changes.find((c) => c.key === row.key)!;
          const sameBlock = row.blockedUntil?.getTime() === change.after.blockedUntil?.getTime();
          const untouched = row.failures === change.after.failures && sameBlock;
          // nobody counted since: the row goes back to what it was; else only this attempt's count is given back
          const failures = untouched ? change.before.failures : Math.max(0, row.failures - 1);
          const stillBlocked = failures >= policies.get(row.key)!.free ? row.blockedUntil : null;
          const blockedUntil = untouched ? change.before.blockedUntil : stillBlocked;
          const lastFailureAt = untouched ? change.before.lastFailureAt : row.lastFailureAt;
          // the owner's network proved itself: its record against this account goes
          const update = row.key === pair ? { failures: 0, blockedUntil: null } : { failures, blockedUntil };
          await db.models.AuthThrottle.update({ ...update, lastFailureAt }, { where: { key: row.key }, transaction });
        }
      });
    },
    async fail() {
      settleOnce();
      return reserved.lockouts;
    },
  };
}

/** When the account's own bucket refuses guesses (from networks that failed on it), or null. */
export async function accountLockedUntil(options: {
  db: Database;
  clock: Clock;
  scope: AttemptScope;
  subject: string;
}): Promise<Date | null> {
  const row = await options.db.models.AuthThrottle.findByPk(accountKey(options.scope, options.subject));
  if (!row) return null;
  const state = current(row, options.scope === 'link' ? LINK_POLICY : ACCOUNT_POLICY, options.clock.now());
  return state.blockedUntil && state.blockedUntil > options.clock.now() ? state.blockedUntil : null;
}

/** Clears an account's failures and lockout, on every network (an administrator's unlock). */
export async function clearAccountThrottle(options: {
  db: Database;
  scope: AttemptScope;
  subject: string;
}): Promise<void> {
  const account = accountKey(options.scope, options.subject);
  const prefix = pairKey(account, '');
  // LIKE only narrows the search (e-mail addresses may hold its wildcards); the exact prefix decides
  const pairs = await options.db.models.AuthThrottle.findAll({
    where: { key: { [Op.like]: `${prefix}%` } },
    attributes: ['key'],
  });
  const keys = [account, ...pairs.map((row) => row.key).filter((key) => key.startsWith(prefix))];
  await options.db.models.AuthThrottle.destroy({ where: { key: keys } });
}
