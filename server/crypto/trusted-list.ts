import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { PkiError } from './pki-error.js';
import { readCertificate } from './certificate-info.js';
import { derToPem } from './pem.js';
import { CryptoError } from './crypto-error.js';

/**
 * ETSI TS 119 612 trusted lists (the EU member states' lists of qualified trust service providers): the list's
 * XML signature is checked (enveloped, covering the whole list, by the certificate in its KeyInfo), then every
 * service with its type, status history, certificates and qualification extensions is read.
 */

const TSL = 'http://uri.etsi.org/02231/v2#';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const MAX_LIST_BYTES = 32 * 1024 * 1024;

export const SERVICE_TYPE = {
  caQc: 'http://uri.etsi.org/TrstSvc/Svctype/CA/QC',
  caPkc: 'http://uri.etsi.org/TrstSvc/Svctype/CA/PKC',
  qtst: 'http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST',
  tsa: 'http://uri.etsi.org/TrstSvc/Svctype/TSA',
} as const;

/** Statuses under which a service counts as approved (current and the pre-eIDAS names). */
const APPROVED = new Set([
  'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted',
  'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/recognisedatnationallevel',
  'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/undersupervision',
  'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/accredited',
  'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/supervisionincessation',
]);

export interface ServiceStatusPeriod {
  status: string;
  from: Date;
}

export interface TrustService {
  provider: string;
  name: string;
  type: string;
  /** Newest first: the current status, then the history. */
  statuses: ServiceStatusPeriod[];
  certificates: Uint8Array[];
  /** ecc:Qualifier URIs (QCForESig, QCForESeal, QCWithQSCD, NotQualified, QCStatement, ...). */
  qualifiers: string[];
  /** AdditionalServiceInformation URIs (ForeSignatures, ForeSeals, ForWebSiteAuthentication). */
  additionalInformation: string[];
}

export interface TrustedList {
  territory: string;
  sequenceNumber: number;
  issuedAt?: Date;
  nextUpdate?: Date;
  /** The certificate that signed the list (DER) and its SHA-256, for the operator to compare with the published one. */
  signer: { certificate: Uint8Array; sha256: string; subject: string };
  services: TrustService[];
}

type TrustListErrorCode = 'trust_list_unreadable' | 'trust_list_unsigned' | 'trust_list_signature_invalid';

function invalid(code: TrustListErrorCode, message: string, cause?: unknown): PkiError {
  return new PkiError({ code, message, cause });
}

const children = (parent: Element, ns: string, name: string): Element[] =>
  Array.from(parent.childNodes as unknown as ArrayLike<Node>).filter(
    (node): node is Element =>
      node.nodeType === 1 && (node as Element).localName === name && (node as Element).namespaceURI === ns,
  );
const child = (parent: Element | undefined, ns: string, name: string): Element | undefined =>
  parent ? children(parent, ns, name)[0] : undefined;
const textOf = (element: Element | undefined): string => (element?.textContent ?? '').trim();
const descendants = (parent: Element, name: string): Element[] =>
  Array.from(parent.getElementsByTagNameNS('*', name) as unknown as ArrayLike<Element>);

function dateOf(text: string): Date | undefined {
  const date = new Date(text);
  return text && !Number.isNaN(date.getTime()) ? date : undefined;
}

function nameOf(parent: Element | undefined, ns: string, name: string): string {
  const names = child(parent, ns, name);
  return names ? textOf(children(names, TSL, 'Name')[0]) : '';
}

/**
 * Signature algorithms of trusted lists that xml-crypto lacks (XMLDSig more, RFC 6931): URI, hash, and how the
 * signature value is encoded: `pkcs1` for RSA, `r||s` for ECDSA (RFC 4050/6931: node:crypto's ieee-p1363, not DER).
 */
const EXTRA_SIGNATURE_ALGORITHMS: [uri: string, hash: string, encoding: 'pkcs1' | 'r||s'][] = [
  ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha384', 'sha384', 'pkcs1'],
  ['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256', 'sha256', 'r||s'],
  ['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384', 'sha384', 'r||s'],
  ['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512', 'sha512', 'r||s'],
];

/** The SHA-384 digest of XMLDSig more (RFC 6931), which xml-crypto lacks. */
const SHA384_DIGEST_URI = 'http://www.w3.org/2001/04/xmldsig-more#sha384';

class Sha384Digest {
  getHash = (xml: string) => createHash('sha384').update(xml, 'utf8').digest('base64');
  getAlgorithmName = () => SHA384_DIGEST_URI;
}

/** An xml-crypto signature algorithm that only verifies. */
function verifyingAlgorithm(options: { uri: string; hash: string; encoding: 'pkcs1' | 'r||s' }) {
  const { uri, hash, encoding } = options;
  return class {
    getAlgorithmName = () => uri;
    getSignature = () => {
      throw new CryptoError({ code: 'unsupported_operation', message: 'signing is not supported' });
    };
    verifySignature = (material: string, key: KeyObject | string, signature: string) => {
      const publicKey = createPublicKey(key);
      return verify(
        hash,
        Buffer.from(material, 'utf8'),
        encoding === 'r||s' ? { key: publicKey, dsaEncoding: 'ieee-p1363' } : publicKey,
        Buffer.from(signature, 'base64'),
      );
    };
  };
}

/** Checks the enveloped XML signature of the list; returns the signing certificate. */
function checkListSignature(xml: string, root: Element): Uint8Array {
  const signatures = children(root, DS, 'Signature');
  if (signatures.length !== 1)
    throw invalid(
      'trust_list_unsigned',
      `The trusted list has ${signatures.length} signatures (exactly one is required)`,
    );
  const signature = signatures[0]!;
  const certificateText = textOf(descendants(signature, 'X509Certificate')[0]).replace(/\s+/g, '');
  if (!certificateText) throw invalid('trust_list_unsigned', 'The trusted list signature names no X509Certificate');
  const certificate = new Uint8Array(Buffer.from(certificateText, 'base64'));
  const verifier = new SignedXml({ publicCert: derToPem(certificate), getCertFromKeyInfo: () => null });
  const algorithms = verifier.SignatureAlgorithms as Record<string, unknown>;
  for (const [uri, hash, encoding] of EXTRA_SIGNATURE_ALGORITHMS)
    algorithms[uri] = verifyingAlgorithm({ uri, hash, encoding });
  (verifier.HashAlgorithms as Record<string, unknown>)[SHA384_DIGEST_URI] ??= Sha384Digest;
  let valid = false;
  try {
    verifier.loadSignature(signature);
    valid = verifier.checkSignature(xml);
  } catch (cause) {
    throw invalid(
      'trust_list_signature_invalid',
      `The trusted list signature cannot be checked: ${(cause as Error).message}`,
      cause,
    );
  }
  if (!valid)
    throw invalid(
      'trust_list_signature_invalid',
      'The trusted list signature does not verify: the list was changed or not signed by its certificate',
    );
  // The signed reference must be the whole list (URI "" or the root's Id), not some other fragment of the file.
  const references = verifier.getSignedReferences();
  const rootId = root.getAttribute('Id');
  const wholeList = verifier
    .getReferences()
    .some((reference) => reference.uri === '' || (rootId && reference.uri === `#${rootId}`));
  if (references.length === 0 || !wholeList)
    throw invalid('trust_list_signature_invalid', 'The trusted list signature does not cover the whole list');
  return certificate;
}

function readService(provider: string, element: Element): TrustService {
  const information = child(element, TSL, 'ServiceInformation');
  const statuses: ServiceStatusPeriod[] = [];
  const current = {
    status: textOf(child(information, TSL, 'ServiceStatus')),
    from: dateOf(textOf(child(information, TSL, 'StatusStartingTime'))),
  };
  if (current.from) statuses.push(current as ServiceStatusPeriod);
  for (const instance of children(child(element, TSL, 'ServiceHistory') ?? element, TSL, 'ServiceHistoryInstance')) {
    const from = dateOf(textOf(child(instance, TSL, 'StatusStartingTime')));
    if (from) statuses.push({ status: textOf(child(instance, TSL, 'ServiceStatus')), from });
  }
  statuses.sort((a, b) => b.from.getTime() - a.from.getTime());
  const identity = child(information, TSL, 'ServiceDigitalIdentity');
  const certificates = identity
    ? descendants(identity, 'X509Certificate').map(
        (node) => new Uint8Array(Buffer.from(textOf(node).replace(/\s+/g, ''), 'base64')),
      )
    : [];
  const extensions = child(information, TSL, 'ServiceInformationExtensions');
  const qualifiers = extensions
    ? descendants(extensions, 'Qualifier')
        .map((node) => node.getAttribute('uri') ?? '')
        .filter(Boolean)
    : [];
  const additionalInformation = extensions
    ? descendants(extensions, 'AdditionalServiceInformation').map((node) => textOf(child(node, TSL, 'URI')))
    : [];
  return {
    provider,
    name: nameOf(information, TSL, 'ServiceName'),
    type: textOf(child(information, TSL, 'ServiceTypeIdentifier')),
    statuses,
    certificates,
    qualifiers,
    additionalInformation,
  };
}

/** Reads and checks one trusted list (XML text). Throws PkiError `trust_list_*` with the reason. */
export function parseTrustedList(xml: string): TrustedList {
  if (Buffer.byteLength(xml) > MAX_LIST_BYTES)
    throw invalid('trust_list_unreadable', 'The trusted list is larger than 32 MB');
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw invalid('trust_list_unreadable', 'Trusted lists with a DOCTYPE are refused');
  const errors: string[] = [];
  const document = new DOMParser({
    onError: (level: string, message: string) => level !== 'warning' && errors.push(message),
  } as never).parseFromString(xml, 'text/xml');
  const root = document.documentElement as unknown as Element | null;
  if (errors.length || !root || root.localName !== 'TrustServiceStatusList' || root.namespaceURI !== TSL) {
    throw invalid(
      'trust_list_unreadable',
      `Not an ETSI TS 119 612 trusted list${errors.length ? `: ${errors[0]}` : ''}`,
    );
  }
  const signerCertificate = checkListSignature(xml, root);
  const scheme = child(root, TSL, 'SchemeInformation');
  const services: TrustService[] = [];
  // Only the list's own structure, element by element: anything elsewhere (inside the Signature's ds:Object, which the
  // enveloped-signature transform leaves out of the digest) is not signed content and must never count.
  for (const provider of children(child(root, TSL, 'TrustServiceProviderList') ?? root, TSL, 'TrustServiceProvider')) {
    const providerName = nameOf(child(provider, TSL, 'TSPInformation'), TSL, 'TSPName');
    for (const service of children(child(provider, TSL, 'TSPServices') ?? provider, TSL, 'TSPService'))
      services.push(readService(providerName, service));
  }
  const signer = readCertificate(signerCertificate);
  return {
    territory: textOf(child(scheme, TSL, 'SchemeTerritory')),
    sequenceNumber: Number(textOf(child(scheme, TSL, 'TSLSequenceNumber'))) || 0,
    issuedAt: dateOf(textOf(child(scheme, TSL, 'ListIssueDateTime'))),
    nextUpdate: dateOf(textOf(child(child(scheme, TSL, 'NextUpdate'), TSL, 'dateTime'))),
    signer: {
      certificate: signerCertificate,
      sha256: createHash('sha256').update(signerCertificate).digest('hex'),
      subject: signer.subject,
    },
    services,
  };
}

/** The status of a service at a time: the newest period that started by then. */
export function statusAt(service: TrustService, at: Date): string | undefined {
  return service.statuses.find((period) => period.from.getTime() <= at.getTime())?.status;
}

export function isApproved(status: string | undefined): boolean {
  return status !== undefined && APPROVED.has(status);
}
