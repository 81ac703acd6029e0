import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { blobDirectory } from '../../server/domain/documents/document-archive.js';
import { REPO_ROOT, hasStackTrace, runSegl } from '../helpers/cli.js';
import { tempDir } from '../helpers/external-tool.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { createMutableClock, enrolThroughLink, signInStaff } from '../helpers/staff.js';

const clock = createMutableClock();
const { appliance } = useAppliance(test, { clock, admin: false });

const cli = (args: string[]) =>
  runSegl(['--data', appliance.dataDir, ...args], { env: { SEGL_PUBLIC_URL: appliance.url } });

test('segl admin create prints a one-time enrolment link that sets password and TOTP', async (t) => {
  const result = await cli(['admin', 'create', '--email', 'Chief@Example.org', '--name', 'Chief Admin']);
  t.is(result.code, 0, result.stderr);
  const link = result.stdout.trim();
  t.regex(link, new RegExp(`^${appliance.url}/enrol/[A-Za-z0-9_-]{40,}$`));
  t.false(hasStackTrace(result.stderr));
  const token = link.split('/').pop()!;

  t.is((await fetch(link)).status, 200);
  const { confirm, staff } = await enrolThroughLink(appliance, clock, token, {
    id: '',
    email: 'chief@example.org',
    name: 'Chief Admin',
    password: 'the chief password',
  });
  t.is(confirm.status, 200);
  const cookie = await signInStaff(appliance, staff, clock);
  const me = await fetch(`${appliance.url}/api/v1/auth/me`, { headers: { Cookie: `segl_session=${cookie}` } });
  t.like(await me.json(), { email: 'chief@example.org', role: 'admin' });

  const duplicate = await cli(['admin', 'create', '--email', 'chief@example.org', '--name', 'Again']);
  t.is(duplicate.code, 2);
  t.regex(duplicate.stderr, /exists/);
  t.false(hasStackTrace(duplicate.stderr));
});

test('segl token create prints a full-scope token once, for any existing user; unknown e-mail exits 2', async (t) => {
  const invited = await cli(['admin', 'create', '--email', 'robot.owner@example.org', '--name', 'Robot Owner']);
  t.is(invited.code, 0, invited.stderr);
  const result = await cli(['token', 'create', '--email', 'robot.owner@example.org', '--name', 'deploy bot']);
  t.is(result.code, 0, result.stderr);
  const token = result.stdout.trim();
  t.regex(token, /^segl_[A-Za-z0-9_-]+$/);
  t.false(result.stderr.includes(token), 'the token appears once, on stdout');
  const me = await fetch(`${appliance.url}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${token}` } });
  t.is(me.status, 200);
  t.like(await me.json(), { email: 'robot.owner@example.org', scopes: ['*'], via: 'token' });

  const unknown = await cli(['token', 'create', '--email', 'nobody@example.org', '--name', 'x']);
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /no user has the e-mail address nobody@example\.org/);
  t.is(unknown.stdout, '');
  t.false(hasStackTrace(unknown.stderr));
});

test('admin and token refuse bad usage with exit 2 and one clear line', async (t) => {
  for (const args of [
    ['admin'],
    ['admin', 'create', '--email', 'x@example.org'],
    ['admin', 'create', '--email', 'not-an-email', '--name', 'X'],
    ['admin', 'create', '--email', 'x@example.org', '--name', 'X', '--role', 'member'],
    ['token', 'list'],
    ['token', 'create', '--name', 'x'],
    ['token', 'create', '--email'],
  ]) {
    const result = await cli(args);
    t.is(result.code, 2, args.join(' '));
    t.regex(result.stderr, /^segl: /, args.join(' '));
    t.false(hasStackTrace(result.stderr));
  }
  const help = await runSegl(['help']);
  t.regex(help.stdout, /admin create --email E --name N/);
  t.regex(help.stdout, /token create --email E --name LABEL/);
});

test('a fresh segl serve prints a one-time setup link while no administrator exists', async (t) => {
  const dataDir = tempDir('segl-serve-');
  // PORT=0: the server takes a free port itself and says where it listens (a port picked here and released would be
  // free for anyone, another test file included, until the child binds it). The public URL is what a proxy in front
  // would answer to: the link must be built from it, not from the address the server listens on.
  const publicUrl = 'http://segl.example.test';
  const env = { ...process.env, PORT: '0', SEGL_PUBLIC_URL: publicUrl, SEGL_LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv;
  delete env.SEGL_DATA_DIR;
  delete env.SEGL_KEK;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/segl.ts', 'serve', '--data', dataDir], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let stderr = '';
    const { url, link } = await new Promise<{ url: string; link: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no setup link within 60 s: ${stderr}`)), 60_000);
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const running = /Segl is running at (http:\/\/\S+)/.exec(stderr);
        const match = /(http\S+\/setup\/[A-Za-z0-9_-]+)/.exec(stderr);
        if (running && match) {
          clearTimeout(timer);
          resolve({ url: running[1].replace('localhost', '127.0.0.1'), link: match[1] });
        }
      });
      child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    });
    t.regex(url, /^http:\/\/127\.0\.0\.1:[1-9]\d*$/, 'it listens on a port of its own choosing');
    t.true(link.startsWith(`${publicUrl}/setup/`), link);
    const token = link.split('/').pop()!;
    t.is((await fetch(`${url}/setup/${token}`)).status, 200);
    const status = await fetch(`${url}/api/v1/setup/status`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    t.deepEqual(await status.json(), { valid: true });
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('close', resolve));
  }
});

test(
  'a CLI command beside a running appliance leaves a blob file without a row alone (an upload ' +
    'may be about to commit it)',
  async (t) => {
    const shard = join(blobDirectory(appliance.dataDir), 'in');
    mkdirSync(shard, { recursive: true });
    const inFlight = join(shard, `inflight${Date.now()}`);
    writeFileSync(inFlight, 'an upload between writing its blob and committing its row');
    const result = await cli(['admin', 'create', '--email', 'beside.server@example.org', '--name', 'Beside Server']);
    t.is(result.code, 0, result.stderr);
    t.true(existsSync(inFlight), 'the tool did not run the start-up storage repair');
    rmSync(inFlight);
  },
);
