import type { Sequelize } from 'sequelize';
import { defineModel, str, type ModelOf } from './model-definition.js';

export interface GroupMemberAttributes {
  groupId: string;
  userId: string;
  createdAt?: Date;
}

/** A user's membership of a group. */
export function defineGroupMember(sequelize: Sequelize): ModelOf<GroupMemberAttributes> {
  const attributes = { groupId: { ...str(40), primaryKey: true }, userId: { ...str(40), primaryKey: true } };
  return defineModel(sequelize, 'GroupMember', 'group_members', attributes, {
    updatedAt: false,
  });
}
