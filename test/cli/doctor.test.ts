import test from 'ava';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startTestAppliance } from '../helpers/appliance.js';
import { runSegl } from '../helpers/cli.js';
import { tempDir } from '../helpers/external-tool.js';
import { closedPort } from '../helpers/closed-port.js';

let dataDir: string;

test.before(async () => {
  dataDir = tempDir('segl-doctor-');
  const appliance = await startTestAppliance({ dataDir, jobs: false });
  await appliance.close();
});

type Finding = { check: string; status: string; detail: string; fix?: string };

async function doctor(
  env: Record<string, string> = {},
  dir = dataDir,
): Promise<{ code: number | null; healthy: boolean; findings: Finding[] }> {
  const result = await runSegl(['--data', dir, 'doctor', '--json'], { env });
  const parsed = JSON.parse(result.stdout) as { healthy: boolean; findings: Finding[] };
  return { code: result.code, ...parsed };
}

test(
  'a working appliance passes, with warnings for what production needs (backups, monitoring, ' + 'an external TSA)',
  async (t) => {
    const report = await doctor();
    t.is(report.code, 0);
    t.true(report.healthy);
    const byCheck = (check: string) => report.findings.filter((f) => f.check === check);
    t.is(byCheck('keys')[0]?.status, 'ok');
    t.is(byCheck('database')[0]?.status, 'ok');
    t.true(byCheck('backup').some((f) => f.status === 'warn' && /SEGL_BACKUP_SCHEDULE/.test(f.fix ?? '')));
    t.true(byCheck('monitoring').some((f) => f.status === 'warn'));
    t.true(byCheck('tsa').some((f) => f.status === 'ok' && /built-in TSA answered/.test(f.detail)));
    t.deepEqual(
      byCheck('certificates').map((f) => f.status),
      ['ok', 'ok', 'ok'],
    );
  },
);

test('a TSA that does not answer is a failure with what to fix, and exit 1', async (t) => {
  const report = await doctor({ SEGL_TSA_URLS: `http://127.0.0.1:${await closedPort()}/tsa` });
  t.is(report.code, 1);
  const tsa = report.findings.find((f) => f.check === 'tsa')!;
  t.is(tsa.status, 'fail');
  t.regex(tsa.fix!, /SEGL_TSA_URLS/);
});

test('a wrong KEK is found', async (t) => {
  const report = await doctor({ SEGL_KEK: randomBytes(32).toString('base64') });
  t.is(report.code, 1);
  t.is(report.findings.find((f) => f.check === 'keys')?.status, 'fail');
});

test('a directory without an appliance says so', async (t) => {
  const report = await doctor({}, join(tempDir('segl-doctor-empty-'), 'none'));
  t.is(report.code, 1);
  t.is(report.findings[0]?.check, 'data directory');
  t.is(report.findings[0]?.status, 'fail');
});
