import { verifyDocument } from '../../server/domain/verify-document.js';
import { isSeglError } from '../../server/lib/errors.js';
import { appendRevision, lastTrailer, stream } from './pdf-forge.js';
import { SeededRandom } from './seeded-random.js';

/**
 * A seeded mutation fuzzer for PDFs: byte flips, truncation, insertions and deletions, duplicated and redefined
 * objects, broken cross-references and object streams. The same seed gives the same cases, so a failure found
 * once can be replayed.
 */

export type MutationKind =
  | 'flip'
  | 'hex-case'
  | 'truncate'
  | 'insert'
  | 'delete'
  | 'duplicate-object'
  | 'redefine-object'
  | 'break-xref'
  | 'break-startxref'
  | 'break-object-stream';

export interface Mutation {
  kind: MutationKind;
  bytes: Buffer;
  /** What was done, enough to understand a failure. */
  note: string;
}

const KINDS: MutationKind[] = [
  'flip',
  'hex-case',
  'truncate',
  'insert',
  'delete',
  'duplicate-object',
  'redefine-object',
  'break-xref',
  'break-startxref',
  'break-object-stream',
];

function objectStarts(pdf: Buffer): number[] {
  const starts: number[] = [];
  const text = pdf.toString('latin1');
  for (const match of text.matchAll(/(?:^|[\r\n])(\d+) (\d+) obj\b/g))
    starts.push(match.index! + (match[0][0] === '\n' || match[0][0] === '\r' ? 1 : 0));
  return starts;
}

/** Applies one random mutation; the result always differs from the input. */
export function mutatePdf(input: Buffer, random: SeededRandom): Mutation {
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const mutation = tryMutation(input, random, random.pick(KINDS));
    if (mutation && !mutation.bytes.equals(input)) return mutation;
  }
  const bytes = Buffer.from(input);
  const at = random.int(bytes.length);
  bytes[at] ^= 0xff;
  return { kind: 'flip', bytes, note: `byte ${at} inverted` };
}

function tryMutation(input: Buffer, random: SeededRandom, kind: MutationKind): Mutation | undefined {
  const length = input.length;
  switch (kind) {
    case 'flip': {
      const bytes = Buffer.from(input);
      const count = 1 + random.int(8);
      const spots: number[] = [];
      for (let i = 0; i < count; i += 1) {
        const at = random.int(length);
        bytes[at] ^= 1 << random.int(8);
        spots.push(at);
      }
      return { kind, bytes, note: `bits flipped at ${spots.join(', ')}` };
    }
    case 'hex-case': {
      const text = input.toString('latin1');
      const contents = [...text.matchAll(/\/Contents\s*<([0-9A-Fa-f]+)>/g)];
      if (!contents.length) return undefined;
      const match = random.pick(contents);
      const start = match.index! + match[0].indexOf('<') + 1;
      const letters: number[] = [];
      for (let i = 0; i < match[1].length && letters.length < 4096; i += 1)
        if (/[A-Fa-f]/.test(match[1][i])) letters.push(start + i);
      if (!letters.length) return undefined;
      const bytes = Buffer.from(input);
      const at = random.pick(letters);
      bytes[at] ^= 0x20;
      return { kind, bytes, note: `case of the hex digit at ${at} swapped` };
    }
    case 'truncate': {
      const at = random.int(length);
      return { kind, bytes: Buffer.from(input.subarray(0, at)), note: `truncated to ${at} bytes` };
    }
    case 'insert': {
      const at = random.int(length + 1);
      const junk = Buffer.from(
        random.pick([
          '\n',
          ' 0 ',
          'endobj\n',
          '<<',
          '>>',
          'xref\n',
          'startxref\n0\n%%EOF\n',
          '%%EOF\n',
          '1 0 obj\n',
          'stream\n',
          '(',
          ')',
          '[',
          '9999999999 ',
        ]),
        'latin1',
      );
      return {
        kind,
        bytes: Buffer.concat([input.subarray(0, at), junk, input.subarray(at)]),
        note: `inserted ${JSON.stringify(junk.toString('latin1'))} at ${at}`,
      };
    }
    case 'delete': {
      const at = random.int(length);
      const count = 1 + random.int(Math.min(64, length - at));
      return {
        kind,
        bytes: Buffer.concat([input.subarray(0, at), input.subarray(at + count)]),
        note: `deleted ${count} bytes at ${at}`,
      };
    }
    case 'duplicate-object': {
      const starts = objectStarts(input);
      if (!starts.length) return undefined;
      const start = random.pick(starts);
      const end = input.indexOf('endobj', start, 'latin1');
      if (end < 0) return undefined;
      const copy = input.subarray(start, end + 6);
      const at = random.next() < 0.5 ? length : random.pick(starts);
      return {
        kind,
        bytes: Buffer.concat([input.subarray(0, at), Buffer.from('\n'), copy, Buffer.from('\n'), input.subarray(at)]),
        note: `object at ${start} copied to ${at}`,
      };
    }
    case 'redefine-object': {
      let trailer;
      try {
        trailer = lastTrailer(input);
      } catch {
        return undefined;
      }
      const num = 1 + random.int(Math.max(1, trailer.size - 1));
      const bodies = [
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Page /MediaBox [0 0 10 10] >>',
        '[1 0 R]',
        '0',
        'null',
        '<< /Type /Annot /Subtype /Text /Rect [0 0 100 100] /Contents (x) >>',
        stream('', 'BT /F1 12 Tf (changed) Tj ET'),
      ];
      const body = random.pick(bodies);
      try {
        const compressed = !Buffer.isBuffer(body) && random.next() < 0.3;
        const bytes = compressed
          ? appendRevision(input, { compressed: { [num]: body } })
          : appendRevision(input, { objects: { [num]: body } });
        return { kind, bytes, note: `object ${num} redefined${compressed ? ' in an object stream' : ''}` };
      } catch {
        return undefined;
      }
    }
    case 'break-xref': {
      const text = input.toString('latin1');
      const rows = [...text.matchAll(/(\d{10}) (\d{5}) ([nf])/g)];
      if (!rows.length) return undefined;
      const row = random.pick(rows);
      const bytes = Buffer.from(input);
      const digit = row.index! + random.int(16);
      bytes[digit] = 0x30 + random.int(10);
      return { kind, bytes, note: `cross-reference row at ${row.index} changed at ${digit}` };
    }
    case 'break-startxref': {
      const at = input.lastIndexOf('startxref', length, 'latin1');
      if (at < 0) return undefined;
      const match = /startxref\s+(\d+)/.exec(input.toString('latin1', at, at + 40));
      if (!match) return undefined;
      const value = Number(match[1]) + random.pick([-1, 1, -16, 16, -Number(match[1]), 7]);
      const bytes = Buffer.concat([
        input.subarray(0, at),
        Buffer.from(`startxref\n${Math.max(0, value)}\n%%EOF\n`, 'latin1'),
      ]);
      return { kind, bytes, note: `startxref set to ${value}` };
    }
    case 'break-object-stream': {
      const at = input.indexOf('/ObjStm', 0, 'latin1');
      if (at < 0) return undefined;
      const data = input.indexOf('stream', at, 'latin1');
      if (data < 0) return undefined;
      const bytes = Buffer.from(input);
      const spot = Math.min(bytes.length - 1, data + 8 + random.int(64));
      bytes[spot] ^= 0xff;
      return { kind, bytes, note: `object stream byte ${spot} inverted` };
    }
  }
}

export type FuzzOutcome = 'passed' | 'failed' | 'indeterminate' | 'unreadable' | 'crash';

export interface FuzzResult {
  outcome: FuzzOutcome;
  ms: number;
  error?: string;
}

/** Verifies one case: a report, or a clean "unreadable" refusal; anything else is a crash. */
export function verifyCase(options: { bytes: Buffer; trustAnchorsPem: string }): FuzzResult {
  const started = performance.now();
  try {
    const report = verifyDocument({ bytes: options.bytes, trustAnchorsPem: options.trustAnchorsPem });
    return { outcome: report.status, ms: performance.now() - started };
  } catch (error) {
    const ms = performance.now() - started;
    if (isSeglError(error) && error.status < 500) return { outcome: 'unreadable', ms };
    return { outcome: 'crash', ms, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/**
 * Whether a mutated sealed file may honestly still pass: only when it is an earlier, complete revision of the
 * sealed file (cut exactly after a %%EOF), which is a genuinely signed document.
 */
export function isEarlierRevision(original: Buffer, mutated: Buffer): boolean {
  if (mutated.length >= original.length || !original.subarray(0, mutated.length).equals(mutated)) return false;
  return /%%EOF[\r\n\s\0]*$/.test(mutated.toString('latin1', Math.max(0, mutated.length - 64)));
}

export interface FuzzSummary {
  cases: number;
  outcomes: Record<FuzzOutcome, number>;
  /** Mutations of sealed files that verified as passed (must be none). */
  forgeries: { seed: number; index: number; kind: MutationKind; note: string }[];
  crashes: { seed: number; index: number; kind: MutationKind; note: string; error: string }[];
  slowest: { kind: MutationKind; note: string; ms: number };
  p99Ms: number;
}

/** Runs `cases` mutations over the inputs (round-robin), checking each as a verifier must behave. */
export function fuzzVerification(options: {
  inputs: { name: string; bytes: Buffer; sealed: boolean }[];
  cases: number;
  seed: number;
  trustAnchorsPem: string;
  onProgress?: (done: number) => void;
}): FuzzSummary {
  const random = new SeededRandom(options.seed);
  const outcomes: Record<FuzzOutcome, number> = { passed: 0, failed: 0, indeterminate: 0, unreadable: 0, crash: 0 };
  const forgeries: FuzzSummary['forgeries'] = [];
  const crashes: FuzzSummary['crashes'] = [];
  const times: number[] = [];
  let slowest = { kind: 'flip' as MutationKind, note: '', ms: 0 };
  // Half of the cases mutate sealed files (where a pass would be a forgery), half the rest (crashes and hangs).
  const sealed = options.inputs.filter((input) => input.sealed);
  const others = options.inputs.filter((input) => !input.sealed);
  for (let index = 0; index < options.cases; index += 1) {
    const pool = others.length === 0 || (sealed.length > 0 && index % 2 === 0) ? sealed : others;
    const input = pool[Math.floor(index / 2) % pool.length];
    const mutation = mutatePdf(input.bytes, random);
    const result = verifyCase({ bytes: mutation.bytes, trustAnchorsPem: options.trustAnchorsPem });
    outcomes[result.outcome] += 1;
    times.push(result.ms);
    if (result.ms > slowest.ms)
      slowest = { kind: mutation.kind, note: `${input.name}: ${mutation.note}`, ms: result.ms };
    if (result.outcome === 'crash')
      crashes.push({
        seed: options.seed,
        index,
        kind: mutation.kind,
        note: `${input.name}: ${mutation.note}`,
        error: result.error ?? '',
      });
    if (input.sealed && result.outcome === 'passed' && !isEarlierRevision(input.bytes, mutation.bytes)) {
      forgeries.push({ seed: options.seed, index, kind: mutation.kind, note: `${input.name}: ${mutation.note}` });
    }
    if ((index + 1) % 250 === 0) options.onProgress?.(index + 1);
  }
  times.sort((a, b) => a - b);
  return {
    cases: options.cases,
    outcomes,
    forgeries,
    crashes,
    slowest,
    p99Ms: Math.round(times[Math.floor(times.length * 0.99)] ?? 0),
  };
}
