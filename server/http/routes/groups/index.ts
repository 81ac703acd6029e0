import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';

export function groupRoutes(_deps: AppDependencies): Router {
  return new Router();
}
