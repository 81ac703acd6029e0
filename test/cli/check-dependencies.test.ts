import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CHECKER = join(import.meta.dirname, '../../scripts/check-dependencies.mjs');

/** Runs the module-map check on a made-up tree: its exit code and what it printed. */
async function check(files: Record<string, string>): Promise<{ code: number; output: string }> {
  const root = await mkdtemp(join(tmpdir(), 'segl-deps-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    const { stdout } = await run(process.execPath, [CHECKER, root]);
    return { code: 0, output: stdout };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? -1, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const model = { 'server/storage/models/user.ts': 'export const User = {};\n' };

test('a tree that follows the map passes', async (t) => {
  const result = await check({
    ...model,
    'server/domain/users/list-users.ts':
      "import { User } from '../../storage/models/user.js';\nexport const f = User;\n",
    'server/http/routes/users.ts': "import { f } from '../../domain/users/list-users.js';\nexport const g = f;\n",
  });
  t.is(result.code, 0, result.output);
  t.regex(result.output, /every import follows/);
});

test('HTTP importing a model, directly or through a re-export of either form, fails', async (t) => {
  for (const shim of [
    "export { User } from '../storage/models/user.js';\n",
    "import { User } from '../storage/models/user.js';\nexport { User };\n",
    "import { User as Model } from '../storage/models/user.js';\nexport { Model as User };\n",
  ]) {
    const result = await check({
      ...model,
      'server/domain/database.ts': shim,
      'server/http/routes/users.ts': "import { User } from '../../domain/database.js';\nexport const g = User;\n",
    });
    t.is(result.code, 1, shim);
    t.regex(
      result.output,
      /server\/http\/routes\/users\.ts imports server\/storage\/models\/user\.ts \(re-exported by/,
    );
  }
  const direct = await check({
    ...model,
    'server/http/routes/users.ts': "import { User } from '../../storage/models/user.js';\nexport const g = User;\n",
  });
  t.is(direct.code, 1);
});

test('sequelize and database handles stay below HTTP, jobs and scripts', async (t) => {
  const packageUse = await check({ 'server/jobs/sweep.ts': "import { Op } from 'sequelize';\nexport const o = Op;\n" });
  t.is(packageUse.code, 1);
  t.regex(packageUse.output, /server\/jobs\/sweep\.ts uses the package sequelize/);
  const handle = await check({
    'scripts/commands/list.ts': 'export const list = (db: any) => db.models.User.findAll();\n',
  });
  t.is(handle.code, 1);
  t.regex(handle.output, /scripts\/commands\/list\.ts:1 reads models or sequelize/);
});

test('a prefix names a folder, not every name that starts like it', async (t) => {
  // server/storage may use server/crypto/envelope-document.ts only: a sibling named like it is another file
  const result = await check({
    'server/crypto/envelope-document.ts': 'export const e = 1;\n',
    'server/crypto/envelope-document.ts.bak/x.ts': 'export const x = 1;\n',
    'server/storage/blob.ts': "import { x } from '../crypto/envelope-document.ts.bak/x.js';\nexport const b = x;\n",
  });
  t.is(result.code, 1);
  t.regex(result.output, /server\/storage\/blob\.ts imports server\/crypto\/envelope-document\.ts\.bak\/x\.ts/);
});

test('a tree without sources fails instead of passing', async (t) => {
  const result = await check({ 'README.md': 'no code here\n' });
  t.is(result.code, 1);
  t.regex(result.output, /nothing was checked/);
});
