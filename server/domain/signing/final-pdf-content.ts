import type { DocumentAttributes, SignerAttributes } from '../../storage/models/index.js';
import type { AuditEventView } from '../audit/audit-event-view.js';
import { formatDocumentCode } from '../documents/document-code.js';
import { describeIdentity, type SignerIdentity } from './signer-identity.js';

const utc = (value: Date | string) => `${new Date(value).toISOString().replace('T', ' ').slice(0, 19)} UTC`;

function identityOf(signer: SignerAttributes): SignerIdentity | undefined {
  if (!signer.identity) return undefined;
  const { sealedClaims: _sealed, ...identity } = JSON.parse(signer.identity) as SignerIdentity & { sealedClaims?: string };
  return identity;
}

/** The footer's lines: who signed when and how, one line per signer. */
export function footerLines(signers: SignerAttributes[]): string[] {
  return signers
    .filter((s) => s.status === 'signed' && s.signedAt)
    .map((s) => {
      const identity = identityOf(s);
      return `Signed by ${identity?.name && identity.level === 'strong' ? identity.name : s.name} · ${utc(s.signedAt!)} · ${identity ? describeIdentity(identity) : s.authMethod}`;
    });
}

function describeActor(event: AuditEventView): string {
  const actor = event.actor;
  if (actor.kind === 'signer') return `${actor.name} <${actor.email}>`;
  if (actor.kind === 'staff') return `staff ${actor.name ?? actor.id}`;
  return 'Segl';
}

function describeData(event: AuditEventView): string {
  const data = event.data;
  const parts: string[] = [];
  if (typeof data.method === 'string') parts.push(`method ${data.method}`);
  const identity = data.identity as SignerIdentity | undefined;
  if (identity) parts.push(describeIdentity(identity));
  if (typeof data.sha256 === 'string') parts.push(`document SHA-256 ${data.sha256}`);
  if (typeof data.reason === 'string') parts.push(`reason: ${data.reason}`);
  if (typeof data.email === 'string' && event.type !== 'signer.signed') parts.push(data.email);
  if (event.timestampToken) parts.push('TSA time-stamped');
  return parts.join('; ');
}

/** The appended audit pages: one row per event with time, event, actor, IP address and the facts. */
export function auditTableRows(events: AuditEventView[]): string[][] {
  return [
    ['#', 'Time (UTC)', 'Event', 'Actor', 'IP address', 'Details'],
    ...events.map((e) => [String(e.seq), e.at.replace('T', ' ').replace('Z', ''), e.type, describeActor(e), e.ip ?? '', describeData(e)]),
  ];
}

/** The audit trail as attached JSON: the whole chain with hashes and timestamp tokens, identities masked. */
export function auditTrailJson(options: { document: DocumentAttributes; signers: SignerAttributes[]; events: AuditEventView[]; verifyUrl: string }): Buffer {
  const { document } = options;
  const body = {
    format: 'segl-audit-trail/1',
    document: { id: document.id, code: formatDocumentCode(document.code), title: document.title, originalSha256: document.sha256, pageCount: document.pageCount, order: document.signingOrder, verifyUrl: options.verifyUrl },
    signers: options.signers.map((s) => ({ id: s.id, name: s.name, email: s.email, position: s.position, status: s.status, authMethod: s.authMethod, signedAt: s.signedAt ? new Date(s.signedAt).toISOString() : null, identity: identityOf(s) ?? null })),
    chain: { algorithm: 'sha-256 over canonical JSON of {documentId, seq, type, at, actor, ip, userAgent, data, prevHash}', genesis: '0'.repeat(64) },
    events: options.events.map(({ documentId: _id, ...event }) => event),
  };
  return Buffer.from(`${JSON.stringify(body, null, 2)}\n`, 'utf8');
}
