import type { Config } from '../../lib/config.js';
import type { DocumentArchive } from '../documents/document-archive.js';
import type { Sealer } from '../sealer.js';
import type { JobKicker } from '../jobs/job-queue.js';
import type { Mailer } from '../mail/mailer.js';

/** What the signing flow's use cases need: the archive, the seal, mail, the job queue and the public URL. */
export interface SignerFlow {
  archive: DocumentArchive;
  sealer: Sealer;
  mailer: Mailer;
  jobs: JobKicker;
  config: Pick<Config, 'publicUrl' | 'signerProviders'> &
    Partial<Pick<Config, 'stampLayout' | 'timeZone' | 'mailAttachmentMaxBytes'>>;
}

export function signingUrlOf(publicUrl: string, token: string): string {
  return `${publicUrl}/s/${token}`;
}

export function verifyUrlOf(publicUrl: string, formattedCode: string): string {
  return `${publicUrl}/v/${formattedCode}`;
}
