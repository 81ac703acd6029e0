/** A stored time (a Date, or the string a raw query may give) as ISO 8601 for the API, or null when there is none. */
export function isoTimeOrNull(value: Date | string | null | undefined): string | null {
  return value ? new Date(value).toISOString() : null;
}
