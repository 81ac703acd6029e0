import type { Database } from '../storage/database.js';
import type { Clock } from '../lib/clock.js';
import type { Config } from '../lib/config.js';
import { createStaffAuthService } from './auth/staff-auth-service.js';
import { bindContext } from './bind-context.js';
import type { DocumentArchive } from './documents/document-archive.js';
import { createDocumentService } from './documents/document-service.js';
import { createFolderService } from './folders/folder-service.js';
import { createGroupService } from './groups/group-service.js';
import { checkHealth } from './health/check-health.js';
import { collectApplianceState } from './metrics/collect-appliance-state.js';
import { createSealKeyService } from './seal-key/seal-key-service.js';
import type { Sealer } from './sealer.js';
import { describeApplianceSettings, updateApplianceSettings } from './settings/appliance-settings.js';
import { createSignerApiService } from './signer-flow/signer-api-service.js';
import type { SignerFlow } from './signer-flow/signer-flow.js';
import { createSignerService } from './signer-flow/signer-service.js';
import { createTokenService } from './tokens/token-service.js';
import { createUserService } from './users/user-service.js';
import { createVerificationService } from './verification/verification-service.js';
import type { DocumentVerifier } from './verify-document.js';
import { createWebhookService } from './webhooks/webhook-service.js';

/** The parts of the service graph (built in server/main.ts) that the use cases are bound to. */
export interface ServiceGraph extends SignerFlow {
  config: Config;
  clock: Clock;
  db: Database;
  archive: DocumentArchive;
  sealer: Sealer;
  verifier: DocumentVerifier;
  /** The KEK the appliance started with: only for the keys derived from it (state cookies, signer claims, imports). */
  kek: Uint8Array;
}

/**
 * Every use case the HTTP layer calls, bound to the database, clock, keys and archive: the HTTP layer holds these
 * services, never the database or a KEK.
 */
export function createApplianceServices(graph: ServiceGraph) {
  const { config, clock, db, archive, sealer } = graph;
  const keyRing = archive.keyRing;
  return {
    staffAuth: createStaffAuthService({ db, clock, keyRing, kek: graph.kek, config }),
    users: createUserService({ db, clock, keyRing, publicUrl: config.publicUrl }),
    tokens: createTokenService({ db, clock }),
    groups: createGroupService({ db, clock }),
    folders: createFolderService({ db, clock, defaultRetentionDays: config.retentionDays }),
    documents: createDocumentService({
      archive,
      clock,
      dataDir: config.dataDir,
      minFreeBytes: config.minFreeBytes,
      defaultRetentionDays: config.retentionDays,
      rootCertificatePem: () => sealer.rootCertificatePem(),
    }),
    signers: createSignerService({ db, flow: graph }),
    signerApi: createSignerApiService({ flow: graph, kek: graph.kek }),
    webhooks: createWebhookService({ db, clock, keyRing, allowPrivateNetwork: config.webhookAllowPrivateNetwork }),
    verification: createVerificationService({ db, verifier: graph.verifier, sealer }),
    sealKey: createSealKeyService({ db, clock, config, kek: graph.kek, sealer }),
    settings: {
      describe: () => describeApplianceSettings({ db, config, sealer }),
      update: bindContext({ db, clock })(updateApplianceSettings),
    },
    health: {
      check: () => checkHealth({ db, sealer, dataDir: config.dataDir, minFreeBytes: config.minFreeBytes }),
    },
    metrics: {
      applianceState: (now: Date) => collectApplianceState({ db, sealer, config, now }),
    },
    /** The appliance CA's and TSA's public face: certificates, CRL, OCSP and RFC 3161 answers. */
    pki: {
      rootCertificateDer: () => sealer.rootCertificateDer(),
      rootCertificatePem: () => sealer.rootCertificatePem(),
      currentCrl: () => sealer.currentCrl(),
      answerOcspRequest: (request: Uint8Array) => sealer.answerOcspRequest(request),
      answerTimestampRequest: (request: Uint8Array) => sealer.answerTimestampRequest(request),
    },
  };
}

export type ApplianceServices = ReturnType<typeof createApplianceServices>;
