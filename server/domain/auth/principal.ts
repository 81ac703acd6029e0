/** Who is calling: a staff user through a session cookie or an API token. */
export interface Principal {
  userId: string;
  email: string;
  name: string;
  role: 'admin' | 'member';
  via: 'session' | 'token';
  /** Token scopes (`*` = full); sessions have every scope. */
  scopes: string[];
  sessionId?: string;
  tokenId?: string;
  /** When the calling token expires (null: never); undefined for sessions. */
  tokenExpiresAt?: Date | null;
}

export const TOKEN_PREFIX = 'segl_';

export function hasScope(principal: Principal, scope: string): boolean {
  return principal.scopes.includes('*') || principal.scopes.includes(scope);
}

/** Sessions and `*` tokens hold every scope; a narrowed token does not. */
export function hasFullScope(principal: Principal): boolean {
  return principal.scopes.includes('*');
}
