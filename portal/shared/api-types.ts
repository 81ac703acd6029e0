import type { paths } from './api-schema.generated.js';
/**
 * The HTTP API's JSON shapes, taken from the route contracts: `api-schema.generated.ts` is made from the OpenAPI
 * document by scripts/generate-api-types.mjs (`npm run typecheck`, `npm run build`). The portal names what it
 * uses as aliases of these, so a contract change is a type error here rather than a silent drift.
 */

export type ApiPath = keyof paths;
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends ApiPath, M extends Method> = NonNullable<paths[P][M]>;
type JsonOf<T> = T extends { content: { 'application/json': infer J } } ? J : never;
type Success<R> = R extends { 200: infer A }
  ? A
  : R extends { 201: infer A }
    ? A
    : R extends { 202: infer A }
      ? A
      : never;
/** A route that answers 204 has no body on success. */
type SuccessBody<R> = R extends { 204: unknown } ? undefined : JsonOf<Success<R>>;

/** The JSON answer of a route on success (200, else 201 or 202): `ResponseOf<'/api/v1/documents/{id}', 'get'>`. */
export type ResponseOf<P extends ApiPath, M extends Method = 'get'> = SuccessBody<Operation<P, M>['responses']>;

/** The JSON body a route takes. */
export type RequestBodyOf<P extends ApiPath, M extends Method> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonOf<B> : never;
