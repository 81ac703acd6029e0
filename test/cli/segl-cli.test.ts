import test, { type ExecutionContext } from 'ava';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { REPO_ROOT, hasStackTrace, runSegl, type CliResult } from '../helpers/cli.js';
import { CORPUS_DIR, corpusAvailable } from '../helpers/corpus.js';
import { requireTools, runTool, tempDir } from '../helpers/external-tool.js';
import { scanSignatures } from '../helpers/pdf-signatures.js';

const LEVELS = ['B-B', 'B-T', 'B-LT', 'B-LTA'] as const;
const haveOpenssl = requireTools('openssl');

if (!corpusAvailable()) {
  if (process.env.CI === 'true') throw new Error(`the corpus is missing at ${CORPUS_DIR}`);
  process.stderr.write(`\n!!! SKIPPING corpus-based CLI tests: no corpus at ${CORPUS_DIR}\n\n`);
}
const corpusTest = corpusAvailable() ? test : test.skip;

/** One data directory shared by the tests of this file (initialised once, before they run). */
let dataDir: string;
/** Scratch space: inputs are written here, each test makes its own output folder below it. */
let work: string;
let samplePath: string;
let sampleBytes: Buffer;

test.before(async () => {
  work = tempDir('segl-cli-');
  dataDir = join(work, 'data');
  sampleBytes = Buffer.from(await createSamplePdf({ pages: 2, title: 'CLI sample' }));
  samplePath = join(work, 'sample.pdf');
  writeFileSync(samplePath, sampleBytes);
  const init = await runSegl(['--data', dataDir, 'pki', 'root']);
  if (init.code !== 0) throw new Error(`segl pki root failed: ${init.stderr}`);
});

test.after.always(() => {
  if (work && !process.env.SEGL_KEEP_TEST_FILES) rmSync(work, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const describe = (result: CliResult) =>
  `exit ${result.code} (signal ${result.signal})\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;

function freshDir(name: string): string {
  const dir = join(work, `${name}-${Math.random().toString(36).slice(2, 10)}`);
  mkdirSync(dir);
  return dir;
}

interface Report {
  status: string;
  valid: boolean;
  level: string | null;
  error?: string;
  signatures: { kind: string; status: string; intact: boolean; coversWholeFile: boolean; modifiedAfter: string }[];
  problems: { code: string; message: string }[];
}

async function verifyJson(
  t: ExecutionContext,
  file: string,
  extra: string[] = [],
): Promise<{ result: CliResult; report: Report }> {
  const result = await runSegl(['--data', dataDir, 'verify', file, '--json', ...extra]);
  t.false(hasStackTrace(result.stderr), describe(result));
  let report: Report;
  try {
    report = JSON.parse(result.stdout) as Report;
  } catch {
    t.fail(`verify --json did not print JSON: ${describe(result)}`);
    throw new Error('not JSON');
  }
  return { result, report };
}

/** Seals the sample into a fresh folder; returns the output path. */
async function sealSample(t: ExecutionContext, level?: string): Promise<string> {
  const out = join(freshDir('seal'), 'sealed.pdf');
  const result = await runSegl(['--data', dataDir, 'seal', samplePath, out, ...(level ? ['--level', level] : [])]);
  t.is(result.code, 0, describe(result));
  t.false(hasStackTrace(result.stderr), describe(result));
  t.true(existsSync(out), 'the output is written');
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// seal

test('seal with the default level writes a B-LTA seal that verify --json passes', async (t) => {
  const out = await sealSample(t);
  const { result, report } = await verifyJson(t, out);
  t.is(result.code, 0, describe(result));
  t.is(report.status, 'passed', JSON.stringify(report.problems));
  t.true(report.valid);
  t.is(report.level, 'B-LTA');
  t.deepEqual(
    report.signatures.map((s) => s.kind),
    ['signature', 'doc-timestamp'],
  );
  t.true(report.signatures.every((s) => s.intact && s.status === 'passed'));
});

for (const level of LEVELS) {
  test(`seal --level ${level} gives ${level} in verify --json`, async (t) => {
    const out = await sealSample(t, level);
    const { result, report } = await verifyJson(t, out);
    t.is(result.code, 0, describe(result));
    t.is(report.status, 'passed', JSON.stringify(report.problems));
    t.is(report.level, level);
    const [seal] = report.signatures;
    t.is(seal.kind, 'signature');
    t.is(seal.coversWholeFile, level === 'B-B' || level === 'B-T', 'only LTA material may follow the seal');
    t.is(seal.modifiedAfter, level === 'B-B' || level === 'B-T' ? 'none' : 'lta-updates');
  });
}

test('seal leaves the input as a byte-identical prefix of the output, and the input untouched', async (t) => {
  const before = sha256(readFileSync(samplePath));
  const out = await sealSample(t);
  const sealed = readFileSync(out);
  t.true(sealed.length > sampleBytes.length);
  t.true(sealed.subarray(0, sampleBytes.length).equals(sampleBytes), 'the original bytes are a prefix of the output');
  t.is(sha256(readFileSync(samplePath)), before, 'the input file is unchanged');
  t.deepEqual(readdirSync(join(out, '..')), ['sealed.pdf'], 'no temporary files are left next to the output');
});

test('seal also takes an input with object streams and an xref stream', async (t) => {
  const input = join(freshDir('objstm'), 'in.pdf');
  const bytes = Buffer.from(await createSamplePdf({ pages: 3, objectStreams: true, title: 'Object streams' }));
  writeFileSync(input, bytes);
  const out = join(freshDir('objstm-out'), 'out.pdf');
  const result = await runSegl(['--data', dataDir, 'seal', input, out, '--level', 'B-T']);
  t.is(result.code, 0, describe(result));
  t.true(readFileSync(out).subarray(0, bytes.length).equals(bytes));
  const { report } = await verifyJson(t, out);
  t.is(report.status, 'passed', JSON.stringify(report.problems));
  t.is(report.level, 'B-T');
});

// ---------------------------------------------------------------------------------------------------------------
// refused inputs

const refusals = [
  { file: 'encrypted-userpw-aes256-r6.pdf', about: /encrypt|password/i },
  { file: 'encrypted-userpw-rc4-libreoffice.pdf', about: /encrypt|password/i },
  { file: 'encrypted-pubkey-certificate.pdf', about: /encrypt|password|security/i },
  { file: 'hostile-not-a-pdf-5-bytes.pdf', about: /pdf/i },
  { file: 'certified-docmdp-p1-no-changes.pdf', about: /certif/i },
];

for (const { file, about } of refusals) {
  corpusTest(`seal refuses ${file}: exit 2, one clear line with the code, no output, no temp files`, async (t) => {
    const input = join(CORPUS_DIR, file);
    const before = sha256(readFileSync(input));
    const outDir = freshDir('refused');
    const out = join(outDir, 'out.pdf');
    const result = await runSegl(['--data', dataDir, 'seal', input, out]);
    t.is(result.code, 2, describe(result));
    t.false(hasStackTrace(result.stderr), `no stack trace: ${result.stderr}`);
    const lines = result.stderr.trimEnd().split('\n');
    t.is(lines.length, 1, `one line on stderr: ${result.stderr}`);
    t.regex(lines[0], /\[[a-z][a-z0-9_]*\]/, 'the stable error code in brackets');
    t.regex(lines[0], about);
    t.notRegex(lines[0], /unexpected error/);
    t.is(result.stdout, '');
    t.false(existsSync(out), 'no output file');
    t.deepEqual(readdirSync(outDir), [], 'no temporary files in the output folder');
    t.is(sha256(readFileSync(input)), before, 'the input is untouched');
  });
}

test('openapi prints the API document; a reader that stops early (| head) is no error, no stack trace', async (t) => {
  const result = await runSegl(['--data', dataDir, 'openapi']);
  t.is(result.code, 0, describe(result));
  const document = JSON.parse(result.stdout);
  t.is(document.openapi, '3.1.0');
  const extra = await runSegl(['--data', dataDir, 'openapi', 'extra']);
  t.is(extra.code, 2, describe(extra));
  t.regex(extra.stderr, /usage: segl openapi/);
  t.false(hasStackTrace(extra.stderr), extra.stderr);
  t.truthy(document.paths['/api/v1/documents/{id}']?.get, 'the staff routes are in it');
  const script =
    'set -o pipefail; node --import tsx scripts/segl.ts --data "$0" openapi 2>"$0/openapi.err" | head -c 9';
  const piped = spawnSync('bash', ['-c', script, dataDir], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  const stderr = readFileSync(join(dataDir, 'openapi.err'), 'utf8');
  t.is(piped.status, 0, stderr);
  t.false(hasStackTrace(stderr), stderr);
});

test('seal refuses a text file named .pdf without a stack trace', async (t) => {
  const dir = freshDir('text');
  const input = join(dir, 'notes.pdf');
  writeFileSync(input, 'these are just notes, not a PDF\n');
  const outDir = freshDir('text-out');
  const result = await runSegl(['--data', dataDir, 'seal', input, join(outDir, 'out.pdf')]);
  t.is(result.code, 2, describe(result));
  t.false(hasStackTrace(result.stderr));
  t.regex(result.stderr, /^segl: .*\[[a-z][a-z0-9_]*\]\n$/);
  t.deepEqual(readdirSync(outDir), []);
});

test(
  'seal into a folder that does not exist, or onto a folder, fails with one line and leaves ' + 'no temp file',
  async (t) => {
    const parent = freshDir('no-folder');
    const missing = await runSegl(['--data', dataDir, 'seal', samplePath, join(parent, 'absent', 'out.pdf')]);
    t.is(missing.code, 2, describe(missing));
    t.false(hasStackTrace(missing.stderr), describe(missing));
    t.is(missing.stderr.trimEnd().split('\n').length, 1, missing.stderr);

    const target = join(parent, 'a-folder');
    mkdirSync(target);
    const ontoFolder = await runSegl(['--data', dataDir, 'seal', samplePath, target]);
    t.is(ontoFolder.code, 2, describe(ontoFolder));
    t.false(hasStackTrace(ontoFolder.stderr), describe(ontoFolder));
    t.is(ontoFolder.stderr.trimEnd().split('\n').length, 1, ontoFolder.stderr);
    t.deepEqual(readdirSync(parent), ['a-folder'], 'no temporary file is left beside the target');
    t.deepEqual(readdirSync(target), []);
  },
);

// ---------------------------------------------------------------------------------------------------------------
// verify

test('verify of a non-PDF exits 2; with --json it prints status "unreadable"', async (t) => {
  const file = join(freshDir('nonpdf'), 'hello.pdf');
  writeFileSync(file, 'hello, world\n');
  const plain = await runSegl(['--data', dataDir, 'verify', file]);
  t.is(plain.code, 2, describe(plain));
  t.false(hasStackTrace(plain.stderr));
  t.regex(plain.stderr, /\[[a-z][a-z0-9_]*\]/);

  const { result, report } = await verifyJson(t, file);
  t.is(result.code, 2, describe(result));
  t.is(report.status, 'unreadable');
  t.false(report.valid);
  t.is(typeof report.error, 'string');
});

test('verify of an unsigned PDF is not "passed" and exits 1', async (t) => {
  const { result, report } = await verifyJson(t, samplePath);
  t.is(result.code, 1, describe(result));
  t.not(report.status, 'passed');
  t.false(report.valid);
});

test('verify of a sealed copy with one byte flipped inside the first signed range exits 1 (failed)', async (t) => {
  const out = await sealSample(t, 'B-LTA');
  const sealed = readFileSync(out);
  const [first] = scanSignatures(sealed);
  t.truthy(first, 'the sealed file has a signature');
  // A digit of the creation date in the Info dictionary: same length, so the file stays perfectly readable.
  const at = sealed.indexOf('(D:2026', 0, 'latin1') + 4;
  t.true(at > 4 && at < first.byteRange[1], 'the flipped byte lies in the first signed range');
  const tampered = Buffer.from(sealed);
  tampered[at] ^= 0x01;
  const file = join(freshDir('tampered'), 'tampered.pdf');
  writeFileSync(file, tampered);

  const { result, report } = await verifyJson(t, file);
  t.is(result.code, 1, describe(result));
  t.is(report.status, 'failed');
  t.false(report.valid);
  t.false(report.signatures[0].intact, 'the seal no longer matches its byte range');

  const plain = await runSegl(['--data', dataDir, 'verify', file]);
  t.is(plain.code, 1, describe(plain));
  t.false(hasStackTrace(plain.stderr));
});

test('verify --trust with a root from another data dir exits 1 with status indeterminate', async (t) => {
  const out = await sealSample(t, 'B-T');
  const otherData = join(freshDir('other'), 'data');
  const other = await runSegl(['--data', otherData, 'pki', 'root']);
  t.is(other.code, 0, describe(other));
  const ours = await runSegl(['--data', dataDir, 'pki', 'root']);
  t.not(other.stdout, ours.stdout, 'a different data directory has a different root');
  const trust = join(freshDir('trust'), 'other-root.pem');
  writeFileSync(trust, other.stdout);

  const { result, report } = await verifyJson(t, out, ['--trust', trust]);
  t.is(result.code, 1, describe(result));
  t.is(report.status, 'indeterminate');
  t.false(report.valid);
  t.true(
    report.signatures.every((s) => s.intact),
    'the bytes are intact, only the trust is missing',
  );

  // Trusting our own root explicitly passes.
  const ownTrust = join(freshDir('trust'), 'own-root.pem');
  writeFileSync(ownTrust, ours.stdout);
  const own = await verifyJson(t, out, ['--trust', ownTrust]);
  t.is(own.result.code, 0, describe(own.result));
  t.is(own.report.status, 'passed');
});

// ---------------------------------------------------------------------------------------------------------------
// batch

test('seal --batch seals the good PDFs, refuses the bad one, reports progress and documents/s, exits 2', async (t) => {
  const inDir = freshDir('batch-in');
  for (let i = 1; i <= 3; i += 1) {
    writeFileSync(
      join(inDir, `good-${i}.pdf`),
      await createSamplePdf({ pages: i, objectStreams: i === 2, title: `Batch ${i}` }),
    );
  }
  writeFileSync(join(inDir, 'bad.pdf'), 'not a pdf at all\n');
  writeFileSync(join(inDir, 'readme.txt'), 'not a pdf and not named like one: ignored\n');
  const outDir = join(freshDir('batch-out'), 'sealed');

  const result = await runSegl(['--data', dataDir, 'seal', '--batch', inDir, outDir, '--level', 'B-T']);
  t.is(result.code, 2, describe(result));
  t.false(hasStackTrace(result.stderr), describe(result));
  t.deepEqual(readdirSync(outDir).sort(), ['good-1.pdf', 'good-2.pdf', 'good-3.pdf'], 'three outputs, nothing else');

  const lines = result.stderr.trimEnd().split('\n');
  for (let n = 1; n <= 4; n += 1) {
    t.true(
      lines.some((line) => line.startsWith(`[${n}/4]`)),
      `a progress line [${n}/4]: ${result.stderr}`,
    );
  }
  t.true(
    lines.some((line) => /^\[\d\/4\] bad\.pdf: .*\[[a-z][a-z0-9_]*\]/.test(line)),
    'the refusal names the file and the code',
  );
  t.regex(lines[lines.length - 1], /documents\/s/, 'the last line is the summary');
  t.regex(lines[lines.length - 1], /\b3 of 4\b/);

  for (let i = 1; i <= 3; i += 1) {
    const original = readFileSync(join(inDir, `good-${i}.pdf`));
    const sealedPath = join(outDir, `good-${i}.pdf`);
    t.true(readFileSync(sealedPath).subarray(0, original.length).equals(original), `good-${i}: the input is a prefix`);
    const { result: verified, report } = await verifyJson(t, sealedPath);
    t.is(verified.code, 0, describe(verified));
    t.is(report.level, 'B-T');
  }
});

test('seal --batch of a folder of good PDFs exits 0', async (t) => {
  const inDir = freshDir('batch-ok-in');
  for (let i = 1; i <= 2; i += 1)
    writeFileSync(join(inDir, `doc-${i}.pdf`), await createSamplePdf({ pages: 1, title: `OK ${i}` }));
  const outDir = freshDir('batch-ok-out');
  const result = await runSegl(['--data', dataDir, 'seal', '--batch', inDir, outDir, '--level', 'B-B']);
  t.is(result.code, 0, describe(result));
  t.deepEqual(readdirSync(outDir).sort(), ['doc-1.pdf', 'doc-2.pdf']);
  t.regex(result.stderr, /documents\/s/);
});

// ---------------------------------------------------------------------------------------------------------------
// pki root

const PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n?$/;

(haveOpenssl ? test : test.skip)('pki root prints exactly one PEM certificate that openssl reads', async (t) => {
  const result = await runSegl(['--data', dataDir, 'pki', 'root']);
  t.is(result.code, 0, describe(result));
  t.regex(result.stdout, PEM_CERTIFICATE);
  t.is(result.stdout.match(/BEGIN CERTIFICATE/g)?.length, 1);
  const file = join(freshDir('root'), 'root.pem');
  writeFileSync(file, result.stdout);
  const subject = runTool('openssl', ['x509', '-in', file, '-noout', '-subject'], { timeoutMs: 20_000 });
  t.is(subject.status, 0, subject.stderr);
  t.regex(subject.stdout, /^subject=.*Segl/);
});

test('two `pki root` processes started at once on the same empty data dir print the same certificate', async (t) => {
  const empty = freshDir('race');
  t.deepEqual(readdirSync(empty), []);
  const [a, b] = await Promise.all([
    runSegl(['--data', empty, 'pki', 'root'], { unqueued: true }),
    runSegl(['--data', empty, 'pki', 'root'], { unqueued: true }),
  ]);
  t.is(a.code, 0, describe(a));
  t.is(b.code, 0, describe(b));
  t.regex(a.stdout, PEM_CERTIFICATE);
  t.is(a.stdout, b.stdout);
  // And it is the one that stays: a later start reads the same root.
  const later = await runSegl(['--data', empty, 'pki', 'root']);
  t.is(later.stdout, a.stdout);
  t.false(
    readdirSync(empty).some((name) => name.startsWith('.')),
    `no temporary directories or files left behind: ${readdirSync(empty).join(', ')}`,
  );
});

// ---------------------------------------------------------------------------------------------------------------
// usage

/** `raw` cases give the whole command line; the others get `--data DATA` in front. */
const usageErrors: { name: string; args: (dir: string) => string[]; message: RegExp; raw?: boolean }[] = [
  { name: 'an unknown command', args: () => ['frobnicate'], message: /unknown command/i },
  { name: 'seal with one argument', args: () => ['seal', samplePath], message: /usage|seal/i },
  {
    name: 'seal --level X-Y',
    args: (dir) => ['seal', samplePath, join(dir, 'out.pdf'), '--level', 'X-Y'],
    message: /X-Y/,
  },
  {
    name: 'seal --level without a value',
    args: (dir) => ['seal', samplePath, join(dir, 'out.pdf'), '--level'],
    message: /level/,
  },
  {
    name: 'seal with an unknown option',
    args: (dir) => ['seal', samplePath, join(dir, 'out.pdf'), '--levle', 'B-B'],
    message: /levle/,
  },
  {
    name: 'seal of a missing file',
    args: (dir) => ['seal', join(dir, 'missing.pdf'), join(dir, 'out.pdf')],
    message: /missing\.pdf/,
  },
  {
    name: 'seal --batch of a missing folder',
    args: (dir) => ['seal', '--batch', join(dir, 'nope'), join(dir, 'out')],
    message: /nope/,
  },
  { name: 'verify of a missing file', args: (dir) => ['verify', join(dir, 'missing.pdf')], message: /missing\.pdf/ },
  { name: 'verify without a file', args: () => ['verify'], message: /usage|verify/i },
  {
    name: 'verify --trust of a missing file',
    args: (dir) => ['verify', samplePath, '--trust', join(dir, 'no-roots.pem')],
    message: /no-roots\.pem/,
  },
  { name: '--data without a value', args: () => ['pki', 'root', '--data'], message: /--data/, raw: true },
  {
    name: '--data followed by an option',
    args: () => ['--data', '--json', 'verify', samplePath],
    message: /--data/,
    raw: true,
  },
  { name: '--data= with an empty value', args: () => ['--data=', 'pki', 'root'], message: /--data/, raw: true },
  { name: 'pki without a subcommand', args: () => ['pki'], message: /pki root/ },
  { name: 'no command at all', args: () => [], message: /Usage/ },
];

for (const { name, args, message, raw } of usageErrors) {
  test(`usage error: ${name} exits 2 with a message and no stack`, async (t) => {
    const dir = freshDir('usage');
    const result = await runSegl(raw ? args(dir) : ['--data', dataDir, ...args(dir)]);
    t.is(result.code, 2, describe(result));
    t.regex(result.stderr, message);
    t.false(hasStackTrace(result.stderr), describe(result));
    t.notRegex(result.stderr, /unexpected error/);
    t.deepEqual(readdirSync(dir), [], 'nothing written');
  });
}

test('help exits 0 and prints the usage on stdout', async (t) => {
  for (const help of ['help', '--help', '-h']) {
    const result = await runSegl([help]);
    t.is(result.code, 0, describe(result));
    t.regex(result.stdout, /Usage: segl/);
    for (const command of ['seal', 'verify', 'pki root', 'serve']) t.true(result.stdout.includes(command), command);
    t.is(result.stderr, '');
  }
});

test(
  'a sealed copy verifies the same from a copy elsewhere (the data dir is only needed for the ' + 'trust anchor)',
  async (t) => {
    const out = await sealSample(t, 'B-LT');
    const copy = join(freshDir('copy'), 'copy.pdf');
    copyFileSync(out, copy);
    const { result, report } = await verifyJson(t, copy);
    t.is(result.code, 0, describe(result));
    t.is(report.level, 'B-LT');
  },
);
