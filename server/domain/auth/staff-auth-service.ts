import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import type { Config } from '../../lib/config.js';
import { bindContext } from '../bind-context.js';
import type { KeyRing } from '../keys/key-ring.js';
import { authenticateRequest } from './authenticate-request.js';
import { completeSecondFactor } from './complete-second-factor.js';
import { countCodeGuess } from './count-code-guess.js';
import { endStaffSession } from './end-staff-session.js';
import { loginWithPassword } from './login-with-password.js';
import { loginWithSso } from './login-with-sso.js';
import { createSsoClient } from './sso-client.js';

/** Staff sign-in: credentials on every request, password + TOTP, single sign-on, logout. */
export function createStaffAuthService(context: {
  db: Database;
  clock: Clock;
  keyRing: KeyRing;
  /** Only to derive the key that seals single sign-on state cookies. */
  kek: Uint8Array;
  config: Pick<Config, 'sso' | 'publicUrl'>;
}) {
  const { db, clock, config } = context;
  const bind = bindContext({ db, clock });
  return {
    /** The caller of a request (bearer token or session cookie), or undefined without credentials. */
    authenticate: (credentials: { authorization?: string; sessionToken?: string }) =>
      authenticateRequest({ db, clock, ...credentials }),
    loginWithPassword: bind(loginWithPassword),
    // TOTP secrets open through the key ring, so logins keep working across `segl keys rotate`
    completeSecondFactor: bindContext({ db, clock, kek: context.keyRing })(completeSecondFactor),
    endSession: bind(endStaffSession),
    countCodeGuess: bind(countCodeGuess),
    sso: config.sso
      ? createSsoClient({ sso: config.sso, publicUrl: config.publicUrl, kek: context.kek, clock })
      : undefined,
    loginWithSso: bind(loginWithSso),
  };
}

export type StaffAuthService = ReturnType<typeof createStaffAuthService>;
