import test from 'ava';
import { startTestAppliance } from '../../../helpers/appliance.js';
import { enqueueJob, openJobQueue } from '../../../../server/domain/jobs/job-queue.js';
import { createJobRunner } from '../../../../server/jobs/job-runner.js';
import { createLogger } from '../../../../server/lib/logger.js';
import { systemClock } from '../../../../server/lib/clock.js';

test(
  'settled: a waiter wakes when the runner finishes an attempt (done or failed), not before; ' +
    'it times out with false',
  async (t) => {
    const appliance = await startTestAppliance({ jobs: false });
    try {
      const { db } = appliance.deps;
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const runner = createJobRunner({
        queue: openJobQueue(db),
        clock: systemClock,
        logger: createLogger({ level: 'silent' }),
        handlers: {
          'timestamp-event': {
            maxAttempts: 3,
            perform: async (job) => {
              await gate;
              if (job.payload.fail) throw new Error('no TSA answered');
            },
          },
        },
      });
      const ok = (await enqueueJob({
        db,
        kind: 'timestamp-event',
        payload: { eventId: 'ok' },
        runAt: new Date(Date.now() - 1000),
      }))!;
      const failing = (await enqueueJob({
        db,
        kind: 'timestamp-event',
        payload: { eventId: 'bad', fail: true },
        runAt: new Date(Date.now() - 1000),
      }))!;

      t.false(await runner.settled(ok, 50), 'nothing has run: the wait times out');
      const waits = [runner.settled(ok, 10_000), runner.settled(failing, 10_000), runner.settled(ok, 10_000)];
      let woken = false;
      void Promise.all(waits).then(() => (woken = true));
      const performing = runner.perform({});
      await new Promise((resolve) => setTimeout(resolve, 100));
      t.false(woken, 'not woken while the job is still running');
      const started = Date.now();
      release();
      await performing;
      t.deepEqual(
        await Promise.all(waits),
        [true, true, true],
        'every waiter wakes, for a success and for a failed attempt',
      );
      t.true(Date.now() - started < 2000);
      t.true(await runner.settled(ok, 10_000), 'a wait that starts just after the attempt returns at once');
    } finally {
      await appliance.close();
    }
  },
);
