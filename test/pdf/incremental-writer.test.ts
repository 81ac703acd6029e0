import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { GrowableBuffer } from '../../server/pdf/growable-buffer.js';
import { PdfReader } from '../../server/pdf/pdf-reader.js';
import { PdfDict, PdfName, PdfRef, PdfString } from '../../server/pdf/pdf-objects.js';
import { appendIncrementalUpdate } from '../../server/pdf/incremental-writer.js';
import {
  appendSignaturePlaceholder,
  digestByteRange,
  embedSignatureContainer,
} from '../../server/pdf/signature-placeholder.js';
import { diffAgainstFinal, openFinalRevision } from '../../server/pdf/revision-diff.js';
import { requireTools, runTool, tempDir } from '../helpers/external-tool.js';

const haveQpdf = requireTools('qpdf');

for (const objectStreams of [false, true]) {
  const kind = objectStreams ? 'cross-reference stream' : 'classic table';

  test(`an update to a ${kind} keeps every earlier byte and writes the same kind of section`, async (t) => {
    const original = Buffer.from(await createSamplePdf({ pages: 3, objectStreams }));
    const file = GrowableBuffer.from(original);
    const reader = PdfReader.open(file.view());
    t.is(reader.isXrefStream, objectStreams);
    const info = new PdfRef(reader.size, 0);
    appendIncrementalUpdate({
      file,
      reader,
      objects: [{ ref: info, value: new PdfDict([['Title', PdfString.text('Ændret')]]) }],
    });
    const updated = file.view();
    t.true(updated.subarray(0, original.length).equals(original));
    const again = PdfReader.open(updated);
    t.is(again.isXrefStream, objectStreams);
    t.is(again.sections.length, reader.sections.length + 1);
    t.is((again.lookup(info) as PdfDict).get('Title') instanceof PdfString, true);
    t.is(again.catalog().get('Type'), PdfName.of('Catalog'));
    if (haveQpdf) {
      const path = join(tempDir(), 'updated.pdf');
      writeFileSync(path, updated);
      const check = runTool('qpdf', ['--check', path]);
      t.is(check.status, 0, check.stdout + check.stderr);
    }
  });

  test(`a signature placeholder on a ${kind} has a byte range that excludes exactly /Contents`, async (t) => {
    const original = Buffer.from(await createSamplePdf({ pages: 2, objectStreams }));
    const file = GrowableBuffer.from(original);
    const placeholder = appendSignaturePlaceholder({
      file,
      reader: PdfReader.open(file.view()),
      signature: { kind: 'signature', subFilter: 'ETSI.CAdES.detached', signingTime: new Date('2026-11-27T10:00:00Z') },
      capacity: 1000,
    });
    const [a, b, c, d] = placeholder.byteRange;
    const view = file.view();
    t.is(a, 0);
    t.is(c + d, view.length);
    t.is(view[b], 0x3c);
    t.is(view[c - 1], 0x3e);
    t.is(c - b, 2 + 2000);
    const digest = digestByteRange(file, placeholder);
    embedSignatureContainer(file, placeholder, Buffer.from([0x30, 0x00]));
    t.deepEqual(digestByteRange(file, placeholder), digest, 'embedding changes nothing inside the signed ranges');
    const error = t.throws(() => embedSignatureContainer(file, placeholder, Buffer.alloc(1001)));
    t.is((error as { code?: string }).code, 'signature_too_large');
  });
}

test('changes after a revision are classified: validation updates versus page content', async (t) => {
  const original = Buffer.from(await createSamplePdf({ pages: 1 }));
  const signed = GrowableBuffer.from(original);
  appendSignaturePlaceholder({
    file: signed,
    reader: PdfReader.open(signed.view()),
    signature: { kind: 'signature', subFilter: 'ETSI.CAdES.detached', signingTime: new Date() },
    capacity: 100,
  });
  const signedLength = signed.length;
  t.deepEqual(diffAgainstFinal({ final: openFinalRevision(signed.view()), signedLength }).modifiedAfter, 'none');

  const withTimestamp = GrowableBuffer.from(signed.view());
  appendSignaturePlaceholder({
    file: withTimestamp,
    reader: PdfReader.open(withTimestamp.view()),
    signature: { kind: 'doc-timestamp' },
    capacity: 100,
  });
  t.is(diffAgainstFinal({ final: openFinalRevision(withTimestamp.view()), signedLength }).modifiedAfter, 'lta-updates');

  const tampered = GrowableBuffer.from(signed.view());
  const reader = PdfReader.open(tampered.view());
  const pageRef = [...Array(reader.size).keys()]
    .map((n) => new PdfRef(n, 0))
    .find((ref) => {
      const value = reader.lookup(ref);
      return value instanceof PdfDict && value.get('Type') === PdfName.of('Page');
    })!;
  const changedPage = (reader.lookup(pageRef) as PdfDict).clone().set('Rotate', 90);
  appendIncrementalUpdate({ file: tampered, reader, objects: [{ ref: pageRef, value: changedPage }] });
  const changes = diffAgainstFinal({ final: openFinalRevision(tampered.view()), signedLength });
  t.is(changes.modifiedAfter, 'other');
  t.regex(changes.changes.map((change) => change.description).join(' '), /page 1 changed: rotation/);
});
