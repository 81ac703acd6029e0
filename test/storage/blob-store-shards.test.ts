import test from 'ava';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { tempDir } from '../helpers/external-tool.js';
import { createFileBlobStore } from '../../server/storage/blob-store.js';

/** Deleting the last blob of a shard removes the shard directory: the tree tells nothing of what was deleted. */

test('a shard directory goes with its last blob, and comes back with the next one', async (t) => {
  const dir = tempDir('segl-shards-');
  const store = createFileBlobStore({ dir });
  await store.write({ name: 'ab00000000000001.pgp', source: [Buffer.from('one')] });
  await store.write({ name: 'ab00000000000002.pgp', source: [Buffer.from('two')] });
  await store.remove({ name: 'ab00000000000001.pgp' });
  t.deepEqual(readdirSync(join(dir, 'ab')), ['ab00000000000002.pgp'], 'a shard that still holds a blob stays');
  await store.remove({ name: 'ab00000000000002.pgp' });
  t.false(existsSync(join(dir, 'ab')), 'the empty shard is removed');
  t.deepEqual(readdirSync(dir), []);
  await store.remove({ name: 'ab00000000000002.pgp' });
  await store.write({ name: 'ab00000000000003.pgp', source: [Buffer.from('three')] });
  t.is((await buffer(await store.read({ name: 'ab00000000000003.pgp' }))).toString(), 'three');
});

test('writes and removals racing in one shard never lose a write', async (t) => {
  const dir = tempDir('segl-shards-race-');
  const store = createFileBlobStore({ dir });
  const rounds = 200;
  const names = Array.from({ length: rounds }, (_, i) => `cd${String(i).padStart(14, '0')}.pgp`);
  // each round writes a blob and removes the one before it, so the shard keeps emptying while writes arrive
  await Promise.all(
    names.map(async (name, i) => {
      await store.write({ name, source: [Buffer.from(name)] });
      if (i % 2 === 1) await store.remove({ name });
    }),
  );
  for (const [i, name] of names.entries()) {
    t.is(await store.exists({ name }), i % 2 === 0, name);
    if (i % 2 === 0) t.is((await buffer(await store.read({ name }))).toString(), name);
  }
  for (const [i, name] of names.entries()) if (i % 2 === 0) await store.remove({ name });
  t.false(existsSync(join(dir, 'cd')));
});
