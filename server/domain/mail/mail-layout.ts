import { SeglError } from '../../lib/errors.js';
import { parseUrl } from '../../lib/parse-url.js';
import { stripLineBreaks } from './mail-options.js';
import type { MailLanguage } from './mailer.js';

/** What a message is made of; every value in it is plain text, escaped once, here, when rendered as HTML. */
export type MailBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'facts'; rows: Array<[label: string, value: string]> }
  | { kind: 'link'; label: string; url: string }
  /**
   * A call to action: a button in HTML (with the address under it for mail clients that hide buttons), a line in text.
   */
  | { kind: 'button'; label: string; url: string; hint?: string }
  | { kind: 'code'; code: string };

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const SUBJECT_TITLE_MAX = 80;

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A hostile value as one harmless line: no line breaks or control characters. */
export function toSingleLine(value: string): string {
  return stripLineBreaks(value);
}

/** A document title short enough for a subject line. */
export function shortenForSubject(title: string): string {
  const chars = [...toSingleLine(title)];
  return chars.length <= SUBJECT_TITLE_MAX
    ? chars.join('')
    : `${chars
        .slice(0, SUBJECT_TITLE_MAX - 1)
        .join('')
        .trimEnd()}…`;
}

/** Links in mail are absolute http(s) URLs, nothing else (no javascript:, no data:). */
export function checkMailLink(url: string): string {
  const parsed = parseUrl(url);
  if (!parsed) {
    throw new SeglError({ code: 'invalid_mail_link', message: 'a link in a message is not an absolute URL' });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new SeglError({
      code: 'invalid_mail_link',
      message: `a link in a message must be http(s), not ${parsed.protocol}`,
    });
  }
  return parsed.href;
}

function renderTextBlock(block: MailBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return toSingleLine(block.text);
    case 'facts':
      return block.rows.map(([label, value]) => `${toSingleLine(label)}: ${toSingleLine(value)}`).join('\n');
    case 'link':
      return `${toSingleLine(block.label)}\n${checkMailLink(block.url)}`;
    case 'button':
      return `${toSingleLine(block.label)}:\n${checkMailLink(block.url)}`;
    case 'code':
      return toSingleLine(block.code);
  }
}

const STYLE = {
  body:
    'margin:0;padding:24px;background:#f4f4f5;font-family:Arial,Helvetica,sans-serif;' +
    'font-size:15px;line-height:1.5;color:#18181b',
  card: 'max-width:560px;margin:0 auto;padding:24px;background:#ffffff;border-radius:6px',
  th: 'text-align:left;padding:2px 16px 2px 0;font-weight:normal;color:#52525b;vertical-align:top',
  td: 'padding:2px 0;vertical-align:top',
  link: 'color:#1d4ed8;word-break:break-all',
  button:
    'display:inline-block;padding:12px ' +
    '22px;background:#1d4ed8;color:#ffffff;border-radius:6px;font-weight:bold;text-decoration:none',
  hint: 'margin:8px 0 0;font-size:12px;color:#52525b;word-break:break-all',
  code: 'margin:16px 0;font-family:Consolas,Menlo,monospace;font-size:28px;font-weight:bold;letter-spacing:6px',
  footer: 'margin-top:24px;font-size:12px;color:#71717a',
};

function renderHtmlBlock(block: MailBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${escapeHtml(toSingleLine(block.text))}</p>`;
    case 'facts':
      return `<table role="presentation" cellspacing="0" cellpadding="0">${block.rows
        .map(
          ([label, value]) =>
            `<tr><th style="${STYLE.th}">${escapeHtml(toSingleLine(label))}</th>` +
            `<td style="${STYLE.td}">${escapeHtml(toSingleLine(value))}</td></tr>`,
        )
        .join('')}</table>`;
    case 'link': {
      const href = escapeHtml(checkMailLink(block.url));
      return `<p>${escapeHtml(toSingleLine(block.label))}<br><a href="${href}" style="${STYLE.link}">${href}</a></p>`;
    }
    case 'button': {
      const href = escapeHtml(checkMailLink(block.url));
      const hint = block.hint ? `${escapeHtml(toSingleLine(block.hint))} ` : '';
      const label = escapeHtml(toSingleLine(block.label));
      return (
        `<p style="margin:20px 0 4px"><a href="${href}" style="${STYLE.button}">${label}</a></p>` +
        `<p style="${STYLE.hint}">${hint}<a href="${href}" style="${STYLE.link}">${href}</a></p>`
      );
    }
    case 'code':
      return `<p style="${STYLE.code}">${escapeHtml(toSingleLine(block.code))}</p>`;
  }
}

/**
 * Renders a message as a text part (blocks separated by blank lines, every URL and code on its own line, the footer
 * after the `-- ` signature separator) and an HTML part with every value escaped. The subject becomes one line.
 */
export function renderMail(options: {
  language: MailLanguage;
  subject: string;
  greeting: string;
  blocks: MailBlock[];
  footer: string;
}): RenderedMail {
  const { blocks } = options;
  const text = `${[
    toSingleLine(options.greeting),
    ...blocks.map(renderTextBlock),
    `-- \n${toSingleLine(options.footer)}`,
  ].join('\n\n')}\n`;
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${options.language === 'nb' ? 'nb' : 'en'}"><head><meta charset="utf-8"><meta ` +
      `name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(toSingleLine(options.subject))}</title></head>`,
    `<body style="${STYLE.body}"><div style="${STYLE.card}">`,
    `<p>${escapeHtml(toSingleLine(options.greeting))}</p>`,
    ...blocks.map(renderHtmlBlock),
    `<p style="${STYLE.footer}">${escapeHtml(toSingleLine(options.footer))}</p>`,
    '</div></body></html>',
    '',
  ].join('\n');
  return { subject: toSingleLine(options.subject), text, html };
}
