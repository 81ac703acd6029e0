/**
 * A title as part of a path inside the export: no separators, control characters or characters Windows refuses,
 * no leading dots (no `..`), at most 80 characters; the code in front keeps every name unique.
 */
export function exportDirectoryName(code: string, title: string): string {
  const cleaned = title
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f/\\:*?"<>|]+/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .slice(0, 80)
    .replace(/[.\s]+$/, '');
  return cleaned ? `${code} ${cleaned}` : code;
}
