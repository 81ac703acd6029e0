import type { RouteContract } from './route-contract.js';
import { folderContracts } from '../routes/folders/folder-contracts.js';
import { groupContracts } from '../routes/groups/group-contracts.js';
import { webhookContracts } from '../routes/webhooks/webhook-contracts.js';
import { retentionContracts } from '../routes/retention/retention-contracts.js';
import { sealKeyContracts } from '../routes/seal-key/seal-key-contracts.js';
import { exportContracts } from '../routes/export/export-contracts.js';
import { openapiContracts } from '../routes/openapi/openapi-contracts.js';
import { documentSignerContracts } from '../routes/document-signers/document-signer-contracts.js';
import { signerApiContracts } from '../routes/signer-api/signer-api-contracts.js';
import { documentContracts } from '../routes/documents/document-contracts.js';
import { userContracts } from '../routes/users/user-contracts.js';
import { tokenContracts } from '../routes/tokens/token-contracts.js';
import { authContracts } from '../routes/auth/auth-contracts.js';
import { setupContracts } from '../routes/setup/setup-contracts.js';
import { verifyContracts } from '../routes/verify/verify-contracts.js';
import { settingsContracts } from '../routes/app/settings-contracts.js';
import { healthContracts } from '../routes/health/health-contracts.js';

/** Every /api/v1 route of the appliance: the one list the OpenAPI document and the route tests read. */
export const ROUTE_TABLE: readonly RouteContract[] = [
  ...Object.values(setupContracts),
  ...Object.values(authContracts),
  ...Object.values(userContracts),
  ...Object.values(tokenContracts),
  ...Object.values(groupContracts),
  ...Object.values(folderContracts),
  ...Object.values(documentContracts),
  ...Object.values(documentSignerContracts),
  ...Object.values(signerApiContracts),
  ...Object.values(webhookContracts),
  ...Object.values(retentionContracts),
  ...Object.values(exportContracts),
  ...Object.values(verifyContracts),
  ...Object.values(openapiContracts),
  ...Object.values(settingsContracts),
  ...Object.values(healthContracts),
  ...Object.values(sealKeyContracts),
].filter((contract: RouteContract) => contract.openapi !== false);
