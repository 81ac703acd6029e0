import { cpus, loadavg } from 'node:os';
import { openSealer } from '../../server/domain/sealer.js';
import { WAIT_FOR_SEAL_MS } from '../../server/domain/signer-flow/sign-as-signer.js';
import { loadConfig } from '../../server/lib/config.js';
import { createWorkDir } from './inputs.js';
import { guarded, isError, progress } from './log.js';
import { round } from './stats.js';
import { logTargets, type SectionTarget } from './section-target.js';
import { OutboxCodes, Sender, startSigningServer, type SigningServer } from './signing-client.js';
import { measureLastSignature, type LastSignatureReport } from './signing-latency.js';
import { measureConcurrentSigning, type ConcurrentSigningReport } from './signing-throughput.js';
import type { SigningServerJobs } from './signing-server-child.js';

export interface SigningSection {
  setup: Record<string, unknown>;
  lastSignature: {
    tenPages: LastSignatureReport | { error: string };
    twoHundredPages: LastSignatureReport | { error: string } | { skipped: string };
  };
  concurrent:
    | (ConcurrentSigningReport & { baselineSealsPerMinute: number | null; baselineNote: string })
    | { error: string };
  jobs: SigningServerJobs | { error: string };
  /** Failed attempts of any background job (sealing, event timestamps, mail) during the whole section. */
  failedJobAttempts: number;
  targets: SectionTarget[];
}

/**
 * `npm run bench` section "signing": the signing flow as signers live it, over HTTP on loopback against the
 * appliance in a process of its own (as `segl serve` composes it: job runner, built-in TSA, SQLite, mail to the
 * outbox). (a) last signature to sealed document for 10- and 200-page documents, next to the bare B-LTA seal of
 * the same stamped PDF; (b) 50 concurrent last signatures: documents completed per minute and errors.
 */
export async function measureSigning(options: { quick: boolean }): Promise<SigningSection> {
  const work = createWorkDir();
  const tenPageRuns = options.quick ? 5 : 15;
  const twoHundredPageRuns = options.quick ? 0 : 7;
  const concurrentSigners = options.quick ? 20 : 50;
  let server: SigningServer | undefined;
  try {
    server = await startSigningServer(work.dataDir);
    const { ready } = server;
    progress(`signing: appliance ready at ${ready.url}`);
    const sender = new Sender(ready);
    const outbox = new OutboxCodes(work.dataDir);
    // The same keys and public URL as the server (nothing is re-issued): for the in-run baselines and the check.
    const port = new URL(ready.url).port;
    const sealer = await openSealer({
      config: loadConfig({ dataDir: work.dataDir, env: { PORT: port, SEGL_PUBLIC_URL: ready.publicUrl } }),
    });

    const loadAtStart = loadavg().map((value) => round(value));
    const serverCpuMs = () => server?.cpuMs() ?? null;
    const context = { server: ready, sender, outbox, sealer, serverCpuMs };
    const tenPages = await guarded('signing 10 pages', () =>
      measureLastSignature({ ...context, pages: 10, runs: tenPageRuns, warmup: 2 }),
    );
    const twoHundredPages = twoHundredPageRuns
      ? await guarded('signing 200 pages', () =>
          measureLastSignature({ ...context, pages: 200, runs: twoHundredPageRuns, warmup: 1 }),
        )
      : { skipped: 'not in --quick' };
    const concurrentRun = await guarded('signing concurrent', () =>
      measureConcurrentSigning({ server: ready, sender, outbox, serverCpuMs, signers: concurrentSigners, pages: 10 }),
    );
    const baselineSealsPerMinute = isError(tenPages)
      ? null
      : round(60_000 / tenPages.baselines.sealBytesBLTA.medianMs, 1);
    const concurrent = isError(concurrentRun)
      ? concurrentRun
      : {
          ...concurrentRun,
          baselineSealsPerMinute,
          baselineNote:
            'bare B-LTA seals of the stamped 10-page PDF back to back in one process (the 10-page ' +
            'baseline above): the PAdES work alone, one event loop',
        };

    const loadAtEnd = loadavg().map((value) => round(value));
    const stopping = server;
    server = undefined;
    const jobs = await stopping.stop();
    const failedJobAttempts = isError(jobs)
      ? Number.NaN
      : jobs.jobs.reduce((sum, group) => sum + group.failedAttempts + (group.status === 'failed' ? group.count : 0), 0);

    const targets: SectionTarget[] = [
      {
        name: 'last signer sees "completed" within 1 s for a 10-page document',
        target: '/sign answers documentStatus "completed", p95 < 1000 ms',
        measured: isError(tenPages)
          ? tenPages.error
          : `/sign p95 ${tenPages.signResponse.p95Ms} ms (median ${tenPages.signResponse.medianMs}, max ` +
            `${tenPages.signResponse.maxMs}), ${tenPages.answeredCompleted} answered "completed"; ` +
            `sealed ${tenPages.untilCompleted.medianMs} ms (median) after the request left; bare B-LTA ` +
            `seal of the stamped PDF ${tenPages.baselines.sealBytesBLTA.medianMs} ms (median)` +
            (tenPages.serverCpuForLastSignature
              ? `; server CPU ${tenPages.serverCpuForLastSignature.medianMs} ms (median)`
              : ''),
        pass:
          !isError(tenPages) &&
          tenPages.signResponse.p95Ms < 1000 &&
          tenPages.answeredCompleted === `${tenPages.signResponse.runs}/${tenPages.signResponse.runs}`,
        note: `two e-mail-code signers, parallel order; ${tenPageRuns} timed runs after 2 untimed`,
      },
      {
        name: `50 concurrent signers on this ${cpus().length}-core machine complete without a single error`,
        target: '0 errors, every document completed, no failed background job',
        measured: isError(concurrent)
          ? concurrent.error
          : `${concurrent.concurrentSigners} concurrent: ${concurrent.errors} errors, ` +
            `${failedJobAttempts} failed job attempts; ` +
            `${concurrent.concurrentSigners - concurrent.errors} documents completed, ` +
            `the last ${round(concurrent.lastCompletedAfterMs / 1000, 1)} s after the burst ` +
            `(${concurrent.completedPerMinute} per minute); ` +
            `/sign p50 ${concurrent.signRequest.medianMs} ms, p95 ${concurrent.signRequest.p95Ms} ms`,
        pass:
          !isError(concurrent) &&
          concurrent.errors === 0 &&
          failedJobAttempts === 0 &&
          (concurrent.concurrentSigners >= 50 || options.quick),
        ...(options.quick ? { note: `--quick runs ${concurrentSigners} concurrent signers, not 50` } : {}),
      },
    ];
    logTargets(targets);
    return {
      setup: {
        server:
          'the appliance (openAppliance + job runner + scheduler, SQLite, built-in TSA, mail to ' +
          'DATA/outbox) in a process of its own on 127.0.0.1, log level silent; this process is the ' +
          'signers and the sender',
        client:
          'fetch (undici, keep-alive); each signer from its own address (X-Forwarded-For via ' +
          'SEGL_TRUSTED_PROXIES=127.0.0.1) as behind a reverse proxy, so the per-IP throttles see ' +
          'separate signers',
        signerFlow:
          'open link, request e-mail code, read it from the outbox .eml, verify, GET the PDF and send ' +
          'its SHA-256 with consent (as the signer page does)',
        waitForSealMs: WAIT_FOR_SEAL_MS,
        tenPageRuns,
        twoHundredPageRuns,
        concurrentSigners,
        baselines:
          'signing.sealBytes B-LTA of the exact stamped PDF each run sealed (cut from its final ' +
          "file), in this process with the same keys (openSealer on the server's data directory), one " +
          'run after each flow run, the server idle meanwhile. The module map lets scripts reach ' +
          'server/domain, server/lib and server/main.ts only, so the stamp (server/pdf) has no ' +
          'baseline of its own: it is inside beyondBareSealMedianMs',
        loadAverage: {
          atStart: loadAtStart,
          atEnd: loadAtEnd,
          cpus: cpus().length,
          note:
            'other work on the machine (load above the core count) stretches every wall-clock number ' +
            'here; the server CPU times are less sensitive to it',
        },
      },
      lastSignature: { tenPages, twoHundredPages },
      concurrent,
      jobs,
      failedJobAttempts,
      targets,
    };
  } finally {
    if (server) await server.stop();
    work.remove();
  }
}
