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
}

export const TOKEN_PREFIX = 'segl_';

export function hasScope(principal: Principal, scope: string): boolean {
  return principal.scopes.includes('*') || principal.scopes.includes(scope);
}
