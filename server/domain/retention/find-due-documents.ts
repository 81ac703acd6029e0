import { Op } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { DocumentStatus } from '../../storage/models/document.js';
import { DAY_MS, dueAt, type RetentionPolicy, type RetentionRule } from './retention-policy.js';

/** The end states retention counts from; drafts and pending documents are never deleted by retention. */
export const ENDED_STATUSES = [
  'completed',
  'declined',
  'expired',
  'cancelled',
] as const satisfies readonly DocumentStatus[];
/** Also due in time: documents deleted by hand, whose audit trail (with its personal data) was kept as evidence. */
export type EndedStatus = (typeof ENDED_STATUSES)[number] | 'deleted';

/** Whether retention may erase a document in this state (its period aside). */
export function retentionApplies(document: {
  status: string;
  legalHold?: boolean | number | null;
  endedAt?: Date | string | null;
  auditErasedSeq?: number | null;
}): boolean {
  if (document.legalHold || !document.endedAt) return false;
  if (document.status === 'deleted') return !document.auditErasedSeq;
  return (ENDED_STATUSES as readonly string[]).includes(document.status);
}

export interface DueDocument {
  id: string;
  code: string;
  folderId: string | null;
  status: EndedStatus;
  endedAt: Date;
  dueAt: Date;
  rule: RetentionRule;
}

/** Keyset position in (ended_at, id) order: where the next page starts. */
export interface DueCursor {
  endedAt: Date;
  id: string;
}

/** A document past its retention period that a legal hold keeps: listed, never deleted, until the hold is released. */
export interface HeldDocument extends DueDocument {
  legalHold: { reason: string | null };
}

const PAGE = 500;

/**
 * Documents whose retention period has run out at `now`, oldest end first, not on legal hold, after `cursor`.
 * Pages through the ended documents older than the shortest period and applies each folder's own period.
 */
interface PastPeriodQuery {
  db: Database;
  policy: RetentionPolicy;
  now: Date;
  limit: number;
  after?: DueCursor;
}

export async function findDueDocuments(options: PastPeriodQuery): Promise<{ due: DueDocument[]; next?: DueCursor }> {
  const { due, next } = await findPastPeriod({ ...options, held: false });
  return { due, next };
}

/** Documents past their retention period at `now` that a legal hold keeps, oldest end first, after `cursor`. */
export async function findHeldDocuments(options: PastPeriodQuery): Promise<{ held: HeldDocument[]; next?: DueCursor }> {
  const { due, next } = await findPastPeriod({ ...options, held: true });
  return { held: due as HeldDocument[], next };
}

async function findPastPeriod(
  options: PastPeriodQuery & { held: boolean },
): Promise<{ due: (DueDocument | HeldDocument)[]; next?: DueCursor }> {
  const { db, policy, now, limit } = options;
  const due: (DueDocument | HeldDocument)[] = [];
  if (policy.shortestDays === null) return { due };
  const latestEnd = new Date(now.getTime() - policy.shortestDays * DAY_MS);
  let after = options.after;
  for (;;) {
    const rows = await db.models.Document.findAll({
      where: {
        legalHold: options.held,
        endedAt: { [Op.ne]: null },
        [Op.and]: [
          { [Op.or]: [{ status: { [Op.in]: [...ENDED_STATUSES] } }, { status: 'deleted', auditErasedSeq: 0 }] },
          { endedAt: { [Op.lte]: latestEnd } },
          ...(after
            ? [
                {
                  [Op.or]: [
                    { endedAt: { [Op.gt]: after.endedAt } },
                    { endedAt: after.endedAt, id: { [Op.gt]: after.id } },
                  ],
                },
              ]
            : []),
        ],
      },
      attributes: [
        'id',
        'code',
        'folderId',
        'status',
        'endedAt',
        ...(options.held ? ['legalHoldReason' as const] : []),
      ],
      order: [
        ['endedAt', 'ASC'],
        ['id', 'ASC'],
      ],
      limit: PAGE,
      raw: true,
    });
    for (const row of rows) {
      const endedAt = new Date(row.endedAt!);
      after = { endedAt, id: row.id };
      const rule = policy.ruleFor(row.folderId);
      if (!rule) continue;
      const dueDate = dueAt(endedAt, rule);
      if (dueDate.getTime() > now.getTime()) continue;
      const status = row.status as EndedStatus;
      const found: DueDocument = {
        id: row.id,
        code: row.code,
        folderId: row.folderId,
        status,
        endedAt,
        dueAt: dueDate,
        rule,
      };
      due.push(options.held ? { ...found, legalHold: { reason: row.legalHoldReason ?? null } } : found);
      if (due.length >= limit) return { due, next: after };
    }
    if (rows.length < PAGE) return { due };
  }
}
