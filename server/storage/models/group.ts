import type { Sequelize } from 'sequelize';
import { defineModel, key, str, type ModelOf } from './model-definition.js';

export interface GroupAttributes {
  id: string;
  name: string;
  createdAt?: Date;
  updatedAt?: Date;
}

/** A named set of staff users that folder grants can name. */
export function defineGroup(sequelize: Sequelize): ModelOf<GroupAttributes> {
  return defineModel(sequelize, 'Group', 'groups', { id: key, name: str(200) });
}
