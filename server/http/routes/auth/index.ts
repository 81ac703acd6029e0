import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';

export function authRoutes(_deps: AppDependencies): Router {
  return new Router();
}
