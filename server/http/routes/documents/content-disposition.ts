/** `attachment` with an ASCII fallback name and the UTF-8 name (RFC 6266 / 5987); nothing a header could break on. */
export function attachmentDisposition(title: string): string {
  const base =
    title
      .replace(/\.pdf$/i, '')
      .normalize('NFC')
      .slice(0, 120) || 'document';
  const ascii =
    base
      .replace(/[^A-Za-z0-9 ._-]+/g, '_')
      .replace(/^[ .]+/, '')
      .trim() || 'document';
  const encoded = encodeURIComponent(`${base}.pdf`).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}.pdf"; filename*=UTF-8''${encoded}`;
}
