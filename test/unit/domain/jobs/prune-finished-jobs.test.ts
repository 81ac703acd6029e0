import test from 'ava';
import { startTestAppliance } from '../../../helpers/appliance.js';
import { completeJob, enqueueJob, pruneFinishedJobs } from '../../../../server/domain/jobs/job-queue.js';

test('finished jobs older than the cut-off go, in batches; queued, running and recent ones stay', async (t) => {
  const appliance = await startTestAppliance({ jobs: false });
  try {
    const { db } = appliance.deps;
    const day = 24 * 60 * 60 * 1000;
    const now = new Date();
    const old = new Date(now.getTime() - 10 * day);
    const ids: Record<string, string> = {};
    for (const name of ['oldDone1', 'oldDone2', 'oldDone3', 'oldFailed', 'recentDone', 'oldQueued', 'oldRunning']) {
      ids[name] = (await enqueueJob({ db, kind: 'timestamp-event', payload: { eventId: name }, runAt: old }))!;
    }
    const enqueueOldSeal = async (documentId: string) =>
      (await enqueueJob({
        db,
        kind: 'seal-document',
        payload: { documentId },
        dedupeKey: `seal:${documentId}`,
        runAt: old,
      }))!;
    // a given-up seal stays: cancelDocument reads it to know the sender may withdraw the document
    ids.oldFailedSeal = await enqueueOldSeal('d1');
    await db.models.Job.update({ status: 'failed' }, { where: { id: ids.oldFailedSeal } });
    ids.oldDoneSeal = await enqueueOldSeal('d2');
    await completeJob({ db, jobId: ids.oldDoneSeal, now });
    for (const name of ['oldDone1', 'oldDone2', 'oldDone3', 'recentDone'])
      await completeJob({ db, jobId: ids[name]!, now });
    await db.models.Job.update({ status: 'failed' }, { where: { id: ids.oldFailed! } });
    await db.models.Job.update({ status: 'running' }, { where: { id: ids.oldRunning! } });
    // age every job but the recent one (in SQL: Sequelize stamps updatedAt with the real time on every update)
    await db.sequelize.query('UPDATE jobs SET updated_at = ? WHERE id IN (?)', {
      replacements: [
        old,
        Object.entries(ids)
          .filter(([name]) => name !== 'recentDone')
          .map(([, id]) => id),
      ],
    });

    t.is(
      await pruneFinishedJobs({ db, olderThan: new Date(now.getTime() - 7 * day), batch: 2 }),
      5,
      'a finished seal goes too; only a given-up one stays',
    );
    const left = (await db.models.Job.findAll({ attributes: ['id'], raw: true })).map((row) => row.id).sort();
    t.deepEqual(left, [ids.recentDone!, ids.oldQueued!, ids.oldRunning!, ids.oldFailedSeal!].sort());
    t.is(
      (await db.models.Job.findByPk(ids.oldFailedSeal!, { raw: true }))?.documentId,
      'd1',
      'jobs about a document name it',
    );
    t.is(
      await pruneFinishedJobs({ db, olderThan: new Date(now.getTime() - 7 * day) }),
      0,
      'a second run has nothing to do',
    );
  } finally {
    await appliance.close();
  }
});
