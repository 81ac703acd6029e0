import type { RouteSpec } from './route-spec.js';
import { folderSpecs } from '../folders/folder-specs.js';
import { groupSpecs } from '../groups/group-specs.js';
import { webhookSpecs } from '../webhooks/webhook-specs.js';
import { openapiSpecs } from './openapi-specs.js';
import { documentSigningSpecs } from '../document-signing/document-signing-specs.js';
import { signingSpecs } from '../signing/signing-specs.js';
import { documentSpecs } from './planned/document-specs.js';
import { userSpecs } from './planned/user-specs.js';
import { tokenSpecs } from './planned/token-specs.js';
import { authSpecs } from './planned/auth-specs.js';
import { setupSpecs } from './planned/setup-specs.js';
import { verifySpecs } from './planned/verify-specs.js';

/** Every /api/v1 route of the appliance: the one list the OpenAPI document and the route tests read. */
export const ROUTE_TABLE: readonly RouteSpec[] = [
  ...Object.values(setupSpecs),
  ...Object.values(authSpecs),
  ...Object.values(userSpecs),
  ...Object.values(tokenSpecs),
  ...Object.values(groupSpecs),
  ...Object.values(folderSpecs),
  ...Object.values(documentSpecs),
  ...Object.values(documentSigningSpecs),
  ...Object.values(signingSpecs),
  ...Object.values(webhookSpecs),
  ...Object.values(verifySpecs),
  ...Object.values(openapiSpecs),
];
