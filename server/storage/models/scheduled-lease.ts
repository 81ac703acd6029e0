import type { Sequelize } from 'sequelize';
import { date, defineModel, str, type ModelOf } from './model-definition.js';

export interface ScheduledLeaseAttributes {
  name: string;
  holder: string;
  expiresAt: Date;
}

/** Which node runs a scheduled task now, so that one node of several runs it. */
export function defineScheduledLease(sequelize: Sequelize): ModelOf<ScheduledLeaseAttributes> {
  const attributes = { name: { ...str(100), primaryKey: true }, holder: str(100), expiresAt: date(false) };
  return defineModel(sequelize, 'ScheduledLease', 'scheduled_leases', attributes, { timestamps: false });
}
