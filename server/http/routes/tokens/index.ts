import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';

export function tokenRoutes(_deps: AppDependencies): Router {
  return new Router();
}
