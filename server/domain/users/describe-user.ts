import type { Row } from '../../storage/models/model-definition.js';
import type { UserAttributes } from '../../storage/models/user.js';

/** What the API shows about a staff account: never hashes, secrets or codes. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'member';
  status: 'invited' | 'active' | 'locked' | 'disabled';
  sso: boolean;
  createdAt: string | null;
  disabledAt: string | null;
  /** Until when sign-in guesses from networks that failed on this account are refused (status `locked`). */
  lockedUntil: string | null;
}

export function describeUser(options: { user: Row<UserAttributes>; now: Date }): UserView {
  const { user, now } = options;
  const enrolled = Boolean(user.totpConfirmedAt) || Boolean(user.oidcSubject);
  const locked = user.lockedUntil && user.lockedUntil > now ? user.lockedUntil : null;
  const status = user.disabledAt ? 'disabled' : locked ? 'locked' : enrolled ? 'active' : 'invited';
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    status,
    sso: Boolean(user.oidcSubject),
    createdAt: user.createdAt?.toISOString() ?? null,
    disabledAt: user.disabledAt?.toISOString() ?? null,
    lockedUntil: locked?.toISOString() ?? null,
  };
}
