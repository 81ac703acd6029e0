import type { Sequelize } from 'sequelize';
import { defineModel, str, text, type ModelOf } from './model-definition.js';

export interface SettingAttributes {
  key: string;
  value: string;
  updatedAt?: Date;
}

/** An appliance setting changed at run time (by an administrator), by key. */
export function defineSetting(sequelize: Sequelize): ModelOf<SettingAttributes> {
  const attributes = { key: { ...str(100), primaryKey: true }, value: text() };
  return defineModel(sequelize, 'Setting', 'settings', attributes, { createdAt: false });
}
