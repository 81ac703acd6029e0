import type Router from '@koa/router';
import type { Context, Middleware, Next } from 'koa';
import { authenticate, requireAdmin, type StaffAuthenticator } from '../middleware/authenticate.js';
import { checkAnswer } from './check-answer.js';
import { paramsReader, readQueryAndBody, readUpload } from './read-input.js';
import type { HttpMethod, RouteContract, RouteInput } from './route-contract.js';

/** A Koa context whose `input` was validated against contract C. */
export type RouteContext<C> = Context & { input: RouteInput<C> };
export type RouteHandler<C> = (ctx: RouteContext<C>, next: Next) => unknown;

export interface RouteOptions<C> {
  /** Before authentication: rate limits, same-origin checks, cache headers. */
  before?: Middleware[];
  /** After authentication and the path parameters, before the query and body are read: who may see what. */
  guards?: (RouteHandler<C> | Middleware)[];
  /** Served without credentials although the contract names a scope (the TSA with SEGL_TSA_PUBLIC=on). */
  public?: boolean;
}

/**
 * Registers contracts on a router. Each request runs, in this order: the route's `before` middleware, the
 * contract's authentication and scope, its role, the path parameters, the route's guards, the query and the body,
 * then the handler with `ctx.input`.
 */
export function routeMounter(
  router: Router,
  deps: { services: { staffAuth: StaffAuthenticator }; config: { publicUrl: string; checkResponses: boolean } },
) {
  const credentials = { authenticator: deps.services.staffAuth, publicUrl: deps.config.publicUrl };
  const { checkResponses } = deps.config;
  return function route<C extends RouteContract>(
    contract: C,
    ...rest: [RouteHandler<C>] | [RouteOptions<C>, RouteHandler<C>]
  ): void {
    const [options, handler]: [RouteOptions<C>, RouteHandler<C>] = rest.length === 1 ? [{}, rest[0]] : rest;
    const chain: Middleware[] = [...(options.before ?? [])];
    if (contract.auth !== 'public' && !options.public) {
      chain.push(authenticate({ ...credentials, scope: contract.scope }));
      if (contract.auth === 'admin') chain.push(requireAdmin());
    }
    const guards = (options.guards ?? []) as Middleware[];
    const readsQueryOrBody = Boolean(contract.query || contract.body);
    const readParams = paramsReader(contract);
    const setInput = (ctx: Context) => {
      (ctx as RouteContext<C>).input = {
        params: readParams(ctx) as RouteInput<C>['params'],
        query: {},
        body: undefined,
        upload: (limits) => readUpload(ctx, contract, limits) as ReturnType<RouteInput<C>['upload']>,
      } as RouteInput<C>;
    };
    const run: Middleware = async (ctx, next) => {
      if (!guards.length) setInput(ctx);
      if (readsQueryOrBody) Object.assign((ctx as RouteContext<C>).input, await readQueryAndBody(ctx, contract));
      await handler(ctx as RouteContext<C>, next);
      if (checkResponses) checkAnswer(ctx, contract);
    };
    // one middleware for the common route without guards (the portal's lookups are hot)
    if (guards.length) {
      chain.push(
        async (ctx, next) => {
          setInput(ctx);
          await next();
        },
        ...guards,
      );
    }
    chain.push(run);
    const register = router as unknown as Record<HttpMethod, (path: string, ...middleware: Middleware[]) => void>;
    register[contract.method](contract.path, ...chain);
  };
}
