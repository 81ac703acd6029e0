/**
 * Copies text: the asynchronous clipboard where the page is a secure context (HTTPS, localhost), else the old
 * select-and-copy on the field that shows the text (an appliance reached over plain HTTP on a LAN has no
 * navigator.clipboard). Answers whether it worked; when it did not, the text stays selected for Ctrl+C.
 */
export async function copyText(text: string, field?: HTMLInputElement | HTMLTextAreaElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // denied or unfocused: fall back below
  }
  if (!field) return false;
  field.focus();
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
