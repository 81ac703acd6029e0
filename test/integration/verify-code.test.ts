import test from 'ava';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { useAppliance } from '../helpers/use-appliance.js';
import { markedPdf, uploadDocument } from '../helpers/documents.js';
import { formatDocumentCode } from '../../server/domain/documents/document-code.js';

const { appliance, admin } = useAppliance(test, { env: { SEGL_PORTAL_RATE_LIMIT: '100000' } });

/** What a code lookup answers about any document (sorted): no title, no names, no hash while it exists. */
const PUBLIC_STATUS_FIELDS = ['code', 'completedAt', 'createdAt', 'level', 'signedCount', 'signerCount', 'status'];

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const lookup = (code: string) => fetch(`${appliance.url}/api/v1/verify/${code}`);
const match = (code: string, body: unknown) =>
  fetch(`${appliance.url}/api/v1/verify/${code}/match`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function upload(
  title = `Portal ${randomUUID()}`,
): Promise<{ id: string; code: string; sha256: string; bytes: Buffer; title: string }> {
  const bytes = await markedPdf(randomUUID());
  const response = await uploadDocument(admin, { bytes, title });
  if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { id: string; code: string };
  return { id: body.id, code: body.code, sha256: sha256(bytes), bytes, title };
}

/** Gives a document a code we choose (with 0 and 1 in it) straight in the table. */
async function setCode(id: string, code: string): Promise<void> {
  await appliance.deps.db.models.Document.update({ code }, { where: { id } });
}

function uniqueCode(prefix: string): string {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
  let code = prefix;
  while (code.length < 16) code += alphabet[randomBytes(1)[0] % alphabet.length];
  return code;
}

test('a draft answers its public status and nothing personal', async (t) => {
  const doc = await upload('Confidential employment contract');
  const response = await lookup(doc.code);
  t.is(response.status, 200);
  t.regex(response.headers.get('content-type') ?? '', /^application\/json/);
  t.is(response.headers.get('cache-control'), 'no-store');
  t.is(response.headers.get('x-content-type-options'), 'nosniff');
  const body = await response.json();
  t.deepEqual(Object.keys(body).sort(), PUBLIC_STATUS_FIELDS);
  t.like(body, { code: doc.code, status: 'draft', completedAt: null, signerCount: 0, signedCount: 0, level: null });
  t.regex(body.code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  t.false(Number.isNaN(Date.parse(body.createdAt)));
  const text = JSON.stringify(body);
  t.false(text.includes('Confidential'), 'no title');
  t.false(text.includes(doc.sha256), 'no hash while the document exists');
  t.false(text.includes(doc.id), 'no internal id');
});

test('codes are read as people type them: case, spaces, hyphens, O for 0, I and L for 1', async (t) => {
  const doc = await upload();
  const stored = uniqueCode('01');
  await setCode(doc.id, stored);
  const formatted = formatDocumentCode(stored);
  const variants = [
    stored,
    formatted,
    formatted.toLowerCase(),
    `  ${formatted.replace(/-/g, ' ')}  `,
    `O${stored.includes('I') ? 'I' : 'I'}${stored.slice(2)}`,
    `o${'l'}${stored.slice(2).toLowerCase()}`,
    `OL-${stored.slice(2, 4)}${stored
      .slice(4)
      .match(/.{1,4}/g)!
      .join('--')}`,
  ];
  for (const variant of variants) {
    const response = await lookup(encodeURIComponent(variant));
    t.is(response.status, 200, variant);
    const body = await response.json();
    t.is(body.code, formatted, variant);
  }
});

test('malformed codes are 400 invalid_code; unknown codes 404 not_found, same shape', async (t) => {
  const malformed = [
    'ABC',
    '7F3K-9QXM-2B8D-WT4',
    '7F3K-9QXM-2B8D-WT4N-X',
    'UUUU-UUUU-UUUU-UUUU',
    'A'.repeat(1000),
    encodeURIComponent('ÆØÅÆ-ØÅÆØ-ÅÆØÅ-ÆØÅÆ'),
    encodeURIComponent('７F3K-9QXM-2B8D-WT4N'),
    encodeURIComponent('../../../etc/passwd'),
    encodeURIComponent('7F3K9QXM2B8DWT4N/../x'),
    '%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00',
    encodeURIComponent("7F3K'; DROP TABLE--"),
    encodeURIComponent('7F3K9QXM2B8DWT4N\u0000'),
  ];
  for (const code of malformed) {
    const response = await lookup(code);
    t.is(response.status, 400, code.slice(0, 60));
    t.is(response.headers.get('cache-control'), 'no-store');
    t.deepEqual(Object.keys(await response.json()).sort(), ['error', 'message']);
  }
  const bad = await (await lookup('ABC')).json();
  t.is(bad.error, 'invalid_code');

  // A broken percent-encoding never reaches a handler as a 500.
  const broken = await lookup('%E0%A4%A');
  t.true(broken.status === 400 || broken.status === 404, String(broken.status));

  const unknown = await lookup(uniqueCode('ZZ'));
  t.is(unknown.status, 404);
  t.is(unknown.headers.get('cache-control'), 'no-store');
  const body = await unknown.json();
  t.deepEqual(Object.keys(body).sort(), ['error', 'message']);
  t.is(body.error, 'not_found');
});

test('match: the original upload hash matches (constant-time), anything else does not', async (t) => {
  const doc = await upload('Lease agreement');
  const yes = await match(doc.code, { sha256: doc.sha256 });
  t.is(yes.status, 200);
  t.is(yes.headers.get('cache-control'), 'no-store');
  const body = await yes.json();
  t.like(body, {
    match: true,
    code: doc.code,
    title: 'Lease agreement',
    status: 'draft',
    matchedVersion: 'original',
    completedAt: null,
    level: null,
  });
  t.deepEqual(body.signers, []);

  const upper = await match(doc.code.toLowerCase(), { sha256: doc.sha256.toUpperCase() });
  t.like(await upper.json(), { match: true });

  const no = await match(doc.code, { sha256: sha256(randomBytes(100)) });
  t.is(no.status, 200);
  t.deepEqual(await no.json(), { match: false });

  const zeros = await match(uniqueCode('YY'), { sha256: '0'.repeat(64) });
  t.is(zeros.status, 404, 'unknown code');
  t.is((await zeros.json()).error, 'not_found');

  const malformed = await match('nope', { sha256: doc.sha256 });
  t.is(malformed.status, 400);
  t.is((await malformed.json()).error, 'invalid_code');
});

test('match: a sha256 that is not 64 hex characters is 422', async (t) => {
  const doc = await upload();
  for (const body of [
    { sha256: 'xyz' },
    { sha256: doc.sha256.slice(1) },
    { sha256: `${doc.sha256}0` },
    { sha256: 'g'.repeat(64) },
    {},
    { sha256: doc.sha256, extra: 1 },
    { sha256: 42 },
    [],
  ]) {
    const response = await match(doc.code, body);
    t.is(response.status, 422, JSON.stringify(body));
    t.is((await response.json()).error, 'invalid_request');
  }
  const notJson = await match(doc.code, '{nope');
  t.is(notJson.status, 400);
  const form = await fetch(`${appliance.url}/api/v1/verify/${doc.code}/match`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: 'x',
  });
  t.true(form.status === 415 || form.status === 400, String(form.status));
});

test('a completed document (final file stored) shows its completion and level; the final hash matches', async (t) => {
  const doc = await upload('Sealed contract');
  const finalBytes = randomBytes(2048);
  const completedAt = new Date(Date.now() - 60_000);
  completedAt.setMilliseconds(0);
  await appliance.deps.db.models.DocumentBlob.create({
    id: randomUUID(),
    documentId: doc.id,
    kind: 'final',
    blobName: `final-${randomUUID()}`,
    sha256: sha256(finalBytes),
    sizeBytes: finalBytes.length,
    createdAt: completedAt,
  });
  await appliance.deps.db.models.Document.update(
    { status: 'completed', sealedAt: completedAt, sealedLevel: 'B-LTA', finalSha256: sha256(finalBytes) },
    { where: { id: doc.id } },
  );

  const body = await (await lookup(doc.code)).json();
  t.like(body, {
    code: doc.code,
    status: 'completed',
    level: 'B-LTA',
    completedAt: completedAt.toISOString(),
    signerCount: 0,
    signedCount: 0,
  });
  t.false('sha256' in body);
  t.false('deletedAt' in body);

  const final = await (await match(doc.code, { sha256: sha256(finalBytes) })).json();
  t.like(final, {
    match: true,
    matchedVersion: 'final',
    title: 'Sealed contract',
    status: 'completed',
    level: 'B-LTA',
  });
  const original = await (await match(doc.code, { sha256: doc.sha256 })).json();
  t.like(original, { match: true, matchedVersion: 'original' });
});

test('other states answer their status (pending, declined, expired, cancelled)', async (t) => {
  const doc = await upload();
  for (const status of ['pending', 'declined', 'expired', 'cancelled'] as const) {
    await appliance.deps.db.models.Document.update({ status }, { where: { id: doc.id } });
    const body = await (await lookup(doc.code)).json();
    t.like(body, { status, completedAt: null, level: null }, status);
    t.false('sha256' in body, status);
  }
});

test('a deleted document answers from its tombstone, with its hash, and the hash still matches', async (t) => {
  const doc = await upload('To be deleted');
  const deleted = await admin.api(`/api/v1/documents/${doc.id}`, { method: 'DELETE' });
  t.is(deleted.status, 200, await deleted.text());
  const response = await lookup(doc.code);
  t.is(response.status, 200);
  const body = await response.json();
  t.deepEqual(Object.keys(body).sort(), [...PUBLIC_STATUS_FIELDS, 'deletedAt', 'sha256'].sort());
  t.like(body, { code: doc.code, status: 'deleted', sha256: doc.sha256, completedAt: null, level: null });
  t.false(Number.isNaN(Date.parse(body.deletedAt)));
  t.false(JSON.stringify(body).includes('To be deleted'));

  const matched = await (await match(doc.code, { sha256: doc.sha256 })).json();
  t.like(matched, { match: true, status: 'deleted', matchedVersion: 'original' });
  t.truthy(matched.deletedAt);
  t.deepEqual(await (await match(doc.code, { sha256: 'a'.repeat(64) })).json(), { match: false });
});

// Serial: timed while no other test of this file runs (ava runs serial tests before the concurrent ones).
test.serial('known and unknown codes cost the same: one query each, similar time', async (t) => {
  const doc = await upload();
  const unknown = uniqueCode('XX');
  const time = async (code: string) => {
    const started = performance.now();
    const response = await lookup(code);
    await response.arrayBuffer();
    const ms = performance.now() - started;
    if (response.status !== (code === unknown ? 404 : 200)) throw new Error(`${code} answered ${response.status}`);
    return ms;
  };
  // Known and unknown in turn (which goes first alternates), so that a slow moment of the machine costs both alike.
  const known: number[] = [];
  const missing: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    await time(doc.code); // warm up
    await time(unknown);
  }
  for (let i = 0; i < 60; i += 1) {
    if (i % 2 === 0) {
      known.push(await time(doc.code));
      missing.push(await time(unknown));
    } else {
      missing.push(await time(unknown));
      known.push(await time(doc.code));
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const knownMs = median(known);
  const missingMs = median(missing);
  t.log(`median lookup: known ${knownMs.toFixed(2)} ms, unknown ${missingMs.toFixed(2)} ms`);
  // Noise may slow either side; a real gap shows as one median three times the other (and more than 2 ms apart).
  t.true(Math.abs(knownMs - missingMs) < Math.max(2, (knownMs + missingMs) / 2), 'no large timing gap');
});

test('many lookups at once (batched into shared queries) each get their own answer', async (t) => {
  const docs = await Promise.all(Array.from({ length: 5 }, () => upload()));
  const asks = Array.from({ length: 120 }, (_, i) => (i % 3 === 0 ? uniqueCode('WW') : docs[i % docs.length].code));
  const answers = await Promise.all(asks.map(async (code) => ({ code, response: await lookup(code) })));
  for (const { code, response } of answers) {
    if (code.startsWith('WW')) {
      t.is(response.status, 404, code);
    } else {
      t.is(response.status, 200, code);
      t.is((await response.json()).code, code);
    }
  }
});
