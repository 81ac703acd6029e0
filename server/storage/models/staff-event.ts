import type { Sequelize } from 'sequelize';
import { date, defineModel, key, str, text, type ModelOf } from './model-definition.js';

export interface StaffEventAttributes {
  id: string;
  at: Date;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  data: string | null;
}

/** What staff did outside any document (grants, settings, deletions), for the staff audit log. */
export function defineStaffEvent(sequelize: Sequelize): ModelOf<StaffEventAttributes> {
  const attributes = {
    id: key,
    at: date(false),
    actorId: str(40, true),
    action: str(100),
    targetType: str(40, true),
    targetId: str(40, true),
    ip: str(64, true),
    data: text(true),
  };
  return defineModel(sequelize, 'StaffEvent', 'staff_events', attributes, { timestamps: false });
}
