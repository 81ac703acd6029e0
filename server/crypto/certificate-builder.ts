import { createHash, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import {
  bitString,
  encodeDer,
  explicitTag,
  extension,
  octetString,
  positiveInteger,
  rawDer,
  toArrayBuffer,
  x509Time,
  type AsnValue,
} from './asn1-helpers.js';
import { OID } from './oids.js';
import { KEY_USAGE_NAMES, readCertificate, type KeyUsageName } from './certificate-info.js';
import { signData, signatureAlgorithmFor } from './signature-algorithm.js';

/** Issues X.509 v3 certificates signed with node:crypto keys. */

export interface NameSpec {
  commonName: string;
  organization?: string;
  organizationalUnit?: string;
  country?: string;
}

/**
 * Name ::= CHOICE { rdnSequence RDNSequence }
 * RDNSequence ::= SEQUENCE OF RelativeDistinguishedName
 * RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue
 * AttributeTypeAndValue ::= SEQUENCE { type AttributeType, value AttributeValue }
 */
export function buildName(spec: NameSpec): Uint8Array {
  const attributes: Array<[string, AsnValue]> = [];
  if (spec.country) attributes.push([OID.countryName, new asn1js.PrintableString({ value: spec.country })]);
  if (spec.organization) attributes.push([OID.organizationName, new asn1js.Utf8String({ value: spec.organization })]);
  if (spec.organizationalUnit)
    attributes.push([OID.organizationalUnitName, new asn1js.Utf8String({ value: spec.organizationalUnit })]);
  attributes.push([OID.commonName, new asn1js.Utf8String({ value: spec.commonName })]);
  return encodeDer(
    new asn1js.Sequence({
      value: attributes.map(
        ([type, value]) =>
          new asn1js.Set({
            value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: type }), value] })],
          }),
      ),
    }),
  );
}

/** SubjectPublicKeyInfo DER of a key (public or private). */
export function spkiOf(key: KeyObject): Uint8Array {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
}

/** RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING contents. */
export function keyIdentifierOf(spki: Uint8Array): Uint8Array {
  const parsed = rawDer(spki) as asn1js.Sequence;
  const bits = parsed.valueBlock.value[1] as asn1js.BitString;
  return new Uint8Array(createHash('sha1').update(bits.valueBlock.valueHexView).digest());
}

/** 16 random bytes, positive, fixed length (RFC 5280: at most 20 octets, unpredictable). */
export function randomSerial(): Uint8Array {
  const serial = new Uint8Array(randomBytes(16));
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  return serial;
}

function keyUsageBits(names: KeyUsageName[]): asn1js.BitString {
  const order = KEY_USAGE_NAMES;
  const bits = names.map((name) => order.indexOf(name));
  const highest = Math.max(...bits);
  const bytes = new Uint8Array((highest >> 3) + 1);
  for (const bit of bits) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  // DER: named bit lists drop trailing zero bits
  const unusedBits = 7 - (highest & 7);
  return new asn1js.BitString({ valueHex: toArrayBuffer(bytes), unusedBits });
}

export interface CertificateProfile {
  /** CA certificate: basicConstraints cA (critical), keyUsage keyCertSign + cRLSign (critical). */
  ca?: { pathLength?: number };
  keyUsage?: KeyUsageName[];
  extendedKeyUsage?: { oids: string[]; critical: boolean };
  crlUrls?: string[];
  ocspUrls?: string[];
  caIssuerUrls?: string[];
  /** Adds id-pkix-ocsp-nocheck (for delegated OCSP responders). */
  ocspNoCheck?: boolean;
}

/**
 * Certificate ::= SEQUENCE { tbsCertificate TBSCertificate, signatureAlgorithm AlgorithmIdentifier, signatureValue BIT
 * STRING }
 *
 * TBSCertificate ::= SEQUENCE {
 *   version         [0] EXPLICIT Version DEFAULT v1,
 *   serialNumber         CertificateSerialNumber,
 *   signature            AlgorithmIdentifier,
 *   issuer               Name,
 *   validity             Validity,
 *   subject              Name,
 *   subjectPublicKeyInfo SubjectPublicKeyInfo,
 *   issuerUniqueID  [1] IMPLICIT UniqueIdentifier OPTIONAL,
 *   subjectUniqueID [2] IMPLICIT UniqueIdentifier OPTIONAL,
 *   extensions      [3] EXPLICIT Extensions OPTIONAL }
 *
 * Validity ::= SEQUENCE { notBefore Time, notAfter Time }
 *
 * The issuer is either a certificate (its subject becomes our issuer, its SKI our AKI) or, for a
 * self-signed root, omitted.
 */
export function issueCertificate(options: {
  subject: NameSpec;
  publicKey: KeyObject;
  /** Omit for self-signed: then `signingKey` must be the subject's private key. */
  issuerCertificate?: Uint8Array;
  signingKey: KeyObject;
  serial?: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  profile: CertificateProfile;
}): Uint8Array {
  const subjectDer = buildName(options.subject);
  const spki = spkiOf(options.publicKey);
  const subjectKeyId = keyIdentifierOf(spki);
  let issuerDer = subjectDer;
  let authorityKeyId = subjectKeyId;
  if (options.issuerCertificate) {
    const issuer = readCertificate(options.issuerCertificate);
    issuerDer = issuer.subjectDer;
    authorityKeyId = issuer.subjectKeyIdentifier ?? keyIdentifierOf(issuer.spki);
  }
  const { profile } = options;
  const extensions: AsnValue[] = [];

  // BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL }
  if (profile.ca) {
    const bc: AsnValue[] = [new asn1js.Boolean({ value: true })];
    if (profile.ca.pathLength !== undefined) bc.push(new asn1js.Integer({ value: profile.ca.pathLength }));
    extensions.push(
      extension({ oid: OID.basicConstraints, critical: true, value: new asn1js.Sequence({ value: bc }) }),
    );
  } else {
    extensions.push(
      extension({ oid: OID.basicConstraints, critical: false, value: new asn1js.Sequence({ value: [] }) }),
    );
  }

  // KeyUsage ::= BIT STRING { digitalSignature (0), nonRepudiation (1), ..., keyCertSign (5), cRLSign (6), ... }
  const keyUsage = profile.keyUsage ?? (profile.ca ? ['keyCertSign', 'cRLSign'] : ['digitalSignature']);
  extensions.push(extension({ oid: OID.keyUsage, critical: true, value: keyUsageBits(keyUsage) }));

  // ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId
  if (profile.extendedKeyUsage) {
    extensions.push(
      extension({
        oid: OID.extKeyUsage,
        critical: profile.extendedKeyUsage.critical,
        value: new asn1js.Sequence({
          value: profile.extendedKeyUsage.oids.map((oid) => new asn1js.ObjectIdentifier({ value: oid })),
        }),
      }),
    );
  }

  // SubjectKeyIdentifier ::= KeyIdentifier (OCTET STRING)
  extensions.push(extension({ oid: OID.subjectKeyIdentifier, value: octetString(subjectKeyId) }));

  // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] KeyIdentifier OPTIONAL, ... }
  extensions.push(
    extension({
      oid: OID.authorityKeyIdentifier,
      value: new asn1js.Sequence({
        value: [
          new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: toArrayBuffer(authorityKeyId) }),
        ],
      }),
    }),
  );

  // CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint
  // DistributionPoint ::= SEQUENCE { distributionPoint [0] DistributionPointName OPTIONAL, ... }
  // DistributionPointName ::= CHOICE { fullName [0] GeneralNames, ... }   (IMPLICIT tags)
  if (profile.crlUrls?.length) {
    extensions.push(
      extension({
        oid: OID.cRLDistributionPoints,
        value: new asn1js.Sequence({
          value: profile.crlUrls.map(
            (url) =>
              new asn1js.Sequence({
                value: [
                  new asn1js.Constructed({
                    idBlock: { tagClass: 3, tagNumber: 0 },
                    value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [uriName(url)] })],
                  }),
                ],
              }),
          ),
        }),
      }),
    );
  }

  // AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription
  // AccessDescription ::= SEQUENCE { accessMethod OBJECT IDENTIFIER, accessLocation GeneralName }
  const access: AsnValue[] = [];
  for (const url of profile.ocspUrls ?? []) access.push(accessDescription(OID.ocsp, url));
  for (const url of profile.caIssuerUrls ?? []) access.push(accessDescription(OID.caIssuers, url));
  if (access.length)
    extensions.push(extension({ oid: OID.authorityInfoAccess, value: new asn1js.Sequence({ value: access }) }));

  // id-pkix-ocsp-nocheck ::= NULL
  if (profile.ocspNoCheck) extensions.push(extension({ oid: OID.ocspNoCheck, value: new asn1js.Null() }));

  const tbs = new asn1js.Sequence({
    value: [
      explicitTag(0, new asn1js.Integer({ value: 2 })),
      positiveInteger(options.serial ?? randomSerial()),
      signatureAlgorithmFor(options.signingKey).identifier,
      rawDer(issuerDer),
      new asn1js.Sequence({ value: [x509Time(options.notBefore), x509Time(options.notAfter)] }),
      rawDer(subjectDer),
      rawDer(spki),
      explicitTag(3, new asn1js.Sequence({ value: extensions })),
    ],
  });
  const tbsDer = encodeDer(tbs);
  const signed = signData({ privateKey: options.signingKey, data: tbsDer });
  return encodeDer(new asn1js.Sequence({ value: [rawDer(tbsDer), signed.algorithm, bitString(signed.signature)] }));
}

/** GeneralName uniformResourceIdentifier [6] IA5String (IMPLICIT). */
function uriName(url: string): asn1js.Primitive {
  return new asn1js.Primitive({
    idBlock: { tagClass: 3, tagNumber: 6 },
    valueHex: toArrayBuffer(new TextEncoder().encode(url)),
  });
}

function accessDescription(method: string, url: string): asn1js.Sequence {
  return new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: method }), uriName(url)] });
}
