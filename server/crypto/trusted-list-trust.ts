import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { readCertificate } from './certificate-info.js';
import { bytesEqual, toArrayBuffer, toBytes } from './asn1-helpers.js';
import { isApproved, SERVICE_TYPE, statusAt, type TrustedList, type TrustService } from './trusted-list.js';

/**
 * What verification takes from trusted lists: the trust anchors (every CA and TSA service certificate on them), and
 * the qualification lookups: is a certificate qualified for electronic seals or signatures (ETSI TS 119 615's
 * rules in short: a CA/QC service approved at the time, the certificate's QcStatements or the list's qualifiers,
 * QCForESig / QCForESeal / QCWithQSCD / NotQualified), and was a timestamp made by a qualified TSA (TSA/QTST).
 */

const SVC_INFO = 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/';
const QUALIFIER = 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/';
const OID_QC_STATEMENTS = '1.3.6.1.5.5.7.1.3';
const QC = {
  compliance: '0.4.0.1862.1.1',
  sscd: '0.4.0.1862.1.4',
  type: '0.4.0.1862.1.6',
  esign: '0.4.0.1862.1.6.1',
  eseal: '0.4.0.1862.1.6.2',
};

export interface CertificateQualification {
  qualifiedForSeal: boolean;
  qualifiedForSignature: boolean;
  /** The private key is in a qualified signature/seal creation device. */
  qscd: boolean;
  provider: string;
  service: string;
  territory: string;
}

export interface TimestampQualification {
  qualifiedTimestamp: boolean;
  provider: string;
  service: string;
  territory: string;
}

export interface TrustListHook {
  trustAnchors: Uint8Array[];
  qualifyCertificate(options: { chain: Uint8Array[]; at: Date }): CertificateQualification | undefined;
  qualifyTimestamp(options: {
    tsaCertificate: Uint8Array;
    chain?: Uint8Array[];
    at: Date;
  }): TimestampQualification | undefined;
}

interface QcStatements {
  compliance: boolean;
  sscd: boolean;
  types: string[];
}

function readQcStatements(der: Uint8Array): QcStatements {
  const result: QcStatements = { compliance: false, sscd: false, types: [] };
  try {
    const certificate = pkijs.Certificate.fromBER(toArrayBuffer(der));
    const extension = certificate.extensions?.find((item) => item.extnID === OID_QC_STATEMENTS);
    if (!extension) return result;
    const parsed = asn1js.fromBER(toArrayBuffer(toBytes(extension.extnValue.valueBlock.valueHexView)));
    const statements = parsed.result instanceof asn1js.Sequence ? parsed.result.valueBlock.value : [];
    for (const statement of statements) {
      const [id, info] = (statement as asn1js.Sequence).valueBlock.value;
      const oid = id instanceof asn1js.ObjectIdentifier ? id.valueBlock.toString() : '';
      if (oid === QC.compliance) result.compliance = true;
      if (oid === QC.sscd) result.sscd = true;
      if (oid === QC.type && info instanceof asn1js.Sequence) {
        for (const type of info.valueBlock.value)
          if (type instanceof asn1js.ObjectIdentifier) result.types.push(type.valueBlock.toString());
      }
    }
  } catch {
    // a certificate whose QcStatements cannot be read claims nothing
  }
  return result;
}

const spkiOf = (der: Uint8Array) => readCertificate(der).spki;

function servesKey(service: TrustService, spki: Uint8Array): boolean {
  return service.certificates.some((certificate) => {
    try {
      return bytesEqual(spkiOf(certificate), spki);
    } catch {
      return false;
    }
  });
}

export function createTrustListHook(lists: TrustedList[]): TrustListHook {
  const entries = lists.flatMap((list) => list.services.map((service) => ({ service, territory: list.territory })));
  const trustAnchors = entries
    .filter(({ service }) => Object.values(SERVICE_TYPE).includes(service.type as never))
    .flatMap(({ service }) => service.certificates);

  return {
    trustAnchors,
    qualifyCertificate({ chain, at }) {
      const [leaf, ...issuers] = chain;
      if (!leaf) return undefined;
      const match = entries.find(
        ({ service }) =>
          service.type === SERVICE_TYPE.caQc && issuers.some((issuer) => servesKey(service, spkiOf(issuer))),
      );
      if (!match) return undefined;
      const { service, territory } = match;
      const approved = isApproved(statusAt(service, at));
      const qc = readQcStatements(leaf);
      const has = (name: string) => service.qualifiers.includes(`${QUALIFIER}${name}`);
      const qualified = approved && (qc.compliance || has('QCStatement')) && !has('NotQualified');
      let seal = has('QCForESeal') || qc.types.includes(QC.eseal);
      let signature = has('QCForESig') || qc.types.includes(QC.esign);
      if (!seal && !signature) {
        seal = service.additionalInformation.includes(`${SVC_INFO}ForeSeals`);
        signature =
          service.additionalInformation.includes(`${SVC_INFO}ForeSignatures`) ||
          (qc.compliance && qc.types.length === 0);
      }
      return {
        qualifiedForSeal: qualified && seal,
        qualifiedForSignature: qualified && signature,
        qscd: qualified && (has('QCWithQSCD') || (qc.sscd && !has('QCNoQSCD'))),
        provider: service.provider,
        service: service.name,
        territory,
      };
    },
    qualifyTimestamp({ tsaCertificate, chain, at }) {
      const keys = [tsaCertificate, ...(chain ?? [])].map(spkiOf);
      const match = entries.find(
        ({ service }) =>
          (service.type === SERVICE_TYPE.qtst || service.type === SERVICE_TYPE.tsa) &&
          keys.some((key) => servesKey(service, key)),
      );
      if (!match) return undefined;
      return {
        qualifiedTimestamp: match.service.type === SERVICE_TYPE.qtst && isApproved(statusAt(match.service, at)),
        provider: match.service.provider,
        service: match.service.name,
        territory: match.territory,
      };
    },
  };
}
