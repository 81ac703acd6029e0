import test from 'ava';
import { createHmac } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import { startTestAppliance, type TestAppliance } from '../helpers/appliance.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { callApi, createMutableClock, createTestStaff, type TestStaff, staffEvents } from '../helpers/staff.js';
import { createFolder, grantFolder, uploadDocument } from '../helpers/documents.js';
import { tempDir } from '../helpers/external-tool.js';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { createLogger, type Logger } from '../../server/lib/logger.js';
import { appendAuditEvent, type AuditEventType } from '../../server/domain/audit/append-audit-event.js';
import { createApiToken } from '../../server/domain/tokens/create-api-token.js';
import { verifyWebhookSignature } from '../../server/domain/webhooks/webhook-signature.js';
import { openJobQueue } from '../../server/domain/jobs/job-queue.js';
import { createJobRunner } from '../../server/jobs/job-runner.js';
import { createDeliverWebhookHandler } from '../../server/jobs/deliver-webhook-job.js';
import { sendWebhookRequest } from '../../server/domain/webhooks/send-webhook-request.js';

/**
 * Webhooks end to end over loopback: a real receiver, deliveries worked off by a real job runner, signatures
 * checked with the secret shown at creation, retries with backoff, refusals, access rules, and the secret never
 * shown again (responses, logs, database).
 */

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Receiver {
  url: string;
  requests: Received[];
  /** What to answer next, in order (a status, or a function that answers itself); then 200. */
  answers: Array<number | ((res: ServerResponse) => void)>;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const requests: Received[] = [];
  const answers: Receiver['answers'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const answer = answers.shift() ?? 200;
      if (typeof answer === 'function') return answer(res);
      res.statusCode = answer;
      res.end(answer >= 400 ? 'receiver says no\n' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let strict: TestAppliance | undefined;
const clock = createMutableClock();
let receiver: Receiver;
let logDir: string;
let logPath: string;
let logger: Logger;
let samplePdf: Uint8Array;
/** Every secret handed out: none may show up again anywhere. */
const secrets: string[] = [];

const { appliance, admin } = useAppliance(test, () => {
  logDir = tempDir('segl-webhook-log-');
  logPath = join(logDir, 'segl.log');
  logger = createLogger({ level: 'debug', destination: pino.destination({ dest: logPath, sync: true }) });
  // No background job runner: each test works off its `deliver-webhook` jobs itself with `runner().perform()`, and
  // a second runner polling the same queue (same frozen clock) would race it for them.
  return {
    env: { SEGL_WEBHOOK_ALLOW_PRIVATE_NETWORK: 'true' },
    clock,
    logger,
    jobs: false,
    admin: 'webhook admin',
  };
});

test.before(async () => {
  receiver = await startReceiver();
  samplePdf = await createSamplePdf({ pages: 1, title: 'webhooks' });
});

test.after.always(async () => {
  await receiver?.close();
  await strict?.close();
  if (!process.env.SEGL_KEEP_TEST_FILES) {
    for (const dir of [logDir, strict?.dataDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  }
});

async function createHook(
  staff: TestStaff,
  body: Record<string, unknown>,
): Promise<{ id: string; secret: string; url: string; events: string[]; folderId: string | null }> {
  const created = await callApi(staff, 'POST', '/api/v1/webhooks', body);
  if (created.status !== 201) throw new Error(`create webhook: ${created.status} ${created.text}`);
  secrets.push(created.body.secret);
  return created.body;
}

/** A folder with a document in it, for events to be about. */
async function documentInNewFolder(): Promise<{ folderId: string; documentId: string }> {
  const folderId = await createFolder(appliance);
  const uploaded = await uploadDocument(admin, { bytes: samplePdf, folderId, title: 'Webhook subject' });
  if (uploaded.status !== 201) throw new Error(`upload: ${uploaded.status} ${await uploaded.text()}`);
  return { folderId, documentId: ((await uploaded.json()) as { id: string }).id };
}

/** An audit event as the signing flow appends it, with an IP address and user agent that must not leave. */
async function appendEvent(documentId: string, type: AuditEventType = 'document.sent'): Promise<string> {
  const { db } = appliance.deps;
  const event = await db.transaction((transaction) =>
    appendAuditEvent({
      db,
      transaction,
      documentId,
      type,
      at: clock.now(),
      actor: { kind: 'signer', id: 'signer-1', name: 'Kari Nordmann', email: 'kari@example.org' },
      ip: '203.0.113.77',
      userAgent: 'DistinctiveAgent/9.9',
      data: { status: 'pending', signerId: 'signer-1', email: 'kari@example.org' },
    }),
  );
  return event.id;
}

function runner(options: { allowPrivateNetwork?: boolean; maxAttempts?: number; timeoutMs?: number } = {}) {
  const { db, kek } = appliance.deps;
  return createJobRunner({
    queue: openJobQueue(db),
    clock,
    logger,
    handlers: {
      'deliver-webhook': createDeliverWebhookHandler({
        db,
        kek,
        allowPrivateNetwork: options.allowPrivateNetwork ?? true,
        logger: logger.child({ module: 'webhooks' }),
        maxAttempts: options.maxAttempts,
        timeoutMs: options.timeoutMs,
      }),
    },
  });
}

async function deliveries(webhookId: string, staff = admin): Promise<any[]> {
  const listed = await callApi(staff, 'GET', `/api/v1/webhooks/${webhookId}/deliveries`);
  if (listed.status !== 200) throw new Error(`deliveries: ${listed.status} ${listed.text}`);
  return listed.body.deliveries;
}

function hmacHex(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

test.serial('a delivery is a signed POST with the Segl headers and no IP address or user agent', async (t) => {
  const { folderId, documentId } = await documentInNewFolder();
  const hook = await createHook(admin, {
    url: `${receiver.url}/hook/one?tenant=7`,
    events: ['document.sent', 'signer.signed'],
    folderId,
  });
  t.regex(hook.secret, /^whsec_[A-Za-z0-9_-]{43}$/);
  t.deepEqual(Object.keys(hook).sort(), ['events', 'folderId', 'id', 'secret', 'url']);
  t.like(hook, { url: `${receiver.url}/hook/one?tenant=7`, events: ['document.sent', 'signer.signed'], folderId });

  const before = receiver.requests.length;
  const eventId = await appendEvent(documentId, 'document.sent');
  await appendEvent(documentId, 'signer.opened'); // not subscribed
  const queued = await deliveries(hook.id);
  t.is(queued.length, 1);
  t.like(queued[0], { status: 'pending', attempts: 0, eventId, eventType: 'document.sent', documentId });

  t.true((await runner().perform({})) >= 1);
  const mine = receiver.requests.slice(before);
  t.is(mine.length, 1);
  const [request] = mine;
  t.is(request.method, 'POST');
  t.is(request.url, '/hook/one?tenant=7');
  t.is(request.headers['content-type'], 'application/json');
  t.is(request.headers['user-agent'], 'Segl-Webhooks/1');
  t.is(request.headers['segl-event'], 'document.sent');
  t.is(request.headers['segl-delivery'], queued[0].id);
  t.is(Number(request.headers['content-length']), Buffer.byteLength(request.body));

  // The receiver's recipe: t and v1 from the header, HMAC-SHA256 over "<t>.<raw body>" keyed with the whole secret.
  const header = String(request.headers['segl-signature']);
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  t.truthy(match, header);
  const [, timestamp, mac] = match!;
  t.is(mac, hmacHex(hook.secret, timestamp, request.body));
  t.is(Number(timestamp), Math.floor(clock.now().getTime() / 1000));
  t.true(verifyWebhookSignature({ secret: hook.secret, header, body: request.body, now: clock.now() }));
  t.false(
    verifyWebhookSignature({ secret: hook.secret, header, body: `${request.body} `, now: clock.now() }),
    'a changed body fails',
  );
  t.false(
    verifyWebhookSignature({ secret: `${hook.secret}x`, header, body: request.body, now: clock.now() }),
    'another secret fails',
  );
  t.false(
    verifyWebhookSignature({
      secret: hook.secret,
      header,
      body: request.body,
      now: new Date(clock.now().getTime() + 3600_000),
    }),
    'an old signature fails',
  );

  const payload = JSON.parse(request.body);
  t.like(payload, { id: eventId, type: 'document.sent', documentId, actor: { kind: 'signer', id: 'signer-1' } });
  for (const leak of ['203.0.113.77', 'DistinctiveAgent', 'kari@example.org', 'Kari Nordmann'])
    t.false(request.body.includes(leak), `payload leaks ${leak}`);
  t.false('ip' in payload || 'userAgent' in payload);

  const [done] = await deliveries(hook.id);
  t.like(done, {
    id: queued[0].id,
    status: 'delivered',
    attempts: 1,
    responseStatus: 200,
    lastError: null,
    nextAttemptAt: null,
  });
  t.truthy(done.deliveredAt);
  t.is(await runner().perform({}), 0, 'nothing left to do');
});

test.serial('a receiver answering 500 then 200 gets the same delivery twice, after the backoff', async (t) => {
  const { folderId, documentId } = await documentInNewFolder();
  const hook = await createHook(admin, { url: `${receiver.url}/flaky`, events: ['*'], folderId });
  const before = receiver.requests.length;
  await appendEvent(documentId, 'signer.signed');
  receiver.answers.push(500);
  await runner().perform({});
  const [first] = await deliveries(hook.id);
  t.like(first, { status: 'pending', attempts: 1, responseStatus: 500, eventType: 'signer.signed' });
  t.regex(first.lastError, /^HTTP 500: receiver says no/);
  t.truthy(first.nextAttemptAt);
  t.true(Date.parse(first.nextAttemptAt) > clock.now().getTime());

  t.is(await runner().perform({}), 0, 'not before the backoff');
  t.is(receiver.requests.length - before, 1);
  clock.advance(5_000);
  t.is(await runner().perform({}), 1);
  const [second] = await deliveries(hook.id);
  t.like(second, { id: first.id, status: 'delivered', attempts: 2, responseStatus: 200, lastError: null });

  const mine = receiver.requests.slice(before);
  t.is(mine.length, 2);
  t.is(mine[0].headers['segl-delivery'], mine[1].headers['segl-delivery']);
  t.is(mine[0].body, mine[1].body, 'the same payload each time');
  for (const request of mine)
    t.true(
      verifyWebhookSignature({
        secret: hook.secret,
        header: String(request.headers['segl-signature']),
        body: request.body,
        now: clock.now(),
      }),
    );
  t.not(mine[0].headers['segl-signature'], mine[1].headers['segl-signature'], 'signed afresh at each attempt');
});

test.serial(
  'redirects are not followed; after the last attempt the delivery is failed, and can be sent again',
  async (t) => {
    const { folderId, documentId } = await documentInNewFolder();
    const hook = await createHook(admin, { url: `${receiver.url}/moved`, events: ['document.completed'], folderId });
    const before = receiver.requests.length;
    await appendEvent(documentId, 'document.completed');
    const redirect = (res: ServerResponse) => {
      res.writeHead(302, { Location: `${receiver.url}/elsewhere` });
      res.end();
    };
    receiver.answers.push(redirect, redirect, redirect);
    const jobs = runner({ maxAttempts: 2 });
    await jobs.perform({});
    t.like((await deliveries(hook.id))[0], { status: 'pending', attempts: 1, responseStatus: 302 });
    clock.advance(5_000);
    await jobs.perform({});
    const [failed] = await deliveries(hook.id);
    t.like(failed, { status: 'failed', attempts: 2, responseStatus: 302, nextAttemptAt: null, deliveredAt: null });
    t.regex(failed.lastError, /redirects are not followed/);
    clock.advance(3600_000);
    t.is(await jobs.perform({}), 0, 'given up');
    const mine = receiver.requests.slice(before);
    t.deepEqual(
      mine.map((r) => r.url),
      ['/moved', '/moved'],
    );
    const job = await appliance.deps.db.models.Job.findOne({
      where: { kind: 'deliver-webhook', dedupeKey: `webhook:${failed.id}` },
      raw: true,
    });
    t.is(job?.status, 'failed');

    receiver.answers.splice(0);
    const again = await callApi(admin, 'POST', `/api/v1/webhooks/${hook.id}/deliveries/${failed.id}/redeliver`, {});
    t.is(again.status, 202, again.text);
    t.like(again.body, { id: failed.id, status: 'pending' });
    const twice = await callApi(admin, 'POST', `/api/v1/webhooks/${hook.id}/deliveries/${failed.id}/redeliver`, {});
    t.is(twice.status, 409);
    t.is(twice.body.error, 'delivery_pending');
    await runner().perform({});
    t.like((await deliveries(hook.id))[0], { id: failed.id, status: 'delivered', attempts: 3, responseStatus: 200 });
  },
);

test.serial('a receiver that does not answer in time is a failed attempt', async (t) => {
  const { folderId, documentId } = await documentInNewFolder();
  const hook = await createHook(admin, { url: `${receiver.url}/slow`, events: ['document.sent'], folderId });
  await appendEvent(documentId);
  receiver.answers.push(() => undefined); // never answers
  const started = Date.now();
  await runner({ timeoutMs: 300 }).perform({});
  t.true(Date.now() - started < 5_000);
  const [delivery] = await deliveries(hook.id);
  t.like(delivery, { status: 'pending', attempts: 1, responseStatus: null });
  t.regex(delivery.lastError, /timeout|no answer/);
});

test.serial('the target is checked again at delivery: a private address is refused when the flag is off', async (t) => {
  const { folderId, documentId } = await documentInNewFolder();
  const hook = await createHook(admin, { url: `${receiver.url}/private`, events: ['document.sent'], folderId });
  const before = receiver.requests.length;
  await appendEvent(documentId);
  await runner({ allowPrivateNetwork: false }).perform({});
  t.is(receiver.requests.length, before, 'nothing sent');
  const [delivery] = await deliveries(hook.id);
  t.like(delivery, { status: 'pending', attempts: 1, responseStatus: null });
  t.regex(delivery.lastError, /not a public address, or it cannot be resolved/);
});

test.serial('the address is checked again when connecting (a name that resolves to loopback is refused)', async (t) => {
  const before = receiver.requests.length;
  const port = new URL(receiver.url).port;
  const request = {
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
    timeoutMs: 2_000,
    maxResponseBytes: 1024,
  };
  const error = await t.throwsAsync(
    sendWebhookRequest({ ...request, url: `http://localhost:${port}/rebound`, allowPrivateNetwork: false }),
  );
  t.is((error as NodeJS.ErrnoException).code, 'outbound_refused');
  t.is(receiver.requests.length, before, 'no connection was made');
  receiver.answers.push((res) => {
    res.statusCode = 503;
    res.end('x'.repeat(64 * 1024));
  });
  const answer = await sendWebhookRequest({
    ...request,
    url: `http://localhost:${port}/allowed`,
    allowPrivateNetwork: true,
  });
  t.is(answer.status, 503);
  t.is(answer.body.length, 1024, 'at most 1 KiB of the answer is read');
});

test.serial('a deleted webhook gets nothing more; its pending deliveries are dropped', async (t) => {
  const { folderId, documentId } = await documentInNewFolder();
  const hook = await createHook(admin, { url: `${receiver.url}/deleted`, events: ['document.sent'], folderId });
  await appendEvent(documentId);
  const removed = await callApi(admin, 'DELETE', `/api/v1/webhooks/${hook.id}`);
  t.is(removed.status, 204, removed.text);
  t.is((await callApi(admin, 'DELETE', `/api/v1/webhooks/${hook.id}`)).status, 204, 'deleting twice is fine');
  const before = receiver.requests.length;
  await appendEvent(documentId);
  await runner().perform({});
  t.is(receiver.requests.length, before);
  const log = await deliveries(hook.id);
  t.is(log.length, 1, 'no delivery queued after the deletion');
  t.like(log[0], { status: 'failed', lastError: 'webhook deleted' });
  const listed = await callApi(admin, 'GET', '/api/v1/webhooks');
  t.false(listed.body.webhooks.some((w: { id: string }) => w.id === hook.id));
  const all = await callApi(admin, 'GET', '/api/v1/webhooks?includeDisabled=true');
  t.truthy(all.body.webhooks.find((w: { id: string }) => w.id === hook.id)?.disabledAt);
  const again = await callApi(admin, 'POST', `/api/v1/webhooks/${hook.id}/deliveries/${log[0].id}/redeliver`, {});
  t.is(again.status, 409);
  t.is(again.body.error, 'webhook_disabled');
});

test.serial('the delivery log pages by cursor', async (t) => {
  const { folderId, documentId } = await documentInNewFolder();
  const hook = await createHook(admin, { url: `${receiver.url}/pages`, events: ['signer.opened'], folderId });
  for (let i = 0; i < 3; i += 1) await appendEvent(documentId, 'signer.opened');
  const first = await callApi(admin, 'GET', `/api/v1/webhooks/${hook.id}/deliveries?limit=2`);
  t.is(first.status, 200);
  t.is(first.body.deliveries.length, 2);
  t.truthy(first.body.nextCursor);
  const second = await callApi(
    admin,
    'GET',
    `/api/v1/webhooks/${hook.id}/deliveries?limit=2&cursor=${first.body.nextCursor}`,
  );
  t.is(second.body.deliveries.length, 1);
  t.is(second.body.nextCursor, null);
  const ids = [...first.body.deliveries, ...second.body.deliveries].map((d: { id: string }) => d.id);
  t.is(new Set(ids).size, 3);
  const bad = await callApi(admin, 'GET', `/api/v1/webhooks/${hook.id}/deliveries?cursor=bm9wZQ`);
  t.is(bad.status, 422);
  t.is(bad.body.error, 'invalid_cursor');
  t.is((await callApi(admin, 'GET', `/api/v1/webhooks/${hook.id}/deliveries?limit=1000`)).status, 422);
  await runner().perform({});
});

test.serial('bad input is refused with stable codes', async (t) => {
  const folderId = await createFolder(appliance);
  const url = `${receiver.url}/bad`;
  const cases: Array<[string, unknown, number, string]> = [
    ['not a URL', { url: 'not a url', events: ['*'], folderId }, 422, 'invalid_webhook_url'],
    ['ftp', { url: 'ftp://example.org/hook', events: ['*'], folderId }, 422, 'invalid_webhook_url'],
    ['javascript', { url: 'javascript:alert(1)', events: ['*'], folderId }, 422, 'invalid_webhook_url'],
    ['credentials', { url: 'http://user:pass@127.0.0.1:9/hook', events: ['*'], folderId }, 422, 'invalid_webhook_url'],
    [
      '10 kB URL',
      { url: `https://example.org/${'a'.repeat(10_000)}`, events: ['*'], folderId },
      422,
      'invalid_request',
    ],
    ['unknown event type', { url, events: ['document.exploded'], folderId }, 422, 'invalid_request'],
    ['no events', { url, events: [], folderId }, 422, 'invalid_request'],
    ['"*" with others', { url, events: ['*', 'document.sent'], folderId }, 422, 'invalid_webhook_events'],
    ['events not a list', { url, events: 'document.sent', folderId }, 422, 'invalid_request'],
    ['unknown key', { url, events: ['*'], folderId, secret: 'mine' }, 422, 'invalid_request'],
    ['no url', { events: ['*'], folderId }, 422, 'invalid_request'],
    ['unknown folder', { url, events: ['*'], folderId: 'no-such-folder' }, 404, 'not_found'],
    ['bad folder id', { url, events: ['*'], folderId: '../x' }, 422, 'invalid_request'],
    ['not JSON', '{"url":', 400, 'invalid_json'],
  ];
  for (const [name, body, status, code] of cases) {
    const answer = await callApi(admin, 'POST', '/api/v1/webhooks', body);
    t.is(answer.status, status, `${name}: ${answer.text.slice(0, 300)}`);
    t.is(answer.body?.error, code, name);
  }
  t.is((await callApi(admin, 'GET', '/api/v1/webhooks/no-such-webhook/deliveries')).status, 404);
  t.is((await callApi(admin, 'DELETE', '/api/v1/webhooks/no-such-webhook')).status, 404);
  t.is((await callApi(admin, 'GET', '/api/v1/webhooks?includeDisabled=maybe')).status, 422);
  const anonymous = await fetch(`${appliance.url}/api/v1/webhooks`);
  t.is(anonymous.status, 401);
  const count = await appliance.deps.db.models.Webhook.count({ where: { folderId } });
  t.is(count, 0, 'nothing was created');
});

test.serial('a private or plain-http target is refused at creation when the flag is off', async (t) => {
  strict = await startTestAppliance({ logger, jobs: false });
  const strictAdmin = await createTestStaff(strict, 'admin', 'strict admin');
  const cases: Array<[string, number, string]> = [
    [`${receiver.url.replace('http:', 'https:')}/hook`, 422, 'webhook_url_refused'],
    ['https://localhost/hook', 422, 'webhook_url_refused'],
    ['https://10.1.2.3/hook', 422, 'webhook_url_refused'],
    ['https://[::1]/hook', 422, 'webhook_url_refused'],
    ['https://[::ffff:127.0.0.1]/hook', 422, 'webhook_url_refused'],
    ['https://169.254.169.254/latest/meta-data', 422, 'webhook_url_refused'],
    [`${receiver.url}/hook`, 422, 'invalid_webhook_url'],
  ];
  for (const [url, status, code] of cases) {
    const answer = await callApi(strictAdmin, 'POST', '/api/v1/webhooks', { url, events: ['*'] });
    t.is(answer.status, status, `${url}: ${answer.text}`);
    t.is(answer.body.error, code, url);
  }
  t.is(await strict.deps.db.models.Webhook.count(), 0);
});

test.serial('members manage webhooks only on folders they manage; everyone else gets 404', async (t) => {
  const folder = await createFolder(appliance);
  const child = await createFolder(appliance, { parentId: folder });
  const other = await createFolder(appliance);
  const manager = await createTestStaff(appliance, 'member', 'hook manager');
  const viewer = await createTestStaff(appliance, 'member', 'hook viewer');
  const editor = await createTestStaff(appliance, 'member', 'hook editor');
  const outsider = await createTestStaff(appliance, 'member', 'hook outsider');
  await grantFolder(appliance, { folderId: folder, userId: manager.id, role: 'manager' });
  await grantFolder(appliance, { folderId: folder, userId: viewer.id, role: 'viewer' });
  await grantFolder(appliance, { folderId: folder, userId: editor.id, role: 'editor' });
  const url = `${receiver.url}/members`;

  const own = await createHook(manager, { url, events: ['document.sent'], folderId: child });
  t.is(own.folderId, child, 'a managed folder includes its subfolders');
  const noFolder = await callApi(manager, 'POST', '/api/v1/webhooks', { url, events: ['*'] });
  t.is(noFolder.status, 422);
  t.is(noFolder.body.error, 'folder_required');
  const elsewhere = await callApi(manager, 'POST', '/api/v1/webhooks', { url, events: ['*'], folderId: other });
  t.is(elsewhere.status, 404);
  t.is(elsewhere.body.error, 'not_found');
  const weaker = await callApi(editor, 'POST', '/api/v1/webhooks', { url, events: ['*'], folderId: folder });
  t.is(weaker.status, 403);
  t.is(weaker.body.error, 'forbidden');

  const foreign = await createHook(admin, { url, events: ['*'], folderId: other });
  const everything = await createHook(admin, { url, events: ['document.deleted'] });
  t.is(everything.folderId, null);

  const listedByManager = (await callApi(manager, 'GET', '/api/v1/webhooks')).body.webhooks.map(
    (w: { id: string }) => w.id,
  );
  t.true(listedByManager.includes(own.id));
  t.false(listedByManager.includes(foreign.id));
  t.false(listedByManager.includes(everything.id));
  const listedByAdmin = (await callApi(admin, 'GET', '/api/v1/webhooks')).body.webhooks.map(
    (w: { id: string }) => w.id,
  );
  for (const id of [own.id, foreign.id, everything.id]) t.true(listedByAdmin.includes(id));

  for (const who of [manager, viewer, editor, outsider]) {
    for (const hook of who === manager ? [foreign, everything] : [own, foreign, everything]) {
      const log = await callApi(who, 'GET', `/api/v1/webhooks/${hook.id}/deliveries`);
      t.is(log.status, 404, `deliveries of ${hook.id}: ${log.text}`);
      t.is(log.body.error, 'not_found');
      t.false(log.text.includes(hook.url));
      const removal = await callApi(who, 'DELETE', `/api/v1/webhooks/${hook.id}`);
      t.is(removal.status, 404);
      const again = await callApi(who, 'POST', `/api/v1/webhooks/${hook.id}/deliveries/whatever/redeliver`, {});
      t.is(again.status, 404);
    }
    if (who !== manager) t.deepEqual((await callApi(who, 'GET', '/api/v1/webhooks')).body.webhooks, []);
  }
  t.is((await callApi(manager, 'GET', `/api/v1/webhooks/${own.id}/deliveries`)).status, 200);
  t.is((await callApi(manager, 'DELETE', `/api/v1/webhooks/${own.id}`)).status, 204);
  t.is((await callApi(admin, 'DELETE', `/api/v1/webhooks/${everything.id}`)).status, 204);
  t.is((await callApi(admin, 'DELETE', `/api/v1/webhooks/${foreign.id}`)).status, 204);

  const events = await staffEvents(appliance, { targetId: own.id });
  t.deepEqual(
    events.map((e) => e.action),
    ['webhook.created', 'webhook.deleted'],
  );
  t.is(events[0].actorId, manager.id);
  t.is(events[1].actorId, manager.id);
});

test.serial('tokens need the webhooks scopes', async (t) => {
  const { db, clock: appClock } = appliance.deps;
  const readOnly = await createApiToken({
    db,
    clock: appClock,
    userId: admin.id,
    name: 'webhooks read',
    scopes: ['webhooks:read'],
  });
  const auth = { Authorization: `Bearer ${readOnly.token}`, 'Content-Type': 'application/json' };
  const listed = await fetch(`${appliance.url}/api/v1/webhooks`, { headers: auth });
  t.is(listed.status, 200);
  const created = await fetch(`${appliance.url}/api/v1/webhooks`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ url: `${receiver.url}/x`, events: ['*'] }),
  });
  t.is(created.status, 403);
  t.is(((await created.json()) as { error: string }).error, 'insufficient_scope');
});

test.serial(
  'the secret is shown once: never in listings, delivery logs, staff events, the database or the logs',
  async (t) => {
    t.true(secrets.length >= 5);
    const texts: string[] = [];
    texts.push((await callApi(admin, 'GET', '/api/v1/webhooks?includeDisabled=true')).text);
    const hooks = await appliance.deps.db.models.Webhook.findAll({ raw: true });
    for (const hook of hooks) {
      texts.push((await callApi(admin, 'GET', `/api/v1/webhooks/${hook.id}/deliveries`)).text);
      texts.push(JSON.stringify(hook));
    }
    const events = await staffEvents(appliance);
    texts.push(JSON.stringify(events));
    const jobs = await appliance.deps.db.models.Job.findAll({ raw: true });
    texts.push(JSON.stringify(jobs));
    const logText = readFileSync(logPath, 'utf8');
    t.regex(logText, /webhook delivered/, 'the deliveries were logged (so this check means something)');
    texts.push(logText);
    const listing = JSON.parse(texts[0]) as { webhooks: Array<Record<string, unknown>> };
    t.true(listing.webhooks.length >= 5);
    for (const webhook of listing.webhooks) {
      t.false('secret' in webhook);
      t.false('secretWrapped' in webhook);
    }
    for (const secret of secrets) {
      const bare = secret.slice('whsec_'.length);
      for (const text of texts) t.false(text.includes(bare), 'a secret leaked');
    }
    // the staff record keeps only the receiver's host (paths often carry the receiver's own token)
    t.false(JSON.stringify(events).includes('/hook/one?tenant=7'));
  },
);

test.serial("a member's webhook falls silent when they no longer manage its folder", async (t) => {
  const { folderId, documentId } = await documentInNewFolder();
  const manager = await createTestStaff(appliance, 'member', 'hook grant holder');
  await grantFolder(appliance, { folderId, userId: manager.id, role: 'manager' });
  const hook = await createHook(manager, { url: `${receiver.url}/revoked`, events: ['document.sent'], folderId });
  await appendEvent(documentId);
  t.is((await deliveries(hook.id)).length, 1, 'delivered while the grant holds');
  await appliance.deps.db.models.Grant.destroy({ where: { folderId, userId: manager.id } });
  await appendEvent(documentId);
  t.is((await deliveries(hook.id)).length, 1, 'nothing queued once the grant is gone');
});

test.serial(
  "a member's webhook follows a manager grant held through a group on a parent folder, and falls silent when it goes",
  async (t) => {
    const { db } = appliance.deps;
    const parent = await createFolder(appliance, { name: `Hook parent ${Date.now()}` });
    const folderId = await createFolder(appliance, { name: 'Hook child', parentId: parent });
    const uploaded = await uploadDocument(admin, {
      bytes: samplePdf,
      folderId,
      title: 'Webhook subject in a subfolder',
    });
    const documentId = ((await uploaded.json()) as { id: string }).id;
    const member = await createTestStaff(appliance, 'member', 'hook group member');
    const groupId = `group-${Date.now()}`;
    const now = new Date();
    await db.models.Group.create({ id: groupId, name: `Hook managers ${Date.now()}`, createdAt: now, updatedAt: now });
    await db.models.GroupMember.create({ groupId, userId: member.id, createdAt: now });
    await db.models.Grant.create({
      id: `grant-${Date.now()}`,
      folderId: parent,
      userId: null,
      groupId,
      role: 'manager',
      createdAt: now,
      updatedAt: now,
    });
    const hook = await createHook(member, { url: `${receiver.url}/group`, events: ['document.sent'], folderId });
    await appendEvent(documentId);
    t.is((await deliveries(hook.id)).length, 1, 'delivered: manager through the group, on the parent');
    await db.models.Grant.update({ role: 'editor' }, { where: { groupId } });
    await appendEvent(documentId);
    t.is((await deliveries(hook.id)).length, 1, 'nothing queued for an editor');
    await db.models.Grant.update({ role: 'manager' }, { where: { groupId } });
    await appendEvent(documentId);
    t.is((await deliveries(hook.id)).length, 2, 'manager again: delivered');
    await db.models.GroupMember.destroy({ where: { groupId, userId: member.id } });
    await appendEvent(documentId);
    t.is((await deliveries(hook.id)).length, 2, 'nothing queued once they leave the group');
  },
);
