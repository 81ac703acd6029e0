import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignedXml } from 'xml-crypto';
import { startExternalCa, type ExternalCa, type IssuedLeaf } from './external-ca.js';

/**
 * Writes an ETSI TS 119 612 trusted list naming test services, signed (enveloped XMLDSig, RSA-SHA256, exclusive
 * c14n) with the given scheme operator key, as a member state's supervisory body would publish it.
 */
export interface ListedService {
  type: 'CA/QC' | 'TSA/QTST' | 'CA/PKC';
  name: string;
  certificatePem: string;
  status?: 'granted' | 'withdrawn';
  statusFrom?: string;
  /** e.g. ['QCForESeal', 'QCStatement', 'QCWithQSCD'] */
  qualifiers?: string[];
  history?: { status: 'granted' | 'withdrawn'; from: string }[];
}

const base64Of = (pem: string) => pem.replace(/-----[A-Z ]+-----|\s/g, '');

function serviceXml(service: ListedService): string {
  const status = (name: string) => `http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/${name}`;
  const typeIdentifier = (type: string) =>
    `<tsl:ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/${type}</tsl:ServiceTypeIdentifier>`;
  const serviceName = `<tsl:ServiceName><tsl:Name xml:lang="en">${service.name}</tsl:Name></tsl:ServiceName>`;
  const qualifierList = (service.qualifiers ?? [])
    .map((q) => `<ecc:Qualifier uri="http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/${q}"/>`)
    .join('');
  const qualifiers = service.qualifiers?.length
    ? [
        '<tsl:ServiceInformationExtensions><tsl:Extension Critical="true"><ecc:Qualifications ',
        'xmlns:ecc="http://uri.etsi.org/TrstSvc/SvcInfoExt/eSigDir-1999-93-EC-TrustedList/#">',
        `<ecc:QualificationElement><ecc:Qualifiers>${qualifierList}</ecc:Qualifiers>`,
        '<ecc:CriteriaList assert="all"/></ecc:QualificationElement></ecc:Qualifications></tsl:Extension>',
        '</tsl:ServiceInformationExtensions>',
      ].join('')
    : '';
  const history = (service.history ?? [])
    .map((h) =>
      [
        '<tsl:ServiceHistoryInstance>',
        typeIdentifier(service.type),
        serviceName,
        `<tsl:ServiceStatus>${status(h.status)}</tsl:ServiceStatus>`,
        `<tsl:StatusStartingTime>${h.from}</tsl:StatusStartingTime>`,
        '</tsl:ServiceHistoryInstance>',
      ].join(''),
    )
    .join('');
  return [
    '<tsl:TSPService><tsl:ServiceInformation>',
    typeIdentifier(service.type),
    serviceName,
    '<tsl:ServiceDigitalIdentity><tsl:DigitalId>',
    `<tsl:X509Certificate>${base64Of(service.certificatePem)}</tsl:X509Certificate>`,
    '</tsl:DigitalId></tsl:ServiceDigitalIdentity>',
    `<tsl:ServiceStatus>${status(service.status ?? 'granted')}</tsl:ServiceStatus>`,
    `<tsl:StatusStartingTime>${service.statusFrom ?? '2016-07-01T00:00:00Z'}</tsl:StatusStartingTime>`,
    qualifiers,
    '</tsl:ServiceInformation>',
    history ? `<tsl:ServiceHistory>${history}</tsl:ServiceHistory>` : '',
    '</tsl:TSPService>',
  ].join('');
}

const SHA384_DIGEST = 'http://www.w3.org/2001/04/xmldsig-more#sha384';

export function writeTrustedList(options: {
  territory?: string;
  provider: string;
  services: ListedService[];
  signerKeyPath: string;
  signerCertPath: string;
  /** The reference's digest (default SHA-256); SHA-384 is XMLDSig more's, which xml-crypto signs only if told how. */
  digest?: 'sha256' | 'sha384';
}): string {
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?><tsl:TrustServiceStatusList ',
    'xmlns:tsl="http://uri.etsi.org/02231/v2#" Id="tsl" ',
    'TSLTag="http://uri.etsi.org/19612/TSLTag"><tsl:SchemeInformation>',
    '<tsl:TSLVersionIdentifier>5</tsl:TSLVersionIdentifier><tsl:TSLSequenceNumber>42</tsl:TSLSequenceNumber>',
    '<tsl:TSLType>http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric</tsl:TSLType>',
    '<tsl:SchemeOperatorName><tsl:Name xml:lang="en">Test Supervisory Body</tsl:Name></tsl:SchemeOperatorName>',
    `<tsl:SchemeTerritory>${options.territory ?? 'NO'}</tsl:SchemeTerritory>`,
    '<tsl:ListIssueDateTime>2026-01-01T00:00:00Z</tsl:ListIssueDateTime>',
    '<tsl:NextUpdate><tsl:dateTime>2036-01-01T00:00:00Z</tsl:dateTime></tsl:NextUpdate></tsl:SchemeInformation>',
    '<tsl:TrustServiceProviderList><tsl:TrustServiceProvider><tsl:TSPInformation>',
    `<tsl:TSPName><tsl:Name xml:lang="en">${options.provider}</tsl:Name></tsl:TSPName></tsl:TSPInformation>`,
    `<tsl:TSPServices>${options.services.map(serviceXml).join('')}</tsl:TSPServices>`,
    '</tsl:TrustServiceProvider></tsl:TrustServiceProviderList></tsl:TrustServiceStatusList>',
  ].join('');
  const signer = new SignedXml({
    privateKey: readFileSync(options.signerKeyPath),
    publicCert: readFileSync(options.signerCertPath),
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  (signer.HashAlgorithms as Record<string, unknown>)[SHA384_DIGEST] = class {
    getHash = (text: string) => createHash('sha384').update(text, 'utf8').digest('base64');
    getAlgorithmName = () => SHA384_DIGEST;
  };
  signer.addReference({
    xpath: "/*[local-name(.)='TrustServiceStatusList']",
    digestAlgorithm: options.digest === 'sha384' ? SHA384_DIGEST : 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    uri: '',
    isEmptyUri: true,
  });
  signer.computeSignature(xml, {
    location: { reference: "/*[local-name(.)='TrustServiceStatusList']", action: 'append' },
  });
  return signer.getSignedXml();
}

/**
 * An external CA (startExternalCa) on a trusted list: the list, signed by the CA's RSA leaf `listSigner`, grants its
 * intermediate as a CA/QC service with `qualifiers` and its TSA as TSA/QTST; `seal` is a leaf for sealing under it.
 * The names follow `region`: the CA "<region> QTSP", the provider "<region> QTSP AS", the services
 * "<region> Qualified Seal CA" and "<region> Qualified TSA".
 */
export async function startListedCa(options: {
  region: string;
  listSigner: string;
  seal: string;
  qualifiers: string[];
}): Promise<{ ca: ExternalCa; listSigner: IssuedLeaf; seal: IssuedLeaf; xml: string }> {
  const { region, qualifiers } = options;
  const ca = await startExternalCa({ name: `${region} QTSP` });
  const listSigner = await ca.issueLeaf({ name: options.listSigner, key: 'rsa' });
  const seal = await ca.issueLeaf({ name: options.seal });
  const xml = writeTrustedList({
    provider: `${region} QTSP AS`,
    signerKeyPath: listSigner.keyPath,
    signerCertPath: listSigner.certPath,
    services: [
      {
        type: 'CA/QC',
        name: `${region} Qualified Seal CA`,
        certificatePem: readFileSync(ca.intermediatePath, 'utf8'),
        qualifiers,
      },
      { type: 'TSA/QTST', name: `${region} Qualified TSA`, certificatePem: readFileSync(ca.tsa.certPath, 'utf8') },
    ],
  });
  return { ca, listSigner, seal, xml };
}
