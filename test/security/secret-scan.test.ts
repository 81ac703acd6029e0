import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { scanTrackedFiles } from '../../scripts/security/secret-scan.js';

/** No private key, KEK or live token is committed: the files git tracks are scanned on every run. */

const root = resolve(import.meta.dirname, '../..');

test('the repository holds no committed secrets', (t) => {
  const list = JSON.parse(readFileSync(join(root, 'config/secret-scan-allow.json'), 'utf8')) as {
    allow: { path: string; kind: string; why: string }[];
  };
  for (const entry of list.allow) t.truthy(entry.why, `${entry.path}: say why it may hold a ${entry.kind}`);
  const findings = scanTrackedFiles({ root, allow: list.allow });
  t.deepEqual(
    findings.map((f) => `${f.path}:${f.line} ${f.kind}`),
    [],
  );
});

test('the scan finds keys, KEKs and tokens in tracked files, and key files by name', (t) => {
  const repo = mkdtempSync(join(tmpdir(), 'segl-scan-'));
  t.teardown(() => rmSync(repo, { recursive: true, force: true }));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.org', '-c', 'user.name=t', ...args], { cwd: repo });
  git('init', '-q');
  // the secrets are made here, at run time, so that this test file does not hold any
  const pem = ['-----BEGIN', 'PRIVATE KEY-----'].join(' ');
  const pgp = ['-----BEGIN PGP', 'PRIVATE KEY BLOCK-----'].join(' ');
  mkdirSync(join(repo, 'config'));
  writeFileSync(join(repo, 'seal.txt'), `${pem}\nMIIB\n`);
  writeFileSync(join(repo, 'pgp.asc'), `${pgp}\n`);
  writeFileSync(
    join(repo, 'config/prod.env'),
    `SEGL_KEK=${randomBytes(32).toString('base64')}\nSEGL_KEK_NEXT=${randomBytes(32).toString('hex')}\n`,
  );
  writeFileSync(join(repo, 'client.ts'), `const token = 'segl_${randomBytes(32).toString('base64url')}';\n`);
  writeFileSync(join(repo, 'ci.yml'), `token: ${'gh' + 'p_'}${'a'.repeat(36)}\naws: ${'AK' + 'IA'}${'B'.repeat(16)}\n`);
  writeFileSync(join(repo, 'kek'), randomBytes(32));
  writeFileSync(join(repo, 'seal.p12'), randomBytes(64));
  writeFileSync(join(repo, 'clean.ts'), "const example = 'segl_...'; // SEGL_KEK= placeholder\n");
  git('add', '.');
  const allowed = scanTrackedFiles({ root: repo, allow: [{ path: 'seal.p12', kind: 'file name' }] }).map((f) => f.path);
  t.false(allowed.includes('seal.p12'), 'an allowed fixture is not reported');
  const kinds = scanTrackedFiles({ root: repo })
    .map((f) => `${f.path} ${f.kind}`)
    .sort();
  t.deepEqual(kinds, [
    'ci.yml AWS access key',
    'ci.yml GitHub token',
    'client.ts Segl API token',
    'config/prod.env key-encryption key',
    'config/prod.env key-encryption key',
    'kek file name',
    'pgp.asc OpenPGP private key',
    'seal.p12 file name',
    'seal.txt PEM private key',
  ]);
});
