/** The shape of a signing token (the server checks the same before it serves the page). */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,100}$/;

/** The token in a /s/<token> path, or undefined when the path does not hold a well-formed one. */
export function tokenFromPath(pathname: string): string | undefined {
  const match = /^\/s\/([^/]+)\/?$/.exec(pathname);
  if (!match) return undefined;
  return TOKEN_SHAPE.test(match[1]!) ? match[1] : undefined;
}
