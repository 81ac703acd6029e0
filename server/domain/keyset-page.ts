import { Sequelize, type Order } from 'sequelize';
import { SeglError } from '../lib/errors.js';

// Keyset pagination, newest first, on (createdAt, id): the cursor names the last row of a page, so each page costs
// an index seek whatever its depth. Lists fetch `limit + 1` rows in NEWEST_FIRST order after `olderThan(cursor)`,
// and pass them to pageOf.

/** The order every keyset-paged list uses. */
export const NEWEST_FIRST: Order = [
  ['createdAt', 'DESC'],
  ['id', 'DESC'],
];

export interface PageCursor {
  createdAt: Date;
  id: string;
}

// rows come from the database, where created_at is never null
function encodeCursor(row: { createdAt?: Date | string | null; id: string }): string {
  return Buffer.from(JSON.stringify([new Date(row.createdAt!).toISOString(), row.id])).toString('base64url');
}

/** The position an opaque cursor names; 422 `invalid_cursor` for anything this API did not hand out. */
export function decodeCursor(cursor: string): PageCursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const createdAt = new Date(String(at));
    if (typeof at !== 'string' || typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new Error('bad');
    if (Number.isNaN(createdAt.getTime())) throw new Error('bad');
    return { createdAt, id };
  } catch {
    throw new SeglError({ code: 'invalid_cursor', message: 'cursor is not one this API returned' });
  }
}

/**
 * The rows after the cursor's: a row-value comparison, so SQLite and PostgreSQL seek the (created_at, id) index
 * instead of filtering.
 */
export function olderThan(sequelize: Sequelize, cursor: PageCursor): ReturnType<typeof Sequelize.literal> {
  const createdAt = sequelize.escape(cursor.createdAt as never);
  return Sequelize.literal(`("created_at", "id") < (${createdAt}, ${sequelize.escape(cursor.id)})`);
}

/** The page in `rows` (fetched with `limit + 1`) and the cursor of the next one, if there is one. */
export function pageOf<Row extends { createdAt?: Date | string | null; id: string }>(
  rows: Row[],
  limit: number,
): { page: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return { page, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null };
}
