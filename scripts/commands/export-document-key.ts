import path from 'node:path';
import { EXIT, UsageError } from '../cli-output.js';
import { formatDocumentCode } from '../../server/domain/documents/document-code.js';
import { blobDirectory } from '../../server/domain/documents/document-archive.js';
import { exportDocumentKey } from '../../server/domain/keys/export-document-key.js';
import type { CommandContext } from '../segl.js';
import { openCommandAppliance } from './open-command-appliance.js';

const USAGE = 'usage: segl keys export-document-key DOCUMENT_ID|CODE [--json]';

/**
 * `segl keys export-document-key ID [--json]`: prints the document's session key (64 hex digits) on stdout, records
 * `key.exported` in its audit trail, and says on stderr where its blobs are and how to decrypt them without Segl.
 */
export async function runExportDocumentKey(context: CommandContext, args: string[]): Promise<number> {
  const json = args.includes('--json');
  const rest = args.filter((arg) => arg !== '--json');
  if (rest.length !== 1 || rest[0]!.startsWith('-') || !/^[A-Za-z0-9 _-]{1,64}$/.test(rest[0]!))
    throw new UsageError(USAGE);
  const deps = await openCommandAppliance(context);
  const { config } = deps;
  try {
    const exported = await exportDocumentKey({
      archive: deps.archive,
      document: rest[0]!,
      tool: 'segl keys export-document-key',
    });
    const key = Buffer.from(exported.sessionKey).toString('hex');
    exported.sessionKey.fill(0);
    const blobs = exported.blobs.map((blob) => ({
      ...blob,
      path: path.join(blobDirectory(config.dataDir), blob.blobName.slice(0, 2), blob.blobName),
    }));
    if (json) {
      const body = {
        documentId: exported.documentId,
        code: formatDocumentCode(exported.code),
        sessionKey: key,
        algorithm: 'OpenPGP SEIPDv2, AES-256, GCM',
        blobs,
      };
      process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    } else process.stdout.write(`${key}\n`);
    const lines = [
      `segl: the session key of ${formatDocumentCode(exported.code)} (recorded in its audit trail as key.exported).`,
      'Anyone holding it and a copy of a blob can read that version, even after the document is deleted: keep it safe.',
      ...blobs.map((blob) => `  ${blob.kind}: ${blob.path} (SHA-256 ${blob.sha256})`),
      'Decrypt without Segl: node scripts/segl-recover.mjs --session-key-file KEY_FILE BLOB --out FILE.pdf',
    ];
    process.stderr.write(`${lines.join('\n')}\n`);
    return EXIT.ok;
  } finally {
    await deps.db.close();
  }
}
