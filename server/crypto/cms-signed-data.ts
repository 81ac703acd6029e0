import { createHash, sign } from 'node:crypto';
import { CryptoError } from './crypto-error.js';
import { readCertificate } from './certificate-info.js';
import { parseSignedData, type CmsAttribute } from './cms-parse.js';
import {
  DER_NULL,
  TAG,
  encodeAlgorithmIdentifier,
  encodeExplicit,
  encodeImplicit,
  encodeInteger,
  encodeOctetString,
  encodeOid,
  encodeSequence,
  encodeSetOf,
  encodeTlv,
} from './der-codec.js';
import { OID } from './oids.js';
import type { SealIdentity, SigningIdentity } from './signing-identity.js';

export type { CmsAttribute } from './cms-parse.js';

export interface CreateSignedDataOptions {
  identity: SigningIdentity;
  /** eContentType, e.g. OID.data or OID.tstInfo. */
  contentType: string;
  /** Encapsulated when given; otherwise the SignedData is detached. */
  content?: Uint8Array;
  /** SHA-256 of the content; computed from `content` when omitted. */
  contentDigest?: Uint8Array;
  /** Extra signed attributes (never content-type, message-digest or signing-time). */
  signedAttributes?: CmsAttribute[];
  /** ESS signing-certificate-v2 (SHA-256 cert hash and issuerSerial); default true. */
  includeSigningCertificateV2?: boolean;
  /** Put any certificate in the SignedData at all; default true (an RFC 3161 token without certReq has none). */
  includeCertificates?: boolean;
  /** Certificates = leaf + chain without duplicates; when false the leaf only. Default true. */
  includeChain?: boolean;
  unsignedAttributes?: CmsAttribute[];
}

/** What signing needs from an identity, computed once per identity. */
interface PreparedIdentity {
  sid: Uint8Array;
  signingCertificateV2: Uint8Array;
  leaf: Uint8Array;
  chain: Uint8Array[];
  signatureAlgorithm: Uint8Array;
}

const prepared = new WeakMap<object, PreparedIdentity>();

const SHA256_ALGORITHM = encodeAlgorithmIdentifier(OID.sha256);
const FORBIDDEN_EXTRA = new Set<string>([OID.contentType, OID.messageDigest, OID.signingTime]);

/*
 * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies SEQUENCE OF PolicyInformation OPTIONAL }
 * ESSCertIDv2 ::= SEQUENCE {
 *   hashAlgorithm AlgorithmIdentifier DEFAULT {algorithm id-sha256},   -- omitted: SHA-256 is the default
 *   certHash Hash, issuerSerial IssuerSerial OPTIONAL }
 * IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }
 * GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName;  GeneralName ::= CHOICE { ... directoryName [4] Name ... }
 */
/** DER of a SigningCertificateV2 value for one certificate (RFC 5035). */
export function encodeSigningCertificateV2(options: { certificate: Uint8Array }): Uint8Array {
  const info = readCertificate(options.certificate);
  const certHash = createHash('sha256').update(options.certificate).digest();
  const issuerSerial = encodeSequence([encodeSequence([encodeExplicit(4, info.issuerDer)]), info.serialNumberDer]);
  return encodeSequence([encodeSequence([encodeSequence([encodeOctetString(certHash), issuerSerial])])]);
}

/** Attribute ::= SEQUENCE { attrType OBJECT IDENTIFIER, attrValues SET OF AttributeValue } */
export function encodeAttribute(attribute: CmsAttribute): Uint8Array {
  return encodeSequence([encodeOid(attribute.type), encodeSetOf(attribute.values)]);
}

function prepareIdentity(
  identity: { certificate: Uint8Array; chain: Uint8Array[] },
  keyType: string | undefined,
): PreparedIdentity {
  const cached = prepared.get(identity);
  if (cached) return cached;
  const info = readCertificate(identity.certificate);
  let signatureAlgorithm: Uint8Array;
  if (keyType === 'ec') signatureAlgorithm = encodeAlgorithmIdentifier(OID.ecdsaWithSHA256);
  else if (keyType === 'rsa') signatureAlgorithm = encodeAlgorithmIdentifier(OID.sha256WithRSAEncryption, DER_NULL);
  else {
    throw new CryptoError({
      code: 'unsupported_key_type',
      message: `cannot sign CMS with a ${keyType ?? 'unknown'} key (EC and RSA are supported)`,
    });
  }
  const seen = new Set<string>([Buffer.from(identity.certificate).toString('base64')]);
  const chain: Uint8Array[] = [];
  for (const certificate of identity.chain) {
    const key = Buffer.from(certificate).toString('base64');
    if (seen.has(key)) continue;
    seen.add(key);
    chain.push(certificate);
  }
  const result: PreparedIdentity = {
    // IssuerAndSerialNumber ::= SEQUENCE { issuer Name, serialNumber CertificateSerialNumber }
    sid: encodeSequence([info.issuerDer, info.serialNumberDer]),
    signingCertificateV2: encodeAttribute({
      type: OID.signingCertificateV2,
      values: [encodeSigningCertificateV2({ certificate: identity.certificate })],
    }),
    leaf: identity.certificate,
    chain,
    signatureAlgorithm,
  };
  prepared.set(identity, result);
  return result;
}

/*
 * ContentInfo ::= SEQUENCE { contentType ContentType, content [0] EXPLICIT ANY DEFINED BY contentType }
 * SignedData ::= SEQUENCE {
 *   version CMSVersion, digestAlgorithms SET OF DigestAlgorithmIdentifier, encapContentInfo EncapsulatedContentInfo,
 *   certificates [0] IMPLICIT CertificateSet OPTIONAL, crls [1] IMPLICIT RevocationInfoChoices OPTIONAL,
 *   signerInfos SET OF SignerInfo }
 * EncapsulatedContentInfo ::= SEQUENCE { eContentType ContentType, eContent [0] EXPLICIT OCTET STRING OPTIONAL }
 * SignerInfo ::= SEQUENCE {
 *   version CMSVersion, sid SignerIdentifier, digestAlgorithm DigestAlgorithmIdentifier,
 *   signedAttrs [0] IMPLICIT SignedAttributes OPTIONAL, signatureAlgorithm SignatureAlgorithmIdentifier,
 *   signature SignatureValue, unsignedAttrs [1] IMPLICIT UnsignedAttributes OPTIONAL }
 * SignedAttributes ::= SET SIZE (1..MAX) OF Attribute
 */
/**
 * A CMS SignedData (RFC 5652) with one signer: SHA-256, ECDSA or RSA PKCS#1 v1.5, signed attributes content-type,
 * message-digest and (by default) ESS signing-certificate-v2; never signing-time (PAdES B-B forbids it).
 * Returns the DER ContentInfo.
 */
export function createSignedData(options: CreateSignedDataOptions): Uint8Array {
  const identity = prepareIdentity(options.identity, options.identity.privateKey.asymmetricKeyType);
  const signedAttributes = encodeSignedAttributes(options, identity);
  return assembleSignedData(
    options,
    identity,
    signedAttributes,
    sign('sha256', signedAttributes, options.identity.privateKey),
  );
}

/** createSignedData for a seal identity whose key may sign out of process (an HSM). */
export async function createSignedDataWithSigner(
  options: Omit<CreateSignedDataOptions, 'identity'> & { identity: SealIdentity },
): Promise<Uint8Array> {
  const identity = prepareIdentity(options.identity, options.identity.signer.keyType);
  const signedAttributes = encodeSignedAttributes(options, identity);
  return assembleSignedData(options, identity, signedAttributes, await options.identity.signer.sign(signedAttributes));
}

type SignedDataContent = Omit<CreateSignedDataOptions, 'identity'>;

function encodeSignedAttributes(options: SignedDataContent, identity: PreparedIdentity): Uint8Array {
  const digest =
    options.contentDigest ?? (options.content ? createHash('sha256').update(options.content).digest() : undefined);
  if (digest?.length !== 32) {
    throw new CryptoError({ code: 'cms_bad_digest', message: 'a 32-byte SHA-256 content digest is required' });
  }
  const attributes: Uint8Array[] = [
    encodeAttribute({ type: OID.contentType, values: [encodeOid(options.contentType)] }),
    encodeAttribute({ type: OID.messageDigest, values: [encodeOctetString(digest)] }),
  ];
  if (options.includeSigningCertificateV2 ?? true) attributes.push(identity.signingCertificateV2);
  for (const extra of options.signedAttributes ?? []) {
    if (FORBIDDEN_EXTRA.has(extra.type)) {
      throw new CryptoError({
        code: 'cms_bad_attribute',
        message: `signed attribute ${extra.type} is not allowed here`,
      });
    }
    attributes.push(encodeAttribute(extra));
  }
  // The signature covers the DER of the SET OF (tag 0x31); the SignerInfo carries it as [0] IMPLICIT.
  return encodeSetOf(attributes);
}

function assembleSignedData(
  options: SignedDataContent,
  identity: PreparedIdentity,
  signedAttributes: Uint8Array,
  signature: Uint8Array,
): Uint8Array {
  const unsigned = options.unsignedAttributes?.length
    ? encodeImplicit(1, encodeSetOf(options.unsignedAttributes.map(encodeAttribute)))
    : undefined;
  const signerInfo = encodeSequence([
    encodeInteger(1),
    identity.sid,
    SHA256_ALGORITHM,
    encodeImplicit(0, signedAttributes),
    identity.signatureAlgorithm,
    encodeOctetString(signature),
    unsigned,
  ]);

  let certificates: Uint8Array | undefined;
  if (options.includeCertificates ?? true) {
    const list = (options.includeChain ?? true) ? [identity.leaf, ...identity.chain] : [identity.leaf];
    certificates = encodeTlv(0xa0, list);
  }
  const encapsulated = encodeSequence([
    encodeOid(options.contentType),
    options.content ? encodeExplicit(0, encodeOctetString(options.content)) : undefined,
  ]);
  const signedData = encodeSequence([
    encodeInteger(options.contentType === OID.data ? 1 : 3),
    encodeSetOf([SHA256_ALGORITHM]),
    encapsulated,
    certificates,
    encodeTlv(TAG.set, signerInfo),
  ]);
  return encodeSequence([encodeOid(OID.signedData), encodeExplicit(0, signedData)]);
}

/**
 * Adds an unsigned attribute value to the (first) SignerInfo, e.g. a signature-time-stamp token, and returns the new
 * DER ContentInfo. Everything signed stays byte-identical. A value joins an existing attribute of the same type.
 */
export function addUnsignedAttribute(options: { cms: Uint8Array; type: string; value: Uint8Array }): Uint8Array {
  const parsed = parseSignedData(options.cms);
  const signer = parsed.signerInfos[0];
  if (!signer) throw new CryptoError({ code: 'cms_unreadable', message: 'CMS SignedData has no SignerInfo' });
  const attributes = signer.unsignedAttributes.map((attribute) => ({ ...attribute, values: [...attribute.values] }));
  const existing = attributes.find((attribute) => attribute.type === options.type);
  if (existing) existing.values.push(options.value);
  else attributes.push({ type: options.type, values: [options.value] });

  const signerElements = signer.elements.filter((element) => element.tag !== 0xa1).map((element) => element.raw);
  signerElements.push(encodeImplicit(1, encodeSetOf(attributes.map(encodeAttribute))));
  const newSigner = encodeSequence(signerElements);
  const others = parsed.signerInfos.slice(1).map((info) => info.raw);

  const elements = parsed.elements.map((element) => element.raw);
  elements[elements.length - 1] = encodeTlv(TAG.set, [newSigner, ...others]);
  return encodeSequence([encodeOid(OID.signedData), encodeExplicit(0, encodeSequence(elements))]);
}

/** The signature octets of the (first) SignerInfo: what a signature timestamp must cover (hash of this value). */
export function signatureValueOf(cms: Uint8Array): Uint8Array {
  const signer = parseSignedData(cms).signerInfos[0];
  if (!signer) throw new CryptoError({ code: 'cms_unreadable', message: 'CMS SignedData has no SignerInfo' });
  return Uint8Array.from(signer.signature);
}
