import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';

/** Keys whose values never go into the audit record, whatever a caller passes. */
const SECRET_KEYS = /pass(word|phrase)?|secret|token|otp|recovery|key|cookie|authorization/i;

export interface StaffEventInput {
  db: Database;
  clock: Clock;
  /** The staff user who acted (null for the system or an anonymous step such as setup). */
  actorId?: string | null;
  /** Dotted name whose last part is the verb: `folder.created`, `grant.deleted`, `user.created`, `token.revoked`. */
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  /** Small JSON-serialisable details; secret-looking keys are dropped. */
  data?: Record<string, unknown> | null;
  /** Record inside the caller's transaction, so the event commits with the change. */
  transaction?: Transaction;
}

function scrub(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => !SECRET_KEYS.test(key)));
}

/** Audits a staff action (grants, folders, groups, users, tokens, settings, deletions) in `staff_events`. */
export async function recordStaffEvent(options: StaffEventInput): Promise<{ id: string }> {
  const id = randomUUID();
  await options.db.models.StaffEvent.create(
    {
      id,
      at: options.clock.now(),
      actorId: options.actorId ?? null,
      action: options.action,
      targetType: options.targetType ?? null,
      targetId: options.targetId ?? null,
      ip: options.ip ? options.ip.slice(0, 64) : null,
      data: options.data ? JSON.stringify(scrub(options.data)) : null,
    },
    options.transaction ? { transaction: options.transaction } : {},
  );
  return { id };
}
