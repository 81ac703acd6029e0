import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSamplePdf } from '../lib/sample-pdf.js';
import { loadConfig } from '../../server/lib/config.js';
import { createLogger } from '../../server/lib/logger.js';
import { fixedClock } from '../../server/lib/clock.js';
import { openAppliance } from '../../server/main.js';
import { openSealer } from '../../server/domain/sealer.js';
import { createDocument } from '../../server/domain/documents/create-document.js';
import { runLtaRenewal } from '../../server/domain/lta/run-lta-renewal.js';
import { markUploadSealed } from '../../server/domain/benchmark/seed-archive.js';
import { createBenchUser, loadBenchAccess } from './bench-appliance.js';
import { progress } from './log.js';
import { round } from './stats.js';

/**
 * The organisation's-seal targets: sealing through SoftHSM2 (a real PKCS#11 token) at B-T for 10-page PDFs,
 * at least 20 documents a second; and long-term renewal of 1,000 archived B-LTA documents in under a minute.
 */

const SOFTHSM = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so'].find((path) =>
  existsSync(path),
);
const YEAR = 365.25 * 24 * 3600 * 1000;

function run(command: string, args: string[], env?: NodeJS.ProcessEnv): void {
  execFileSync(command, args, { stdio: 'ignore', env: env ?? process.env });
}

/** A SoftHSM2 token with an EC P-256 seal key and its certificate (from a throwaway CA made with openssl). */
function createToken(dir: string): { env: Record<string, string> } {
  mkdirSync(join(dir, 'tokens'), { recursive: true });
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  // the module reads this at C_Initialize, once per process
  process.env.SOFTHSM2_CONF = conf;
  const file = (name: string) => join(dir, name);
  writeFileSync(
    file('ext.cnf'),
    'basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature,nonRepudiation\n',
  );
  const ecKey = '-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes'.split(' ');
  const caUsage = ['-addext', 'keyUsage=critical,keyCertSign,cRLSign'];
  const ca = ['-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '3650', '-subj', '/CN=Bench HSM Root'];
  run('openssl', ['req', '-x509', ...ecKey, ...ca, ...caUsage]);
  const seal = ['-keyout', file('seal.key'), '-out', file('seal.csr'), '-subj', '/CN=Bench HSM Seal'];
  run('openssl', ['req', '-new', ...ecKey, ...seal]);
  const issuer = ['-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '730'];
  run('openssl', [
    'x509',
    '-req',
    '-in',
    file('seal.csr'),
    ...issuer,
    '-extfile',
    file('ext.cnf'),
    '-out',
    file('seal.pem'),
  ]);
  run('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', file('seal.key'), '-outform', 'DER', '-out', file('seal.der')]);
  run('softhsm2-util', ['--init-token', '--free', '--label', 'bench', '--pin', '123456', '--so-pin', '87654321']);
  const token = ['--module', SOFTHSM!, '--token-label', 'bench', '--login', '--pin', '123456'];
  run('pkcs11-tool', [
    ...token,
    '--write-object',
    file('seal.der'),
    '--type',
    'privkey',
    '--label',
    'seal',
    '--id',
    '01',
  ]);
  writeFileSync(file('chain.pem'), readFileSync(file('seal.pem'), 'utf8') + readFileSync(file('ca.pem'), 'utf8'));
  return {
    env: {
      SEGL_DATA_DIR: join(dir, 'data'),
      SEGL_PKCS11_MODULE: SOFTHSM!,
      SEGL_PKCS11_TOKEN_LABEL: 'bench',
      SEGL_PKCS11_KEY_LABEL: 'seal',
      SEGL_PKCS11_PIN: '123456',
      SEGL_SEAL_CHAIN_FILE: file('chain.pem'),
    },
  };
}

async function measureHsmSealing(dir: string, seconds: number): Promise<Record<string, unknown>> {
  if (!SOFTHSM) return { skipped: 'softhsm2 is not installed' };
  const { env } = createToken(dir);
  const sealer = await openSealer({ config: loadConfig({ env }) });
  const sample = await createSamplePdf({ pages: 10, title: 'HSM bench' });
  await sealer.sealBytes({ input: sample, level: 'B-T' }); // warm-up: session pool, login
  let done = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      await sealer.sealBytes({ input: sample, level: 'B-T' });
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  const elapsed = (performance.now() - started) / 1000;
  sealer.close();
  const perSecond = round(done / elapsed, 1);
  return {
    documents: done,
    seconds: round(elapsed, 2),
    documentsPerSecond: perSecond,
    target: 20,
    met: perSecond >= 20,
  };
}

async function measureRenewal(dir: string, count: number): Promise<Record<string, unknown>> {
  const config = loadConfig({
    env: { SEGL_DATA_DIR: join(dir, 'renewal'), SEGL_LTA_SCHEDULE: 'off', SEGL_RETENTION_SCHEDULE: 'off' },
  });
  const deps = await openAppliance({ config, logger: createLogger({ level: 'silent' }), repairStorage: false });
  try {
    const admin = await createBenchUser({ deps, name: 'Bench', role: 'admin', email: 'bench-lta@example.org' });
    const access = await loadBenchAccess({ deps, user: admin });
    // archived documents: each a real B-LTA seal (a few distinct ones reused), stored encrypted as a completed
    // document's final file
    const sealed = await Promise.all(
      [1, 2, 3, 4].map(
        async (i) =>
          (
            await deps.sealer.sealBytes({
              input: await createSamplePdf({ pages: 2, title: `Archive ${i}` }),
              level: 'B-LTA',
            })
          ).output,
      ),
    );
    const seeding = performance.now();
    for (let i = 0; i < count; i += 1) {
      const created = await createDocument({
        archive: deps.archive,
        access,
        title: `Archived ${i}`,
        bytes: sealed[i % sealed.length]!,
        maxPages: 100,
      });
      await markUploadSealed({ db: deps.db, documentId: created.body.id, level: 'B-LTA' });
      if ((i + 1) % 250 === 0) progress(`lta bench: ${i + 1}/${count} archived documents seeded`);
    }
    const seedSeconds = round((performance.now() - seeding) / 1000, 1);
    const at = new Date(Date.now() + 9.3 * YEAR);
    const sealer = await openSealer({ config, clock: fixedClock(at), kek: deps.kek });
    const started = performance.now();
    const report = await runLtaRenewal({
      archive: deps.archive,
      sealer,
      policy: { now: at, horizonDays: 365, retiredAlgorithms: [] },
    });
    const seconds = round((performance.now() - started) / 1000, 2);
    return {
      documents: count,
      seedSeconds,
      renewed: report.renewed.length,
      failed: report.failed.length,
      seconds,
      target: 60,
      met: seconds < 60 && report.renewed.length === count,
    };
  } finally {
    await deps.db.close();
  }
}

export async function measureSealKey(options: { quick: boolean }): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'segl-bench-sealkey-'));
  try {
    progress('seal key: SoftHSM2 sealing at B-T, 10 pages');
    const hsm = await measureHsmSealing(join(dir, 'hsm'), options.quick ? 2 : 10);
    progress('seal key: long-term renewal of archived documents');
    const renewal = await measureRenewal(dir, options.quick ? 50 : 1000);
    return { hsmSealingBT10Pages: hsm, ltaRenewal: renewal };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
