import type { TestAppliance } from './appliance.js';
import type { TestStaff } from './staff.js';
import {
  createDraft,
  expectJson,
  mailedCode,
  otpIn,
  outboxNames,
  readOutbox,
  sendDraft,
  SignerClient,
  tokenOf,
  waitForMail,
} from './signing.js';
import { poll } from './poll.js';

/** Signs as an e-mail-OTP signer through the signing API, reading the code from DATA/outbox. */
export async function signWithOutboxOtp(appliance: TestAppliance, signingUrl: string, email: string): Promise<void> {
  const signer = new SignerClient(appliance, tokenOf(signingUrl));
  const view = await expectJson(await signer.request(''), 200);
  const before = outboxNames(appliance.dataDir);
  await expectJson(await signer.post('/otp', {}), 202);
  const mail = await waitForMail(
    () => readOutbox(appliance.dataDir, { except: before }),
    (m) => m.to === email && /^\s*\d{6}\s*$/m.test(m.text) && !m.text.includes('/s/'),
  );
  await expectJson(await signer.post('/otp/verify', { code: otpIn(mail.text) }), 200);
  await expectJson(await signer.post('/sign', { consent: true, sha256: view.document.sha256 }), 200);
}

/** Polls the document as `staff` until it has `status` (sealing runs in the job queue); answers its view. */
export function waitForDocumentStatus(options: {
  staff: Pick<TestStaff, 'api'>;
  id: string;
  status: string;
  timeoutMs?: number;
  intervalMs?: number;
}): Promise<any> {
  const { staff, id, status, timeoutMs = 120_000, intervalMs = 100 } = options;
  let last = 'unread';
  return poll(
    () => `document ${id} to be ${status} (it stayed ${last})`,
    timeoutMs,
    async () => {
      const view = await expectJson(await staff.api(`/api/v1/documents/${id}`), 200);
      last = view.status;
      return view.status === status ? view : undefined;
    },
    intervalMs,
  );
}

/**
 * A document with one e-mail-code signer, created by `staff` and sent; the signer has proved the address with the
 * code from the outbox in `appliance.dataDir` and may sign. `appliance.url` is where the signer's requests go.
 */
export async function sendToOtpSigner(options: {
  appliance: Pick<TestAppliance, 'url' | 'dataDir'>;
  staff: TestStaff;
  signer: { name: string; email: string; language?: 'nb' | 'en' };
  title?: string;
  pages?: number;
}): Promise<{ draft: { id: string; code: string }; signer: SignerClient }> {
  const { appliance, staff, signer, title, pages } = options;
  const draft = await createDraft(staff, { pages, title, signers: [signer] });
  const sent = await sendDraft(staff, draft.id);
  const client = new SignerClient(appliance, tokenOf(sent.signers[0]!.signingUrl));
  await client.authenticateWithOtp(() => mailedCode(appliance.dataDir, signer.email));
  return { draft, signer: client };
}

/** A document with one e-mail-code signer: created by `staff`, sent, signed through the signing API, and sealed. */
export async function signedAndSealed(
  appliance: TestAppliance,
  staff: TestStaff,
  options: { title?: string; folderId?: string; signer: { name: string; email: string } },
): Promise<{ id: string; code: string }> {
  const { title, folderId, signer } = options;
  const draft = await createDraft(staff, { title, folderId, signers: [signer] });
  const sent = await sendDraft(staff, draft.id);
  const client = new SignerClient(appliance, tokenOf(sent.signers[0]!.signingUrl));
  await expectJson(await client.request(''), 200);
  // the code mail by its recipient: the outbox is named by the appliance's clock, which tests move
  await client.authenticateWithOtp(() => mailedCode(appliance.dataDir, signer.email));
  await expectJson(await client.post('/sign', { consent: true }), 200);
  await waitForDocumentStatus({ staff, id: draft.id, status: 'completed' });
  return draft;
}
