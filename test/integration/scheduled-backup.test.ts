import test from 'ava';
import { readdirSync, writeFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { startTestAppliance } from '../helpers/appliance.js';
import { createMutableClock } from '../helpers/staff.js';
import { tempDir } from '../helpers/external-tool.js';
import { poll } from '../helpers/poll.js';
import { scheduledBackupRun } from '../../server/jobs/scheduled-backup.js';
import { lastBackup } from '../../server/domain/backup/backup-record.js';
import { checkBackup } from '../../server/domain/backup/check-backup.js';
import { createLogger } from '../../server/lib/logger.js';
import { loadConfig } from '../../server/lib/config.js';

const logger = createLogger({ level: 'silent' });
const backupsIn = (dir: string) =>
  readdirSync(dir)
    .filter((n) => /^segl-backup-\d{8}T\d{6}Z\.tar$/.test(n))
    .sort();

test(
  'scheduled backups go to SEGL_BACKUP_DIR without the KEK, the newest SEGL_BACKUP_KEEP are ' + 'kept, leftovers go',
  async (t) => {
    const backupDir = tempDir('segl-scheduled-');
    const clock = createMutableClock(new Date('2031-03-01T01:00:00Z'));
    const appliance = await startTestAppliance({
      jobs: false,
      clock,
      env: { SEGL_BACKUP_DIR: backupDir, SEGL_BACKUP_KEEP: '2' },
    });
    try {
      const { config, archive } = appliance.deps;
      writeFileSync(join(backupDir, 'operator-notes.txt'), 'not a backup: never touched');
      const leftover = join(backupDir, 'segl-backup-20310101T010000Z.tar.partial-1-abc');
      writeFileSync(leftover, 'half');
      utimesSync(leftover, new Date('2030-01-01'), new Date('2030-01-01'));
      for (let i = 0; i < 3; i += 1) {
        t.is(await scheduledBackupRun({ config, archive, clock, logger, holder: 'node-a' }), 'done');
        clock.advance(60 * 60_000);
      }
      t.deepEqual(backupsIn(backupDir), ['segl-backup-20310301T020000Z.tar', 'segl-backup-20310301T030000Z.tar']);
      t.deepEqual(
        readdirSync(backupDir).filter((n) => !backupsIn(backupDir).includes(n)),
        ['operator-notes.txt'],
      );
      const newest = await checkBackup({ file: join(backupDir, 'segl-backup-20310301T030000Z.tar') });
      t.false(newest.manifest.kek.included);
      t.is(newest.kekText, undefined);
      t.is((await lastBackup({ db: archive.db }))?.at, '2031-03-01T03:00:00.000Z');
    } finally {
      await appliance.close();
    }
  },
);

test('of two appliances on one database firing at once, one takes the backup', async (t) => {
  const backupDir = tempDir('segl-scheduled-two-');
  const clock = createMutableClock(new Date('2031-03-02T01:00:00Z'));
  const appliance = await startTestAppliance({ jobs: false, clock, env: { SEGL_BACKUP_DIR: backupDir } });
  try {
    const { config, archive } = appliance.deps;
    const outcomes = await Promise.all([
      scheduledBackupRun({ config, archive, clock, logger, holder: 'node-a' }),
      scheduledBackupRun({ config, archive, clock, logger, holder: 'node-b' }),
    ]);
    t.deepEqual(outcomes.sort(), ['done', 'skipped']);
    clock.advance(20_000);
    t.is(
      await scheduledBackupRun({ config, archive, clock, logger, holder: 'node-b' }),
      'skipped',
      'a moment later the finished run still holds it',
    );
    clock.advance(24 * 60 * 60_000);
    t.is(
      await scheduledBackupRun({ config, archive, clock, logger, holder: 'node-b' }),
      'done',
      'the next day the other node may',
    );
    t.is(backupsIn(backupDir).length, 2);
  } finally {
    await appliance.close();
  }
});

test('SEGL_BACKUP_SCHEDULE runs backups from the appliance itself', async (t) => {
  const backupDir = tempDir('segl-scheduled-cron-');
  const appliance = await startTestAppliance({
    env: { SEGL_BACKUP_DIR: backupDir, SEGL_BACKUP_SCHEDULE: '* * * * * *' },
  });
  try {
    await poll('a scheduled backup', 30_000, async () => (backupsIn(backupDir).length ? true : undefined));
    t.is(backupsIn(backupDir).length, 1);
  } finally {
    await appliance.close();
  }
});

test('backup settings are checked', (t) => {
  t.throws(() => loadConfig({ env: { SEGL_BACKUP_SCHEDULE: 'every night' } }), { message: /SEGL_BACKUP_SCHEDULE/ });
  t.throws(() => loadConfig({ env: { SEGL_BACKUP_KEEP: '0' } }), { message: /SEGL_BACKUP_KEEP/ });
  t.throws(() => loadConfig({ env: { SEGL_METRICS_ALLOW: '10.0.0.0/33' } }), { message: /SEGL_METRICS_ALLOW/ });
  t.throws(() => loadConfig({ env: { SEGL_METRICS_TOKEN: 'short' } }), { message: /SEGL_METRICS_TOKEN/ });
  const config = loadConfig({ env: {}, dataDir: '/srv/segl' });
  t.is(config.backupSchedule, null);
  t.is(config.backupDir, '/srv/segl/backups');
  t.is(config.backupKeep, 7);
});
