import { CryptoError } from './crypto-error.js';
import {
  DerError,
  TAG,
  childrenOf,
  decodeInteger,
  decodeOctetString,
  decodeOid,
  readDer,
  readElement,
  type DerElement,
} from './der-codec.js';
import { OID } from './oids.js';

/** A CMS attribute: its type and the DER of each value. */
export interface CmsAttribute {
  type: string;
  values: Uint8Array[];
}

export type SignerIdentifier =
  | { kind: 'issuerAndSerialNumber'; issuer: Uint8Array; serialNumber: bigint }
  | { kind: 'subjectKeyIdentifier'; keyIdentifier: Uint8Array };

export interface ParsedSignerInfo {
  /** The SignerInfo's own encoding. */
  raw: Uint8Array;
  version: bigint;
  sid: SignerIdentifier;
  digestAlgorithm: string;
  /** signedAttrs as found ([0] IMPLICIT), or undefined when absent. */
  signedAttributesRaw?: Uint8Array;
  signedAttributes?: CmsAttribute[];
  signatureAlgorithm: string;
  /** The DER of the signature algorithm's parameters, when present. */
  signatureAlgorithmParameters?: Uint8Array;
  signature: Uint8Array;
  unsignedAttributes: CmsAttribute[];
  /** The SignerInfo's top-level elements, to rebuild it. */
  elements: DerElement[];
}

export interface ParsedSignedData {
  version: bigint;
  digestAlgorithms: string[];
  eContentType: string;
  eContent?: Uint8Array;
  certificates: Uint8Array[];
  crls: Uint8Array[];
  signerInfos: ParsedSignerInfo[];
  /** The SignedData's top-level elements, to rebuild it. */
  elements: DerElement[];
}

/*
 * Attribute ::= SEQUENCE { attrType OBJECT IDENTIFIER, attrValues SET OF AttributeValue }
 */
function parseAttributes(set: DerElement): CmsAttribute[] {
  return childrenOf(set).map((attribute) => {
    const [type, values] = childrenOf(expectSequence(attribute, 'Attribute'));
    if (!values || (values.tag !== TAG.set && values.tag !== 0x31)) {
      throw new DerError('Attribute: missing values', { structure: 'Attribute' });
    }
    return { type: decodeOid(type), values: childrenOf(values).map((value) => value.raw) };
  });
}

function expectSequence(element: DerElement | undefined, what: string): DerElement {
  if (!element || element.tag !== TAG.sequence) throw new DerError(`${what}: expected a SEQUENCE`, { structure: what });
  return element;
}

/*
 * SignerInfo ::= SEQUENCE {
 *   version CMSVersion, sid SignerIdentifier, digestAlgorithm DigestAlgorithmIdentifier,
 *   signedAttrs [0] IMPLICIT SignedAttributes OPTIONAL, signatureAlgorithm SignatureAlgorithmIdentifier,
 *   signature SignatureValue, unsignedAttrs [1] IMPLICIT UnsignedAttributes OPTIONAL }
 * SignerIdentifier ::= CHOICE { issuerAndSerialNumber IssuerAndSerialNumber, subjectKeyIdentifier [0]
 * SubjectKeyIdentifier } IssuerAndSerialNumber ::= SEQUENCE { issuer Name, serialNumber CertificateSerialNumber }
 */
function parseSignerInfo(element: DerElement): ParsedSignerInfo {
  const elements = childrenOf(expectSequence(element, 'SignerInfo'));
  let index = 0;
  const version = decodeInteger(elements[index++]);
  const sidElement = elements[index++];
  let sid: SignerIdentifier;
  if (sidElement?.tag === TAG.sequence) {
    const [issuer, serial] = childrenOf(sidElement);
    sid = { kind: 'issuerAndSerialNumber', issuer: issuer.raw, serialNumber: decodeInteger(serial) };
  } else if (sidElement?.tag === 0x80 || sidElement?.tag === 0xa0) {
    sid = {
      kind: 'subjectKeyIdentifier',
      keyIdentifier: sidElement.tag === 0x80 ? sidElement.content : decodeOctetString(childrenOf(sidElement)[0]),
    };
  } else {
    throw new DerError('SignerInfo: bad sid', { structure: 'SignerInfo' });
  }
  const digestAlgorithm = decodeOid(childrenOf(expectSequence(elements[index++], 'digestAlgorithm'))[0]);
  let signedAttributesRaw: Uint8Array | undefined;
  let signedAttributes: CmsAttribute[] | undefined;
  if (elements[index]?.tag === 0xa0) {
    signedAttributesRaw = elements[index].raw;
    signedAttributes = parseAttributes(elements[index]);
    index += 1;
  }
  const algorithm = childrenOf(expectSequence(elements[index++], 'signatureAlgorithm'));
  const signatureAlgorithm = decodeOid(algorithm[0]);
  const signature = decodeOctetString(elements[index++]);
  let unsignedAttributes: CmsAttribute[] = [];
  if (elements[index]?.tag === 0xa1) unsignedAttributes = parseAttributes(elements[index]);
  return {
    raw: element.raw,
    version,
    sid,
    digestAlgorithm,
    signedAttributesRaw,
    signedAttributes,
    signatureAlgorithm,
    signatureAlgorithmParameters: algorithm[1]?.raw,
    signature,
    unsignedAttributes,
    elements,
  };
}

/*
 * ContentInfo ::= SEQUENCE { contentType ContentType, content [0] EXPLICIT ANY DEFINED BY contentType }
 * SignedData ::= SEQUENCE {
 *   version CMSVersion, digestAlgorithms DigestAlgorithmIdentifiers, encapContentInfo EncapsulatedContentInfo,
 *   certificates [0] IMPLICIT CertificateSet OPTIONAL, crls [1] IMPLICIT RevocationInfoChoices OPTIONAL,
 *   signerInfos SignerInfos }
 * EncapsulatedContentInfo ::= SEQUENCE { eContentType ContentType, eContent [0] EXPLICIT OCTET STRING OPTIONAL }
 */
/** Parses a CMS ContentInfo holding SignedData. Throws CryptoError `cms_unreadable` when it cannot. */
export function parseSignedData(cms: Uint8Array): ParsedSignedData {
  try {
    let contentInfo: DerElement;
    try {
      contentInfo = readDer(cms);
    } catch {
      // Signature containers in PDFs are zero-padded: accept trailing zero bytes only.
      contentInfo = readElement(cms, 0);
      if (cms.subarray(contentInfo.raw.length).some((byte) => byte !== 0)) {
        throw new DerError('trailing data after the CMS');
      }
    }
    const [contentType, wrapper] = childrenOf(expectSequence(contentInfo, 'ContentInfo'));
    if (decodeOid(contentType) !== OID.signedData) {
      throw new DerError('ContentInfo does not hold SignedData', { structure: 'ContentInfo' });
    }
    if (wrapper?.tag !== 0xa0) {
      throw new DerError('ContentInfo: missing content', { structure: 'ContentInfo' });
    }
    const signedData = expectSequence(childrenOf(wrapper)[0], 'SignedData');
    const elements = childrenOf(signedData);
    let index = 0;
    const version = decodeInteger(elements[index++]);
    const digestSet = elements[index++];
    if (!digestSet || digestSet.tag !== TAG.set) {
      throw new DerError('SignedData: missing digestAlgorithms', { structure: 'SignedData' });
    }
    const digestAlgorithms = childrenOf(digestSet).map((algorithm) => decodeOid(childrenOf(algorithm)[0]));
    const encap = childrenOf(expectSequence(elements[index++], 'EncapsulatedContentInfo'));
    const eContentType = decodeOid(encap[0]);
    let eContent: Uint8Array | undefined;
    if (encap[1]) {
      if (encap[1].tag !== 0xa0) {
        throw new DerError('EncapsulatedContentInfo: bad eContent', { structure: 'EncapsulatedContentInfo' });
      }
      eContent = decodeOctetString(childrenOf(encap[1])[0]);
    }
    const certificates: Uint8Array[] = [];
    const crls: Uint8Array[] = [];
    if (elements[index]?.tag === 0xa0) {
      for (const choice of childrenOf(elements[index++]))
        if (choice.tag === TAG.sequence) certificates.push(choice.raw);
    }
    if (elements[index]?.tag === 0xa1) {
      for (const choice of childrenOf(elements[index++])) if (choice.tag === TAG.sequence) crls.push(choice.raw);
    }
    const signerSet = elements[index];
    if (!signerSet || signerSet.tag !== TAG.set) {
      throw new DerError('SignedData: missing signerInfos', { structure: 'SignedData' });
    }
    const signerInfos = childrenOf(signerSet).map(parseSignerInfo);
    return { version, digestAlgorithms, eContentType, eContent, certificates, crls, signerInfos, elements };
  } catch (error) {
    throw new CryptoError({
      code: 'cms_unreadable',
      message: `CMS SignedData cannot be parsed: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
}
