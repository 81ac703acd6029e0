import type { Sealer } from '../../server/domain/sealer.js';
import { verifyDocument } from '../../server/domain/verify-document.js';
import { createSamplePdf } from '../lib/sample-pdf.js';
import { progress } from './log.js';
import { percentile, round } from './stats.js';
import {
  benchAddress,
  Signer,
  type Sender,
  type DocumentState,
  type OutboxCodes,
  type SignAnswer,
  type SigningServerReady,
} from './signing-client.js';

export interface TimingStats {
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  runs: number;
}

export interface LastSignatureReport {
  pages: number;
  signersPerDocument: number;
  originalBytes: number;
  finalBytes: number;
  /** POST /sign of the last signer, from the request leaving to the answer parsed (what the signer waits for). */
  signResponse: TimingStats;
  /** How many of those answers said `documentStatus: "completed"` (the request waits up to 4 s for the seal). */
  answeredCompleted: string;
  /** From the last /sign request leaving to the document row's `sealedAt` (status `completed`, final PDF stored). */
  untilCompleted: TimingStats;
  /** Server clock only: the last signer's `signedAt` to `sealedAt`. */
  serverSignedToSealed: TimingStats;
  /**
   * Server process CPU time (user + system, /proc, 10 ms ticks) from the last /sign leaving to the sealed state read
   * back.
   */
  serverCpuForLastSignature: TimingStats | null;
  /**
   * In-run baseline in this (client) process, one run after each flow run on that run's file, the appliance idle
   * meanwhile.
   */
  baselines: {
    /** Size of the stamped PDF the flow sealed (the original plus footer, audit pages and attached trail). */
    stampedBytes: number;
    /**
     * signing.sealBytes B-LTA (B-T signature, DSS, document timestamp) of that exact stamped PDF, cut from the final
     * file.
     */
    sealBytesBLTA: TimingStats;
  };
  /**
   * Median until-completed minus the median bare seal: what completion costs beyond the PAdES seal itself: the
   * signing event's TSA token, reading and decrypting the original, the stamp (footer on every page, audit pages,
   * attached trail), encrypting and storing the final, the job queue and HTTP.
   */
  beyondBareSealMedianMs: number;
  finalCheck: { status: string; level: string | null };
  samples: { signResponseMs: number[]; untilCompletedMs: number[]; bareSealMs: number[] };
}

export function timingStats(samples: number[]): TimingStats {
  return {
    medianMs: round(percentile(samples, 50), 1),
    p95Ms: round(percentile(samples, 95), 1),
    minMs: round(Math.min(...samples), 1),
    maxMs: round(Math.max(...samples), 1),
    runs: samples.length,
  };
}

let nextSigner = 0;

/** A document with `signers` e-mail-code signers, sent, every signer authenticated and holding the SHA-256 shown. */
export async function preparedDocument(options: {
  server: SigningServerReady;
  sender: Sender;
  outbox: OutboxCodes;
  pdf: Uint8Array;
  title: string;
  signers: number;
}): Promise<{ id: string; signers: Signer[] }> {
  const people = Array.from({ length: options.signers }, () => {
    const n = ++nextSigner;
    return { n, name: `Bench Signer ${n}`, email: `bench-signer-${n}@example.org` };
  });
  const prepared = await options.sender.prepare({
    pdf: options.pdf,
    title: options.title,
    signers: people.map(({ name, email }) => ({ name, email })),
  });
  const signers = prepared.tokens.map(
    (token, i) => new Signer(options.server, token, people[i]!.email, benchAddress(people[i]!.n)),
  );
  for (const signer of signers) await signer.authenticate(options.outbox);
  return { id: prepared.id, signers };
}

/** The document once sealed: at once when the answer said so, else polled (sealedAt comes from the server's clock). */
async function sealedState(sender: Sender, id: string, answer: SignAnswer): Promise<DocumentState> {
  const document =
    answer.documentStatus === 'completed'
      ? await sender.document(id)
      : await sender.waitUntilSealed(id, { timeoutMs: 180_000, everyMs: 100 });
  if (document.status !== 'completed' || !document.sealedAt) throw new Error(`document ${id} ended ${document.status}`);
  return document;
}

/** The stamped file the flow sealed: the final PDF up to the end of the stamp's incremental update (its %%EOF). */
function stampedPrefix(original: Uint8Array, final: Buffer): Buffer {
  if (!final.subarray(0, original.length).equals(original))
    throw new Error('the original is not a prefix of the final PDF');
  const eof = final.indexOf('%%EOF', original.length, 'latin1');
  if (eof < 0) throw new Error('no end of the stamp update in the final PDF');
  let end = eof + 5;
  while (final[end] === 0x0d || final[end] === 0x0a) end += 1;
  return final.subarray(0, end);
}

/** The bare B-LTA seal of the exact stamped PDF the flow sealed, with the appliance's keys, in this process. */
async function bareSealMs(options: {
  sealer: Sealer;
  publicUrl: string;
  original: Uint8Array;
  final: Buffer;
  signers: number;
}): Promise<{ stampedBytes: number; ms: number }> {
  const stamped = stampedPrefix(options.original, options.final);
  const started = performance.now();
  const sealed = await options.sealer.sealBytes({
    input: stamped,
    level: 'B-LTA',
    reason: `Sealed by Segl after ${options.signers} signature(s)`,
    location: options.publicUrl,
  });
  const ms = performance.now() - started;
  if (sealed.output.length <= stamped.length) throw new Error('the bare seal did not append to the stamped PDF');
  return { stampedBytes: stamped.length, ms };
}

/**
 * Last signature to sealed document: documents of `pages` pages with two e-mail-code signers (parallel order).
 * Per run: upload, add signers, send, both signers open, get a code, verify it, fetch the PDF (untimed); the first
 * signs (untimed); then the last signer's POST /sign is timed, and the document's `sealedAt` read from the API.
 */
export async function measureLastSignature(options: {
  server: SigningServerReady;
  sender: Sender;
  outbox: OutboxCodes;
  sealer: Sealer;
  /** The server process's CPU time so far (ms), or null. */
  serverCpuMs: () => number | null;
  pages: number;
  runs: number;
  warmup: number;
}): Promise<LastSignatureReport> {
  const { server, sender, outbox, pages } = options;
  const signResponseMs: number[] = [];
  const untilCompletedMs: number[] = [];
  const serverMs: number[] = [];
  const serverCpuMs: number[] = [];
  const bareSeal: number[] = [];
  let stampedBytes = 0;
  let completedAnswers = 0;
  let last: { final: Buffer; original: Uint8Array } | undefined;
  for (let run = -options.warmup; run < options.runs; run += 1) {
    const title = `Bench ${pages} pages, run ${run}`;
    const pdf = await createSamplePdf({ pages, title });
    const { id, signers } = await preparedDocument({ server, sender, outbox, pdf, title, signers: 2 });
    const first = await signers[0]!.sign();
    if (first.error || first.documentStatus !== 'pending')
      throw new Error(`first signature: ${first.httpStatus} ${first.error ?? first.documentStatus}`);
    const cpuBefore = options.serverCpuMs();
    const answer = await signers[1]!.sign();
    if (answer.error) throw new Error(`last signature answered ${answer.httpStatus}: ${answer.error}`);
    const document = await sealedState(sender, id, answer);
    const cpuAfter = options.serverCpuMs();
    const sealed = Date.parse(document.sealedAt!);
    const signedAt = Math.max(...document.signers.map((s) => Date.parse(s.signedAt ?? '')));
    // the baseline interleaves with the flow's runs, so that load from elsewhere on the machine weighs on both alike
    const final = await sender.finalPdf(id);
    const baseline = await bareSealMs({
      sealer: options.sealer,
      publicUrl: server.publicUrl,
      original: pdf,
      final,
      signers: signers.length,
    });
    if (run < 0) continue;
    signResponseMs.push(answer.ms);
    untilCompletedMs.push(sealed - answer.sentAt);
    serverMs.push(sealed - signedAt);
    if (cpuBefore !== null && cpuAfter !== null) serverCpuMs.push(cpuAfter - cpuBefore);
    bareSeal.push(baseline.ms);
    stampedBytes = baseline.stampedBytes;
    if (answer.documentStatus === 'completed') completedAnswers += 1;
    progress(
      `signing ${pages} pages run ${run + 1}/${options.runs}: ` +
        `/sign ${round(answer.ms, 1)} ms (${answer.documentStatus}), ` +
        `completed after ${sealed - answer.sentAt} ms; bare seal of the stamped PDF ${round(baseline.ms, 1)} ms`,
    );
    last = { final, original: pdf };
  }
  if (!last) throw new Error('no runs');
  const check = verifyDocument({ bytes: last.final, trustAnchorsPem: options.sealer.rootCertificatePem() });
  if (check.status !== 'passed')
    progress(`signing ${pages} pages: the final PDF did not verify: ${JSON.stringify(check.problems)}`);
  const untilCompleted = timingStats(untilCompletedMs);
  const baselines = { stampedBytes, sealBytesBLTA: timingStats(bareSeal) };
  return {
    pages,
    signersPerDocument: 2,
    originalBytes: last.original.length,
    finalBytes: last.final.length,
    signResponse: timingStats(signResponseMs),
    answeredCompleted: `${completedAnswers}/${signResponseMs.length}`,
    untilCompleted,
    serverSignedToSealed: timingStats(serverMs),
    serverCpuForLastSignature: serverCpuMs.length ? timingStats(serverCpuMs) : null,
    baselines,
    beyondBareSealMedianMs: round(untilCompleted.medianMs - baselines.sealBytesBLTA.medianMs, 1),
    finalCheck: { status: check.status, level: check.level },
    samples: {
      signResponseMs: signResponseMs.map((v) => round(v, 1)),
      untilCompletedMs,
      bareSealMs: bareSeal.map((v) => round(v, 1)),
    },
  };
}
