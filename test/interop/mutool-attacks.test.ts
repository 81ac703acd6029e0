import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { verifyDocument } from '../../server/domain/verify-document.js';
import { startTestAppliance, type TestAppliance } from '../helpers/appliance.js';
import { requireTools, runTool, tempDir } from '../helpers/external-tool.js';
import { writeTemp } from '../helpers/pdf-signatures.js';

/**
 * Incremental-saving attacks written by MuPDF (`mutool run`, a PDF library we did not write) on a sealed document:
 * an annotation over the page, content drawn over it, a script run on opening. Each must fail, naming the change.
 */

const haveMutool = requireTools('mutool');
const script = fileURLToPath(new URL('../fixtures/mutool/attack.js', import.meta.url));

let appliance: TestAppliance;
let work: string;
let sealedPath: string;

test.before(async () => {
  if (!haveMutool) return;
  appliance = await startTestAppliance({ jobs: false });
  work = tempDir('segl-mutool-');
  const sealed = (
    await appliance.sealer.sealBytes({ input: await createSamplePdf({ pages: 2, title: 'Invoice' }), level: 'B-LTA' })
  ).output;
  sealedPath = writeTemp(work, 'sealed.pdf', sealed);
});

test.after.always(async () => {
  await appliance?.close();
});

for (const [kind, change] of [
  ['annotation', 'annotation'],
  ['content', 'page-content'],
  ['catalog', 'actions'],
] as const) {
  (haveMutool ? test : test.skip)(
    `MuPDF's incremental ${kind} change after the seal fails, named as ${change}`,
    (t) => {
      const out = join(work, `attack-${kind}.pdf`);
      const run = runTool('mutool', ['run', script, kind, sealedPath, out], { timeoutMs: 60_000 });
      t.is(run.status, 0, run.stderr);
      const bytes = readFileSync(out);
      t.true(
        bytes.subarray(0, readFileSync(sealedPath).length).equals(readFileSync(sealedPath)),
        'MuPDF appended an incremental update',
      );
      const report = verifyDocument({ bytes, trustAnchorsPem: appliance.sealer.rootCertificatePem() });
      t.is(report.status, 'failed');
      const seal = report.signatures.find((signature) => signature.kind === 'signature')!;
      t.is(seal.status, 'failed');
      t.true(
        seal.changes.some((c) => c.kind === change && c.level === 'other'),
        JSON.stringify(seal.changes),
      );
    },
  );
}
