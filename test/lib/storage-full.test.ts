import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Sequelize, UniqueConstraintError } from 'sequelize';
import { isStorageFull } from '../../server/lib/storage-full.js';
import { mountSmallFilesystem } from '../helpers/small-filesystem.js';

/** The errors a full disk really raises, from the file system and from SQLite (through Sequelize), are recognised. */
test.serial(
  'ENOSPC from the file system and SQLITE_FULL through Sequelize are a full disk; other errors are not',
  async (t) => {
    const fs = mountSmallFilesystem(8);
    if (!fs) return t.pass('skipped: no tmpfs');
    const sequelize = new Sequelize({ dialect: 'sqlite', storage: join(fs.dir, 'full.sqlite'), logging: false });
    try {
      await sequelize.query('CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB NOT NULL)');
      fs.leaveFree(0);
      const enospc = t.throws(() => writeFileSync(join(fs.dir, 'more'), Buffer.alloc(64 * 1024)));
      t.is((enospc as NodeJS.ErrnoException).code, 'ENOSPC');
      t.true(isStorageFull(enospc));
      t.true(isStorageFull(new Error('could not store the blob', { cause: enospc })), 'also when wrapped');

      const full = await t.throwsAsync(sequelize.query('INSERT INTO filler (data) VALUES (zeroblob(1048576))'));
      t.regex(String(full?.message), /SQLITE_FULL/);
      t.true(isStorageFull(full));

      const denied = t.throws(() => writeFileSync('/proc/version', 'x'));
      t.false(isStorageFull(denied));
      t.false(isStorageFull(new UniqueConstraintError({ message: 'Validation error' })));
      t.false(isStorageFull(undefined));
      t.false(isStorageFull('ENOSPC'), 'a bare string is no error');
    } finally {
      await sequelize.close();
      fs.makeRoom();
      fs.unmount();
    }
  },
);
