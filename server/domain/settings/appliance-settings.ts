import type { Config } from '../../lib/config.js';
import { certificateSummary } from '../../crypto/certificate-info.js';
import type { Database } from '../../storage/database.js';
import type { Sealer } from '../sealer.js';
import { readDocumentLimits, writeDocumentLimits, type DocumentLimits } from '../documents/document-limits.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import type { StaffAction } from '../staff-events/staff-action.js';

export interface CertificateView {
  subject: string;
  issuer: string;
  serialHex: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
}

/** What an administrator sees of the appliance: its configuration (never a secret), limits, certificates. */
export interface ApplianceSettingsView {
  publicUrl: string;
  timeZone: string;
  stampLayout: 'shrink' | 'extend';
  mail: { transport: 'smtp' | 'outbox'; from: string | null; attachmentMaxBytes: number };
  timestamping: { builtIn: boolean; urls: string[] };
  retention: { defaultDays: number | null; schedule: string | null };
  singleSignOn: { name: string } | null;
  signerProviders: { key: string; label: string; level: 'strong' | 'simple' }[];
  limits: DocumentLimits;
  sealCertificate: CertificateView & { chain: CertificateView[] };
  rootCertificate: CertificateView;
}

function view(der: Uint8Array): CertificateView {
  const summary = certificateSummary(der);
  return {
    subject: summary.subject,
    issuer: summary.issuer,
    serialHex: summary.serialHex,
    notBefore: summary.notBefore.toISOString(),
    notAfter: summary.notAfter.toISOString(),
    sha256: summary.sha256,
  };
}

export async function describeApplianceSettings(options: {
  db: Database;
  config: Config;
  sealer: Sealer;
}): Promise<ApplianceSettingsView> {
  const { config, sealer } = options;
  const seal = sealer.pki.seal;
  return {
    publicUrl: config.publicUrl,
    timeZone: config.timeZone,
    stampLayout: config.stampLayout,
    mail: {
      transport: config.smtpUrl ? 'smtp' : 'outbox',
      from: config.mailFrom ?? null,
      attachmentMaxBytes: config.mailAttachmentMaxBytes,
    },
    timestamping: { builtIn: config.tsaUrls.length === 0, urls: config.tsaUrls },
    retention: { defaultDays: config.retentionDays, schedule: config.retentionSchedule },
    singleSignOn: config.sso ? { name: config.sso.name } : null,
    signerProviders: Object.values(config.signerProviders).map((p) => ({ key: p.key, label: p.name, level: p.level })),
    limits: await readDocumentLimits({ db: options.db }),
    sealCertificate: { ...view(seal.certificate), chain: seal.chain.map(view) },
    rootCertificate: view(sealer.rootCertificateDer()),
  };
}

/** Administrators change the upload limits (the rest is environment configuration); audited. */
export async function updateApplianceSettings(
  options: StaffAction & { limits: Partial<DocumentLimits> },
): Promise<void> {
  const before = await readDocumentLimits({ db: options.db });
  await writeDocumentLimits({ db: options.db, limits: options.limits });
  await recordStaffEvent({
    db: options.db,
    clock: options.clock,
    action: 'settings.updated',
    actorId: options.actorId,
    targetType: 'settings',
    targetId: 'limits',
    ip: options.ip,
    data: { before, after: { ...before, ...options.limits } },
  });
}
