import type { Sequelize } from 'sequelize';
import { defineModel, integer, key, str, type ModelOf } from './model-definition.js';

export interface FolderAttributes {
  id: string;
  name: string;
  parentId: string | null;
  /** Days documents here are kept after they end; null inherits from the parent (or the appliance default). */
  retentionDays?: number | null;
  createdAt?: Date;
  updatedAt?: Date;
}

/** A node of the archive's folder tree. */
export function defineFolder(sequelize: Sequelize): ModelOf<FolderAttributes> {
  return defineModel(sequelize, 'Folder', 'folders', {
    id: key,
    name: str(200),
    parentId: str(40, true),
    retentionDays: integer(true),
  });
}
