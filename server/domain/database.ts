/** The database as the HTTP layer and the jobs see it: they reach storage only through the domain. */
export type { Database } from '../storage/database.js';
export type { DocumentStatus } from '../storage/models/document.js';
export type { GrantRole } from '../storage/models/grant.js';
