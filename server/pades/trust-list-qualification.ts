import type { TrustListHook } from '../crypto/trusted-list-trust.js';
import type { ChainCheck, TimestampCheck } from './crypto-checks.js';
import type { QualificationReport, SignatureReport } from './verification-report.js';

/**
 * The report's `qualification` for one signature or document timestamp, from trusted lists: the signer's
 * certificate qualified for seals or signatures (at the time its timestamp proves, else now), and whether the
 * timestamp (the signature's, or the document timestamp itself) comes from a qualified TSA. Null when no listed
 * service is involved.
 */
export function qualifyFromTrustLists(options: {
  trustList: Pick<TrustListHook, 'qualifyCertificate' | 'qualifyTimestamp'>;
  report: SignatureReport;
  chains: ChainCheck[];
  signatureTimestamp?: TimestampCheck;
  docTimestamp?: TimestampCheck;
  now: Date;
}): QualificationReport | null {
  const { trustList, report } = options;
  const stamp = report.kind === 'doc-timestamp' ? options.docTimestamp : options.signatureTimestamp;
  const stampTime = stamp?.time ? new Date(stamp.time) : undefined;
  const tsaCertificate = stamp?.chain?.chain[0];
  const timestamp =
    tsaCertificate && stamp.signatureValid
      ? trustList.qualifyTimestamp({ tsaCertificate, chain: stamp.chain!.chain.slice(1), at: stampTime ?? options.now })
      : undefined;
  const chain = report.kind === 'signature' ? options.chains[0]?.chain : undefined;
  const certificate =
    chain && report.valid ? trustList.qualifyCertificate({ chain, at: stampTime ?? options.now }) : undefined;
  if (!certificate && !timestamp) return null;
  return {
    qualifiedForSeal: certificate?.qualifiedForSeal ?? false,
    qualifiedForSignature: certificate?.qualifiedForSignature ?? false,
    qscd: certificate?.qscd ?? false,
    qualifiedTimestamp: timestamp?.qualifiedTimestamp ?? false,
    provider: certificate?.provider ?? timestamp?.provider ?? null,
    territory: certificate?.territory ?? timestamp?.territory ?? null,
  };
}
