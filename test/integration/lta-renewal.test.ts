import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixedClock } from '../../server/lib/clock.js';
import { openSealer } from '../../server/domain/sealer.js';
import { runLtaRenewal, type LtaRenewalReport } from '../../server/domain/lta/run-lta-renewal.js';
import { findNewestArchiveTimestamp } from '../../server/pades/archive-timestamp.js';
import { verifyPdf } from '../../server/pades/verify-pdf.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { createMutableClock } from '../helpers/staff.js';
import { expectJson } from '../helpers/signing.js';
import { signedAndSealed } from '../helpers/otp-signing.js';
import { createNssDatabase, requireTools, runPdfsig, tempDir } from '../helpers/external-tool.js';
import { runSegl } from '../helpers/cli.js';

/**
 * Long-term renewal of the archive across simulated decades: each step moves the clock, runs the renewal as the
 * appliance would, and checks the newest version of the final PDF with our verifier (at that time) and pdfsig.
 */

const haveTools = requireTools('pdfsig', 'certutil');
const YEAR = 365.25 * 24 * 3600 * 1000;

const clock = createMutableClock();
const { appliance, admin } = useAppliance(test, { clock, admin: 'LTA Admin' });
let nssDir: string;
const work = tempDir('segl-lta-');

test.before(() => {
  if (haveTools) nssDir = createNssDatabase(appliance.sealer.rootCertificatePem());
});

async function sealedDocument(): Promise<{ id: string; code: string }> {
  const email = `lta-${Date.now()}@example.org`;
  return signedAndSealed(appliance, admin, { title: 'Lease for a century', signer: { name: 'Astrid Langtid', email } });
}

async function renewAt(at: Date, options: { dryRun?: boolean } = {}): Promise<LtaRenewalReport> {
  clock.advance(at.getTime() - clock.now().getTime());
  const signing = await openSealer({ config: appliance.deps.config, clock: fixedClock(at), kek: appliance.deps.kek });
  return runLtaRenewal({
    archive: appliance.deps.archive,
    sealer: signing,
    policy: { now: at, horizonDays: 365, retiredAlgorithms: [] },
    dryRun: options.dryRun,
  });
}

async function download(id: string): Promise<Buffer> {
  const response = await admin.api(`/api/v1/documents/${id}/pdf`);
  if (response.status !== 200) throw new Error(`download: ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

(haveTools ? test : test.skip)(
  'renewals keep the B-LTA evidence alive across decades, and stop honestly at the end of the root',
  async (t) => {
    const start = new Date();
    const document = await sealedDocument();
    const sealed = await download(document.id);
    const firstStamp = findNewestArchiveTimestamp(sealed)!;
    t.truthy(firstStamp, 'sealed at B-LTA');

    const check = async (label: string, at: Date, expectedStamps: number) => {
      const bytes = await download(document.id);
      t.true(
        bytes.subarray(0, sealed.length).equals(sealed),
        `${label}: the sealed file stays a byte-identical prefix`,
      );
      const report = verifyPdf({ bytes, trustAnchors: [appliance.sealer.rootCertificateDer()], clock: fixedClock(at) });
      t.is(report.signatures.filter((s) => s.kind === 'doc-timestamp').length, expectedStamps, label);
      t.true(
        report.signatures.every((s) => s.intact),
        `${label}: every signature and timestamp is intact`,
      );
      t.true(
        report.signatures.filter((s) => s.kind === 'doc-timestamp').every((s) => s.modifiedAfter !== 'other'),
        `${label}: only LTA updates follow`,
      );
      t.is(report.level, 'B-LTA', `${label}: ${JSON.stringify(report.problems)}`);
      const file = join(work, `${label}.pdf`);
      writeFileSync(file, bytes);
      // pdfsig checks the seal online with our OCSP responder and today's date: the responder answers with today too
      const simulated = clock.now().getTime();
      clock.advance(Date.now() - simulated);
      try {
        const pdfsig = await runPdfsig({ nssDir, file });
        t.is(pdfsig[0]?.validation, 'Signature is Valid.', label);
        t.is(pdfsig[0]?.certificateValidation, 'Certificate is Trusted.', label);
      } finally {
        clock.advance(simulated - clock.now().getTime());
      }
      return bytes;
    };

    // 5 years on: nothing is due (the TSA certificate has about 5 years left, the horizon is one)
    const early = await renewAt(new Date(start.getTime() + 5 * YEAR));
    t.is(early.checked, 1, 'the first run looks at every sealed document once');
    t.deepEqual(early.renewed, []);
    t.is(
      (await renewAt(new Date(start.getTime() + 5.1 * YEAR))).checked,
      0,
      'afterwards the index answers without opening the PDF',
    );

    // 9.3 years: due; the built-in TSA gets a new certificate, and the archive a new timestamp
    const step1 = new Date(start.getTime() + 9.3 * YEAR);
    const dry = await renewAt(step1, { dryRun: true });
    t.is(dry.due.length, 1);
    t.is(dry.renewed.length, 0);
    const first = await renewAt(step1);
    t.is(first.renewed.length, 1, JSON.stringify(first.failed));
    t.is(first.renewed[0]!.reason, 'expiring');
    t.true(
      new Date(first.renewed[0]!.expiresAt).getTime() > firstStamp.expiresAt.getTime(),
      'the new timestamp outlives the old one',
    );
    await check('after-first-renewal', step1, 2);
    t.is(
      (await renewAt(new Date(start.getTime() + 9.4 * YEAR))).renewed.length,
      0,
      'renewed documents are not due again',
    );

    // 18.6 years: due again; the TSA certificate can last only until the root ends
    const step2 = new Date(start.getTime() + 18.6 * YEAR);
    const second = await renewAt(step2);
    t.is(second.renewed.length, 1, JSON.stringify(second.failed));
    await check('after-second-renewal', step2, 3);

    // 19.3 years: the root itself ends within the horizon; renewing with it would gain nothing and is refused
    const step3 = new Date(start.getTime() + 19.3 * YEAR);
    const refused = await renewAt(step3);
    t.is(refused.renewed.length, 0);
    t.is(refused.failed[0]?.error, 'lta_tsa_unfit');
    t.regex(refused.failed[0]?.message ?? '', /SEGL_TSA_URLS/);
    await check('after-refusal', step3, 3);

    const trail = await expectJson(await admin.api(`/api/v1/documents/${document.id}/audit-trail`), 200);
    const renewals = trail.events.filter((event: { type: string }) => event.type === 'document.renewed');
    t.is(renewals.length, 2);
    t.like(renewals[0].data, { reason: 'expiring' });
    t.true(trail.chain?.intact ?? true);
  },
);

(haveTools ? test : test.skip)('segl lta renew on the command line: dry run as of a later time', async (t) => {
  const result = await runSegl(
    [
      '--data',
      appliance.dataDir,
      'lta',
      'renew',
      '--now',
      '2031-01-01T00:00:00Z',
      '--horizon-days',
      '3650',
      '--dry-run',
      '--json',
    ],
    {
      env: { SEGL_PUBLIC_URL: appliance.url },
    },
  );
  t.is(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  t.is(report.dryRun, true);
  t.is(report.horizonDays, 3650);
  t.regex(result.stderr, /lta renewal at 2031-01-01T00:00:00.000Z \(horizon 3650 days, dry run\)/);
  const bad = await runSegl(['--data', appliance.dataDir, 'lta', 'renew', '--horizon-days', 'soon']);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--horizon-days must be a whole number/);
});
