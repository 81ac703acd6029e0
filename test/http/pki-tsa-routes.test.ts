import test, { type ExecutionContext } from 'ava';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { useAppliance } from '../helpers/use-appliance.js';
import { runToolAsync } from '../helpers/cli.js';
import { requireTools, tempDir } from '../helpers/external-tool.js';

const haveOpenssl = requireTools('openssl');
const opensslTest = haveOpenssl ? test : test.skip;

/** The body limit of POST /tsa (and POST /pki/ocsp) in server/http/routes. */
const BODY_LIMIT = 16 * 1024;

// the protocol tests need the public TSA; staff-only access is tested in test/security/public-endpoints.test.ts
const { appliance } = useAppliance(test, { env: { SEGL_TSA_PUBLIC: 'on' }, admin: false });
let work: string;
let rootPemPath: string;
let sealPemPath: string;
let dataPath: string;

test.before(async () => {
  work = tempDir('segl-http-');
  const root = await fetch(`${appliance.url}/pki/root.pem`);
  if (root.status !== 200) throw new Error(`GET /pki/root.pem answered ${root.status}`);
  rootPemPath = join(work, 'root.pem');
  writeFileSync(rootPemPath, await root.text());
  sealPemPath = join(appliance.dataDir, 'pki', 'seal.pem');
  dataPath = join(work, 'data.txt');
  writeFileSync(dataPath, 'The document whose hash gets a timestamp.\n');
});

test.after.always(() => {
  if (work && !process.env.SEGL_KEEP_TEST_FILES) rmSync(work, { recursive: true, force: true });
});

let counter = 0;
const scratch = (name: string) => join(work, `${counter++}-${name}`);

function assertSecurityHeaders(t: ExecutionContext, response: Response, label: string): void {
  t.is(response.headers.get('x-content-type-options'), 'nosniff', `${label}: X-Content-Type-Options`);
  const csp = response.headers.get('content-security-policy');
  t.truthy(csp, `${label}: Content-Security-Policy`);
  t.regex(csp ?? '', /default-src 'none'|frame-ancestors/, `${label}: a restrictive policy`);
}

/** fetch against the appliance, checking the security headers of every answer. */
async function call(t: ExecutionContext, path: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(`${appliance.url}${path}`, init);
  assertSecurityHeaders(t, response, `${init?.method ?? 'GET'} ${path} -> ${response.status}`);
  return response;
}

/** A POST with a body of the given content type (through `call`, which checks the security headers). */
function postAs(t: ExecutionContext, path: string, contentType: string, body: BodyInit): Promise<Response> {
  return call(t, path, { method: 'POST', headers: { 'content-type': contentType }, body });
}

async function jsonError(t: ExecutionContext, response: Response, status: number, code: string): Promise<void> {
  const text = await response.text();
  t.is(response.status, status, text);
  t.regex(response.headers.get('content-type') ?? '', /^application\/json/);
  let body: { error?: unknown; message?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    t.fail(`not JSON: ${text}`);
  }
  t.is(body.error, code);
  t.is(typeof body.message, 'string');
}

async function openssl(
  t: ExecutionContext,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string; all: string }> {
  const result = await runToolAsync('openssl', args, { timeoutMs: 30_000 });
  t.is(result.signal, null, `openssl ${args.join(' ')} was killed (timeout?)`);
  return { ...result, all: `${result.stdout}\n${result.stderr}` };
}

/** POSTs with Transfer-Encoding: chunked (no Content-Length), so the server only learns the size while reading. */
function postChunked(
  path: string,
  contentType: string,
  chunks: Buffer[],
): Promise<{ status?: number; headers?: http.IncomingHttpHeaders; body?: string; error?: string }> {
  return new Promise((resolve) => {
    let settled = false;
    const request = http.request(
      `${appliance.url}${path}`,
      { method: 'POST', headers: { 'content-type': contentType } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          settled = true;
          resolve({ status: response.statusCode, headers: response.headers, body });
        });
      },
    );
    request.on('error', (error) => {
      if (!settled) resolve({ error: error.message });
    });
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

// ---------------------------------------------------------------------------------------------------------------
// RFC 3161 TSA

opensslTest(
  'POST /tsa answers an openssl timestamp query with a reply openssl verifies against the root',
  async (t) => {
    const queryPath = scratch('q.tsq');
    const query = await openssl(t, ['ts', '-query', '-data', dataPath, '-sha256', '-cert', '-out', queryPath]);
    t.is(query.code, 0, query.all);

    const response = await postAs(t, '/tsa', 'application/timestamp-query', readFileSync(queryPath));
    t.is(response.status, 200);
    t.is(response.headers.get('content-type'), 'application/timestamp-reply');
    const replyPath = scratch('r.tsr');
    writeFileSync(replyPath, Buffer.from(await response.arrayBuffer()));

    const text = await openssl(t, ['ts', '-reply', '-in', replyPath, '-text']);
    t.is(text.code, 0, text.all);
    t.regex(text.stdout, /Status: Granted/);
    t.regex(text.stdout, /Hash Algorithm: sha256/);

    const verified = await openssl(t, ['ts', '-verify', '-data', dataPath, '-in', replyPath, '-CAfile', rootPemPath]);
    t.regex(verified.stdout, /Verification: OK/, verified.all);
    t.is(verified.code, 0, verified.all);

    // The reply also matches the query itself (imprint and nonce).
    const againstQuery = await openssl(t, [
      'ts',
      '-verify',
      '-queryfile',
      queryPath,
      '-in',
      replyPath,
      '-CAfile',
      rootPemPath,
    ]);
    t.regex(againstQuery.stdout, /Verification: OK/, againstQuery.all);

    // And a different document does not verify against it.
    const otherPath = scratch('other.txt');
    writeFileSync(otherPath, 'another document\n');
    const wrong = await openssl(t, ['ts', '-verify', '-data', otherPath, '-in', replyPath, '-CAfile', rootPemPath]);
    t.notRegex(wrong.stdout, /Verification: OK/);
  },
);

test('POST /tsa with the wrong content type is 415 unsupported_media_type', async (t) => {
  for (const headers of [
    { 'content-type': 'text/plain' },
    { 'content-type': 'application/json' },
    { 'content-type': 'application/octet-stream' },
  ]) {
    const response = await call(t, '/tsa', { method: 'POST', headers, body: Buffer.from([0x30, 0x00]) });
    await jsonError(t, response, 415, 'unsupported_media_type');
  }
  // No content type at all (a raw Uint8Array body gets none from fetch).
  const bare = await call(t, '/tsa', { method: 'POST', body: new Uint8Array([0x30, 0x00]) });
  await jsonError(t, bare, 415, 'unsupported_media_type');
});

test('POST /tsa with a content type with parameters is still a timestamp query', async (t) => {
  const response = await postAs(t, '/tsa', 'Application/Timestamp-Query; charset=binary', Buffer.from('garbage'));
  t.is(response.status, 200);
  t.is(response.headers.get('content-type'), 'application/timestamp-reply');
});

test('POST /tsa with a body over the limit (Content-Length) is 413 payload_too_large', async (t) => {
  const response = await postAs(t, '/tsa', 'application/timestamp-query', Buffer.alloc(BODY_LIMIT + 1, 0x30));
  await jsonError(t, response, 413, 'payload_too_large');

  const huge = await postAs(t, '/tsa', 'application/timestamp-query', Buffer.alloc(4 * 1024 * 1024, 0x30));
  await jsonError(t, huge, 413, 'payload_too_large');

  // The server is still fine afterwards.
  t.is((await call(t, '/healthz')).status, 200);
});

test('POST /tsa with a chunked body over the limit (no Content-Length) is 413, not a dropped connection', async (t) => {
  const answer = await postChunked(
    '/tsa',
    'application/timestamp-query',
    Array.from({ length: 8 }, () => Buffer.alloc(4096, 0x30)),
  );
  t.is(answer.error, undefined, `the connection was dropped instead of answering 413: ${answer.error}`);
  t.is(answer.status, 413, answer.body);
  t.is(answer.headers?.['x-content-type-options'], 'nosniff');
  t.is((JSON.parse(answer.body ?? '{}') as { error?: string }).error, 'payload_too_large');
});

test('POST /tsa with a chunked body under the limit is read whole', async (t) => {
  const answer = await postChunked('/tsa', 'application/timestamp-query', [Buffer.from('garb'), Buffer.from('age')]);
  t.is(answer.error, undefined);
  t.is(answer.status, 200);
  t.is(answer.headers?.['content-type'], 'application/timestamp-reply');
});

opensslTest('POST /tsa with a garbage query is 200 with a rejection reply', async (t) => {
  for (const [name, body] of [
    ['garbage', Buffer.from('this is not a TimeStampReq')],
    ['empty', Buffer.alloc(0)],
    ['truncated DER', Buffer.from([0x30, 0x82, 0x01, 0x00, 0x02, 0x01])],
  ] as const) {
    const response = await postAs(t, '/tsa', 'application/timestamp-query', body);
    t.is(response.status, 200, name);
    t.is(response.headers.get('content-type'), 'application/timestamp-reply', name);
    const replyPath = scratch(`${name.replace(/\W/g, '-')}.tsr`);
    writeFileSync(replyPath, Buffer.from(await response.arrayBuffer()));
    const text = await openssl(t, ['ts', '-reply', '-in', replyPath, '-text']);
    t.is(text.code, 0, `${name}: openssl reads the reply: ${text.all}`);
    t.regex(text.stdout, /Status: Rejected/, `${name}: ${text.stdout}`);
    t.regex(text.stdout, /Failure info: \S/, `${name}: a failure reason: ${text.stdout}`);
    t.regex(text.stdout, /TST info:\s*\n?\s*Not included/i, `${name}: no token in a rejection`);
  }
});

// ---------------------------------------------------------------------------------------------------------------
// CA: root, CRL, OCSP

opensslTest('GET /pki/root.pem and /pki/root.cer are the appliance root', async (t) => {
  const pem = await call(t, '/pki/root.pem');
  t.is(pem.status, 200);
  const pemText = await pem.text();
  t.is(pemText, appliance.sealer.rootCertificatePem());
  t.regex(pemText, /^-----BEGIN CERTIFICATE-----\n/);

  const cer = await call(t, '/pki/root.cer');
  t.is(cer.status, 200);
  t.is(cer.headers.get('content-type'), 'application/pkix-cert');
  const der = Buffer.from(await cer.arrayBuffer());
  t.true(der.equals(Buffer.from(appliance.sealer.rootCertificateDer())));
  const derPath = scratch('root.cer');
  writeFileSync(derPath, der);
  const subject = await openssl(t, ['x509', '-inform', 'DER', '-in', derPath, '-noout', '-subject']);
  t.is(subject.code, 0, subject.all);
  t.regex(subject.stdout, /Segl/);
});

opensslTest('GET /pki/crl is a DER CRL that openssl verifies with the root', async (t) => {
  const response = await call(t, '/pki/crl');
  t.is(response.status, 200);
  t.is(response.headers.get('content-type'), 'application/pkix-crl');
  const crlPath = scratch('root.crl');
  writeFileSync(crlPath, Buffer.from(await response.arrayBuffer()));
  const checked = await openssl(t, ['crl', '-inform', 'DER', '-in', crlPath, '-CAfile', rootPemPath, '-noout']);
  t.is(checked.code, 0, checked.all);
  t.regex(checked.all, /verify OK/);
  const text = await openssl(t, ['crl', '-inform', 'DER', '-in', crlPath, '-noout', '-text']);
  t.regex(text.stdout, /Next Update:/);
});

opensslTest('OCSP over POST: openssl ocsp -url reports the seal certificate as good', async (t) => {
  const result = await openssl(t, [
    'ocsp',
    '-issuer',
    rootPemPath,
    '-cert',
    sealPemPath,
    '-url',
    `${appliance.url}/pki/ocsp`,
    '-CAfile',
    rootPemPath,
  ]);
  t.is(result.code, 0, result.all);
  t.regex(result.stderr, /Response verify OK/, result.all);
  t.regex(result.stdout, /seal\.pem: good/, result.all);
});

opensslTest('OCSP over GET (/pki/ocsp/{base64}): the seal certificate is good', async (t) => {
  for (const nonce of [true, false]) {
    const requestPath = scratch('ocsp-req.der');
    const made = await openssl(t, [
      'ocsp',
      '-issuer',
      rootPemPath,
      '-cert',
      sealPemPath,
      ...(nonce ? [] : ['-no_nonce']),
      '-reqout',
      requestPath,
    ]);
    t.is(made.code, 0, made.all);
    const encoded = encodeURIComponent(readFileSync(requestPath).toString('base64'));
    const response = await call(t, `/pki/ocsp/${encoded}`);
    t.is(response.status, 200);
    t.is(response.headers.get('content-type'), 'application/ocsp-response');
    const responsePath = scratch('ocsp-resp.der');
    writeFileSync(responsePath, Buffer.from(await response.arrayBuffer()));
    const checked = await openssl(t, [
      'ocsp',
      '-reqin',
      requestPath,
      '-respin',
      responsePath,
      '-issuer',
      rootPemPath,
      '-CAfile',
      rootPemPath,
      '-resp_text',
    ]);
    t.is(checked.code, 0, checked.all);
    t.regex(checked.stderr, /Response verify OK/, checked.all);
    t.regex(checked.stdout, /Cert Status: good/, checked.all);
  }
});

test('OCSP with a malformed request: a malformedRequest answer or a 400, never a 500', async (t) => {
  const post = await postAs(t, '/pki/ocsp', 'application/ocsp-request', Buffer.from('garbage'));
  t.is(post.status, 200);
  t.is(post.headers.get('content-type'), 'application/ocsp-response');
  // OCSPResponse { responseStatus malformedRequest(1) }
  t.deepEqual([...new Uint8Array(await post.arrayBuffer())], [0x30, 0x03, 0x0a, 0x01, 0x01]);

  const wrongType = await postAs(t, '/pki/ocsp', 'text/plain', 'x');
  await jsonError(t, wrongType, 415, 'unsupported_media_type');

  const notBase64 = await call(t, '/pki/ocsp/not*base64');
  await jsonError(t, notBase64, 400, 'invalid_ocsp_request');
});

test('OCSP GET with a malformed percent-encoding is 400 invalid_ocsp_request, not 500', async (t) => {
  const response = await call(t, '/pki/ocsp/MEUw%E0%A4%A');
  await jsonError(t, response, 400, 'invalid_ocsp_request');
});

// ---------------------------------------------------------------------------------------------------------------
// health, errors, headers

test('GET /healthz is 200 {status:"ok"}', async (t) => {
  const response = await call(t, '/healthz');
  t.is(response.status, 200);
  t.regex(response.headers.get('content-type') ?? '', /^application\/json/);
  t.deepEqual(await response.json(), { status: 'ok' });
});

test('an unknown path is 404 JSON not_found', async (t) => {
  for (const path of ['/nope', '/pki/nope', '/tsa/extra', '/pki/root.der', '/healthz/x']) {
    const response = await call(t, path);
    await jsonError(t, response, 404, 'not_found');
  }
  const post = await postAs(t, '/no/such/route', 'application/json', '{}');
  await jsonError(t, post, 404, 'not_found');
});

test('a known path with the wrong method is 405 with Allow and a JSON error body', async (t) => {
  const response = await call(t, '/tsa');
  t.is(response.status, 405);
  t.regex(response.headers.get('allow') ?? '', /POST/);
  const text = await response.text();
  t.regex(
    response.headers.get('content-type') ?? '',
    /^application\/json/,
    `errors are JSON {error, message}: got ${text}`,
  );
  let body: { error?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // reported by the assertion above
  }
  t.is(typeof body.error, 'string');
});

test('every response carries X-Content-Type-Options: nosniff and a Content-Security-Policy', async (t) => {
  const requests: [string, RequestInit?][] = [
    ['/healthz'],
    ['/healthz', { method: 'HEAD' }],
    ['/pki/root.pem'],
    ['/pki/root.cer'],
    ['/pki/crl'],
    ['/pki/ocsp/AAAA'],
    ['/pki/ocsp/not*base64'],
    ['/pki/ocsp', { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: Buffer.from('x') }],
    ['/tsa', { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: Buffer.from('x') }],
    ['/tsa', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }],
    [
      '/tsa',
      {
        method: 'POST',
        headers: { 'content-type': 'application/timestamp-query' },
        body: Buffer.alloc(BODY_LIMIT + 10),
      },
    ],
    ['/tsa'],
    ['/tsa', { method: 'OPTIONS' }],
    ['/does-not-exist'],
    ['/pki/ocsp/MEUw%E0%A4%A'],
  ];
  for (const [path, init] of requests) {
    const response = await call(t, path, init);
    await response.arrayBuffer();
    t.truthy(response.headers.get('x-request-id'), `${path}: a request id`);
  }
});
