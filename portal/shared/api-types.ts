import type { paths } from './api-schema.generated.js';
/**
 * The HTTP API's JSON shapes, taken from the route contracts: `api-schema.generated.ts` is made from the OpenAPI
 * document by scripts/generate-api-types.mjs (`npm run typecheck`, `npm run build`). The portal names what it
 * uses as aliases of these, so a contract change is a type error here rather than a silent drift.
 */

export type ApiPath = keyof paths;
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** The methods a path's contract defines (`request('patch', '/api/v1/health', …)` is a type error). */
export type MethodOf<P extends ApiPath> = {
  [M in Method]: [NonNullable<paths[P][M]>] extends [never] ? never : M;
}[Method];
type Operation<P extends ApiPath, M extends Method> = NonNullable<paths[P][M]>;
type JsonOf<T> = T extends { content: { 'application/json': infer J } } ? J : never;
type Success<R> = R extends { 200: infer A }
  ? JsonOf<A>
  : R extends { 201: infer A }
    ? JsonOf<A>
    : R extends { 202: infer A }
      ? JsonOf<A>
      : R extends { 204: unknown }
        ? undefined
        : never;

/**
 * The JSON answer of a route on success (200, else 201 or 202; undefined for a route that answers only 204):
 * `ResponseOf<'/api/v1/documents/{id}', 'get'>`.
 */
export type ResponseOf<P extends ApiPath, M extends Method = 'get'> = Success<Operation<P, M>['responses']>;

/** The query a route takes, as its contract declares it. */
export type QueryOf<P extends ApiPath, M extends Method = 'get'> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** The JSON body a route takes. */
export type RequestBodyOf<P extends ApiPath, M extends Method> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonOf<B> : never;

/**
 * The `body` a request to a route takes: none when the contract declares none, the JSON it declares (required when
 * it has a required field; without one the request sends `{}`), or a FormData for a multipart route.
 */
export type BodyPart<P extends ApiPath, M extends Method> =
  Operation<P, M> extends { requestBody: { content: { 'multipart/form-data': unknown } } }
    ? { body: FormData }
    : Operation<P, M> extends { requestBody?: { content: { 'application/json': infer J } } }
      ? Record<never, never> extends J
        ? { body?: J }
        : { body: J }
      : { body?: never };
