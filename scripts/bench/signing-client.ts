/**
 * The signing benchmark's side of the wire: the appliance in a child process (signing-server-child.ts), a sender
 * with an API token, and signers that behave like the signer page does (open the link, ask for an e-mailed code,
 * read it from DATA/outbox, verify it, fetch the exact bytes, sign with their SHA-256), each from an address of
 * its own (X-Forwarded-For through the trusted loopback proxy), as real signers would.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import type { AuditEventView } from '../../server/domain/audit/audit-event-view.js';
import type { SigningServerJobs, SigningServerReady } from './signing-server-child.js';

export type { SigningServerJobs, SigningServerReady };

const CHILD = fileURLToPath(new URL('./signing-server-child.ts', import.meta.url));

export interface SigningServer {
  ready: SigningServerReady;
  /** CPU time (user + system) the server process has used so far, in ms; null where /proc is not there. */
  cpuMs(): number | null;
  /** Closes stdin; the child answers with its job record, then exits. */
  stop(): Promise<SigningServerJobs | { error: string }>;
}

/** Starts the appliance child on `dataDir`; resolves once it prints its first line. */
export function startSigningServer(dataDir: string): Promise<SigningServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import=tsx', CHILD, dataDir], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: ((line: string | undefined) => void)[] = [];
  let buffered = '';
  let stderr = '';
  let exited = false;
  const deliver = (line: string | undefined) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else if (line !== undefined) lines.push(line);
  };
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let at = buffered.indexOf('\n'); at >= 0; at = buffered.indexOf('\n')) {
      deliver(buffered.slice(0, at));
      buffered = buffered.slice(at + 1);
    }
  });
  child.once('exit', () => {
    exited = true;
    while (waiters.length) deliver(undefined);
  });
  const nextLine = (timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      if (lines.length) return resolve(lines.shift()!);
      if (exited)
        return reject(new Error(`the signing bench server exited: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
      const timer = setTimeout(() => reject(new Error('the signing bench server did not answer in time')), timeoutMs);
      waiters.push((line) => {
        clearTimeout(timer);
        if (line === undefined)
          reject(new Error(`the signing bench server exited: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
        else resolve(line);
      });
    });
  const stop = async (): Promise<SigningServerJobs | { error: string }> => {
    if (exited) return { error: 'the server had exited' };
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdin!.end();
    try {
      return JSON.parse(await nextLine(30_000)) as SigningServerJobs;
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    } finally {
      if (!exited) await new Promise((resolve) => child.once('exit', resolve));
      clearTimeout(kill);
    }
  };
  return nextLine(120_000).then(
    (line) => ({ ready: JSON.parse(line) as SigningServerReady, stop, cpuMs: () => processCpuMs(child.pid) }),
    (error: unknown) => {
      if (!exited) child.kill('SIGKILL');
      throw error;
    },
  );
}

let clockTicks: number | undefined;

/** utime + stime of a Linux process from /proc/PID/stat (clock ticks, usually 10 ms), in ms. */
export function processCpuMs(pid: number | undefined): number | null {
  if (!pid || !existsSync(`/proc/${pid}/stat`)) return null;
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}

// biome-ignore lint/suspicious/noExplicitAny: the benchmark client reads answers whose shape the server's tests check
async function expectJson<T = any>(response: Response, status: number, what: string): Promise<T> {
  const text = await response.text();
  if (response.status !== status)
    throw new Error(`${what}: expected ${status}, got ${response.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface DocumentState {
  id: string;
  code: string;
  title: string;
  status: string;
  completedAt: string | null;
  sealedAt: string | null;
  level: string | null;
  finalSha256: string | null;
  signers: { id: string; status: string; signedAt: string | null }[];
}

/** A POST of `body` as JSON (headers merged with the caller's own by `api` and `request`). */
function jsonPost(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

/** The sender: a full-scope API token against /api/v1/documents. */
export class Sender {
  constructor(private readonly server: SigningServerReady) {}

  private api(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.server.url}${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${this.server.token}`,
        ...(init.headers as Record<string, string> | undefined),
      },
    });
  }

  private postJson(path: string, body: unknown): Promise<Response> {
    return this.api(path, jsonPost(body));
  }

  /** Upload, signers (e-mail code), send in parallel order; answers the document id and each signer's link token. */
  async prepare(options: {
    pdf: Uint8Array;
    title: string;
    signers: { name: string; email: string }[];
  }): Promise<{ id: string; tokens: string[] }> {
    const form = new FormData();
    form.set('title', options.title);
    form.set('file', new Blob([new Uint8Array(options.pdf)], { type: 'application/pdf' }), 'document.pdf');
    const created = await expectJson<{ id: string }>(
      await this.api('/api/v1/documents', { method: 'POST', body: form }),
      201,
      'upload',
    );
    for (const signer of options.signers) {
      await expectJson(
        await this.postJson(`/api/v1/documents/${created.id}/signers`, { ...signer, authMethod: 'email-otp' }),
        201,
        'add signer',
      );
    }
    const sent = await expectJson<{ signers: { signingUrl: string }[] }>(
      await this.postJson(`/api/v1/documents/${created.id}/send`, { order: 'parallel' }),
      200,
      'send',
    );
    return { id: created.id, tokens: sent.signers.map((s) => s.signingUrl.slice(s.signingUrl.lastIndexOf('/s/') + 3)) };
  }

  async document(id: string): Promise<DocumentState> {
    return expectJson<DocumentState>(await this.api(`/api/v1/documents/${id}`), 200, 'get document');
  }

  /** Polls the document until it is `completed` (or another final status), every `everyMs`. */
  async waitUntilSealed(id: string, options: { timeoutMs: number; everyMs: number }): Promise<DocumentState> {
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const document = await this.document(id);
      if (document.status !== 'pending') return document;
      if (Date.now() > deadline)
        throw new Error(`document ${id} was still ${document.status} after ${options.timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, options.everyMs));
    }
  }

  /** The audit trail as the API shows it (the events the seal's audit pages are made of). */
  async auditTrail(id: string): Promise<{ events: AuditEventView[] }> {
    return expectJson<{ events: AuditEventView[] }>(
      await this.api(`/api/v1/documents/${id}/audit-trail`),
      200,
      'audit trail',
    );
  }

  async finalPdf(id: string): Promise<Buffer> {
    const response = await this.api(`/api/v1/documents/${id}/pdf`);
    if (response.status !== 200)
      throw new Error(`final pdf: ${response.status} ${(await response.text()).slice(0, 200)}`);
    return Buffer.from(await response.arrayBuffer());
  }
}

/**
 * The e-mailed codes, read from DATA/outbox as a mail client would: each new .eml is parsed once; the code is the
 * line of exactly six digits in the text/plain part of a message without a signing link.
 */
export class OutboxCodes {
  private readonly seen = new Set<string>();
  private readonly codes = new Map<string, string>();
  private scanning: Promise<void> = Promise.resolve();

  constructor(private readonly dataDir: string) {}

  private async scan(): Promise<void> {
    const dir = join(this.dataDir, 'outbox');
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.eml'))
      .sort()) {
      if (this.seen.has(name)) continue;
      this.seen.add(name);
      const mail = await simpleParser(readFileSync(join(dir, name)));
      const to = (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address?.toLowerCase();
      const text = mail.text ?? '';
      const code = /^\s*(\d{6})\s*$/m.exec(text)?.[1];
      if (to && code && !text.includes('/s/')) this.codes.set(to, code);
    }
  }

  /** The latest code sent to `address` (each bench signer has an address of its own and asks once). */
  async codeFor(address: string, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.scanning = this.scanning.then(() => this.scan());
      await this.scanning;
      const code = this.codes.get(address.toLowerCase());
      if (code) return code;
      if (Date.now() > deadline) throw new Error(`no code e-mailed to ${address}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

export interface SignAnswer {
  ms: number;
  /** Date.now() when the request left. */
  sentAt: number;
  httpStatus: number;
  status?: string;
  documentStatus?: string;
  error?: string;
}

/** One signer's browser on the signing API: a session cookie for this link, an address of its own. */
export class Signer {
  private cookie = '';
  sha256 = '';

  constructor(
    private readonly server: SigningServerReady,
    readonly token: string,
    readonly email: string,
    private readonly ip: string,
  ) {}

  private request(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.server.url}/api/v1/signing/${this.token}${path}`, {
      redirect: 'manual',
      ...init,
      headers: {
        Origin: this.server.publicUrl,
        'User-Agent': 'segl-bench-signer/1.0',
        'X-Forwarded-For': this.ip,
        ...(this.cookie ? { Cookie: this.cookie } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    });
  }

  private post(path: string, body: unknown): Promise<Response> {
    return this.request(path, jsonPost(body));
  }

  /** Opens the page, proves the e-mail address with the code, downloads the exact bytes and keeps their SHA-256. */
  async authenticate(outbox: OutboxCodes): Promise<void> {
    await expectJson(await this.request(''), 200, 'open signing page');
    await expectJson(await this.post('/otp', {}), 202, 'request code');
    const code = await outbox.codeFor(this.email);
    const verified = await this.post('/otp/verify', { code });
    const session = verified.headers.getSetCookie().find((c) => c.startsWith('segl_signer='));
    await expectJson(verified, 200, 'verify code');
    if (!session) throw new Error('no signer session cookie');
    this.cookie = session.split(';')[0]!;
    const pdf = await this.request('/pdf');
    if (pdf.status !== 200) throw new Error(`signer pdf: ${pdf.status}`);
    this.sha256 = createHash('sha256')
      .update(Buffer.from(await pdf.arrayBuffer()))
      .digest('hex');
  }

  /** POST /sign as the page sends it; never throws: a failure is an answer with `error`. */
  async sign(): Promise<SignAnswer> {
    const sentAt = Date.now();
    const started = performance.now();
    try {
      const response = await this.post('/sign', { consent: true, sha256: this.sha256, language: 'en' });
      const text = await response.text();
      const ms = performance.now() - started;
      if (response.status !== 200) return { ms, sentAt, httpStatus: response.status, error: text.slice(0, 300) };
      const body = JSON.parse(text) as { status: string; documentStatus: string };
      return { ms, sentAt, httpStatus: 200, status: body.status, documentStatus: body.documentStatus };
    } catch (error) {
      return {
        ms: performance.now() - started,
        sentAt,
        httpStatus: 0,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }
}

/** 198.18.0.0/15 is set aside for benchmarks (RFC 2544): one address per simulated signer. */
export function benchAddress(index: number): string {
  return `198.18.${(index >> 8) & 255}.${index & 255}`;
}
