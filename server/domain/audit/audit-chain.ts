import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * What an audit event's hash covers: every field but the hash itself and the timestamp token (which is over the hash).
 */
export interface ChainedFields {
  documentId: string;
  seq: number;
  type: string;
  at: string;
  actor: unknown;
  ip: string | null;
  userAgent: string | null;
  data: unknown;
  prevHash: string;
}

/** JSON with object keys sorted at every depth, so that the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

export function hashAuditEvent(event: ChainedFields): string {
  const { documentId, seq, type, at, actor, ip, userAgent, data, prevHash } = event;
  const covered: ChainedFields = { documentId, seq, type, at, actor, ip, userAgent, data, prevHash };
  return createHash('sha256').update(canonicalJson(covered), 'utf8').digest('hex');
}

export interface ChainProblem {
  seq: number | null;
  /**
   * `token_mismatch`: the event's RFC 3161 token does not cover its hash, or is not a valid token of a trusted TSA;
   * `token_missing`: a signing event of a sealed document carries none; `seal_mismatch`: the trail differs from the
   * one sealed into the final PDF, or that PDF's seal does not hold.
   */
  code:
    | 'hash_mismatch'
    | 'broken_link'
    | 'sequence_gap'
    | 'missing_tail'
    | 'token_mismatch'
    | 'token_missing'
    | 'seal_mismatch';
  message: string;
}

/**
 * Re-computes the chain: each event's hash over its fields, each `prevHash` equal to the hash before it, sequence
 * numbers 1..n without gaps (or from the first event after an erasure by retention), and the last event equal to the
 * head the document row remembers (so that removing events at the end shows too).
 */
export function checkAuditChain(options: {
  events: (ChainedFields & { hash: string })[];
  head?: { seq: number; hash: string | null };
  /** Where the chain resumes after retention erased the events up to `seq` (whose hash the tombstone kept). */
  erased?: { seq: number; hash: string | null };
}): { intact: boolean; problems: ChainProblem[] } {
  const problems: ChainProblem[] = [];
  const erased = options.erased && options.erased.seq > 0 ? options.erased : undefined;
  let previous = erased?.hash ?? GENESIS_HASH;
  let expectedSeq = (erased?.seq ?? 0) + 1;
  for (const event of options.events) {
    if (event.seq !== expectedSeq)
      problems.push({
        seq: event.seq,
        code: 'sequence_gap',
        message: `event ${expectedSeq} is missing before event ${event.seq}`,
      });
    if (event.prevHash !== previous)
      problems.push({
        seq: event.seq,
        code: 'broken_link',
        message: `event ${event.seq} does not follow the event before it`,
      });
    const hash = hashAuditEvent(event);
    if (hash !== event.hash)
      problems.push({
        seq: event.seq,
        code: 'hash_mismatch',
        message: `event ${event.seq} was altered after it was recorded`,
      });
    previous = event.hash;
    expectedSeq = event.seq + 1;
  }
  const head = options.head;
  if (head && head.seq > 0) {
    const last = options.events.at(-1);
    if (!last || last.seq !== head.seq || last.hash !== head.hash) {
      problems.push({
        seq: head.seq,
        code: 'missing_tail',
        message: `the trail should end at event ${head.seq}, but ${last ? `ends at ${last.seq}` : 'is empty'}`,
      });
    }
  }
  return { intact: problems.length === 0, problems };
}
