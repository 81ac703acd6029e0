import test from 'ava';
import { composeOtpMessage } from '../../../../server/domain/mail/otp-message.js';

const base = { signerName: 'Åse Ødegård', documentTitle: 'Leieavtale', code: '042917', validMinutes: 10 };

test('one-time code in English', (t) => {
  const mail = composeOtpMessage({ ...base, language: 'en' });
  t.is(mail.subject, 'Your one-time code for signing “Leieavtale”');
  t.true(mail.text.split('\n').includes('042917'));
  t.true(mail.text.includes('valid for 10 minutes'));
  t.regex(mail.text, /Never share this code/);
  t.regex(mail.text, /If you did not ask for this code/);
  t.true(mail.html.includes('042917'));
});

test('engangskode på bokmål', (t) => {
  const mail = composeOtpMessage({ ...base, language: 'nb', validMinutes: 1 });
  t.is(mail.subject, 'Engangskode for signering av «Leieavtale»');
  t.true(mail.text.split('\n').includes('042917'));
  t.true(mail.text.includes('Koden er gyldig i 1 minutt og kan bare brukes én gang.'));
  t.regex(mail.text, /Del aldri koden med noen/);
  t.regex(mail.text, /Hvis du ikke har bedt om denne koden/);
});

test('the code never appears in the subject, and only six digits are accepted', (t) => {
  t.false(composeOtpMessage({ ...base, language: 'en' }).subject.includes('042917'));
  for (const code of ['12345', '1234567', 'abcdef', '12 345']) {
    t.like(
      t.throws(() => composeOtpMessage({ ...base, language: 'en', code })),
      { code: 'invalid_mail_content' },
      code,
    );
  }
});

test('a hostile title is escaped', (t) => {
  const mail = composeOtpMessage({ ...base, language: 'nb', documentTitle: '</p><script>x()</script>\r\nSubject: y' });
  t.false(mail.html.includes('<script>'));
  t.false(/[\r\n]/.test(mail.subject));
});
