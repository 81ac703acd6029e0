import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyDocument } from '../../server/domain/verify-document.js';
import { PdfReader } from '../../server/pdf/pdf-reader.js';
import { PdfRef, PdfStream, type PdfValue } from '../../server/pdf/pdf-objects.js';
import { serializeValue } from '../../server/pdf/pdf-serializer.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { CORPUS_DIR, corpusAvailable } from '../helpers/corpus.js';
import { appendRevision, stream } from '../../scripts/lib/pdf-forge.js';
import { SeededRandom } from '../../scripts/lib/seeded-random.js';
import { targetPdf } from '../helpers/attack-target.js';

/**
 * Mutation test: every existing object of a sealed PDF, redefined in a new revision with one number changed
 * (plainly or inside an object stream), must never verify as passed.
 */

const { appliance } = useAppliance(test, { jobs: false, admin: false });
let rootPem: string;

test.before(() => {
  rootPem = appliance.sealer.rootCertificatePem();
});

const NUMBER = /(?<![\w/#.])-?\d+(?:\.\d+)?/g;

/** The object's text with one number (chosen by `random`) changed by one; Length is left alone. */
function mutate(value: PdfValue, random: SeededRandom): string | Buffer {
  if (value instanceof PdfStream) {
    const dictText = serializeValue(value.dict.clone().set('Length', value.raw.length));
    const candidates = [...dictText.matchAll(NUMBER)].filter(
      (match) => !/\/Length\s*$/.test(dictText.slice(0, match.index)),
    );
    if (candidates.length === 0) {
      const raw = Buffer.from(value.raw);
      if (raw.length) raw[random.int(raw.length)] ^= 0x01;
      else return stream(dictText.slice(2, -2), 'q Q');
      return Buffer.concat([Buffer.from(`${dictText}\nstream\n`, 'latin1'), raw, Buffer.from('\nendstream', 'latin1')]);
    }
    const match = random.pick(candidates);
    const after = dictText.slice(match.index! + match[0].length);
    const changed = `${dictText.slice(0, match.index)}${bump(match[0])}${after}`;
    return Buffer.concat([
      Buffer.from(`${changed}\nstream\n`, 'latin1'),
      Buffer.from(value.raw),
      Buffer.from('\nendstream', 'latin1'),
    ]);
  }
  const text = serializeValue(value);
  const candidates = [...text.matchAll(NUMBER)];
  if (candidates.length === 0) return text.startsWith('<<') ? `${text.slice(0, -2)} /Mutated 1 >>` : `[${text} 1]`;
  const match = random.pick(candidates);
  return `${text.slice(0, match.index)}${bump(match[0])}${text.slice(match.index! + match[0].length)}`;
}

function bump(number: string): string {
  return number.includes('.') ? String(Number(number) + 1) : String(BigInt(number) + 1n);
}

function checkEveryObject(
  t: import('ava').ExecutionContext,
  sealed: Buffer,
  options: { seed: number; limit?: number; name: string },
) {
  const reader = PdfReader.open(sealed);
  const random = new SeededRandom(options.seed);
  const nums = [...reader.entries()].filter(([, entry]) => entry.type !== 'free').map(([num]) => num);
  const chosen =
    options.limit && nums.length > options.limit
      ? nums.filter(() => random.next() < options.limit! / nums.length)
      : nums;
  let checked = 0;
  for (const num of chosen) {
    let value: PdfValue;
    try {
      value = reader.lookup(new PdfRef(num, 0));
    } catch {
      continue;
    }
    const body = mutate(value, random);
    const inStream = !(value instanceof PdfStream) && random.next() < 0.3;
    const attacked = inStream
      ? appendRevision(sealed, { compressed: { [num]: body } })
      : appendRevision(sealed, { objects: { [num]: body } });
    let status: string;
    try {
      status = verifyDocument({ bytes: attacked, trustAnchorsPem: rootPem }).status;
    } catch {
      status = 'unreadable';
    }
    t.not(
      status,
      'passed',
      `${options.name}: object ${num} redefined ${inStream ? 'in an object stream' : 'plainly'} ` +
        `as ${String(body).slice(0, 160)} verified as passed`,
    );
    checked += 1;
  }
  t.true(checked > 0);
  t.log(`${checked} objects redefined, none passed`);
}

test('every object of a sealed document, redefined with one number changed, fails', async (t) => {
  const sealed = (await appliance.sealer.sealBytes({ input: targetPdf(), level: 'B-LTA' })).output;
  t.is(verifyDocument({ bytes: sealed, trustAnchorsPem: rootPem }).status, 'passed');
  checkEveryObject(t, sealed, { seed: 1, name: 'target' });
});

(corpusAvailable() ? test : test.skip)(
  'objects of sealed real-world files (object streams, forms, linearized), mutated, never pass',
  async (t) => {
    for (const [index, name] of [
      'normal-text-pdflatex-4pages-objstm.pdf',
      'acroform-filled-by-acrobat-3pages.pdf',
      'linearized-acrobat-xrefstream-2pages.pdf',
    ].entries()) {
      const sealed = (await appliance.sealer.sealBytes({ input: readFileSync(join(CORPUS_DIR, name)), level: 'B-LTA' }))
        .output;
      t.is(verifyDocument({ bytes: sealed, trustAnchorsPem: rootPem }).status, 'passed', name);
      checkEveryObject(t, sealed, { seed: 100 + index, limit: 60, name });
    }
  },
);
