/** Times as people read them: in the appliance's time zone (SEGL_TIME_ZONE), with the UTC offset always shown. */
export type TimeLanguage = 'nb' | 'en';

const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const NB_MONTHS = [
  'januar',
  'februar',
  'mars',
  'april',
  'mai',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'desember',
];

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: string;
  minute: string;
  second: string;
  /** `UTC+01:00`, `UTC+00:00`. */
  offset: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock parts of `date` in `timeZone`. */
export function localParts(date: Date, timeZone: string): LocalParts {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  const offset = (parts.timeZoneName ?? 'GMT').replace(/^GMT/, 'UTC');
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: parts.hour ?? '00',
    minute: parts.minute ?? '00',
    second: parts.second ?? '00',
    offset: offset === 'UTC' ? 'UTC+00:00' : offset,
  };
}

/** `27 November 2026, 11:15 (UTC+01:00)` / `27. november 2026 kl. 11.15 (UTC+01:00)`: deadlines in e-mails. */
export function formatLongTime(date: Date, options: { timeZone: string; language: TimeLanguage }): string {
  const p = localParts(date, options.timeZone);
  if (options.language === 'nb')
    return `${p.day}. ${NB_MONTHS[p.month - 1]} ${p.year} kl. ${p.hour}.${p.minute} (${p.offset})`;
  return `${p.day} ${EN_MONTHS[p.month - 1]} ${p.year}, ${p.hour}:${p.minute} (${p.offset})`;
}

/** `2026-11-27 11:15:07 UTC+01:00`: exact times on the stamp and the audit pages (seconds, same in both languages). */
export function formatExactTime(date: Date, options: { timeZone: string }): string {
  const p = localParts(date, options.timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${p.hour}:${p.minute}:${p.second} ${p.offset}`;
}
