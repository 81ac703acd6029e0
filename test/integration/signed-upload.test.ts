import test from 'ava';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyDocument } from '../../server/domain/verify-document.js';
import { PdfReader } from '../../server/pdf/pdf-reader.js';
import { findSignatureFields } from '../../server/pdf/signature-fields.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { sendJson } from '../helpers/staff.js';
import { CORPUS_DIR, corpusAvailable } from '../helpers/corpus.js';
import { uploadDocument } from '../helpers/documents.js';
import { expectJson, mailedCode, sendDraft, SignerClient, tokenOf } from '../helpers/signing.js';
import { waitForDocumentStatus } from '../helpers/otp-signing.js';

/**
 * A PDF that others signed before it was uploaded goes through the whole flow: Segl seals it without touching its
 * pages, so the earlier signatures keep their verdict, and the seal names the document's code.
 */

const { appliance, admin } = useAppliance(test, { admin: 'Signed Upload Admin' });

(corpusAvailable() ? test : test.skip)(
  'a signed upload is sealed without a stamp; its signatures keep their verdict and the seal names the code',
  async (t) => {
    const original = readFileSync(join(CORPUS_DIR, 'signed-twice-two-fields-objstm.pdf'));
    const rootPem = appliance.sealer.rootCertificatePem();
    const before = verifyDocument({ bytes: original, trustAnchorsPem: rootPem }).signatures;
    const created = await expectJson(
      await uploadDocument(admin, { bytes: original, title: 'Countersigned agreement' }),
      201,
    );
    await expectJson(
      await sendJson(admin, 'POST', `/api/v1/documents/${created.id}/signers`, {
        name: 'Eva Lund',
        email: 'eva.lund@example.org',
        authMethod: 'email-otp',
        language: 'en',
      }),
      201,
    );
    const sent = await sendDraft(admin, created.id);
    const signer = new SignerClient(appliance, tokenOf(sent.signers[0]!.signingUrl));
    await signer.authenticateWithOtp(() => mailedCode(appliance.dataDir, 'eva.lund@example.org'));
    const shown = Buffer.from(await (await signer.request('/pdf')).arrayBuffer());
    t.true(shown.equals(original), 'the signer sees exactly the uploaded file');
    await expectJson(
      await signer.post('/sign', { consent: true, sha256: createHash('sha256').update(shown).digest('hex') }),
      200,
    );
    await waitForDocumentStatus({ staff: admin, id: created.id, status: 'completed', timeoutMs: 60_000 });
    const final = Buffer.from(await (await admin.api(`/api/v1/documents/${created.id}/pdf`)).arrayBuffer());
    t.true(final.subarray(0, original.length).equals(original), 'the upload is a byte-identical prefix');
    const report = verifyDocument({ bytes: final, trustAnchorsPem: rootPem });
    const earlier = report.signatures.slice(0, before.length);
    t.deepEqual(
      earlier.map((s) => [s.fieldName, s.status]),
      before.map((s) => [s.fieldName, s.status]),
    );
    t.true(earlier.every((s) => s.modifiedAfter !== 'other'));
    const seal = report.signatures.find((s) => s.kind === 'signature' && s.fieldName.startsWith('Seal'))!;
    t.is(seal.status, 'passed');
    t.not(report.status, 'failed');
    const sealEntry = findSignatureFields(PdfReader.open(final)).entries.find(
      (entry) => entry.fieldName === seal.fieldName,
    )!;
    t.regex(
      sealEntry.reason ?? '',
      new RegExp(`document ${created.code}, verify at http`),
      'the seal names the code and where to verify it',
    );
    const trail = await expectJson(await admin.api(`/api/v1/documents/${created.id}/audit-trail`), 200);
    const sealed = trail.events.find((event: { type: string }) => event.type === 'document.sealed');
    t.is(sealed.data.pagesStamped, false);
    t.true(trail.chain.intact, JSON.stringify(trail.chain.problems));
  },
);
