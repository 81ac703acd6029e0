import test from 'ava';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { childrenOf, decodeInteger, decodeOctetString, readDer } from '../../server/crypto/der-codec.js';
import {
  createInProcessTimestampSource,
  createTimestampRequest,
  parseTimestampSources,
  requestTimestamp,
  type TimestampSource,
} from '../../server/crypto/timestamp-client.js';
import { verifyTimestampToken } from '../../server/crypto/timestamp-token.js';
import { fixedClock, systemClock } from '../../server/lib/clock.js';
import { isSeglError, type SeglError } from '../../server/lib/errors.js';
import { createTestPki, writeTestPki, type TestPki } from '../helpers/test-pki.js';

const run = promisify(execFile);

let pki: TestPki;
let dir: string;
const servers: Server[] = [];

function opensslConfig(directory: string): string {
  return `[ tsa ]
default_tsa = tsa_config1

[ tsa_config1 ]
dir = ${directory}
serial = $dir/tsaserial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.5.6
digests = sha1, sha256, sha384, sha512
accuracy = secs:1, millisecs:500, microsecs:100
clock_precision_digits = 3
ordering = no
tsa_name = yes
ess_cert_id_chain = no
`;
}

test.before(async () => {
  pki = await createTestPki();
  dir = mkdtempSync(join(tmpdir(), 'segl-tsc-'));
  writeTestPki(pki, dir);
  writeFileSync(join(dir, 'tsaserial'), '01\n');
  writeFileSync(join(dir, 'ts.cnf'), opensslConfig(dir));
});

test.after.always(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

let replies = 0;
// one openssl at a time: each reads and rewrites the shared serial file, and two at once can read it half-written
let openssls: Promise<unknown> = Promise.resolve();

/** `openssl ts -reply` as the TSA: the query (optionally rewritten first) in, the reply out. */
function opensslReply(query: Uint8Array): Promise<Buffer> {
  const next = openssls.then(() => answerQuery(query));
  openssls = next.catch(() => undefined);
  return next;
}

async function answerQuery(query: Uint8Array): Promise<Buffer> {
  const id = `${process.pid}-${replies++}`;
  const queryFile = join(dir, `q${id}.tsq`);
  const replyFile = join(dir, `r${id}.tsr`);
  await writeFile(queryFile, query);
  await run('openssl', [
    'ts',
    '-reply',
    '-queryfile',
    queryFile,
    '-config',
    join(dir, 'ts.cnf'),
    '-signer',
    join(dir, 'tsa.pem'),
    '-inkey',
    join(dir, 'tsa.key'),
    '-chain',
    join(dir, 'ca.pem'),
    '-out',
    replyFile,
  ]);
  return readFile(replyFile);
}

async function startServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void | Promise<void>,
): Promise<string> {
  const server = createServer((request, response) => {
    Promise.resolve(handler(request, response)).catch((error: unknown) => {
      response.statusCode = 500;
      response.end(String(error));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
}

/** A TSA that rewrites the query (same hash algorithm) before openssl answers it. */
function opensslTsa(rewrite?: (query: { digest: Uint8Array; nonce: bigint }) => { digest: Uint8Array; nonce: bigint }) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    let query: Uint8Array = await readBody(request);
    if (request.headers['content-type'] !== 'application/timestamp-query') throw new Error('bad content type');
    if (rewrite) {
      const [, imprint, nonce] = childrenOf(readDer(query));
      const changed = rewrite({ digest: decodeOctetString(childrenOf(imprint)[1]), nonce: decodeInteger(nonce) });
      query = createTimestampRequest({ ...changed, certReq: true });
    }
    const reply = await opensslReply(query);
    response.setHeader('content-type', 'application/timestamp-reply');
    response.end(reply);
  };
}

const digestOf = (text: string): Uint8Array => createHash('sha256').update(text).digest();

test('accepts tokens from openssl ts -reply over HTTP', async (t) => {
  const url = await startServer(opensslTsa());
  const digest = digestOf('document one');
  const result = await requestTimestamp({ digest, sources: [{ url, allowPrivateNetwork: true }], timeoutMs: 10_000 });
  t.is(result.source, url);
  t.true(Math.abs(result.genTime.getTime() - Date.now()) < 60_000);
  t.deepEqual(result.tsaCertificate, pki.tsa.certificate);
  const report = verifyTimestampToken({ token: result.token, imprint: digest });
  t.true(report.signatureValid && report.imprintMatches && report.tsaEkuOk);
  t.is(report.policy, '1.2.3.4.1');
  t.true(report.signingCertificateOk);
});

test('rejects a reply whose nonce or imprint differs from the request', async (t) => {
  const wrongNonce = await startServer(opensslTsa(({ digest, nonce }) => ({ digest, nonce: nonce + 1n })));
  const wrongImprint = await startServer(opensslTsa(({ nonce }) => ({ digest: digestOf('something else'), nonce })));
  const digest = digestOf('document two');
  const nonceError = await t.throwsAsync(
    requestTimestamp({ digest, sources: [{ url: wrongNonce, allowPrivateNetwork: true }] }),
  );
  t.is((nonceError as SeglError).code, 'timestamp_unavailable');
  t.is((nonceError as SeglError).status, 503);
  t.regex(nonceError!.message, /nonce differs/);
  const imprintError = await t.throwsAsync(
    requestTimestamp({ digest, sources: [{ url: wrongImprint, allowPrivateNetwork: true }] }),
  );
  t.regex(imprintError!.message, /message imprint differs/);
});

test('times out against a server that never answers', async (t) => {
  const hanging = await startServer(() => undefined);
  const started = Date.now();
  const error = await t.throwsAsync(
    requestTimestamp({ digest: digestOf('x'), sources: [{ url: hanging, allowPrivateNetwork: true }], timeoutMs: 300 }),
  );
  t.true(Date.now() - started < 5000);
  t.true(isSeglError(error) && error.code === 'timestamp_unavailable');
  t.regex(error!.message, /no answer within 300 ms/);
});

test('falls through to the next source and lists every failure when all fail', async (t) => {
  const hanging = await startServer(() => undefined);
  const wrongType = await startServer(async (request, response) => {
    const reply = await opensslReply(await readBody(request));
    response.setHeader('content-type', 'text/plain');
    response.end(reply);
  });
  const huge = await startServer((_request, response) => {
    response.setHeader('content-type', 'application/timestamp-reply');
    response.end(Buffer.alloc(2 * 1024 * 1024));
  });
  const good = await startServer(opensslTsa());
  const result = await requestTimestamp({
    digest: digestOf('y'),
    sources: [
      { url: hanging, allowPrivateNetwork: true },
      { url: wrongType, allowPrivateNetwork: true },
      { url: huge, allowPrivateNetwork: true },
      { url: good, allowPrivateNetwork: true },
    ],
    timeoutMs: 500,
  });
  t.is(result.source, good);

  const refused = 'http://127.0.0.1:9/tsa';
  const failing: TimestampSource = { name: 'broken', transport: async () => randomBytes(10) };
  const error = await t.throwsAsync(
    requestTimestamp({
      digest: digestOf('z'),
      sources: [{ url: refused, allowPrivateNetwork: true }, { url: huge, allowPrivateNetwork: true }, failing],
      timeoutMs: 500,
    }),
  );
  t.true(isSeglError(error) && error.code === 'timestamp_unavailable' && error.status === 503);
  t.regex(error!.message, /127\.0\.0\.1:9\/tsa: /);
  t.regex(error!.message, /larger than 1048576 bytes/);
  t.regex(error!.message, /broken: unreadable TimeStampResp/);
  await t.throwsAsync(requestTimestamp({ digest: digestOf('z'), sources: [] }), {
    message: /no timestamp authority is configured/,
  });
});

test(
  'the in-process built-in TSA works as a source; a rejection or a wrong TSA certificate is a ' + 'failure',
  async (t) => {
    const clock = fixedClock('2030-01-02T03:04:05.678Z');
    const source = createInProcessTimestampSource({ identity: pki.tsa, clock, name: 'built-in' });
    const result = await requestTimestamp({ digest: digestOf('in process'), sources: [source], clock: systemClock });
    t.is(result.source, 'built-in');
    t.is(result.genTime.toISOString(), '2030-01-02T03:04:05.678Z');
    const wrongTsa = createInProcessTimestampSource({ identity: pki.seal, clock, name: 'seal-as-tsa' });
    await t.throwsAsync(requestTimestamp({ digest: digestOf('in process'), sources: [wrongTsa] }), {
      message: /seal-as-tsa: .*extended key usage/,
    });
    const refusing: TimestampSource = {
      name: 'refusing',
      transport: (request) => source.transport(request.subarray(0, request.length - 3)),
    };
    await t.throwsAsync(requestTimestamp({ digest: digestOf('in process'), sources: [refusing] }), {
      message: /refusing: TSA refused: status 2 malformed TimeStampReq.*\(badDataFormat\)/,
    });
  },
);

test('parseTimestampSources reads SEGL_TSA_URLS', (t) => {
  const builtIn = createInProcessTimestampSource({ identity: pki.tsa, clock: systemClock });
  t.deepEqual(parseTimestampSources({ env: undefined, builtIn }), [builtIn]);
  t.deepEqual(parseTimestampSources({ env: '  ', builtIn }), [builtIn]);
  t.deepEqual(
    parseTimestampSources({ env: 'https://tsa.example/a, http://tsa2.example:8080/x\nhttps://tsa3.example', builtIn }),
    [{ url: 'https://tsa.example/a' }, { url: 'http://tsa2.example:8080/x' }, { url: 'https://tsa3.example/' }],
  );
  t.deepEqual(parseTimestampSources({ env: 'https://tsa.example builtin', builtIn }), [
    { url: 'https://tsa.example/' },
    builtIn,
  ]);
  for (const bad of ['ftp://tsa.example', 'not a url', 'https://user:pw@tsa.example']) {
    const error = t.throws(() => parseTimestampSources({ env: bad, builtIn }));
    t.true(isSeglError(error) && error.code === 'invalid_tsa_url', bad);
  }
});

test('an external TSA on a loopback address is refused unless the operator allows private networks', async (t) => {
  let hits = 0;
  const url = await startServer((_request, response) => {
    hits += 1;
    response.end();
  });
  const error = await t.throwsAsync(
    requestTimestamp({ digest: digestOf('guarded'), sources: [{ url }], timeoutMs: 2000 }),
    { code: 'timestamp_unavailable' },
  );
  t.regex(error!.message, /refusing to connect to 127\.0\.0\.1: not a public address, or it cannot be resolved/);
  t.is(hits, 0, 'nothing reached the server');
});
