import { EXIT, UsageError } from '../cli-output.js';
import { formatDocumentCode } from '../../server/domain/documents/document-code.js';
import { auditTrustOf } from '../../server/domain/audit/audit-trust.js';
import { verifyAuditTrails, type VerifiedTrail } from '../../server/domain/audit/verify-audit-trails.js';
import type { CommandContext } from '../segl.js';
import { openCommandAppliance } from './open-command-appliance.js';

const USAGE = 'usage: segl audit verify [DOCUMENT_ID|CODE] [--json]';

function parseArguments(args: string[]): { document?: string; json: boolean } {
  const [sub, ...rest] = args;
  if (sub !== 'verify') throw new UsageError(USAGE);
  let document: string | undefined;
  let json = false;
  for (const arg of rest) {
    if (arg === '--json') json = true;
    else if (arg.startsWith('-') || document !== undefined)
      throw new UsageError(`unexpected argument "${arg}"; ${USAGE}`);
    else if (/^[A-Za-z0-9 _-]{1,64}$/.test(arg)) document = arg;
    else throw new UsageError(`"${arg}" is neither a document id nor a code; ${USAGE}`);
  }
  return { document, json };
}

function describe(trail: VerifiedTrail): string {
  const { chain } = trail;
  const parts = [`${trail.events} events`];
  if (trail.erased) parts.push(`${trail.erased.events} erased before them`);
  if (chain.tokens) {
    const { verified, unanchored, pending } = chain.tokens;
    const more = [unanchored ? `${unanchored} from an external TSA` : '', pending ? `${pending} pending` : ''];
    parts.push([`tokens ${verified} verified`, ...more].filter(Boolean).join(', '));
  }
  if (chain.sealed?.checked) parts.push(`sealed PDF covers events up to ${chain.sealed.seq}`);
  else if (chain.sealed) parts.push(`sealed PDF: ${chain.sealed.reason.replace(/_/g, ' ')}`);
  const verdict = chain.intact ? 'intact' : 'BROKEN';
  const code = formatDocumentCode(trail.code);
  const head = `${verdict}  ${code}  ${trail.documentId}  ${trail.status.padEnd(9)}  ${parts.join('; ')}`;
  return [
    head,
    ...chain.problems.map((p) => `    ${p.code}${p.seq === null ? '' : ` (event ${p.seq})`}: ${p.message}`),
  ].join('\n');
}

/**
 * `segl audit verify [DOCUMENT_ID|CODE] [--json]`: checks one document's audit trail, or every document's: the hash
 * chain, each event's RFC 3161 token against its hash and TSA, and the chain against the trail sealed into the final
 * PDF. Exit 0 when every trail is intact, 1 when any is broken, 2 for usage errors or an unknown document.
 */
export async function runAuditCommand(context: CommandContext): Promise<number> {
  const options = parseArguments(context.args);
  const deps = await openCommandAppliance(context);
  const stopping = new AbortController();
  const stop = () => stopping.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const trails: VerifiedTrail[] = [];
    const result = await verifyAuditTrails({
      archive: deps.archive,
      trust: auditTrustOf({ sealer: deps.sealer }),
      document: options.document,
      signal: stopping.signal,
      onTrail: (trail) => {
        if (options.json) trails.push(trail);
        else process.stdout.write(`${describe(trail)}\n`);
      },
    });
    if (options.json) {
      const documents = trails.map((t) => ({
        id: t.documentId,
        code: formatDocumentCode(t.code),
        status: t.status,
        events: t.events,
        ...t.chain,
        ...(t.erased ? { erased: t.erased } : {}),
      }));
      process.stdout.write(
        `${JSON.stringify({ checked: result.checked, broken: result.broken, documents }, null, 2)}\n`,
      );
    }
    process.stderr.write(`audit: ${result.checked} trail(s) checked, ${result.broken} broken\n`);
    if (result.interrupted) {
      process.stderr.write('segl: interrupted; not every trail was checked\n');
      return 130;
    }
    return result.broken ? EXIT.invalid : EXIT.ok;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await deps.db.close();
  }
}
