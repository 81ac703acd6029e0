import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrustedList } from '../../server/crypto/trusted-list.js';
import { loadTrustLists } from '../../server/domain/trust/load-trust-lists.js';
import { isSeglError } from '../../server/lib/errors.js';
import type { ExternalCa, IssuedLeaf } from '../helpers/external-ca.js';
import { requireTools, tempDir } from '../helpers/external-tool.js';
import { startListedCa, writeTrustedList } from '../helpers/trusted-list.js';

const haveTools = requireTools('openssl');
const maybe = haveTools ? test : test.skip;

let ca: ExternalCa;
let listSigner: IssuedLeaf;
let seal: IssuedLeaf;
let xml: string;
const work = tempDir('segl-tl-');

test.before(async () => {
  if (!haveTools) return;
  ({ ca, listSigner, seal, xml } = await startListedCa({
    region: 'Finnmark',
    listSigner: 'Test Supervisory Body List Signer',
    seal: 'Finnmark Fylke Qualified Seal',
    qualifiers: ['QCStatement', 'QCForESeal', 'QCWithQSCD'],
  }));
});
test.after.always(async () => {
  await ca?.close();
});

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (isSeglError(error)) return error.code;
    throw error;
  }
  return 'no error';
}

maybe('a signed trusted list is read: services, status, certificates, qualifiers and the list signer', (t) => {
  const list = parseTrustedList(xml);
  t.is(list.territory, 'NO');
  t.is(list.sequenceNumber, 42);
  t.regex(list.signer.subject, /Test Supervisory Body List Signer/);
  t.regex(list.signer.sha256, /^[0-9a-f]{64}$/);
  t.is(list.services.length, 2);
  const caService = list.services.find((service) => service.type.endsWith('CA/QC'))!;
  t.is(caService.provider, 'Finnmark QTSP AS');
  t.deepEqual(caService.certificates[0], ca.intermediate);
  t.true(caService.qualifiers.some((q) => q.endsWith('QCForESeal')));
  t.is(caService.statuses[0]?.status, 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted');
});

maybe('a list whose reference digest is SHA-384 (XMLDSig more) is read, and refused once changed', (t) => {
  const sha384 = writeTrustedList({
    provider: 'Finnmark QTSP AS',
    signerKeyPath: listSigner.keyPath,
    signerCertPath: listSigner.certPath,
    digest: 'sha384',
    services: [
      { type: 'TSA/QTST', name: 'Finnmark Qualified TSA', certificatePem: readFileSync(ca.tsa.certPath, 'utf8') },
    ],
  });
  t.true(sha384.includes('xmldsig-more#sha384'), 'the reference names the SHA-384 digest');
  t.is(parseTrustedList(sha384).services.length, 1);
  t.is(
    codeOf(() => parseTrustedList(sha384.replace('Finnmark Qualified TSA', 'Forged Qualified TSA'))),
    'trust_list_signature_invalid',
  );
});

maybe('a changed, unsigned or hostile list is refused with its reason', (t) => {
  t.is(
    codeOf(() => parseTrustedList(xml.replace('Finnmark Qualified TSA', 'Forged Qualified TSA'))),
    'trust_list_signature_invalid',
  );
  t.is(
    codeOf(() => parseTrustedList(xml.replace(/<(ds:)?Signature[ >][\s\S]*<\/(ds:)?Signature>/, ''))),
    'trust_list_unsigned',
  );
  t.is(
    codeOf(() =>
      parseTrustedList(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>${xml.replace(/^<\?xml[^>]*>/, '')}`),
    ),
    'trust_list_unreadable',
  );
  t.is(
    codeOf(() => parseTrustedList('<html>not a list</html>')),
    'trust_list_unreadable',
  );
  // a second, unsigned service list appended outside the signed element does not count as signed content
  const wrapped = xml.replace(
    '</tsl:TrustServiceProviderList>',
    '<tsl:TrustServiceProvider><tsl:TSPInformation><tsl:TSPName><tsl:Name>Intruder</tsl:Name></tsl:TSPName>' +
      '</tsl:TSPInformation></tsl:TrustServiceProvider></tsl:TrustServiceProviderList>',
  );
  t.is(
    codeOf(() => parseTrustedList(wrapped)),
    'trust_list_signature_invalid',
  );
  // content hidden in the signature's ds:Object is outside the digest (enveloped transform): it must not count
  const smuggled = xml.replace(
    '</SignatureValue>',
    '</SignatureValue><Object><tsl:TrustServiceProviderList ' +
      'xmlns:tsl="http://uri.etsi.org/02231/v2#"><tsl:TrustServiceProvider><tsl:TSPServices>' +
      '<tsl:TSPService><tsl:ServiceInformation>' +
      '<tsl:ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</tsl:ServiceTypeIdentifier>' +
      '</tsl:ServiceInformation></tsl:TSPService></tsl:TSPServices></tsl:TrustServiceProvider>' +
      '</tsl:TrustServiceProviderList></Object>',
  );
  t.not(smuggled, xml);
  const parsed = (() => {
    try {
      return parseTrustedList(smuggled);
    } catch {
      return undefined;
    }
  })();
  t.true(parsed === undefined || parsed.services.length === 2, 'a smuggled service is never read');
});

maybe(
  'qualification: a seal under a granted CA/QC service is qualified for seals, a TSA/QTST timestamp is qualified',
  (t) => {
    const file = join(work, 'no-tl.xml');
    writeFileSync(file, xml);
    const trust = loadTrustLists([file]);
    t.true(trust.trustAnchors.some((anchor) => Buffer.from(anchor).equals(Buffer.from(ca.intermediate))));
    const now = new Date();
    const qualification = trust.qualifyCertificate({ chain: [seal.certificate, ca.intermediate, ca.root], at: now });
    t.like(qualification, {
      qualifiedForSeal: true,
      qualifiedForSignature: false,
      qscd: true,
      provider: 'Finnmark QTSP AS',
      territory: 'NO',
    });
    t.like(trust.qualifyTimestamp({ tsaCertificate: ca.tsa.certificate, at: now }), {
      qualifiedTimestamp: true,
      service: 'Finnmark Qualified TSA',
    });
    t.is(
      trust.qualifyCertificate({ chain: [seal.certificate, ca.root], at: now }),
      undefined,
      'a chain that avoids the listed CA is not on the list',
    );
    const before = trust.qualifyCertificate({
      chain: [seal.certificate, ca.intermediate, ca.root],
      at: new Date('2010-01-01T00:00:00Z'),
    });
    t.is(before?.qualifiedForSeal, false, 'before the service was granted, nothing was qualified');

    const withdrawn = writeTrustedList({
      provider: 'Finnmark QTSP AS',
      signerKeyPath: listSigner.keyPath,
      signerCertPath: listSigner.certPath,
      services: [
        {
          type: 'CA/QC',
          name: 'Withdrawn CA',
          certificatePem: readFileSync(ca.intermediatePath, 'utf8'),
          status: 'withdrawn',
          statusFrom: '2025-01-01T00:00:00Z',
          qualifiers: ['QCStatement', 'QCForESig'],
          history: [{ status: 'granted', from: '2017-01-01T00:00:00Z' }],
        },
      ],
    });
    writeFileSync(join(work, 'withdrawn.xml'), withdrawn);
    const old = loadTrustLists([join(work, 'withdrawn.xml')]);
    t.is(
      old.qualifyCertificate({ chain: [seal.certificate, ca.intermediate], at: now })?.qualifiedForSignature,
      false,
      'withdrawn now',
    );
    t.is(
      old.qualifyCertificate({ chain: [seal.certificate, ca.intermediate], at: new Date('2020-01-01T00:00:00Z') })
        ?.qualifiedForSignature,
      true,
      'granted then',
    );

    t.is(
      codeOf(() => loadTrustLists([join(work, 'missing.xml')])),
      'trust_list_unreadable',
    );
  },
);
