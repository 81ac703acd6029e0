import { EXIT, UsageError } from '../cli-output.js';
import { inviteUser } from '../../server/domain/users/invite-user.js';
import type { CommandContext } from '../segl.js';
import { readOptions } from './read-options.js';
import { openCommandAppliance } from './open-command-appliance.js';

const USAGE = 'usage: segl admin create --email E --name N';

/** `segl admin create --email E --name N`: an administrator account and its one-time enrolment link on stdout. */
export async function runAdmin(context: CommandContext): Promise<number> {
  const [sub, ...rest] = context.args;
  if (sub !== 'create') throw new UsageError(USAGE);
  const { email, name } = readOptions({ args: rest, names: ['email', 'name'], usage: USAGE });
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 320)
    throw new UsageError(`"${email}" is not an e-mail address`);
  if (!name.trim() || name.length > 200 || /[\u0000-\u001f\u007f]/.test(name))
    throw new UsageError('--name must be 1 to 200 printable characters');
  const deps = await openCommandAppliance(context);
  const { config } = deps;
  try {
    const user = await inviteUser({
      db: deps.db,
      clock: deps.clock,
      publicUrl: config.publicUrl,
      actorId: null,
      email,
      name,
      role: 'admin',
    });
    process.stderr.write(
      `Created administrator ${user.email} (${user.id}). One-time enrolment link (password + authenticator app):\n`,
    );
    process.stdout.write(`${user.enrolmentUrl}\n`);
  } finally {
    await deps.db.close();
  }
  return EXIT.ok;
}
