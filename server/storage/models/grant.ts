import type { Sequelize } from 'sequelize';
import { defineModel, key, str, type ModelOf } from './model-definition.js';

export type GrantRole = 'viewer' | 'editor' | 'manager';

export interface GrantAttributes {
  id: string;
  folderId: string;
  userId: string | null;
  groupId: string | null;
  role: GrantRole;
  createdAt?: Date;
  updatedAt?: Date;
}

/** A role on a folder (and everything below it) for a user or a group. */
export function defineGrant(sequelize: Sequelize): ModelOf<GrantAttributes> {
  return defineModel(sequelize, 'Grant', 'grants', {
    id: key,
    folderId: str(40),
    userId: str(40, true),
    groupId: str(40, true),
    role: str(16),
  });
}
