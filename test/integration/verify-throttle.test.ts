import test from 'ava';
import { rmSync } from 'node:fs';
import { startTestAppliance, type TestAppliance } from '../helpers/appliance.js';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { poll } from '../helpers/poll.js';
import { startStalledUpload } from '../helpers/stalled-upload.js';

const started: TestAppliance[] = [];

async function appliance(env: Record<string, string>): Promise<TestAppliance> {
  const app = await startTestAppliance({ env });
  started.push(app);
  return app;
}

test.after.always(async () => {
  for (const app of started) {
    await app.close();
    if (!process.env.SEGL_KEEP_TEST_FILES) rmSync(app.dataDir, { recursive: true, force: true });
  }
});

const UNKNOWN = 'ZZZZ-ZZZZ-ZZZZ-ZZZZ';

function get(app: TestAppliance, path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${app.url}${path}`, { headers });
}

test(
  'lookups over SEGL_PORTAL_RATE_LIMIT a minute are 429 rate_limited with Retry-After, in the ' + '404 shape',
  async (t) => {
    const app = await appliance({ SEGL_PORTAL_RATE_LIMIT: '5' });
    const answers: Response[] = [];
    for (let i = 0; i < 5; i += 1) answers.push(await get(app, `/api/v1/verify/${UNKNOWN}`));
    t.deepEqual(
      answers.map((r) => r.status),
      [404, 404, 404, 404, 404],
    );
    const notFound = await answers[0].json();

    const throttled = await get(app, `/api/v1/verify/${UNKNOWN}`);
    t.is(throttled.status, 429);
    const seconds = Number(throttled.headers.get('retry-after'));
    t.true(Number.isInteger(seconds) && seconds >= 1 && seconds <= 60, String(seconds));
    t.is(throttled.headers.get('cache-control'), 'no-store');
    t.regex(throttled.headers.get('content-type') ?? '', /^application\/json/);
    const body = await throttled.json();
    t.is(body.error, 'rate_limited');
    t.deepEqual(Object.keys(body).sort(), Object.keys(notFound).sort(), 'same shape as a 404');

    // Every portal route shares the budget, malformed codes and matches included.
    t.is((await get(app, '/api/v1/verify/nope')).status, 429);
    const match = await fetch(`${app.url}/api/v1/verify/${UNKNOWN}/match`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sha256: 'a'.repeat(64) }),
    });
    t.is(match.status, 429);
    t.truthy(match.headers.get('retry-after'));
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(await createSamplePdf({ pages: 1 }))]), 'x.pdf');
    t.is((await fetch(`${app.url}/api/v1/verify/file`, { method: 'POST', body: form })).status, 429);

    // The rest of the API is not throttled by the portal's limit.
    t.is((await get(app, '/healthz')).status, 200);
  },
);

test('file checks have their own, lower limit', async (t) => {
  const app = await appliance({ SEGL_PORTAL_RATE_LIMIT: '12' });
  const pdf = await createSamplePdf({ pages: 1 });
  const check = () => {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(pdf)]), 'x.pdf');
    return fetch(`${app.url}/api/v1/verify/file`, { method: 'POST', body: form });
  };
  t.is((await check()).status, 200);
  t.is((await check()).status, 200);
  const third = await check();
  t.is(third.status, 429, 'a sixth of the lookup limit: 2 a minute');
  t.truthy(third.headers.get('retry-after'));
  t.is((await third.json()).error, 'rate_limited');
  // Lookups still have budget left.
  t.is((await get(app, `/api/v1/verify/${UNKNOWN}`)).status, 404);
});

test('X-Forwarded-For from a peer that is not a trusted proxy is ignored', async (t) => {
  const app = await appliance({ SEGL_PORTAL_RATE_LIMIT: '3', SEGL_TRUSTED_PROXIES: '10.9.8.7' });
  const statuses: number[] = [];
  for (let i = 0; i < 6; i += 1)
    statuses.push((await get(app, `/api/v1/verify/${UNKNOWN}`, { 'X-Forwarded-For': `198.51.100.${i + 1}` })).status);
  t.deepEqual(statuses, [404, 404, 404, 429, 429, 429]);
});

test('behind a trusted proxy each client has its own budget, and a forged leftmost entry does not help', async (t) => {
  const app = await appliance({ SEGL_PORTAL_RATE_LIMIT: '2', SEGL_TRUSTED_PROXIES: '127.0.0.1/32' });
  const as = (xff: string) => get(app, `/api/v1/verify/${UNKNOWN}`, { 'X-Forwarded-For': xff });
  t.is((await as('203.0.113.5')).status, 404);
  t.is((await as('203.0.113.5')).status, 404);
  t.is((await as('203.0.113.5')).status, 429);
  t.is((await as('1.2.3.4, 203.0.113.5')).status, 429, 'the client cannot prepend addresses');
  t.is((await as('203.0.113.6')).status, 404, 'another client');
  // IPv6 clients count per /64.
  t.is((await as('2001:db8:1:2::1')).status, 404);
  t.is((await as('2001:db8:1:2::ffff')).status, 404);
  t.is((await as('2001:db8:1:2:abcd::9')).status, 429);
  t.is((await as('2001:db8:1:3::1')).status, 404);
});

test("file checks still uploading count against the verifiers' capacity; a cut-off one frees its slot", async (t) => {
  // one worker, no queue: one file at a time, however many addresses ask
  const app = await appliance({
    SEGL_PORTAL_RATE_LIMIT: '600',
    SEGL_TRUSTED_PROXIES: '127.0.0.1/32',
    SEGL_VERIFY_WORKERS: '1',
    SEGL_VERIFY_QUEUE: '0',
  });
  const pdf = await createSamplePdf({ pages: 1 });
  const check = (client: string) => {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'x.pdf');
    return fetch(`${app.url}/api/v1/verify/file`, {
      method: 'POST',
      body: form,
      headers: { 'X-Forwarded-For': client },
    });
  };
  const alone = await check('203.0.113.30');
  t.is(alone.status, 200, await alone.clone().text());

  // A client that sends its headers and the start of a large file, then stalls.
  const slow = startStalledUpload({
    url: app.url,
    path: '/api/v1/verify/file',
    headers: { 'X-Forwarded-For': '203.0.113.31' },
  });

  // Other clients, each well within its own rate limit, are refused at once while the slow one holds the slot.
  const busy = await poll('a 503 while the slow upload holds the only slot', 10_000, async () => {
    const answer = await check('203.0.113.32');
    return answer.status === 503 ? answer : undefined;
  });
  t.is((await busy.json()).error, 'verification_busy');
  t.is(busy.headers.get('retry-after'), '30');
  const others = await Promise.all(
    ['203.0.113.33', '2001:db8:9::1'].map(async (client) => (await check(client)).status),
  );
  t.deepEqual(others, [503, 503]);

  // Cut off mid-upload, the slow client gives its slot back.
  slow.cutOff();
  t.is(await slow.answered, 0, 'the slow upload got no answer: it was cut off');
  // Clients that go away at once, some before their upload is even read, give their places back too.
  for (let i = 0; i < 20; i += 1) {
    const gone = startStalledUpload({ url: app.url, path: '/api/v1/verify/file' });
    await new Promise((resolve) => setTimeout(resolve, i % 4));
    gone.cutOff();
  }
  const after = await poll('a file checked again once the slow uploads are gone', 10_000, async () => {
    const answer = await check('203.0.113.34');
    return answer.status === 200 ? answer : undefined;
  });
  t.is((await after.json()).status !== undefined, true);
});

// Serial: timed while no other test of this file runs (ava runs serial tests before the concurrent ones).
test.serial('a throttled answer is no slower or larger than an unknown code', async (t) => {
  // Two clients behind a trusted proxy, asked in turn: one with budget left (404) and one over its limit (429), so
  // that a slow moment of the machine costs both alike.
  const app = await appliance({ SEGL_PORTAL_RATE_LIMIT: '60', SEGL_TRUSTED_PROXIES: '127.0.0.1/32' });
  const FRESH = '203.0.113.10';
  const SPENT = '203.0.113.20';
  const time = async (client: string) => {
    const at = performance.now();
    const response = await get(app, `/api/v1/verify/${UNKNOWN}`, { 'X-Forwarded-For': client });
    const text = await response.text();
    return { ms: performance.now() - at, status: response.status, bytes: text.length };
  };
  // the spent client uses up its budget first (which also warms the route up)
  const spending: number[] = [];
  for (let i = 0; i < 60; i += 1) spending.push((await time(SPENT)).status);
  t.true(spending.every((status) => status === 404));
  const unknown: Array<Awaited<ReturnType<typeof time>>> = [];
  const throttled: Array<Awaited<ReturnType<typeof time>>> = [];
  for (let i = 0; i < 50; i += 1) {
    if (i % 2 === 0) {
      unknown.push(await time(FRESH));
      throttled.push(await time(SPENT));
    } else {
      throttled.push(await time(SPENT));
      unknown.push(await time(FRESH));
    }
  }
  t.deepEqual([...new Set(unknown.map((s) => s.status))], [404]);
  t.deepEqual([...new Set(throttled.map((s) => s.status))], [429]);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const unknownMs = median(unknown.slice(5).map((s) => s.ms));
  const throttledMs = median(throttled.slice(5).map((s) => s.ms));
  t.log(`median: unknown ${unknownMs.toFixed(2)} ms, throttled ${throttledMs.toFixed(2)} ms`);
  // Noise may slow either side; a throttled answer that is really slower shows as three times the unknown one (and
  // more than 2 ms more).
  t.true(throttledMs - unknownMs < Math.max(2, (throttledMs + unknownMs) / 2), 'a throttled answer is not slower');
});
