import Router from '@koa/router';
import type { AppDependencies } from '../../create-app.js';

export function openapiRoutes(_deps: AppDependencies): Router {
  return new Router();
}
