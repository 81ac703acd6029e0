import { parseArgs } from 'node:util';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { EXIT, UsageError } from '../cli-output.js';
import { applianceRootPem } from '../../server/domain/appliance-root-pem.js';
import { createDocumentVerifier } from '../../server/domain/verify-document.js';
import { loadTrustLists } from '../../server/domain/trust/load-trust-lists.js';
import { formatReport } from '../../server/domain/format-report.js';
import { loadConfig } from '../../server/lib/config.js';
import { isSeglError } from '../../server/lib/errors.js';
import type { CommandContext } from '../segl.js';

export async function runVerify(context: CommandContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: context.args,
      options: {
        json: { type: 'boolean', default: false },
        trust: { type: 'string' },
        'trust-list': { type: 'string', multiple: true },
      },
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1)
    throw new UsageError('usage: segl verify FILE.pdf [--json] [--trust ROOTS.pem] [--trust-list LIST.xml ...]');
  const [file] = positionals;
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no such file: ${file}`);
  let trustPem: string | undefined;
  if (values.trust !== undefined) {
    if (!existsSync(values.trust)) throw new UsageError(`no such file: ${values.trust}`);
    trustPem = readFileSync(values.trust, 'utf8');
  }
  const config = loadConfig({ dataDir: context.dataDir });
  const trustAnchorsPem = trustPem ?? (await applianceRootPem({ config }));
  // The file may come from anyone: it is checked in a worker with the appliance's time and memory limits.
  // ETSI trusted lists: SEGL_TRUST_LIST_FILES and every --trust-list; a list that is unreadable or badly signed stops
  // here
  for (const list of values['trust-list'] ?? []) if (!existsSync(list)) throw new UsageError(`no such file: ${list}`);
  const listFiles = [...config.trustListFiles, ...(values['trust-list'] ?? [])];
  const trustLists = listFiles.length ? loadTrustLists(listFiles).lists : undefined;
  const verifier = createDocumentVerifier({ workers: 1, timeoutMs: config.verifyTimeoutMs, maxQueue: 1 });
  try {
    const report = await verifier.verify({ bytes: readFileSync(file), trustAnchorsPem, trustLists });
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return report.valid ? EXIT.ok : EXIT.invalid;
  } catch (error) {
    if (!isSeglError(error)) throw error;
    if (values.json) {
      const unreadable = { status: 'unreadable', valid: false, error: error.code, message: error.message };
      process.stdout.write(`${JSON.stringify(unreadable, null, 2)}\n`);
    }
    process.stderr.write(`segl: ${file} cannot be read as a PDF: ${error.message} [${error.code}]\n`);
    return EXIT.error;
  } finally {
    await verifier.close();
  }
}
