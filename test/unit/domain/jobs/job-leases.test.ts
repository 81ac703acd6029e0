import test from 'ava';
import { openDatabase, type Database } from '../../../../server/storage/database.js';
import {
  claimDueJobs,
  completeJob,
  enqueueJob,
  failJob,
  openJobQueue,
  reclaimNodeJobs,
  renewJobLease,
  wakeWaitingJobs,
  WAITING_FOR_TIMESTAMP_AUTHORITY,
} from '../../../../server/domain/jobs/job-queue.js';
import { describeSealBacklog } from '../../../../server/domain/jobs/seal-backlog.js';
import { createJobRunner } from '../../../../server/jobs/job-runner.js';
import { createLogger } from '../../../../server/lib/logger.js';
import { systemClock } from '../../../../server/lib/clock.js';
import { tempDir } from '../../../helpers/external-tool.js';
import { createTestDatabase, postgresAdminUrl } from '../../../helpers/postgres.js';

const postgresUrl = postgresAdminUrl();
const silent = createLogger({ level: 'silent' });

async function withDatabase(dialect: 'sqlite' | 'postgres', work: (db: Database) => Promise<void>): Promise<void> {
  const pgDatabase = dialect === 'postgres' ? await createTestDatabase(postgresUrl!) : undefined;
  const db = await openDatabase({ dataDir: tempDir('segl-leases-'), databaseUrl: pgDatabase?.url });
  try {
    await work(db);
  } finally {
    await db.close();
    await pgDatabase?.drop();
  }
}

const past = () => new Date(Date.now() - 1000);

/** Queues a job that is due already (its run time a second ago); answers its id. */
async function enqueueDue(job: Omit<Parameters<typeof enqueueJob>[0], 'runAt'>): Promise<string> {
  return (await enqueueJob({ ...job, runAt: past() }))!;
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  const it = dialect === 'postgres' && !postgresUrl ? test.skip : test;

  it(`${dialect}: a heartbeat keeps a long job's lease: no other node takes it while its worker lives`, async (t) => {
    await withDatabase(dialect, async (db) => {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let runs = 0;
      const handlers = {
        'seal-document': {
          maxAttempts: 3,
          perform: async () => {
            runs += 1;
            await gate;
          },
        },
      };
      // a 2 s lease beaten every 100 ms: a stall of the event loop under load up to almost 2 s does not lose it
      const leases = { leaseMs: 2000, heartbeatMs: 100 };
      const worker = createJobRunner({
        queue: openJobQueue(db),
        clock: systemClock,
        logger: silent,
        handlers,
        nodeId: 'alpha',
        ...leases,
      });
      const other = createJobRunner({
        queue: openJobQueue(db),
        clock: systemClock,
        logger: silent,
        handlers,
        nodeId: 'beta',
        ...leases,
      });
      const jobId = await enqueueDue({ db, kind: 'seal-document', payload: { documentId: 'd1' } });
      const working = worker.perform({});
      // three lease lengths: without the heartbeat the lease would have run out twice over
      for (let i = 0; i < 10; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 600));
        t.is(await other.perform({}), 0, 'the other node finds nothing to take');
      }
      const row = (await db.models.Job.findByPk(jobId, { raw: true }))!;
      t.is(row.lockedBy, worker.owner);
      t.true(new Date(row.lockedUntil!).getTime() > Date.now(), 'the lease is in the future');
      release();
      await working;
      t.is(runs, 1, 'one run');
      t.is((await db.models.Job.findByPk(jobId, { raw: true }))!.status, 'done');
    });
  });

  it(
    `${dialect}: a dead node's job is taken over when its lease runs out; the dead node's late ` +
      `outcome does not count`,
    async (t) => {
      await withDatabase(dialect, async (db) => {
        const jobId = await enqueueDue({ db, kind: 'seal-document', payload: { documentId: 'd2' } });
        const now = new Date();
        const [dead] = await claimDueJobs({ db, now, limit: 1, owner: 'gone:1-aaaa', leaseMs: 15_000 });
        t.is(dead?.id, jobId);
        t.deepEqual(
          await claimDueJobs({
            db,
            now: new Date(now.getTime() + 14_000),
            limit: 1,
            owner: 'alive:2-bbbb',
            leaseMs: 15_000,
          }),
          [],
          'not before the lease ends',
        );
        const [taken] = await claimDueJobs({
          db,
          now: new Date(now.getTime() + 15_001),
          limit: 1,
          owner: 'alive:2-bbbb',
          leaseMs: 15_000,
        });
        t.is(taken?.id, jobId, 'taken over once the lease ran out');
        t.is(taken?.attempts, 2);
        // the presumed-dead worker wakes up: its heartbeat, completion and failure are all refused
        t.false(await renewJobLease({ db, jobId, owner: 'gone:1-aaaa', now: new Date(), leaseMs: 15_000 }));
        t.false(await completeJob({ db, jobId, now: new Date(), owner: 'gone:1-aaaa' }));
        t.is(
          await failJob({
            db,
            jobId,
            now: new Date(),
            attempts: 1,
            error: 'late',
            maxAttempts: 1,
            owner: 'gone:1-aaaa',
          }),
          'lost',
        );
        const row = (await db.models.Job.findByPk(jobId, { raw: true }))!;
        t.is(row.status, 'running');
        t.is(row.lockedBy, 'alive:2-bbbb');
        t.true(await renewJobLease({ db, jobId, owner: 'alive:2-bbbb', now: new Date(), leaseMs: 15_000 }));
        t.true(await completeJob({ db, jobId, now: new Date(), owner: 'alive:2-bbbb' }));
      });
    },
  );

  it(`${dialect}: a node takes back its own running jobs at start, and only its own`, async (t) => {
    await withDatabase(dialect, async (db) => {
      const ids: Record<string, string> = {};
      for (const owner of ['node-a:100-aaaa', 'node-b:200-bbbb', 'node-a2:300-cccc', 'node_a:400-dddd']) {
        ids[owner] = await enqueueDue({ db, kind: 'send-mail', payload: { owner } });
        await db.models.Job.update(
          { status: 'running', lockedBy: owner, lockedUntil: new Date(Date.now() + 60_000), attempts: 1 },
          { where: { id: ids[owner] } },
        );
      }
      t.is(await reclaimNodeJobs({ db, nodeId: 'node-a', now: new Date() }), 1);
      const due = await claimDueJobs({ db, now: new Date(), limit: 10, owner: 'node-a:101-eeee', leaseMs: 15_000 });
      t.deepEqual(
        due.map((job) => job.id),
        [ids['node-a:100-aaaa']],
        'no other node (not even one whose name starts alike) loses its job',
      );

      if (dialect === 'postgres') {
        // the runner does it at start: node-b restarts and finishes its job at once, not after the lease
        let ran = false;
        const runner = createJobRunner({
          queue: openJobQueue(db),
          clock: systemClock,
          logger: silent,
          nodeId: 'node-b',
          handlers: {
            'send-mail': {
              maxAttempts: 3,
              perform: async () => {
                ran = true;
              },
            },
          },
        });
        runner.start();
        t.true(await runner.settled(ids['node-b:200-bbbb']!, 10_000), 'the restarted node-b finished its job');
        await runner.stop();
        t.true(ran);
        t.is(
          (await db.models.Job.findByPk(ids['node-a2:300-cccc']!, { raw: true }))!.status,
          'running',
          'node-a2 keeps its lease',
        );
      }
    });
  });

  it(
    `${dialect}: work waiting for a TSA says so and since when, backs off at most the cap, and ` +
      `wakes when a TSA answers`,
    async (t) => {
      await withDatabase(dialect, async (db) => {
        const seal = await enqueueDue({ db, kind: 'seal-document', payload: { documentId: 'doc-1' } });
        const stamp = await enqueueDue({
          db,
          kind: 'timestamp-event',
          payload: { eventId: 'e1', documentId: 'doc-1' },
        });
        const other = await enqueueDue({ db, kind: 'seal-document', payload: { documentId: 'doc-2' } });
        const mail = await enqueueDue({ db, kind: 'send-mail', payload: { to: 'x' } });
        t.deepEqual(await describeSealBacklog({ db }), { documents: 0, since: null });

        const first = new Date('2030-01-01T10:00:00.000Z');
        const owner = 'n:1-a';
        const fail = async (jobId: string, now: Date, attempts: number, waitingFor?: string) => {
          await db.models.Job.update({ status: 'running', lockedBy: owner, attempts }, { where: { id: jobId } });
          return failJob({
            db,
            jobId,
            now,
            attempts,
            error: 'timestamp_unavailable: no TSA answered',
            maxAttempts: Number.POSITIVE_INFINITY,
            owner,
            waitingFor,
            maxBackoffMs: 60_000,
          });
        };
        t.is(await fail(seal, first, 1, WAITING_FOR_TIMESTAMP_AUTHORITY), 'retry');
        t.is(await fail(stamp, new Date(first.getTime() + 5000), 1, WAITING_FOR_TIMESTAMP_AUTHORITY), 'retry');
        t.is(await fail(other, new Date(first.getTime() + 9000), 1, WAITING_FOR_TIMESTAMP_AUTHORITY), 'retry');
        t.is(await fail(mail, first, 1), 'retry');
        // much later, after many attempts: the wait still counts from its start, the backoff stays at the cap
        const later = new Date(first.getTime() + 3_600_000);
        t.is(await fail(seal, later, 40, WAITING_FOR_TIMESTAMP_AUTHORITY), 'retry');
        t.is(await fail(stamp, new Date(later.getTime() + 5000), 41, WAITING_FOR_TIMESTAMP_AUTHORITY), 'retry');
        t.is(await fail(other, new Date(later.getTime() + 9000), 42, WAITING_FOR_TIMESTAMP_AUTHORITY), 'retry');
        const row = (await db.models.Job.findByPk(seal, { raw: true }))!;
        t.is(row.waitingFor, WAITING_FOR_TIMESTAMP_AUTHORITY);
        t.is(new Date(row.waitingSince!).toISOString(), first.toISOString(), 'waiting since the first failure');
        t.is(new Date(row.runAt).getTime() - later.getTime(), 60_000, 'the next attempt is at most a minute away');
        t.is((await db.models.Job.findByPk(mail, { raw: true }))!.waitingFor, null, 'mail waits for no TSA');

        t.deepEqual(
          await describeSealBacklog({ db }),
          { documents: 2, since: first },
          'two documents, since the first failure',
        );

        // a TSA answered (here or on another node): the waiting jobs are due now, the rest keep their time
        const answered = new Date(later.getTime() + 10_000);
        t.is(await wakeWaitingJobs({ db, waitingFor: WAITING_FOR_TIMESTAMP_AUTHORITY, now: answered }), 3);
        const due = await claimDueJobs({
          db,
          now: answered,
          limit: 10,
          owner,
          leaseMs: 15_000,
          kinds: ['seal-document', 'timestamp-event'],
        });
        t.deepEqual(due.map((job) => job.id).sort(), [seal, stamp, other].sort());
        for (const job of due) t.true(await completeJob({ db, jobId: job.id, now: answered, owner }));
        t.deepEqual(
          await describeSealBacklog({ db }),
          { documents: 0, since: null },
          'nothing waits once they ran through',
        );
        t.is((await db.models.Job.findByPk(seal, { raw: true }))!.waitingSince, null);
      });
    },
  );
}
