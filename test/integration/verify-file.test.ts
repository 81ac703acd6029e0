import test from 'ava';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { useAppliance } from '../helpers/use-appliance.js';
import { uploadDocument } from '../helpers/documents.js';
import { CORPUS_DIR, corpusAvailable } from '../helpers/corpus.js';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { verifyDocument } from '../../server/domain/verify-document.js';
import { writePortalMaxCheckBytes } from '../../server/domain/verification/portal-limits.js';

const { appliance, admin } = useAppliance(test, { env: { SEGL_PORTAL_RATE_LIMIT: '100000' } });
let sealed: Buffer;

test.before(async () => {
  const pdf = await createSamplePdf({ pages: 2, title: 'Portal file check' });
  sealed = (await appliance.sealer.sealBytes({ input: pdf, level: 'B-LTA' })).output;
});

function checkFile(bytes: Uint8Array, filename = 'document.pdf'): Promise<Response> {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), filename);
  return fetch(`${appliance.url}/api/v1/verify/file`, { method: 'POST', body: form });
}

/** Flips one byte inside the first content stream: the signed bytes change, the structure stays readable. */
function tamper(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  const at = copy.indexOf('stream\n') + 'stream\n'.length + 5;
  copy[at] ^= 0x01;
  return copy;
}

test('a PDF sealed by the appliance passes at B-LTA; not stored, so no known document', async (t) => {
  const response = await checkFile(sealed);
  t.is(response.status, 200);
  t.is(response.headers.get('cache-control'), 'no-store');
  t.regex(response.headers.get('content-type') ?? '', /^application\/json/);
  const report = await response.json();
  t.like(report, { status: 'passed', valid: true, level: 'B-LTA', knownDocument: null });
  t.is(report.sha256, createHash('sha256').update(sealed).digest('hex'));
  t.true(report.signatures.length >= 2);
  t.true(report.signatures.every((s: { trusted: boolean; intact: boolean }) => s.trusted && s.intact));
  t.deepEqual(report.problems, []);
  // The same report as `segl verify --json`, apart from the check time.
  const cli = verifyDocument({ bytes: sealed, trustAnchorsPem: appliance.sealer.rootCertificatePem() });
  const { checkedAt: _a, knownDocument: _k, ...fromApi } = report;
  const { checkedAt: _b, ...fromCli } = JSON.parse(JSON.stringify(cli));
  t.deepEqual(fromApi, fromCli);
});

test('a file that is a document of the appliance names it (code and status only)', async (t) => {
  const pdf = await createSamplePdf({ pages: 1, title: 'Uploaded then checked' });
  const ours = (await appliance.sealer.sealBytes({ input: pdf, level: 'B-LTA' })).output;
  const uploaded = await uploadDocument(admin, { bytes: ours, title: 'Secret title' });
  t.is(uploaded.status, 201);
  const { code } = (await uploaded.json()) as { code: string };
  const report = await (await checkFile(ours)).json();
  t.like(report, { status: 'passed' });
  t.deepEqual(report.knownDocument, { code, status: 'draft', version: 'original' });
  t.false(JSON.stringify(report).includes('Secret title'));
});

test('a tampered copy fails', async (t) => {
  const response = await checkFile(tamper(sealed));
  t.is(response.status, 200);
  const report = await response.json();
  t.like(report, { status: 'failed', valid: false, knownDocument: null });
  t.true(report.signatures.some((s: { intact: boolean }) => !s.intact));
});

test('a PDF signed by others is indeterminate with an unknown root, not invalid', async (t) => {
  if (!corpusAvailable()) return t.pass('corpus not available');
  const bytes = readFileSync(join(CORPUS_DIR, 'signed-pades-lta-dss-doc-timestamp.pdf'));
  const response = await checkFile(bytes);
  t.is(response.status, 200);
  const report = await response.json();
  t.is(report.status, 'indeterminate');
  t.false(report.valid);
  t.true(report.signatures.length > 0);
  for (const signature of report.signatures) {
    t.true(signature.intact, signature.fieldName);
    t.false(signature.trusted, signature.fieldName);
    t.not(signature.status, 'failed', signature.fieldName);
  }
  t.is(report.knownDocument, null);
});

test("non-PDF and broken uploads are 422 with the reader's error code, never 500", async (t) => {
  const inputs: [string, Buffer][] = [
    ['text', Buffer.from('hello, this is not a PDF at all')],
    ['empty', Buffer.alloc(0)],
    ['png header', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')],
    ['truncated sealed', sealed.subarray(0, 2000)],
    ['pdf header only', Buffer.from('%PDF-1.7\n%%EOF\n')],
  ];
  if (corpusAvailable()) {
    for (const name of [
      'hostile-not-a-pdf-5-bytes.pdf',
      'broken-missing-xref-and-trailer.pdf',
      'hostile-page-tree-loop.pdf',
      'encrypted-userpw-aes256-r6.pdf',
    ]) {
      inputs.push([name, readFileSync(join(CORPUS_DIR, name))]);
    }
  }
  for (const [name, bytes] of inputs) {
    const response = await checkFile(bytes);
    const body = await response.json();
    t.not(response.status, 500, name);
    if (response.status === 200) {
      // Readable PDFs without signatures are a report (indeterminate), not an error.
      t.is(body.status, 'indeterminate', name);
      continue;
    }
    t.is(response.status, 422, `${name}: ${JSON.stringify(body)}`);
    t.regex(body.error, /^[a-z_]+$/, name);
    t.truthy(body.message, name);
  }
  const text = await (await checkFile(Buffer.from('hello, this is not a PDF at all'))).json();
  t.is(text.error !== 'server_error', true);
});

test('an upload over 20 MiB is 413 payload_too_large without reading it all', async (t) => {
  const big = Buffer.alloc(21 * 1024 * 1024, 0x20);
  const response = await checkFile(big, 'big.pdf');
  t.is(response.status, 413);
  t.is((await response.json()).error, 'payload_too_large');
});

test.serial('the size limit is a setting; a chunked upload over it is refused as it streams', async (t) => {
  await writePortalMaxCheckBytes({ db: appliance.deps.db, bytes: 64 * 1024 });
  try {
    const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const boundary = 'segl-boundary';
      const req = request(
        `${appliance.url}/api/v1/verify/file`,
        {
          method: 'POST',
          headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Transfer-Encoding': 'chunked' },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; ` +
          `filename="x.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      );
      let sent = 0;
      const pump = () => {
        while (sent < 1024 * 1024) {
          sent += 16 * 1024;
          if (!req.write(Buffer.alloc(16 * 1024, 0x41))) return void req.once('drain', pump);
        }
        req.end(`\r\n--${boundary}--\r\n`);
      };
      pump();
    });
    t.is(status.status, 413, status.body);
    t.is(JSON.parse(status.body).error, 'payload_too_large');
  } finally {
    await writePortalMaxCheckBytes({ db: appliance.deps.db, bytes: 20 * 1024 * 1024 });
  }
});

test('bad multipart requests are 4xx: wrong content type, missing file part', async (t) => {
  const json = await fetch(`${appliance.url}/api/v1/verify/file`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  t.is(json.status, 415);
  const form = new FormData();
  form.set('other', 'x');
  const missing = await fetch(`${appliance.url}/api/v1/verify/file`, { method: 'POST', body: form });
  t.is(missing.status, 400);
  t.is((await missing.json()).error, 'invalid_request');
});

test('a multipart file part that never ends is 400 on every upload route; the appliance keeps serving', async (t) => {
  // the HTTP body is complete, the form is not: busboy reports "Unexpected end of form" on the part's own stream
  const cutShort = (part: string) =>
    `--B\r\nContent-Disposition: form-data; name="${part}"; filename="a.pdf"\r\n\r\n%PDF-1.7 cut short`;
  const send = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${appliance.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=B', ...headers },
      body,
    });
  const bearer = { Authorization: `Bearer ${admin.token}` };
  const attempts = [
    await send('/api/v1/verify/file', cutShort('file')),
    await send('/api/v1/verify/file', `${cutShort('extra')}`),
    await send('/api/v1/documents', cutShort('file'), bearer),
  ];
  for (const answer of attempts) {
    t.is(answer.status, 400);
    t.is((await answer.json()).error, 'invalid_request');
  }
  t.is((await fetch(`${appliance.url}/livez`)).status, 200);
  t.is((await checkFile(sealed)).status, 200);
});

test('a 10 MB sealed PDF validates in under 300 ms (in-process, best of 3)', async (t) => {
  const pdf = await createSamplePdf({ pages: 3, padBytes: 10e6 });
  const big = (await appliance.sealer.sealBytes({ input: pdf, level: 'B-LTA' })).output;
  const root = appliance.sealer.rootCertificatePem();
  const runs: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const started = performance.now();
    const report = verifyDocument({ bytes: big, trustAnchorsPem: root });
    runs.push(performance.now() - started);
    t.is(report.status, 'passed');
  }
  const started = performance.now();
  const response = await checkFile(big, 'big-sealed.pdf');
  const overHttp = performance.now() - started;
  t.is(response.status, 200);
  t.like(await response.json(), { status: 'passed', level: 'B-LTA' });
  t.log(
    `10 MB sealed PDF (${big.length} bytes): verify ${runs.map((r) => r.toFixed(1)).join(', ')} ` +
      `ms; over HTTP incl. upload ${overHttp.toFixed(1)} ms`,
  );
  t.true(Math.min(...runs) < 300);
});
