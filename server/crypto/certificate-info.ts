import { createParseCache } from './parse-cache.js';
import { createHash, type KeyObject } from 'node:crypto';
import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { PkiError } from './pki-error.js';
import { SeglError } from '../lib/errors.js';
import { OID } from './oids.js';
import {
  bytesToHex,
  decodeDer,
  readPkiStructure,
  serialToHex,
  toArrayBuffer,
  toBytes,
  type AsnValue,
} from './asn1-helpers.js';
import { publicKeyFromSpki } from './signature-algorithm.js';

/** Everything the appliance reads from an X.509 certificate, decoded once. */
export interface CertificateInfo {
  der: Uint8Array;
  /** DER of the TBSCertificate, exactly as signed. */
  tbs: Uint8Array;
  subjectDer: Uint8Array;
  issuerDer: Uint8Array;
  subject: string;
  issuer: string;
  subjectCommonName?: string;
  issuerCommonName?: string;
  serialHex: string;
  /** The serialNumber INTEGER element exactly as encoded (for IssuerAndSerialNumber and ESS IssuerSerial). */
  serialNumberDer: Uint8Array;
  serialNumber: bigint;
  notBefore: Date;
  notAfter: Date;
  /** DER of SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** The BIT STRING contents of subjectPublicKey (what SKI and OCSP key hashes are computed over). */
  publicKeyBits: Uint8Array;
  signatureAlgorithmOid: string;
  signatureAlgorithmParameters?: AsnValue;
  signature: Uint8Array;
  subjectKeyIdentifier?: Uint8Array;
  authorityKeyIdentifier?: Uint8Array;
  basicConstraints?: { ca: boolean; pathLength?: number; critical: boolean };
  keyUsage?: { names: KeyUsageName[]; critical: boolean };
  extendedKeyUsage?: { oids: string[]; critical: boolean };
  ocspUrls: string[];
  caIssuerUrls: string[];
  crlUrls: string[];
  selfIssued: boolean;
  publicKey(): KeyObject;
}

export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';

/** KeyUsage bit names in bit order (RFC 5280 §4.2.1.3). */
export const KEY_USAGE_NAMES: KeyUsageName[] = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

const NAME_LABELS: Record<string, string> = {
  [OID.commonName]: 'CN',
  [OID.organizationName]: 'O',
  [OID.organizationalUnitName]: 'OU',
  [OID.countryName]: 'C',
  [OID.serialNumber]: 'serialNumber',
  [OID.localityName]: 'L',
  [OID.stateOrProvinceName]: 'ST',
  [OID.organizationIdentifier]: 'organizationIdentifier',
  [OID.emailAddress]: 'emailAddress',
  [OID.givenName]: 'GN',
  [OID.surname]: 'SN',
};

/** RFC 4514-style text of a Name (most significant RDN last, as OpenSSL's -nameopt RFC2253 prints). */
export function nameToString(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((tv) => `${NAME_LABELS[tv.type] ?? tv.type}=${attributeText(tv.value)}`)
    .reverse()
    .join(', ');
}

function attributeText(value: AsnValue): string {
  const block = (value as { valueBlock?: { value?: unknown } }).valueBlock;
  if (block && typeof block.value === 'string') return block.value;
  return `#${bytesToHex(new Uint8Array(value.toBER(false)))}`;
}

function commonNameOf(name: pkijs.RelativeDistinguishedNames): string | undefined {
  const found = name.typesAndValues.find((tv) => tv.type === OID.commonName);
  return found ? attributeText(found.value) : undefined;
}

function extensionValue(ext: pkijs.Extension): AsnValue {
  return decodeDer(toBytes(ext.extnValue.valueBlock.valueHexView), 'malformed_certificate', `extension ${ext.extnID}`);
}

function uriOf(name: pkijs.GeneralName): string | undefined {
  return name.type === 6 && typeof name.value === 'string' ? name.value : undefined;
}

/** Parses a DER certificate; throws PkiError `malformed_certificate`. */
const certificateCache = createParseCache<CertificateInfo>();

export function readCertificate(der: Uint8Array): CertificateInfo {
  return certificateCache([der], () => parseCertificate(der));
}

function parseCertificate(der: Uint8Array): CertificateInfo {
  const cert = readPkiStructure(() => pkijs.Certificate.fromBER(toArrayBuffer(der)), {
    code: 'malformed_certificate',
    message: 'Cannot parse X.509 certificate',
  });
  const info: CertificateInfo = {
    der: toBytes(der),
    tbs: new Uint8Array(cert.tbsView),
    subjectDer: new Uint8Array(cert.subject.valueBeforeDecode),
    issuerDer: new Uint8Array(cert.issuer.valueBeforeDecode),
    subject: nameToString(cert.subject),
    issuer: nameToString(cert.issuer),
    subjectCommonName: commonNameOf(cert.subject),
    issuerCommonName: commonNameOf(cert.issuer),
    serialHex: serialToHex(toBytes(cert.serialNumber.valueBlock.valueHexView)),
    serialNumberDer: toBytes(cert.serialNumber.valueBeforeDecodeView),
    serialNumber: cert.serialNumber.toBigInt(),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    spki: new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER(false)),
    publicKeyBits: toBytes(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView),
    signatureAlgorithmOid: cert.signatureAlgorithm.algorithmId,
    signatureAlgorithmParameters: cert.signatureAlgorithm.algorithmParams as AsnValue | undefined,
    signature: toBytes(cert.signatureValue.valueBlock.valueHexView),
    ocspUrls: [],
    caIssuerUrls: [],
    crlUrls: [],
    selfIssued: false,
    publicKey() {
      return publicKeyFromSpki(info.spki);
    },
  };
  info.selfIssued = Buffer.compare(Buffer.from(info.subjectDer), Buffer.from(info.issuerDer)) === 0;
  for (const ext of cert.extensions ?? []) {
    const critical = ext.critical === true;
    try {
      switch (ext.extnID) {
        case OID.subjectKeyIdentifier: {
          info.subjectKeyIdentifier = toBytes((extensionValue(ext) as asn1js.OctetString).valueBlock.valueHexView);
          break;
        }
        case OID.authorityKeyIdentifier: {
          const aki = new pkijs.AuthorityKeyIdentifier({ schema: extensionValue(ext) });
          if (aki.keyIdentifier) info.authorityKeyIdentifier = toBytes(aki.keyIdentifier.valueBlock.valueHexView);
          break;
        }
        case OID.basicConstraints: {
          const bc = new pkijs.BasicConstraints({ schema: extensionValue(ext) });
          const pathLength =
            typeof bc.pathLenConstraint === 'number' ? bc.pathLenConstraint : bc.pathLenConstraint?.valueBlock.valueDec;
          info.basicConstraints = { ca: bc.cA === true, pathLength, critical };
          break;
        }
        case OID.keyUsage: {
          const bits = extensionValue(ext) as asn1js.BitString;
          const bytes = toBytes(bits.valueBlock.valueHexView);
          const names = KEY_USAGE_NAMES.filter((_, bit) => ((bytes[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0);
          info.keyUsage = { names, critical };
          break;
        }
        case OID.extKeyUsage: {
          const eku = new pkijs.ExtKeyUsage({ schema: extensionValue(ext) });
          info.extendedKeyUsage = { oids: eku.keyPurposes, critical };
          break;
        }
        case OID.authorityInfoAccess: {
          const aia = new pkijs.InfoAccess({ schema: extensionValue(ext) });
          for (const ad of aia.accessDescriptions) {
            const uri = uriOf(ad.accessLocation);
            if (!uri) continue;
            if (ad.accessMethod === OID.ocsp) info.ocspUrls.push(uri);
            if (ad.accessMethod === OID.caIssuers) info.caIssuerUrls.push(uri);
          }
          break;
        }
        case OID.cRLDistributionPoints: {
          const dps = new pkijs.CRLDistributionPoints({ schema: extensionValue(ext) });
          for (const dp of dps.distributionPoints) {
            if (Array.isArray(dp.distributionPoint)) {
              for (const name of dp.distributionPoint) {
                const uri = uriOf(name);
                if (uri) info.crlUrls.push(uri);
              }
            }
          }
          break;
        }
        default:
          break;
      }
    } catch (cause) {
      if (cause instanceof SeglError) throw cause;
      throw new PkiError({ code: 'malformed_certificate', message: `Cannot parse extension ${ext.extnID}`, cause });
    }
  }
  return info;
}

/** The subjectKeyIdentifier, or without one RFC 5280 4.2.1.2 method 1 (SHA-1 of the public key bits). */
export function certificateKeyIdentifier(info: CertificateInfo): Uint8Array {
  return info.subjectKeyIdentifier ?? new Uint8Array(createHash('sha1').update(info.publicKeyBits).digest());
}

export interface CertificateSummary {
  subject: string;
  subjectCommonName?: string;
  issuer: string;
  issuerCommonName?: string;
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  /** Lowercase hex SHA-256 of the DER. */
  sha256: string;
}

/** What a human (or a report) needs to identify a certificate. */
export function certificateSummary(der: Uint8Array): CertificateSummary {
  const info = readCertificate(der);
  return {
    subject: info.subject,
    subjectCommonName: info.subjectCommonName,
    issuer: info.issuer,
    issuerCommonName: info.issuerCommonName,
    serialHex: info.serialHex,
    notBefore: info.notBefore,
    notAfter: info.notAfter,
    sha256: createHash('sha256').update(der).digest('hex'),
  };
}
