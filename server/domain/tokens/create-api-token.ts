import { randomUUID } from 'node:crypto';
import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { TOKEN_PREFIX } from '../auth/principal.js';
import { createSecret, hashSecret } from '../auth/secret-tokens.js';

export interface CreatedApiToken {
  id: string;
  name: string;
  /** The full token, shown once; only its hash is stored. */
  token: string;
  scopes: string[];
}

/** Issues an API token (`segl_...`) for a user; `*` is every scope. */
export async function createApiToken(options: {
  db: Database;
  clock: Clock;
  userId: string;
  name: string;
  scopes?: string[];
  expiresAt?: Date | null;
}): Promise<CreatedApiToken> {
  const token = createSecret(TOKEN_PREFIX);
  const id = randomUUID();
  const scopes = options.scopes?.length ? options.scopes : ['*'];
  await options.db.models.ApiToken.create({
    id,
    userId: options.userId,
    name: options.name.trim(),
    tokenHash: hashSecret(token),
    prefix: token.slice(0, 12),
    scopes: JSON.stringify(scopes),
    lastUsedAt: null,
    revokedAt: null,
    expiresAt: options.expiresAt ?? null,
  });
  return { id, name: options.name.trim(), token, scopes };
}
