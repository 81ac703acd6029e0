import test from 'ava';
import { startTestAppliance } from '../../../helpers/appliance.js';
import { tempDir } from '../../../helpers/external-tool.js';
import { createTestDatabase, postgresAdminUrl } from '../../../helpers/postgres.js';
import { releaseScheduledLease, takeScheduledLease } from '../../../../server/domain/jobs/scheduled-lease.js';

const postgresUrl = postgresAdminUrl();

for (const dialect of ['sqlite', 'postgres'] as const) {
  (dialect === 'postgres' && !postgresUrl ? test.skip : test)(
    `${dialect}: one holder at a time; it renews its own, takes an expired one, releases; of ` +
      `many at once exactly one wins`,
    async (t) => {
      const database = dialect === 'postgres' ? await createTestDatabase(postgresUrl!) : undefined;
      const appliance = await startTestAppliance({
        jobs: false,
        dataDir: tempDir('segl-lease-'),
        env: database ? { DATABASE_URL: database.url } : {},
      });
      try {
        const { db } = appliance.deps;
        const at = (seconds: number) => new Date(Date.UTC(2030, 0, 1, 2, 30, seconds));
        const take = (holder: string, seconds: number, name = 'retention') =>
          takeScheduledLease({ db, name, holder, now: at(seconds), ttlMs: 10_000 });
        t.true(await take('node-a', 0), 'free: taken');
        t.false(await take('node-b', 1), 'held by another');
        t.true(await take('node-a', 5), 'the holder renews it (now until 15 s)');
        t.false(await take('node-b', 12), 'still held after the renewal');
        t.true(await take('node-b', 15), 'expired: another takes it');
        await releaseScheduledLease({ db, name: 'retention', holder: 'node-a', now: at(16) });
        t.false(await take('node-a', 16), 'only the holder can release it');
        await releaseScheduledLease({ db, name: 'retention', holder: 'node-b', now: at(17) });
        t.true(await take('node-a', 17), 'released: free at once');
        t.true(await take('node-c', 0, 'other-work'), 'leases are per name');

        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => take(`racer-${i}`, 0, 'raced')));
        t.is(results.filter(Boolean).length, 1, 'of ten at once, one wins');
      } finally {
        await appliance.close();
        await database?.drop();
      }
    },
  );
}
