import type { ApiPath, BodyPart, MethodOf, QueryOf, ResponseOf } from './api-types.js';

/** The `{name}` parameters of a path template: `/documents/{id}/signers/{signerId}` → `'id' | 'signerId'`. */
type ParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never;

/**
 * What a request to a route takes besides its method and path: the path's parameters (required exactly when the
 * template has some), the body its contract declares (see BodyPart), and the query it declares. A query value that
 * is undefined, null or empty is left out.
 */
export type RequestParts<P extends ApiPath, M extends MethodOf<P>> = ([ParamNames<P>] extends [never]
  ? { params?: never }
  : { params: Record<ParamNames<P>, string> }) &
  BodyPart<P, M> &
  ([QueryOf<P, M>] extends [never]
    ? { query?: never }
    : { query?: { [K in keyof QueryOf<P, M>]?: QueryOf<P, M>[K] | null } });

/**
 * A parameter as one path segment, URL-encoded. URL parsers treat `.`, `..` and their `%2E` spellings as steps up the
 * path, so such a value is sent as the literal text `%2E%2E`: it stays in its route, which finds nothing by it.
 */
function pathSegment(value: string): string {
  return value === '.' || value === '..' ? value.replaceAll('.', '%252E') : encodeURIComponent(value);
}

export interface ApiRequest {
  path: string;
  init: RequestInit;
}

/**
 * One request to the API, named by the route's path template as the contract writes it, so that its parameters,
 * body and answer are the contract's types and the path is said once. Each parameter is one path segment (see
 * pathSegment). A POST, PUT or PATCH without a body sends `{}`: the API takes JSON bodies only.
 */
export function apiRequest<P extends ApiPath, M extends MethodOf<P>>(
  method: M,
  template: P,
  parts: RequestParts<P, M>,
): ApiRequest {
  const params: Partial<Record<string, string>> = parts.params ?? {};
  const filled = template.replace(/\{(\w+)\}/g, (_, name: string) => pathSegment(params[name] ?? ''));
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parts.query ?? {}))
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  const search = query.toString();
  const path = search ? `${filled}?${search}` : filled;
  const accept = { Accept: 'application/json' };
  const send = (init: RequestInit): ApiRequest => ({ path, init: { method: method.toUpperCase(), ...init } });
  if (parts.body instanceof FormData) return send({ headers: accept, body: parts.body });
  if (parts.body === undefined && (method === 'get' || method === 'delete')) return send({ headers: accept });
  return send({ headers: { ...accept, 'Content-Type': 'application/json' }, body: JSON.stringify(parts.body ?? {}) });
}

/** An answer as a client hands it on: the value, or that client's own kind of failure. */
export type Outcome<T, F> = { ok: true; value: T } | F;

/**
 * A client's typed `request(method, path, parts)`, made from its `call`: how it sends (cookies, headers) and what
 * its failures are stays the client's; the route, its parameters, body and answer type come from the contract.
 */
export function typedRequests<F>(call: <T>(request: ApiRequest) => Promise<Outcome<T, F>>) {
  return <P extends ApiPath, M extends MethodOf<P>>(
    method: M,
    path: P,
    parts: RequestParts<P, M>,
  ): Promise<Outcome<ResponseOf<P, M>, F>> => call<ResponseOf<P, M>>(apiRequest(method, path, parts));
}
