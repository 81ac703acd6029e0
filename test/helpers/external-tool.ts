import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ToolResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** The Debian packages that bring the external tools the interop tests run. */
const EXTERNAL_TOOL_PACKAGES = 'poppler-utils, qpdf, libnss3-tools, openssl, unzip';

const availability = new Map<string, boolean>();

export function toolAvailable(command: string): boolean {
  if (!availability.has(command)) {
    const probe = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
    availability.set(command, probe.status === 0);
  }
  return availability.get(command)!;
}

/**
 * Checks that external validators exist. Under CI=true a missing tool is an error (CI must install it);
 * elsewhere the caller skips its tests, and this says so loudly.
 */
export function requireTools(...commands: string[]): boolean {
  const missing = commands.filter((c) => !toolAvailable(c));
  if (missing.length === 0) return true;
  const message = `missing external tools: ${missing.join(', ')} (install ${EXTERNAL_TOOL_PACKAGES})`;
  if (process.env.CI === 'true') throw new Error(`${message}; CI must install them`);
  process.stderr.write(`\n!!! SKIPPING interop tests: ${message}\n\n`);
  return false;
}

/** Runs an external tool with a time limit and a memory cap; hostile inputs can hang or bloat them. */
export function runTool(
  command: string,
  args: string[],
  options: { timeoutMs?: number; input?: Uint8Array; memoryMb?: number } = {},
): ToolResult {
  const memoryKb = (options.memoryMb ?? 2048) * 1024;
  const script = `ulimit -v ${memoryKb} 2>/dev/null; exec "$0" "$@"`;
  const result = spawnSync('sh', ['-c', script, command, ...args], {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    killSignal: 'SIGKILL',
    input: options.input,
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    status: result.status,
    signal: result.signal,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    timedOut: result.error !== undefined && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT',
  };
}

/**
 * `openssl cms -verify` of a DER CMS file (with its detached `content` when given), trusting `caFile` for any
 * purpose; the content goes to `out` (default: nowhere). Success says "Verification successful" on stderr.
 */
export function opensslCmsVerify(files: { cms: string; content?: string; caFile: string; out?: string }): ToolResult {
  return runTool('openssl', [
    'cms',
    '-verify',
    '-binary',
    '-inform',
    'DER',
    '-in',
    files.cms,
    ...(files.content ? ['-content', files.content] : []),
    '-CAfile',
    files.caFile,
    '-purpose',
    'any',
    '-out',
    files.out ?? '/dev/null',
  ]);
}

/**
 * `openssl ts -verify` of a DER RFC 3161 token file against the hex `digest` it should stamp, or the `data` file it
 * should stamp, trusting `caFile`. Success says "Verification: OK" on stdout.
 */
export function opensslTsVerify(
  files: { token: string; caFile: string } & ({ digest: string } | { data: string }),
): ToolResult {
  const over = 'digest' in files ? ['-digest', files.digest] : ['-data', files.data];
  return runTool('openssl', ['ts', '-verify', ...over, '-in', files.token, '-token_in', '-CAfile', files.caFile]);
}

export function tempDir(prefix = 'segl-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** An NSS database trusting the given root, for `pdfsig -nssdir`. */
export function createNssDatabase(rootPem: string): string {
  const dir = tempDir('segl-nss-');
  const pemPath = join(dir, 'root.pem');
  writeFileSync(pemPath, rootPem);
  const init = runTool('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  if (init.status !== 0) throw new Error(`certutil -N failed: ${init.stderr}`);
  const add = runTool('certutil', ['-A', '-n', 'segl-root', '-t', 'CT,C,C', '-i', pemPath, '-d', `sql:${dir}`]);
  if (add.status !== 0) throw new Error(`certutil -A failed: ${add.stderr}`);
  return dir;
}

export interface PdfsigSignature {
  fieldName?: string;
  signatureType?: string;
  validation?: string;
  certificateValidation?: string;
  totalDocumentSigned: boolean;
}

/** Parses pdfsig's text (it always exits 0, so the text is the answer). */
export function parsePdfsig(output: string): PdfsigSignature[] {
  const blocks = output.split(/^Signature #\d+:/m).slice(1);
  return blocks.map((block) => ({
    fieldName: /Signature Field Name: (.*)/.exec(block)?.[1]?.trim(),
    signatureType: /Signature Type: (.*)/.exec(block)?.[1]?.trim(),
    validation: /Signature Validation: (.*)/.exec(block)?.[1]?.trim(),
    certificateValidation: /Certificate Validation: (.*)/.exec(block)?.[1]?.trim(),
    totalDocumentSigned: /Total document signed/.test(block) && !/not total document signed/.test(block),
  }));
}

/**
 * pdfsig's verdict on the signatures in `file`, trusting the NSS database `nssDir` (createNssDatabase). It runs
 * async: pdfsig asks the appliance's OCSP responder, which may run in this very process, so it must not block.
 */
export async function runPdfsig(options: { nssDir: string; file: string }): Promise<PdfsigSignature[]> {
  return parsePdfsig((await runToolAsync('pdfsig', ['-nssdir', `sql:${options.nssDir}`, options.file])).stdout);
}

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program without blocking the event loop (unlike `runTool`, which uses spawnSync): needed when the program
 * talks to a server running in this very process (openssl ocsp -url against the test appliance). Time limit and
 * memory cap as in `runTool`.
 */
export function runToolAsync(
  command: string,
  args: string[],
  options: { timeoutMs?: number; memoryMb?: number } = {},
): Promise<ProcessResult> {
  const memoryKb = (options.memoryMb ?? 2048) * 1024;
  return runProcess('sh', ['-c', `ulimit -v ${memoryKb} 2>/dev/null; exec "$0" "$@"`, command, ...args], {
    timeoutMs: options.timeoutMs ?? 60_000,
  });
}

export function runProcess(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs: number },
): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: (options.env ?? process.env) as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}
