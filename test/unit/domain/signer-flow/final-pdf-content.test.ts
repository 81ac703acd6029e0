import test from 'ava';
import { auditTable, stampWords } from '../../../../server/domain/signer-flow/final-pdf-content.js';
import type { AuditEventView } from '../../../../server/domain/audit/audit-event-view.js';
import type { SignerAttributes } from '../../../../server/storage/models/signer.js';
import { formatExactTime, formatLongTime } from '../../../../server/lib/local-time.js';
import { WEBHOOK_EVENT_TYPES } from '../../../../server/domain/webhooks/webhook-events.js';

const signer = {
  id: 's1',
  documentId: 'd1',
  position: 1,
  name: 'Kari Nordmann',
  email: 'kari@example.org',
  authMethod: 'email-otp',
  language: 'nb',
  expectedName: null,
  expectedNationalIdSealed: null,
  status: 'signed',
  invitedAt: null,
  remindedAt: null,
  openedAt: null,
  authenticatedAt: null,
  signedAt: new Date('2026-07-01T10:15:07Z'),
  declinedAt: null,
  declineReason: null,
  identity: JSON.stringify({ method: 'email-otp', level: 'simple', email: 'kari@example.org' }),
} as SignerAttributes;

function event(
  seq: number,
  type: string,
  data: Record<string, unknown> = {},
  actor: AuditEventView['actor'] = { kind: 'system', name: 'segl' },
): AuditEventView {
  return {
    id: `e${seq}`,
    documentId: 'd1',
    seq,
    type,
    at: '2026-01-15T09:30:00.123Z',
    actor,
    ip: seq % 2 ? '203.0.113.7' : null,
    userAgent: null,
    data,
    prevHash: '0',
    hash: '1',
    timestampToken: null,
  };
}

const events = [
  event(1, 'document.created', { pageCount: 3 }, { kind: 'staff', id: 'u1', name: 'Ola Avsender' }),
  event(
    2,
    'document.sent',
    { order: 'sequential', signerCount: 1, expiresAt: '2026-02-01T22:59:00.000Z' },
    { kind: 'staff', id: 'u1', name: 'Ola Avsender' },
  ),
  event(
    3,
    'signer.challenged',
    { signerId: 's1', method: 'email-otp', email: 'kari@example.org' },
    { kind: 'signer', id: 's1', name: 'Kari Nordmann', email: 'kari@example.org' },
  ),
  event(
    4,
    'signer.signed',
    { signerId: 's1', sha256: 'ab'.repeat(32), identity: { method: 'email-otp', level: 'simple' } },
    { kind: 'signer', id: 's1', name: 'Kari Nordmann', email: 'kari@example.org' },
  ),
  event(5, 'document.future_thing'),
];

/** The audit pages for the events above and their one signer, in Oslo time. */
function sampleAuditTable(language: 'nb' | 'en', title: string, code: string) {
  return auditTable({ title, code, events, signers: [signer], locale: { language, timeZone: 'Europe/Oslo' } });
}

test('times: the appliance zone with its UTC offset, summer and winter', (t) => {
  t.is(formatExactTime(new Date('2026-01-15T09:30:00Z'), { timeZone: 'Europe/Oslo' }), '2026-01-15 10:30:00 UTC+01:00');
  t.is(formatExactTime(new Date('2026-07-01T10:15:07Z'), { timeZone: 'Europe/Oslo' }), '2026-07-01 12:15:07 UTC+02:00');
  t.is(formatExactTime(new Date('2026-07-01T10:15:07Z'), { timeZone: 'UTC' }), '2026-07-01 10:15:07 UTC+00:00');
  t.is(
    formatLongTime(new Date('2026-02-01T22:59:00Z'), { timeZone: 'Europe/Oslo', language: 'nb' }),
    '1. februar 2026 kl. 23.59 (UTC+01:00)',
  );
  t.is(
    formatLongTime(new Date('2026-02-01T22:59:00Z'), { timeZone: 'Europe/Oslo', language: 'en' }),
    '1 February 2026, 23:59 (UTC+01:00)',
  );
});

test('audit pages in Norwegian: human wording, local times, no machine names', (t) => {
  const table = sampleAuditTable('nb', 'Leieavtale', '7F3K-9QXM-2B8D-WT4N');
  t.is(table.title, 'Signeringslogg · Leieavtale · 7F3K-9QXM-2B8D-WT4N');
  t.deepEqual(table.rows[0], ['Nr.', 'Tidspunkt', 'Hendelse', 'Utført av', 'IP-adresse', 'Detaljer']);
  t.deepEqual(
    table.rows.slice(1, 5).map((r) => r[2]),
    ['Dokumentet ble lastet opp', 'Sendt til signering', 'Engangskode sendt på e-post', 'Signert'],
  );
  t.is(table.rows[1][1], '2026-01-15 10:30:00 UTC+01:00');
  t.is(table.rows[1][3], 'Ola Avsender (ansatt)');
  t.regex(table.rows[2][5], /én etter én; 1 underskriver; frist 2026-02-01 23:59:00 UTC\+01:00/);
  t.regex(table.rows[4][5], /e-postbekreftelse \(enkel\); dokumentets SHA-256 abab/);
  t.is(table.rows[5][2], 'document.future_thing', 'an unknown type keeps its name');
  t.false(
    table.rows.slice(1, 5).some((r) => /signer\.|document\./.test(r.join(' '))),
    'no machine names for known events',
  );
});

test('audit pages in English, and the stamp lines in the document language', (t) => {
  const table = sampleAuditTable('en', 'Lease', 'X');
  t.is(table.title, 'Audit trail · Lease · X');
  t.deepEqual(
    table.rows.slice(1, 5).map((r) => r[2]),
    ['Document uploaded', 'Sent for signing', 'One-time code sent by e-mail', 'Signed'],
  );
  t.is(
    stampWords([signer], { language: 'en', timeZone: 'Europe/Oslo' }).lines[0],
    'Signed by Kari Nordmann · 2026-07-01 12:15:07 UTC+02:00 · e-mail verification (simple)',
  );
  const nb = stampWords([signer], { language: 'nb', timeZone: 'Europe/Oslo' });
  t.is(nb.lines[0], 'Signert av Kari Nordmann · 2026-07-01 12:15:07 UTC+02:00 · e-postbekreftelse (enkel)');
  t.is(nb.label, 'Kontroller med koden eller QR-koden');
  t.is(nb.more(3), '… og 3 til');
});

test('every event type the appliance records has words in both languages', (t) => {
  for (const language of ['nb', 'en'] as const) {
    const table = auditTable({
      title: 'T',
      code: 'C',
      events: WEBHOOK_EVENT_TYPES.map((type, i) => event(i + 1, type)),
      signers: [],
      locale: { language, timeZone: 'UTC' },
    });
    for (const row of table.rows.slice(1)) t.notRegex(row[2], /^(document|signer)\./, `${language}: ${row[2]}`);
  }
});
