import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fuzzVerification } from '../../scripts/lib/pdf-fuzz.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { CORPUS_DIR, corpusAvailable, corpusFiles } from '../helpers/corpus.js';
import { targetPdf } from '../helpers/attack-target.js';

/**
 * A few hundred seeded mutations in every test run (the benchmark runs ten thousand): over the corpus and over
 * sealed outputs, the verifier never crashes or hangs, refuses unreadable input cleanly, and never passes a
 * mutated sealed file (except an exact earlier revision, which is genuinely signed).
 */

const { appliance } = useAppliance(test, { jobs: false, admin: false });

const SEED = Number(process.env.SEGL_FUZZ_SEED ?? 20261207);
const CASES = Number(process.env.SEGL_FUZZ_CASES ?? 300);

test(`${CASES} mutations of sealed files and the corpus: no crash, no hang, no forgery (seed ${SEED})`, async (t) => {
  const sealedTarget = (await appliance.sealer.sealBytes({ input: targetPdf(), level: 'B-LTA' })).output;
  const inputs = [{ name: 'sealed-target', bytes: sealedTarget, sealed: true }];
  if (corpusAvailable()) {
    const objstm = readFileSync(join(CORPUS_DIR, 'normal-text-pdflatex-4pages-objstm.pdf'));
    inputs.push({
      name: 'sealed-objstm',
      bytes: (await appliance.sealer.sealBytes({ input: objstm, level: 'B-LTA' })).output,
      sealed: true,
    });
    const small = corpusFiles()
      .map((file) => ({ name: file.name, bytes: readFileSync(file.path) }))
      .filter((file) => file.bytes.length < 200_000);
    for (const file of small) inputs.push({ ...file, sealed: false });
  }
  const summary = fuzzVerification({
    inputs,
    cases: CASES,
    seed: SEED,
    trustAnchorsPem: appliance.sealer.rootCertificatePem(),
  });
  t.log(JSON.stringify({ outcomes: summary.outcomes, p99Ms: summary.p99Ms, slowest: summary.slowest }));
  t.deepEqual(summary.crashes, []);
  t.deepEqual(summary.forgeries, []);
  t.true(summary.slowest.ms < 20_000, `slowest case took ${summary.slowest.ms} ms: ${summary.slowest.note}`);
});
