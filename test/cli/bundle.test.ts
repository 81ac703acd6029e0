import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/cli.js';
import { runProcess, tempDir } from '../helpers/external-tool.js';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';

/**
 * The esbuild bundle that `bin/segl.js` runs (and the image ships) works as the sources do: the native SQLite
 * binding and the PostgreSQL driver load from node_modules, fonts, portal assets and pdf.js files are found where
 * the tsc build keeps them. Other CLI tests run the sources through tsx; this one runs what operators run.
 */
const BUNDLE = join(REPO_ROOT, 'dist', 'bundle', 'segl.js');
const built = existsSync(BUNDLE);
if (!built) {
  if (process.env.CI === 'true')
    throw new Error('dist/bundle is missing: npm ci (prepare) or npm run build must build it');
  process.stderr.write('\n!!! SKIPPING bundle tests: run `npm run build` first\n\n');
}

const segl = (args: string[], env: Record<string, string> = {}) =>
  runProcess(process.execPath, [join(REPO_ROOT, 'bin', 'segl.js'), ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    timeoutMs: 120_000,
  });

(built ? test : test.skip)('seal, verify, backup and restore run from the bundle', async (t) => {
  const work = tempDir('segl-bundle-');
  const data = join(work, 'data');
  writeFileSync(join(work, 'in.pdf'), await createSamplePdf({ pages: 3, title: 'Bundle' }));
  const help = await segl(['--help']);
  t.is(help.code, 0);
  t.regex(help.stdout, /backup --out FILE/);
  const sealed = await segl(['--data', data, 'seal', join(work, 'in.pdf'), join(work, 'out.pdf')]);
  t.is(sealed.code, 0, sealed.stderr);
  const verified = await segl(['--data', data, 'verify', join(work, 'out.pdf'), '--json']);
  t.is(verified.code, 0, verified.stderr);
  t.is(JSON.parse(verified.stdout).level, 'B-LTA');
  const backup = await segl(['--data', data, 'backup', '--out', join(work, 'b.tar'), '--include-kek']);
  t.is(backup.code, 0, backup.stderr);
  const restored = await segl(['--data', join(work, 'restored'), 'restore', join(work, 'b.tar'), '--json']);
  t.is(restored.code, 0, restored.stderr);
  t.deepEqual(JSON.parse(restored.stdout).check.problems, []);
});

(built ? test : test.skip)('serve from the bundle answers health, pages, portal assets and pdf.js', async (t) => {
  const data = tempDir('segl-bundle-serve-');
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'segl.js'), '--data', data, 'serve'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', SEGL_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let stderr = '';
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 60_000);
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        const match = /Segl is running at (http:\/\/\S+)/.exec(stderr);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!.replace('localhost', '127.0.0.1'));
        }
      });
    });
    t.is((await fetch(`${url}/healthz`)).status, 200);
    const page = await (await fetch(`${url}/verify`)).text();
    const script = /src="(\/portal-assets\/[^"]+\.js)"/.exec(page)?.[1];
    t.truthy(script, 'the portal page names its bundle');
    t.is((await fetch(`${url}${script}`)).status, 200);
    const signing = await (await fetch(`${url}/s/not-a-real-token`)).text();
    const pdfjs = /(\/portal-assets\/pdfjs\/[^"']+\.mjs)/.exec(signing)?.[1];
    t.truthy(pdfjs, 'the signing page names pdf.js');
    t.is((await fetch(`${url}${pdfjs}`)).status, 200);
    const login = await (await fetch(`${url}/login`)).text();
    const authScript = /src="(\/portal-assets\/auth-[^"]+\.js)"/.exec(login)?.[1];
    t.truthy(authScript, 'the login page names its bundle');
    t.is((await fetch(`${url}${authScript}`)).status, 200);
    const app = await (await fetch(`${url}/app`)).text();
    const pdfjsForPreview = /data-pdfjs="\/portal-assets\/pdfjs\/pdf-[0-9a-f]{16}\.mjs"/;
    t.regex(app, pdfjsForPreview, 'the staff app names pdf.js for its preview');
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
});
