import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Op, UniqueConstraintError } from 'sequelize';
import type { Database } from '../../storage/database.js';

/** Which lease (the scheduled work's name, e.g. `retention`), who holds or wants it, and the time now. */
export interface LeaseHolding {
  db: Database;
  name: string;
  /** One appliance process (host, pid and a random part). */
  holder: string;
  now: Date;
}

/** A new holder id for this process's scheduled work: host, pid and a random part (`host-1234-1a2b3c4d`). */
export function createLeaseHolder(): string {
  return `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
}

/**
 * A lease on a named piece of scheduled work, so that of several appliances on one database only one runs it:
 * taken when free, expired or already ours (a conditional update, or the first insert), for `ttlMs`. The holder
 * renews it while working and releases it when done; a holder that dies loses it when it expires.
 */
export async function takeScheduledLease(options: LeaseHolding & { ttlMs: number }): Promise<boolean> {
  const { db, name, holder, now } = options;
  const expiresAt = new Date(now.getTime() + options.ttlMs);
  const [updated] = await db.models.ScheduledLease.update(
    { holder, expiresAt },
    { where: { name, [Op.or]: [{ holder }, { expiresAt: { [Op.lte]: now } }] } },
  );
  if (updated > 0) return true;
  if (await db.models.ScheduledLease.findByPk(name, { attributes: ['name'], raw: true })) return false;
  try {
    await db.models.ScheduledLease.create({ name, holder, expiresAt });
    return true;
  } catch (error) {
    if (error instanceof UniqueConstraintError) return false;
    throw error;
  }
}

/** Gives the lease up at once (only the holder can), so the next run elsewhere need not wait for it to expire. */
export async function releaseScheduledLease(options: LeaseHolding): Promise<void> {
  await options.db.models.ScheduledLease.update(
    { expiresAt: options.now },
    { where: { name: options.name, holder: options.holder } },
  );
}
