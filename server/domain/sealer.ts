import { statSync } from 'node:fs';
import type { Config } from '../lib/config.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { writeFileAtomic } from '../lib/atomic-write.js';
import { loadKeyEncryptionKey } from '../crypto/key-encryption-key.js';
import { loadAppliancePki, type AppliancePki } from '../crypto/appliance-pki.js';
import {
  createInProcessTimestampSource,
  requestTimestamp,
  type TimestampResult,
  type TimestampSource,
} from '../crypto/timestamp-client.js';
import { createTimestampResponse } from '../crypto/timestamp-authority.js';
import { GrowableBuffer } from '../pdf/growable-buffer.js';
import { PdfReader } from '../pdf/pdf-reader.js';
import { assertWellFormed } from '../pdf/well-formed.js';
import { assertSignable } from '../pdf/signature-placeholder.js';
import { sealPdf } from '../pades/seal-pdf.js';
import { PADES_LEVELS } from '../pades/pades-level.js';
import type { PadesLevel as Level } from '../pades/verification-report.js';
import { collectValidationMaterial } from './collect-validation-material.js';
import { kekFilePaths, readKekFile } from './keys/kek-files.js';
import { isSeglError, SeglError } from '../lib/errors.js';
import type { SealIdentity } from '../crypto/signing-identity.js';
import { createSealIdentitySource } from './seal-key/seal-identity-source.js';
import { createRevocationFetcher } from '../crypto/revocation-fetcher.js';
import type { FetchLike } from '../crypto/revocation-data.js';
import type { ValidationMaterial } from '../pdf/document-security-store.js';
import { createOutboundFetch } from '../lib/outbound-fetch.js';
import { loadTrustLists, type LoadedTrustLists } from './trust/load-trust-lists.js';
import { derToPem } from '../crypto/pem.js';

/** The PAdES level a seal is made to: B-B, B-T, B-LT or B-LTA (the sealer's word for it, for CLI, jobs and HTTP). */
export type PadesLevel = Level;

/** A level as an operator writes it (`b-lta`, `PAdES-B-LT`, ...); 400 `invalid_level` otherwise. */
export function parsePadesLevel(value: string): PadesLevel {
  const normalized = value
    .trim()
    .toUpperCase()
    .replace(/^PADES[-_ ]?/, '');
  const level = PADES_LEVELS.find((l) => l === normalized);
  if (!level) {
    throw new SeglError({
      code: 'invalid_level',
      message: `unknown PAdES level "${value}": use B-B, B-T, B-LT or B-LTA`,
    });
  }
  return level;
}

/** Spare room read into memory with a document, so the updates of sealing never copy it again. */
const SEAL_SLACK_BYTES = 128 * 1024;

export interface SealBytesResult {
  level: PadesLevel;
  fieldName: string;
  /** The sealed document: the input bytes followed by the incremental updates. */
  output: Buffer;
}

export interface Sealer {
  pki: AppliancePki;
  timestampSources: TimestampSource[];
  /** A checked RFC 3161 token from the first configured TSA that gives one; else throws `timestamp_unavailable`. */
  requestTimestamp(options: { digest: Uint8Array; timeoutMs?: number }): Promise<TimestampResult>;
  /** Calls `listener` whenever a TSA gave this process a good token (how waiting work learns an outage ended). */
  onTimestampAnswered(listener: () => void): () => void;
  /** SEGL_TRUST_LIST_FILES, loaded and checked at start: verification (portal included) trusts their services. */
  trustList?: LoadedTrustLists;
  /** PEM trust anchors for verification: the appliance root plus the root of the seal certificate in force. */
  verificationAnchorsPem(): Promise<string>;
  /** The identity new seals are made with: a PKCS#11 token, an imported PKCS#12 key, or the appliance CA. */
  sealIdentity(): Promise<SealIdentity>;
  /** An RFC 3161 token over a SHA-256 digest from the configured TSAs (tried in order); throws when none answers. */
  timestamp(digest: Uint8Array): Promise<Uint8Array>;
  /** Certificates plus revocation data for the DSS (B-LT), for every certificate given and its issuers. */
  validationMaterial(certificates: Uint8Array[]): Promise<ValidationMaterial>;
  /** Closes token sessions (HSM). */
  close(): void;
  sealBytes(options: {
    input: Uint8Array | GrowableBuffer;
    level: PadesLevel;
    reason?: string;
    location?: string;
  }): Promise<SealBytesResult>;
  sealFile(options: {
    input: string;
    output: string;
    level: PadesLevel;
  }): Promise<{ level: PadesLevel; inputBytes: number; outputBytes: number }>;
  rootCertificatePem(): string;
  rootCertificateDer(): Uint8Array;
  /** Answers an RFC 3161 TimeStampReq with the built-in TSA (never throws for bad requests). */
  answerTimestampRequest(request: Uint8Array): Uint8Array;
  answerOcspRequest(request: Uint8Array): Uint8Array;
  currentCrl(): Uint8Array;
}

/**
 * Loads the PKI with the KEK; if a `segl keys rotate` stopped after re-wrapping the PKI keys but before it
 * replaced the KEK file, they are wrapped by DATA/kek.next instead, and that key opens them.
 */
async function loadPkiDuringRotation(options: {
  config: Config;
  kek: Uint8Array;
  clock: Clock;
}): Promise<AppliancePki> {
  const { config, clock } = options;
  try {
    return await loadAppliancePki({ dataDir: config.dataDir, kek: options.kek, publicUrl: config.publicUrl, clock });
  } catch (error) {
    const next =
      isSeglError(error) && error.code === 'kek_mismatch'
        ? await readKekFile(kekFilePaths(config.dataDir).next)
        : undefined;
    if (!next) throw error;
    return loadAppliancePki({ dataDir: config.dataDir, kek: next, publicUrl: config.publicUrl, clock });
  }
}

/** Keys, PKI and timestamping of this appliance, ready to seal: the CLI needs no running server for it. */
export async function openSealer(options: {
  config: Config;
  clock?: Clock;
  /** Already loaded by the caller; read from SEGL_KEK or the data directory otherwise. */
  kek?: Uint8Array;
  /**
   * How revocation data and issuers of other CAs are fetched (default: guarded by
   * SEGL_REVOCATION_ALLOW_PRIVATE_NETWORK).
   */
  fetchImpl?: FetchLike;
}): Promise<Sealer> {
  const clock = options.clock ?? systemClock;
  const { config } = options;
  const kek = options.kek ?? (await loadKeyEncryptionKey({ dataDir: config.dataDir, env: { SEGL_KEK: config.kek } }));
  const pki = await loadPkiDuringRotation({ config, kek, clock });
  const nextKek = await readKekFile(kekFilePaths(config.dataDir).next);
  const sealIdentities = createSealIdentitySource({ config, pki, keks: nextKek ? [kek, nextKek] : [kek], clock });
  // OCSP responders, CRLs and CA issuers named by certificates anyone can make: through the outbound guard
  const guarded = createOutboundFetch({
    policy: { allowPrivateNetwork: config.revocationAllowPrivateNetwork },
    timeoutMs: 10_000,
    maxResponseBytes: 20 * 1024 * 1024,
  });
  const fetchImpl: FetchLike = options.fetchImpl ?? ((url, init) => guarded(url, init as RequestInit));
  const revocation = createRevocationFetcher({ clock, fetchImpl });
  const validationMaterial = (certificates: Uint8Array[]) =>
    collectValidationMaterial({ certificates, pki, revocation, fetchImpl });
  const timestampSources: TimestampSource[] = config.tsaUrls.length
    ? config.tsaUrls.map((url) => ({ url, allowPrivateNetwork: config.tsaAllowPrivateNetwork }))
    : [createInProcessTimestampSource({ identity: pki.tsa, clock, name: 'built-in TSA' })];

  const answeredListeners = new Set<() => void>();
  const timestamp: Sealer['requestTimestamp'] = async ({ digest, timeoutMs }) => {
    const result = await requestTimestamp({ digest, sources: timestampSources, timeoutMs });
    for (const listener of answeredListeners) listener();
    return result;
  };

  const sealBytes: Sealer['sealBytes'] = async ({ input, level, reason, location }) => {
    const file = input instanceof GrowableBuffer ? input : GrowableBuffer.from(input, SEAL_SLACK_BYTES);
    const result = await sealPdf({
      file,
      level,
      identity: await sealIdentities.current(),
      clock,
      reason,
      location,
      timestamp: async (digest) => (await timestamp({ digest })).token,
      validationMaterial,
    });
    return { level: result.level, fieldName: result.fieldName, output: file.view() };
  };

  return {
    pki,
    timestampSources,
    requestTimestamp: timestamp,
    onTimestampAnswered(listener) {
      answeredListeners.add(listener);
      return () => answeredListeners.delete(listener);
    },
    sealIdentity: () => sealIdentities.current(),
    timestamp: async (digest) => (await timestamp({ digest })).token,
    trustList: config.trustListFiles.length ? loadTrustLists(config.trustListFiles) : undefined,
    async verificationAnchorsPem() {
      // a token that is away right now must not stop verification: then the appliance root alone
      const identity = await sealIdentities.current().catch(() => undefined);
      const sealRoot = identity?.chain.at(-1);
      return pki.rootPem() + (sealRoot && identity?.source !== 'appliance' ? derToPem(sealRoot, 'CERTIFICATE') : '');
    },
    validationMaterial,
    close: () => sealIdentities.close(),
    sealBytes,
    async sealFile({ input, output, level }) {
      const inputBytes = statSync(input).size;
      const file = GrowableBuffer.readFile(input, SEAL_SLACK_BYTES);
      // A file from disk is checked whole before anything is built on it (uploads are checked the same way).
      const reader = PdfReader.open(file.view());
      assertSignable(reader);
      assertWellFormed(reader);
      const result = await sealBytes({ input: file, level });
      writeFileAtomic(output, result.output);
      return { level: result.level, inputBytes, outputBytes: result.output.length };
    },
    rootCertificatePem: () => pki.rootPem(),
    rootCertificateDer: () => pki.root.certificate,
    answerTimestampRequest: (request) => createTimestampResponse({ request, identity: pki.tsa, clock }),
    answerOcspRequest: (request) => pki.answerOcspRequest({ request }),
    currentCrl: () => pki.currentCrl(),
  };
}
