import { createHash, randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';
import { SeglError } from '../../lib/errors.js';

/** A response stored under an `Idempotency-Key`: replayed for the same request, 409 for a different one. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export function checkIdempotencyKey(key: string): string {
  if (!KEY_PATTERN.test(key)) {
    throw new SeglError({
      code: 'invalid_idempotency_key',
      message: 'Idempotency-Key must be 1 to 200 visible ASCII characters',
    });
  }
  return key;
}

/** A digest of what makes two requests "the same": the operation and its inputs (the file by its SHA-256). */
export function hashRequest(parts: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * The stored response for this key, or undefined; 409 `idempotency_conflict` when the key was used for another request.
 */
export async function findIdempotentResponse(options: {
  db: Database;
  userId: string;
  key: string;
  requestHash: string;
}): Promise<StoredResponse | undefined> {
  const row = await options.db.models.IdempotencyKey.findOne({
    where: { userId: options.userId, key: options.key },
    raw: true,
  });
  if (!row) return undefined;
  if (row.requestHash !== options.requestHash) {
    throw new SeglError({
      code: 'idempotency_conflict',
      message: 'this Idempotency-Key was already used for a different request',
    });
  }
  return { status: row.responseStatus, body: JSON.parse(row.responseBody) };
}

export async function storeIdempotentResponse(options: {
  db: Database;
  userId: string;
  key: string;
  requestHash: string;
  response: StoredResponse;
  at: Date;
  transaction: Transaction;
}): Promise<void> {
  await options.db.models.IdempotencyKey.create(
    {
      id: randomUUID(),
      userId: options.userId,
      key: options.key,
      requestHash: options.requestHash,
      responseStatus: options.response.status,
      responseBody: JSON.stringify(options.response.body),
      createdAt: options.at,
    },
    { transaction: options.transaction },
  );
}
