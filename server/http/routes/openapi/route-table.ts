import type { RouteSpec } from './route-spec.js';
import { folderSpecs } from '../folders/folder-specs.js';
import { groupSpecs } from '../groups/group-specs.js';
import { webhookSpecs } from '../webhooks/webhook-specs.js';
import { retentionSpecs } from '../retention/retention-specs.js';
import { sealKeySpecs } from '../seal-key/seal-key-specs.js';
import { exportSpecs } from '../export/export-specs.js';
import { openapiSpecs } from './openapi-specs.js';
import { documentSignerSpecs } from '../document-signers/document-signer-specs.js';
import { signerApiSpecs } from '../signer-api/signer-api-specs.js';
import { documentSpecs } from '../documents/document-specs.js';
import { userSpecs } from '../users/user-specs.js';
import { tokenSpecs } from '../tokens/token-specs.js';
import { authSpecs } from '../auth/auth-specs.js';
import { setupSpecs } from '../setup/setup-specs.js';
import { verifySpecs } from '../verify/verify-specs.js';
import { settingsSpecs } from '../app/settings-specs.js';
import { healthSpecs } from '../health/health-specs.js';

/** Every /api/v1 route of the appliance: the one list the OpenAPI document and the route tests read. */
export const ROUTE_TABLE: readonly RouteSpec[] = [
  ...Object.values(setupSpecs),
  ...Object.values(authSpecs),
  ...Object.values(userSpecs),
  ...Object.values(tokenSpecs),
  ...Object.values(groupSpecs),
  ...Object.values(folderSpecs),
  ...Object.values(documentSpecs),
  ...Object.values(documentSignerSpecs),
  ...Object.values(signerApiSpecs),
  ...Object.values(webhookSpecs),
  ...Object.values(retentionSpecs),
  ...Object.values(exportSpecs),
  ...Object.values(verifySpecs),
  ...Object.values(openapiSpecs),
  ...Object.values(settingsSpecs),
  ...Object.values(healthSpecs),
  ...Object.values(sealKeySpecs),
];
