import test from 'ava';
import { isoTimeOrNull } from '../../../server/domain/iso-time.js';

test('a stored time reads as ISO 8601 from a Date, an ISO string or SQLite raw text', (t) => {
  const iso = '2026-03-04T05:06:07.089Z';
  t.is(isoTimeOrNull(new Date(iso)), iso);
  t.is(isoTimeOrNull(iso), iso);
  t.is(isoTimeOrNull('2026-03-04 05:06:07.089 +00:00'), iso);
  t.is(isoTimeOrNull('2026-03-04 07:06:07.089 +02:00'), iso);
  t.is(isoTimeOrNull('2026-03-04 05:06:07.089'), iso, 'no zone: UTC, as stored');
});

test('no time, or something that is not one, is null rather than a thrown RangeError', (t) => {
  for (const value of [null, undefined, '', 'not a time', new Date(Number.NaN)]) t.is(isoTimeOrNull(value), null);
});
