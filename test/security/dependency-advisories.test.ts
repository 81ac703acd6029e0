import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findAdvisoryHits, readAdvisories, readLockedPackages } from '../../scripts/security/dependency-advisories.js';
import { satisfiesRange } from '../../scripts/security/version-range.js';

/**
 * "Automated security checks in new versions": no package that package-lock.json installs may be in a range of
 * the advisory list the project keeps (config/advisories.json); where the registry answers `npm audit`, its high
 * and critical findings fail too.
 */

const root = resolve(import.meta.dirname, '../..');
const advisoriesPath = join(root, 'config/advisories.json');

test('no installed package has a known advisory', (t) => {
  const installed = readLockedPackages(join(root, 'package-lock.json'));
  t.true(installed.length > 50, 'the lock file lists the whole tree');
  const hits = findAdvisoryHits({ installed, advisories: readAdvisories(advisoriesPath) });
  t.deepEqual(
    hits.map(
      (h) =>
        `${h.installed.path}@${h.installed.version}: ${h.advisory.id} (${h.advisory.severity}) ${h.advisory.summary}`,
    ),
    [],
  );
});

test('the advisory list is well-formed: ids, packages, readable ranges, severities', (t) => {
  const advisories = readAdvisories(advisoriesPath);
  t.true(advisories.length >= 10);
  for (const advisory of advisories) {
    t.regex(advisory.id, /^(CVE-\d{4}-\d{4,}|GHSA(-[23456789cfghjmpqrvwx]{4}){3})$/, advisory.id);
    t.regex(advisory.package, /^(@[a-z0-9._-]+\/)?[a-z0-9._-]+$/, advisory.id);
    t.true(['low', 'moderate', 'high', 'critical'].includes(advisory.severity), advisory.id);
    t.notThrows(() => satisfiesRange('1.0.0', advisory.vulnerable), `${advisory.id}: ${advisory.vulnerable}`);
  }
});

test('the check catches a vulnerable version, nested copies included', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'segl-lock-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const lock = join(dir, 'package-lock.json');
  writeFileSync(
    lock,
    JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { name: 'x', version: '1.0.0' },
        'node_modules/pdfjs-dist': { version: '5.6.205' },
        'node_modules/a/node_modules/pdfjs-dist': { version: '4.1.392' },
        'node_modules/@scope/openpgp-like': { version: '6.0.0' },
        'node_modules/openpgp': { version: '6.1.0' },
        'node_modules/linked': { link: true },
      },
    }),
  );
  const hits = findAdvisoryHits({ installed: readLockedPackages(lock), advisories: readAdvisories(advisoriesPath) });
  t.deepEqual(hits.map((h) => `${h.installed.path} ${h.advisory.id}`).sort(), [
    'node_modules/a/node_modules/pdfjs-dist CVE-2024-4367',
    'node_modules/openpgp CVE-2025-47934',
  ]);
});

test('version ranges: comparators, AND, OR, prereleases', (t) => {
  const table: [string, string, boolean][] = [
    ['1.2.3', '<1.2.4', true],
    ['1.2.4', '<1.2.4', false],
    ['1.2.4', '<=1.2.4', true],
    ['2.0.0', '>=1.0.0 <2.0.0', false],
    ['1.9.9', '>=1.0.0 <2.0.0', true],
    ['6.1.0', '>=5.0.0 <5.11.3 || >=6.0.0-alpha.0 <6.1.1', true],
    ['6.1.1', '>=5.0.0 <5.11.3 || >=6.0.0-alpha.0 <6.1.1', false],
    ['6.0.0-beta.2', '>=6.0.0-alpha.0 <6.1.1', true],
    ['6.0.0', '>6.0.0-rc.1', true],
    ['6.0.0-rc.1', '<6.0.0', true],
    ['1.2.3', '1.2.3', true],
    ['1.2.3', '=1.2.4', false],
    ['not-a-version', '<9.0.0', false],
  ];
  for (const [version, range, expected] of table)
    t.is(satisfiesRange(version, range), expected, `${version} in ${range}`);
  t.throws(() => satisfiesRange('1.0.0', '<1.x'));
});

/** `npm audit` against the registry; most of the time here the registry answers no audit requests. */
function npmAudit(): Promise<
  | { ok: true; report: { vulnerabilities?: Record<string, { severity: string; via: unknown[] }> } }
  | { ok: false; why: string }
> {
  return new Promise((resolvePromise) => {
    execFile(
      'npm',
      ['audit', '--json', '--package-lock-only'],
      { cwd: root, timeout: 90_000, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout) => {
        try {
          const report = JSON.parse(stdout) as {
            vulnerabilities?: Record<string, { severity: string; via: unknown[] }>;
            error?: unknown;
            message?: string;
          };
          if (report.vulnerabilities) return resolvePromise({ ok: true, report });
          return resolvePromise({
            ok: false,
            why: report.message ?? JSON.stringify(report.error ?? report).slice(0, 200),
          });
        } catch {
          return resolvePromise({ ok: false, why: error?.message.split('\n')[0] ?? 'no JSON answer' });
        }
      },
    );
  });
}

test('npm audit finds nothing high or critical where the registry answers', async (t) => {
  const audit = await npmAudit();
  if (!audit.ok) {
    t.log(`!!! npm audit did not answer here (${audit.why}); the kept advisory list above is the check`);
    t.pass();
    return;
  }
  const serious = Object.entries(audit.report.vulnerabilities ?? {}).filter(
    ([, v]) => v.severity === 'high' || v.severity === 'critical',
  );
  t.deepEqual(
    serious.map(([name, v]) => `${name}: ${v.severity}`),
    [],
  );
});
