import { EXIT, UsageError } from '../cli-output.js';
import { issueApiTokenForEmail } from '../../server/domain/tokens/issue-api-token.js';
import type { CommandContext } from '../segl.js';
import { readOptions } from './read-options.js';
import { openCommandAppliance } from './open-command-appliance.js';

const USAGE = 'usage: segl token create --email E --name LABEL';

/** `segl token create --email E --name LABEL`: a full-scope API token for an existing user, printed once on stdout. */
export async function runToken(context: CommandContext): Promise<number> {
  const [sub, ...rest] = context.args;
  if (sub !== 'create') throw new UsageError(USAGE);
  const { email, name } = readOptions({ args: rest, names: ['email', 'name'], usage: USAGE });
  if (!name.trim() || name.length > 200 || /[\u0000-\u001f\u007f]/.test(name))
    throw new UsageError('--name must be 1 to 200 printable characters');
  const deps = await openCommandAppliance(context);
  try {
    const token = await issueApiTokenForEmail({ db: deps.db, clock: deps.clock, email, name });
    process.stderr.write(
      `Created API token "${token.name}" (${token.id}) for ${email.trim().toLowerCase()}. It is shown only now:\n`,
    );
    process.stdout.write(`${token.token}\n`);
  } finally {
    await deps.db.close();
  }
  return EXIT.ok;
}
