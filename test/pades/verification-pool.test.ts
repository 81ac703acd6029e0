import test, { type ExecutionContext } from 'ava';
import { createHash } from 'node:crypto';
import { createDocumentVerifier, verifyDocument } from '../../server/domain/verify-document.js';
import { VerificationPool } from '../../server/pades/verification-pool.js';
import { pemToDerList } from '../../server/crypto/pem.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { targetPdf } from '../helpers/attack-target.js';
import { poll } from '../helpers/poll.js';
import { appendRevision } from '../../scripts/lib/pdf-forge.js';

const { appliance } = useAppliance(test, { jobs: false, admin: false });
let rootPem: string;
let sealed: Buffer;

test.before(async () => {
  rootPem = appliance.sealer.rootCertificatePem();
  sealed = (await appliance.sealer.sealBytes({ input: targetPdf(), level: 'B-LTA' })).output;
});

/** The sealed sample handed to `pool`, trusting this appliance's root. */
function verifySealed(pool: VerificationPool) {
  return pool.verify({ bytes: sealed, trustAnchors: pemToDerList(rootPem) });
}

/** `attempt` is refused at once with 503 verification_busy. */
async function assertBusy(t: ExecutionContext, attempt: Promise<unknown>, message?: string): Promise<void> {
  const error = (await t.throwsAsync(attempt)) as { code?: string; status?: number };
  t.is(error.code, 'verification_busy', message);
  t.is(error.status, 503);
}

/**
 * Runs `use` with a pool of one worker that spins forever on every file (the pool must stop it at its time limit),
 * and closes the pool after.
 */
async function withStuckPool(
  options: { timeoutMs: number; maxQueue: number },
  use: (pool: VerificationPool) => Promise<void>,
): Promise<void> {
  const workerScript = new URL('../fixtures/workers/stuck-worker.mjs', import.meta.url);
  const pool = new VerificationPool({ workers: 1, ...options, workerScript });
  try {
    await use(pool);
  } finally {
    await pool.close();
  }
}

test('a worker gives the same report as verifying in this thread', async (t) => {
  const verifier = createDocumentVerifier({ workers: 2, timeoutMs: 30_000, maxQueue: 8 });
  try {
    const [inWorker, again] = await Promise.all([
      verifier.verify({ bytes: sealed, trustAnchorsPem: rootPem }),
      verifier.verify({ bytes: sealed, trustAnchorsPem: rootPem }),
    ]);
    const inThread = verifyDocument({ bytes: sealed, trustAnchorsPem: rootPem });
    t.is(inWorker.status, 'passed');
    t.deepEqual({ ...inWorker, checkedAt: '' }, { ...inThread, checkedAt: '' });
    t.is(again.sha256, inThread.sha256);
  } finally {
    await verifier.close();
  }
});

test(
  "unreadable input is refused as in this thread (422 with the reader's code), and the worker " + 'lives on',
  async (t) => {
    const verifier = createDocumentVerifier({ workers: 1, timeoutMs: 30_000, maxQueue: 8 });
    try {
      const error = await t.throwsAsync(
        verifier.verify({ bytes: Buffer.from('not a pdf at all'), trustAnchorsPem: rootPem }),
      );
      t.is((error as { status?: number }).status, 422);
      t.is((error as { code?: string }).code, 'not_a_pdf');
      t.is((await verifier.verify({ bytes: sealed, trustAnchorsPem: rootPem })).status, 'passed');
    } finally {
      await verifier.close();
    }
  },
);

test('a file over a limit is indeterminate with the reason, not a long computation', async (t) => {
  const verifier = createDocumentVerifier({ workers: 1, timeoutMs: 30_000, maxQueue: 8, limits: { maxObjects: 5 } });
  try {
    const tampered = appendRevision(sealed, { objects: { 4: '<< /Length 0 >>' } });
    const report = await verifier.verify({ bytes: tampered, trustAnchorsPem: rootPem });
    t.is(report.status, 'indeterminate');
    t.true(report.problems.some((problem) => problem.code === 'verification_limit'));
  } finally {
    await verifier.close();
  }
});

test(
  'a worker that overruns its time is stopped: the file is indeterminate, and the event loop ' + 'never waited',
  async (t) => {
    await withStuckPool({ timeoutMs: 700, maxQueue: 4 }, async (stuck) => {
      let ticks = 0;
      const timer = setInterval(() => (ticks += 1), 50);
      const report = await verifySealed(stuck);
      clearInterval(timer);
      t.is(report.status, 'indeterminate');
      t.regex(report.problems[0].message, /longer than 700 ms/);
      t.is(report.sha256, createHash('sha256').update(sealed).digest('hex'));
      t.true(ticks >= 5, `the event loop kept running while the worker spun (${ticks} ticks)`);
    });
  },
);

test('with no queue, a file is still verified when a worker is free, and refused only while none is', async (t) => {
  await withStuckPool({ timeoutMs: 1500, maxQueue: 0 }, async (stuck) => {
    const first = verifySealed(stuck);
    await assertBusy(t, verifySealed(stuck), 'the only worker is taken by the first file');
    t.is(stuck.waiting, 0);
    t.is((await first).status, 'indeterminate', 'the first file had the free worker');
    t.is((await verifySealed(stuck)).status, 'indeterminate', 'free again');
  });
});

test('a full queue answers 503 verification_busy at once instead of piling up work', async (t) => {
  await withStuckPool({ timeoutMs: 1500, maxQueue: 1 }, async (stuck) => {
    const first = verifySealed(stuck);
    const second = verifySealed(stuck);
    // each call hashes its file before it queues: wait until the first runs and the second waits
    await poll('the second verification to wait', 5000, async () => (stuck.waiting >= 1 ? true : undefined), 10);
    t.is(stuck.waiting, 1);
    await assertBusy(t, verifySealed(stuck));
    t.is((await first).status, 'indeterminate');
    t.is((await second).status, 'indeterminate');
  });
});
