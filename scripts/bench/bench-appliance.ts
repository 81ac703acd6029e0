import { randomBytes } from 'node:crypto';
import type { OpenedAppliance } from '../../server/main.js';
import { FolderAccess } from '../../server/domain/access/folder-access.js';
import { openDocumentArchive, type DocumentArchive } from '../../server/domain/documents/document-archive.js';
import { createUser, type CreatedUser } from '../../server/domain/users/create-user.js';

/**
 * A staff user for one measurement. The e-mail is random unless given, so that sections sharing one appliance (and
 * repeated runs) never collide.
 */
export function createBenchUser(options: {
  deps: OpenedAppliance;
  name: string;
  role: 'admin' | 'member';
  email?: string;
}): Promise<CreatedUser> {
  const { deps, name, role } = options;
  const email = options.email ?? `bench-${role}-${randomBytes(4).toString('hex')}@example.org`;
  return createUser({ db: deps.db, clock: deps.clock, email, name, role });
}

/** What `user` may see, read from the database as for a request with a full-scope API token. */
export function loadBenchAccess(options: { deps: OpenedAppliance; user: CreatedUser }): Promise<FolderAccess> {
  const { deps, user } = options;
  return FolderAccess.load({
    db: deps.db,
    principal: { userId: user.id, email: user.email, name: user.name, role: user.role, via: 'token', scopes: ['*'] },
  });
}

/** The document archive of the appliance's data directory (the KEK read from there, as the CLI does). */
export function openBenchArchive(options: { deps: OpenedAppliance }): DocumentArchive {
  const { deps } = options;
  return openDocumentArchive({
    db: deps.db,
    clock: deps.clock,
    dataDir: deps.config.dataDir,
    kek: deps.kek,
    kekFromEnvironment: false,
  });
}
