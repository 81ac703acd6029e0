import type { Database } from '../../storage/database.js';
import { auditTrustOf } from '../audit/audit-trust.js';
import { getAuditTrail } from '../audit/get-audit-trail.js';
import { bindContext } from '../bind-context.js';
import { addSigner } from './add-signer.js';
import { cancelDocument } from './cancel-document.js';
import { removeSigner, reorderSigners, updateSigner } from './edit-signers.js';
import { listSigners } from './list-signers.js';
import { remindSigners } from './remind-signers.js';
import { sendDocument } from './send-document.js';
import type { SignerFlow } from './signer-flow.js';

/** The sender's side of the signer flow: a document's signers, sending, reminders, cancelling, its audit trail. */
export function createSignerService(context: { db: Database; flow: SignerFlow }) {
  const { db, flow } = context;
  const { archive } = flow;
  const withArchive = bindContext({ archive, providers: flow.config.signerProviders });
  const withFlow = bindContext({ flow });
  const trust = auditTrustOf({ sealer: flow.sealer });
  return {
    add: withArchive(addSigner),
    list: bindContext({ db })(listSigners),
    update: withArchive(updateSigner),
    remove: withArchive(removeSigner),
    reorder: withArchive(reorderSigners),
    send: withFlow(sendDocument),
    remind: withFlow(remindSigners),
    cancel: withFlow(cancelDocument),
    auditTrail: bindContext({ db, trust, archive })(getAuditTrail),
  };
}

export type SignerService = ReturnType<typeof createSignerService>;
