import test from 'ava';
import { rmSync } from 'node:fs';
import { openDatabase, type Database } from '../../server/storage/database.js';
import {
  beginAttempt,
  accountLockedUntil,
  clearAccountThrottle,
  ACCOUNT_POLICY,
  LINK_POLICY,
  NETWORK_POLICY,
} from '../../server/domain/auth/attempt-throttle.js';
import { createLogger } from '../../server/lib/logger.js';
import { isSeglError } from '../../server/lib/errors.js';
import { tempDir } from '../helpers/external-tool.js';
import { createTestDatabase, postgresAdminUrl } from '../helpers/postgres.js';
import { createMutableClock, type MutableClock } from '../helpers/staff.js';

/**
 * The count is taken before a guess is checked, atomically: of 50 guesses at once no more are evaluated than the
 * policy allows, on SQLite and on PostgreSQL alike.
 */

type Outcome = 'evaluated' | 'refused';

async function guessInParallel(
  db: Database,
  clock: MutableClock,
  options: { count: number; subject: string; ip: string; scope?: 'account' | 'link' },
): Promise<Outcome[]> {
  return Promise.all(
    Array.from({ length: options.count }, async (): Promise<Outcome> => {
      try {
        const attempt = await beginAttempt({
          db,
          clock,
          scope: options.scope ?? 'account',
          subject: options.subject,
          ip: options.ip,
        });
        await attempt.fail();
        return 'evaluated';
      } catch (error) {
        if (isSeglError(error) && error.code === 'rate_limited') return 'refused';
        throw error;
      }
    }),
  );
}

const evaluated = (outcomes: Outcome[]) => outcomes.filter((o) => o === 'evaluated').length;

function throttleSuite(name: string, open: () => Promise<{ db: Database; close(): Promise<void> }>) {
  test.serial(`${name}: 50 parallel wrong guesses are evaluated at most as often as the policy allows`, async (t) => {
    const { db, close } = await open();
    t.teardown(close);
    const clock = createMutableClock();
    const outcomes = await guessInParallel(db, clock, { count: 50, subject: 'victim@example.org', ip: '203.0.113.10' });
    t.is(evaluated(outcomes), ACCOUNT_POLICY.free, 'exactly the free attempts were evaluated');
    t.truthy(await accountLockedUntil({ db, clock, scope: 'account', subject: 'victim@example.org' }));

    const links = await guessInParallel(db, clock, {
      count: 50,
      subject: 'link-hash',
      ip: '203.0.113.11',
      scope: 'link',
    });
    t.is(evaluated(links), LINK_POLICY.free);
  });

  test.serial(
    `${name}: the owner from a network that has not failed still gets a try; the attacker's ` +
      `network waits longer each time`,
    async (t) => {
      const { db, close } = await open();
      t.teardown(close);
      const clock = createMutableClock();
      const subject = 'owner@example.org';
      t.is(
        evaluated(await guessInParallel(db, clock, { count: 20, subject, ip: '198.51.100.1' })),
        ACCOUNT_POLICY.free,
      );
      // the owner, elsewhere: evaluated (and a right guess gives its count back)
      const owner = await beginAttempt({ db, clock, scope: 'account', subject, ip: '192.0.2.200' });
      await owner.succeed();
      const again = await beginAttempt({ db, clock, scope: 'account', subject, ip: '192.0.2.200' });
      await again.succeed();

      // growing delays for the failed network: 1 minute, then 2
      const first = await t.throwsAsync(beginAttempt({ db, clock, scope: 'account', subject, ip: '198.51.100.1' }));
      const wait1 = (first as unknown as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds;
      t.true(wait1 > 0 && wait1 <= 60, `first wait ${wait1}`);
      clock.advance(61_000);
      await (await beginAttempt({ db, clock, scope: 'account', subject, ip: '198.51.100.1' })).fail();
      const second = await t.throwsAsync(beginAttempt({ db, clock, scope: 'account', subject, ip: '198.51.100.1' }));
      const wait2 = (second as unknown as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds;
      t.true(wait2 > 60 && wait2 <= 120, `second wait ${wait2}`);

      // an IPv6 attacker counts per /64: a new address in the same /64 is the same network
      t.is(
        evaluated(await guessInParallel(db, clock, { count: 10, subject: 'v6@example.org', ip: '2001:db8:1:2::1' })),
        ACCOUNT_POLICY.free,
      );
      await t.throwsAsync(
        beginAttempt({
          db,
          clock,
          scope: 'account',
          subject: 'v6@example.org',
          ip: '2001:db8:1:2:ffff:ffff:ffff:fffe',
        }),
        { code: 'rate_limited' } as never,
      );
      await (
        await beginAttempt({ db, clock, scope: 'account', subject: 'v6@example.org', ip: '2001:db8:1:3::1' })
      ).succeed();

      // an administrator's unlock forgets the account's failures on every network
      await clearAccountThrottle({ db, scope: 'account', subject });
      t.is(await accountLockedUntil({ db, clock, scope: 'account', subject }), null);
      await (await beginAttempt({ db, clock, scope: 'account', subject, ip: '198.51.100.1' })).succeed();
    },
  );

  test.serial(`${name}: a network that fails on many accounts is stopped by its own bucket`, async (t) => {
    const { db, close } = await open();
    t.teardown(close);
    const clock = createMutableClock();
    let outcomes: Outcome[] = [];
    for (let i = 0; i < NETWORK_POLICY.free + 10; i += 1) {
      outcomes = outcomes.concat(
        await guessInParallel(db, clock, { count: 1, subject: `spray-${i}@example.org`, ip: '100.64.0.9' }),
      );
    }
    t.is(evaluated(outcomes), NETWORK_POLICY.free);
    await (
      await beginAttempt({ db, clock, scope: 'account', subject: 'spray-1@example.org', ip: '100.64.0.10' })
    ).succeed();
  });
}

throttleSuite('SQLite', async () => {
  const dir = tempDir('segl-throttle-');
  const db = await openDatabase({ dataDir: dir, logger: createLogger({ level: 'silent' }) });
  return {
    db,
    close: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

const adminUrl = postgresAdminUrl();
if (adminUrl) {
  throttleSuite('PostgreSQL', async () => {
    const database = await createTestDatabase(adminUrl);
    const db = await openDatabase({
      dataDir: tempDir('segl-throttle-pg-'),
      databaseUrl: database.url,
      logger: createLogger({ level: 'silent' }),
    });
    return {
      db,
      close: async () => {
        await db.close();
        await database.drop();
      },
    };
  });
}
