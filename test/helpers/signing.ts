import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { TestAppliance } from './appliance.js';
import { sendJson, type TestStaff } from './staff.js';
import { uploadDocument } from './documents.js';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { CookieJar } from './loopback-oidc.js';
import { poll } from './poll.js';

export interface ParsedMail {
  to: string;
  subject: string;
  text: string;
}

export async function parseMail(raw: Buffer | string): Promise<ParsedMail> {
  const mail = await simpleParser(raw);
  const to = Array.isArray(mail.to) ? mail.to[0]?.value[0]?.address : mail.to?.value[0]?.address;
  return { to: to ?? '', subject: mail.subject ?? '', text: mail.text ?? '' };
}

/** The file names of the messages in DATA/outbox, oldest first: a snapshot to read only what comes after it. */
export function outboxNames(dataDir: string): string[] {
  const dir = join(dataDir, 'outbox');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.eml'))
    .sort();
}

/** Every message in DATA/outbox, oldest first; with `except` (an earlier outboxNames()), only the newer ones. */
export async function readOutbox(dataDir: string, options: { except?: string[] } = {}): Promise<ParsedMail[]> {
  const except = new Set(options.except);
  const names = outboxNames(dataDir).filter((name) => !except.has(name));
  return Promise.all(names.map((name) => parseMail(readFileSync(join(dataDir, 'outbox', name)))));
}

/** Polls `read` until a message matches (mail goes out from the job queue, asynchronously). */
export async function waitForMail(
  read: () => Promise<ParsedMail[]>,
  match: (mail: ParsedMail) => boolean,
  timeoutMs = 15_000,
): Promise<ParsedMail> {
  return poll('a matching e-mail', timeoutMs, async () => (await read()).filter(match).at(-1), 50);
}

export function signingUrlIn(text: string): string {
  const url = /(https?:\/\/\S+\/s\/[A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (!url) throw new Error(`no signing link in: ${text}`);
  return url;
}

export function otpIn(text: string): string {
  const code = /^\s*(\d{6})\s*$/m.exec(text)?.[1];
  if (!code) throw new Error(`no code in: ${text}`);
  return code;
}

/** The signer's login code mailed to `email` (a line of six digits, not an invitation), from DATA/outbox. */
export async function mailedCode(dataDir: string, email: string): Promise<string> {
  const isCode = (mail: ParsedMail) =>
    mail.to === email && /^\s*\d{6}\s*$/m.test(mail.text) && !mail.text.includes('/s/');
  return otpIn((await waitForMail(() => readOutbox(dataDir), isCode)).text);
}

export function tokenOf(signingUrl: string): string {
  return signingUrl.slice(signingUrl.lastIndexOf('/s/') + 3);
}

export async function expectJson(response: Response, status: number): Promise<any> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Uploads a sample PDF and adds signers; returns the document id and signer ids. */
export async function createDraft(
  staff: TestStaff,
  options: {
    pages?: number;
    title?: string;
    folderId?: string;
    signers: {
      name: string;
      email: string;
      authMethod?: string;
      order?: number;
      language?: 'nb' | 'en';
      expectedNationalId?: string;
      expectedName?: string;
    }[];
  },
): Promise<{ id: string; code: string; signerIds: string[] }> {
  const bytes = await createSamplePdf({ pages: options.pages ?? 2, title: options.title ?? 'Contract' });
  const created = await expectJson(
    await uploadDocument(staff, { bytes, title: options.title ?? 'Contract', folderId: options.folderId }),
    201,
  );
  const signerIds: string[] = [];
  for (const signer of options.signers) {
    const response = await sendJson(staff, 'POST', `/api/v1/documents/${created.id}/signers`, {
      authMethod: 'email-otp',
      ...signer,
    });
    signerIds.push((await expectJson(response, 201)).id);
  }
  return { id: created.id, code: created.code, signerIds };
}

export async function sendDraft(
  staff: TestStaff,
  documentId: string,
  body: Record<string, unknown> = {},
): Promise<{ signers: { id: string; signingUrl: string; invited: boolean }[] }> {
  return expectJson(await sendJson(staff, 'POST', `/api/v1/documents/${documentId}/send`, body), 200);
}

let signerAddresses = 0;

/**
 * A client address this test process has not handed out before, for X-Forwarded-For through a trusted loopback
 * proxy: each signer comes from its own address, as real signers do, so the per-address limits stay out of the way.
 */
export function nextSignerAddress(): string {
  signerAddresses += 1;
  return `10.66.${Math.floor(signerAddresses / 250)}.${(signerAddresses % 250) + 1}`;
}

/** The signer's browser against the signing API: a cookie jar, JSON posts with the page's Origin. */
export class SignerClient {
  readonly jar = new CookieJar();
  constructor(
    private readonly appliance: Pick<TestAppliance, 'url'>,
    readonly token: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(`${this.appliance.url}/api/v1/signing/${this.token}${path}`, {
      redirect: 'manual',
      ...init,
      headers: {
        Cookie: this.jar.header(),
        Origin: this.appliance.url,
        ...this.headers,
        ...(init.headers as Record<string, string> | undefined),
      },
    });
    this.jar.take(response);
    return response;
  }

  post(path: string, body: unknown): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** Requests a code, reads it from `readCode`, verifies it. */
  async authenticateWithOtp(readCode: () => Promise<string>): Promise<void> {
    await expectJson(await this.post('/otp', {}), 202);
    const code = await readCode();
    await expectJson(await this.post('/otp/verify', { code }), 200);
  }
}

/** Asks the public portal's match route whether a file with `sha256` is the document with `code`. */
export function matchAtPortal(appliance: TestAppliance, code: string, sha256: string): Promise<Response> {
  return fetch(`${appliance.url}/api/v1/verify/${code}/match`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sha256 }),
  });
}
