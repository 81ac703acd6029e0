import test from 'ava';
import { join } from 'node:path';
import { startTestAppliance, type TestAppliance } from '../helpers/appliance.js';
import { createTestStaff } from '../helpers/staff.js';
import { createDraft, sendDraft } from '../helpers/signing.js';
import { signWithOutboxOtp } from '../helpers/otp-signing.js';
import { tempDir } from '../helpers/external-tool.js';
import { runBackup } from '../../server/domain/backup/run-backup.js';
import { createLogger } from '../../server/lib/logger.js';
import { closedPort } from '../helpers/closed-port.js';
import { poll } from '../helpers/poll.js';

const TOKEN = 'metrics-token-0123456789abcdef';

/** The value of one sample in Prometheus text (`name{labels} value`), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-z_:]+)(\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...(match[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => present[k] === v))
      return Number(match[4] === '+Inf' ? Infinity : match[4]);
  }
  return undefined;
}

async function scrape(appliance: TestAppliance, token = TOKEN): Promise<string> {
  const response = await fetch(`${appliance.url}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`/metrics: ${response.status} ${await response.text()}`);
  return response.text();
}

/** A new admin's one-page draft with one e-mail-code signer. */
async function adminDraft(appliance: TestAppliance, options: { title: string; signerEmail: string }) {
  const staff = await createTestStaff(appliance, 'admin');
  const signers = [{ name: 'A', email: options.signerEmail }];
  return { staff, draft: await createDraft(staff, { pages: 1, title: options.title, signers }) };
}

test('without SEGL_METRICS_TOKEN or SEGL_METRICS_ALLOW there is no /metrics', async (t) => {
  const appliance = await startTestAppliance({ jobs: false });
  try {
    t.is((await fetch(`${appliance.url}/metrics`)).status, 404);
  } finally {
    await appliance.close();
  }
});

test('a token reads /metrics; none or a wrong one is 401, and guessing is throttled', async (t) => {
  const appliance = await startTestAppliance({ jobs: false, env: { SEGL_METRICS_TOKEN: TOKEN } });
  try {
    const none = await fetch(`${appliance.url}/metrics`);
    t.is(none.status, 401);
    t.is((await none.json()).error, 'unauthorized');
    const text = await scrape(appliance);
    t.true(text.includes('# TYPE segl_http_requests_total counter'));
    t.is(sample(text, 'segl_state_collected'), 1);
    for (let i = 0; i < 12; i += 1)
      await fetch(`${appliance.url}/metrics`, { headers: { Authorization: 'Bearer wrong-token-xxxxxxxxxxxxxxx' } });
    const throttled = await fetch(`${appliance.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    t.is(throttled.status, 429, 'even the right token waits once the client guessed too often');
    t.truthy(throttled.headers.get('retry-after'));
  } finally {
    await appliance.close();
  }
});

test('SEGL_METRICS_ALLOW lets listed networks in without a token and keeps others out', async (t) => {
  const inside = await startTestAppliance({ jobs: false, env: { SEGL_METRICS_ALLOW: '127.0.0.0/8, ::1' } });
  const outside = await startTestAppliance({ jobs: false, env: { SEGL_METRICS_ALLOW: '10.0.0.0/8' } });
  try {
    t.is((await fetch(`${inside.url}/metrics`)).status, 200);
    const refused = await fetch(`${outside.url}/metrics`, { headers: { 'X-Forwarded-For': '10.1.2.3' } });
    t.is(refused.status, 403, 'X-Forwarded-For from an untrusted peer is not believed');
  } finally {
    await inside.close();
    await outside.close();
  }
});

test('requests are counted by route pattern, documents by status, certificates and disk are reported', async (t) => {
  const appliance = await startTestAppliance({ env: { SEGL_METRICS_TOKEN: TOKEN } });
  try {
    const { staff, draft } = await adminDraft(appliance, { title: 'Counted', signerEmail: 'a@example.org' });
    t.is((await staff.api(`/api/v1/documents/${draft.id}`)).status, 200);
    const text = await scrape(appliance);
    t.true(
      (sample(text, 'segl_http_requests_total', { route: '/api/v1/documents/:id', method: 'GET', status: '200' }) ??
        0) >= 1,
    );
    t.false(text.includes(draft.id), 'no document id in any label');
    t.true(
      (sample(text, 'segl_http_request_duration_seconds_count', { route: '/api/v1/documents/:id', method: 'GET' }) ??
        0) >= 1,
    );
    t.is(sample(text, 'segl_documents', { status: 'draft' }), 1);
    const sealDays = sample(text, 'segl_certificate_days_left', { role: 'seal' })!;
    t.true(sealDays > 3000 && sealDays < 3660, String(sealDays));
    t.true((sample(text, 'segl_certificate_days_left', { role: 'root' }) ?? 0) > sealDays);
    t.true((sample(text, 'segl_data_disk_free_bytes') ?? 0) > 0);
    const ratio = sample(text, 'segl_data_disk_free_ratio')!;
    t.true(ratio > 0 && ratio <= 1);
    t.is(sample(text, 'segl_backup_age_seconds'), Infinity, 'no backup yet');
    t.is(sample(text, 'segl_backup_last_success_timestamp_seconds'), 0);

    await runBackup({
      config: appliance.deps.config,
      clock: appliance.deps.clock,
      logger: createLogger({ level: 'silent' }),
      out: join(tempDir('segl-metrics-backup-'), 'b.tar'),
      includeKek: false,
    });
    const after = await scrape(appliance);
    const age = sample(after, 'segl_backup_age_seconds')!;
    t.true(age >= 0 && age < 120, String(age));
  } finally {
    await appliance.close();
  }
});

test('a broken TSA shows: TSA errors count up and the seal waits for a TSA', async (t) => {
  const tsa = `http://127.0.0.1:${await closedPort()}/tsa`;
  const appliance = await startTestAppliance({ env: { SEGL_METRICS_TOKEN: TOKEN, SEGL_TSA_URLS: tsa } });
  try {
    const { staff, draft } = await adminDraft(appliance, {
      title: 'Waits for a TSA',
      signerEmail: 'waits@example.org',
    });
    const sent = await sendDraft(staff, draft.id);
    await signWithOutboxOtp(appliance, sent.signers[0]!.signingUrl, 'waits@example.org');
    const text = await poll(
      'a seal waiting for a TSA in the metrics',
      60_000,
      async () => {
        const scraped = await scrape(appliance);
        return (sample(scraped, 'segl_seals_waiting_for_tsa') ?? 0) >= 1 ? scraped : undefined;
      },
      200,
    );
    t.is(sample(text, 'segl_seals_waiting_for_tsa'), 1);
    t.true((sample(text, 'segl_tsa_errors_total', { tsa: new URL(tsa).origin }) ?? 0) >= 1);
    t.true((sample(text, 'segl_seals_total', { outcome: 'retry' }) ?? 0) >= 1);
    t.is(sample(text, 'segl_documents', { status: 'completed' }), undefined, 'never sealed without a timestamp');
  } finally {
    await appliance.close();
  }
});
