import test from 'ava';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadAppliancePki, type AppliancePki } from '../../server/crypto/appliance-pki.js';
import { readCertificate } from '../../server/crypto/certificate-info.js';
import { buildOcspRequest, parseOcspResponse } from '../../server/crypto/ocsp-client.js';
import { createOcspResponse, createOcspResponseForCertificate } from '../../server/crypto/ocsp-responder.js';
import { fetchRevocationData } from '../../server/crypto/revocation-data.js';
import { derToPem } from '../../server/crypto/pem.js';
import { fixedClock, systemClock } from '../../server/lib/clock.js';

const kek = new Uint8Array(32).fill(5);
const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'segl-ocsp-'));

/** A fresh appliance PKI (its own data directory) for the appliance at `publicUrl`. */
async function loadTestPki(publicUrl: string): Promise<AppliancePki> {
  return loadAppliancePki({ dataDir: await tempDir(), kek, publicUrl, clock: systemClock });
}

/** A real HTTP server on loopback answering /pki/ocsp and /pki/crl from the PKI loaded for its own URL. */
async function startPkiServer(): Promise<{ pki: AppliancePki; url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  let pki: AppliancePki | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      hits.push(`${req.method} ${req.url}`);
      if (req.method === 'POST' && req.url === '/pki/ocsp') {
        res.setHeader('content-type', 'application/ocsp-response');
        res.end(pki!.answerOcspRequest({ request: new Uint8Array(Buffer.concat(chunks)) }));
      } else if (req.method === 'GET' && req.url === '/pki/crl') {
        res.setHeader('content-type', 'application/pkix-crl');
        res.end(pki!.currentCrl());
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  pki = await loadTestPki(url);
  return { pki, url, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test('request -> response round trip with nonce, good/revoked/unknown', async (t) => {
  const pki = await loadTestPki('https://o.example');
  const clock = fixedClock('2027-03-04T05:06:07.890Z');
  const nonce = new Uint8Array(16).fill(0xab);
  const request = buildOcspRequest({ certificate: pki.seal.certificate, issuer: pki.root.certificate, nonce });
  const serial = readCertificate(pki.seal.certificate).serialHex;

  const good = parseOcspResponse({
    response: createOcspResponse({
      request,
      responder: pki.root,
      issuer: pki.root.certificate,
      statusOf: pki.statusOf,
      clock,
    }),
    issuer: pki.root.certificate,
  });
  t.is(good.status, 'successful');
  t.true(good.signatureValid);
  t.deepEqual(good.nonce, nonce);
  t.deepEqual(good.producedAt, new Date('2027-03-04T05:06:07Z'));
  t.is(good.responses[0]?.serialHex, serial);
  t.is(good.responses[0]?.certStatus, 'good');
  t.deepEqual(good.thisUpdate, new Date('2027-03-04T05:06:07Z'));
  t.true(good.nextUpdate! > good.thisUpdate!);
  t.deepEqual(good.responderCert, pki.root.certificate);

  const revokedAt = new Date('2027-01-01T00:00:00Z');
  const revoked = parseOcspResponse({
    response: createOcspResponse({
      request,
      responder: pki.root,
      statusOf: () => ({ status: 'revoked', revokedAt, reason: 1 }),
      clock,
    }),
    issuer: pki.root.certificate,
  });
  t.is(revoked.responses[0]?.certStatus, 'revoked');
  t.deepEqual(revoked.responses[0]?.revokedAt, revokedAt);
  t.is(revoked.responses[0]?.reason, 1);

  // a certificate from another CA: unknown
  const other = await loadTestPki('https://o.example');
  const foreign = buildOcspRequest({ certificate: other.seal.certificate, issuer: other.root.certificate });
  const unknown = parseOcspResponse({
    response: pki.answerOcspRequest({ request: foreign }),
    issuer: pki.root.certificate,
  });
  t.is(unknown.responses[0]?.certStatus, 'unknown');
  t.is(unknown.nonce, undefined);

  // signature checked against the wrong issuer
  const wrong = parseOcspResponse({ response: pki.answerOcspRequest({ request }), issuer: other.root.certificate });
  t.false(wrong.signatureValid);
});

test('malformed requests get malformedRequest, never an exception', async (t) => {
  const pki = await loadTestPki('https://o.example');
  for (const request of [
    new Uint8Array(0),
    new Uint8Array([0x30, 0x03, 0x02, 0x01]),
    new Uint8Array([0x30, 0x00]),
    new TextEncoder().encode('hello'),
  ]) {
    const response = pki.answerOcspRequest({ request });
    t.deepEqual(response, new Uint8Array([0x30, 0x03, 0x0a, 0x01, 0x01]));
    t.is(parseOcspResponse({ response }).status, 'malformedRequest');
  }
});

test('in-process response for a certificate verifies with openssl ocsp -respin', async (t) => {
  const pki = await loadTestPki('https://o.example');
  const dir = await tempDir();
  const response = createOcspResponseForCertificate({
    certificate: pki.tsa.certificate,
    issuer: pki.root.certificate,
    responder: pki.root,
    statusOf: pki.statusOf,
    clock: systemClock,
  });
  const viaHandle = parseOcspResponse({
    response: pki.ocspResponseFor({ certificate: pki.tsa.certificate }),
    issuer: pki.root.certificate,
  });
  t.true(viaHandle.signatureValid);
  t.is(viaHandle.responses[0]?.certStatus, 'good');
  t.is(viaHandle.responses[0]?.serialHex, readCertificate(pki.tsa.certificate).serialHex);
  await writeFile(path.join(dir, 'resp.der'), response);
  await writeFile(path.join(dir, 'root.pem'), pki.rootPem());
  await writeFile(path.join(dir, 'tsa.pem'), derToPem(pki.tsa.certificate, 'CERTIFICATE'));
  const out = execFileSync(
    'openssl',
    ['ocsp', '-respin', 'resp.der', '-CAfile', 'root.pem', '-issuer', 'root.pem', '-cert', 'tsa.pem', '-no_nonce'],
    {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  t.regex(out, /tsa\.pem: good/);
});

test('openssl ocsp -url against a loopback responder reports good, and revoked after revocation', async (t) => {
  const server = await startPkiServer();
  t.teardown(() => server.close());
  const dir = await tempDir();
  await writeFile(path.join(dir, 'root.pem'), server.pki.rootPem());
  await writeFile(path.join(dir, 'seal.pem'), derToPem(server.pki.seal.certificate, 'CERTIFICATE'));
  const ask = async () => {
    const { stdout, stderr } = await promisify(execFile)(
      'openssl',
      ['ocsp', '-issuer', 'root.pem', '-cert', 'seal.pem', '-url', `${server.url}/pki/ocsp`, '-CAfile', 'root.pem'],
      { cwd: dir, encoding: 'utf8' },
    );
    return `${stdout}\n${stderr}`;
  };
  const first = await ask();
  t.regex(first, /Response verify OK/);
  t.regex(first, /seal\.pem: good/);
  t.notRegex(first, /WARNING: no nonce/);
  await server.pki.revokeCertificate({ serialHex: readCertificate(server.pki.seal.certificate).serialHex, reason: 1 });
  const second = await ask();
  t.regex(second, /seal\.pem: revoked/);

  // openssl ocsp -reqout / -respin with a request made by OpenSSL and answered by createOcspResponse
  execFileSync('openssl', ['ocsp', '-issuer', 'root.pem', '-cert', 'seal.pem', '-reqout', 'req.der'], {
    cwd: dir,
    stdio: 'ignore',
  });
  const { readFile } = await import('node:fs/promises');
  const answer = server.pki.answerOcspRequest({ request: new Uint8Array(await readFile(path.join(dir, 'req.der'))) });
  await writeFile(path.join(dir, 'resp.der'), answer);
  const offline = execFileSync(
    'openssl',
    ['ocsp', '-reqin', 'req.der', '-respin', 'resp.der', '-CAfile', 'root.pem', '-resp_text'],
    {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  t.regex(offline, /Cert Status: revoked/);
  t.regex(offline, /OCSP Nonce:/);
});

/** The responder in these tests is on loopback: the tests opt in, as an operator would with the environment flag. */
const loopback = { allowPrivateNetwork: true };

test('fetchRevocationData refuses URLs on internal addresses unless allowed, and says nothing about DNS', async (t) => {
  const server = await startPkiServer();
  t.teardown(() => server.close());
  const error = await t.throwsAsync(
    fetchRevocationData({
      certificate: server.pki.seal.certificate,
      issuer: server.pki.root.certificate,
      timeoutMs: 2000,
      strategy: 'both',
    }),
    { code: 'revocation_unavailable' },
  );
  const errors = (error as unknown as { details: { errors: string[] } }).details.errors;
  t.is(errors.length, 2);
  for (const line of errors)
    t.regex(line, /refusing to connect to 127\.0\.0\.1: not a public address, or it cannot be resolved/);
  t.deepEqual(server.hits, [], 'no request reached the responder');
});

test('fetchRevocationData gets a checked OCSP response, and the CRL when asked for both', async (t) => {
  const server = await startPkiServer();
  t.teardown(() => server.close());
  const ocspOnly = await fetchRevocationData({
    certificate: server.pki.tsa.certificate,
    issuer: server.pki.root.certificate,
    timeoutMs: 5000,
    policy: loopback,
  });
  t.is(ocspOnly.ocsp?.length, 1);
  t.is(ocspOnly.crls, undefined);
  const parsed = parseOcspResponse({ response: ocspOnly.ocsp![0]!, issuer: server.pki.root.certificate });
  t.is(parsed.responses[0]?.certStatus, 'good');
  const both = await fetchRevocationData({
    certificate: server.pki.seal.certificate,
    issuer: server.pki.root.certificate,
    timeoutMs: 5000,
    strategy: 'both',
    policy: loopback,
  });
  t.is(both.ocsp?.length, 1);
  t.is(both.crls?.length, 1);
  t.deepEqual(server.hits, ['POST /pki/ocsp', 'POST /pki/ocsp', 'GET /pki/crl']);
});

test('fetchRevocationData falls back to the CRL and fails loudly when nothing answers', async (t) => {
  const server = await startPkiServer();
  t.teardown(() => server.close());
  const failingOcsp: Parameters<typeof fetchRevocationData>[0]['fetchImpl'] = async (url, init) => {
    if (url.endsWith('/pki/ocsp')) return { ok: false, status: 503, arrayBuffer: async () => new ArrayBuffer(0) };
    const response = await fetch(url, init as RequestInit);
    return response;
  };
  const fallback = await fetchRevocationData({
    certificate: server.pki.seal.certificate,
    issuer: server.pki.root.certificate,
    timeoutMs: 5000,
    fetchImpl: failingOcsp,
  });
  t.is(fallback.ocsp, undefined);
  t.is(fallback.crls?.length, 1);
  await server.close();
  const error = await t.throwsAsync(
    fetchRevocationData({
      certificate: server.pki.seal.certificate,
      issuer: server.pki.root.certificate,
      timeoutMs: 2000,
      policy: loopback,
    }),
    { code: 'revocation_unavailable' },
  );
  t.is((error as unknown as { details: { errors: string[] } }).details.errors.length, 2);
});
