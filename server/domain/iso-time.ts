/**
 * A stored time as ISO 8601 for the API, or null when there is none (or it is not a time). Models give Dates; raw
 * queries give PostgreSQL's Dates or SQLite's strings (`YYYY-MM-DD HH:MM:SS.SSS +00:00`).
 */
export function isoTimeOrNull(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  const date = match ? new Date(`${match[1]}T${match[2]}${match[3] ?? 'Z'}`) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
