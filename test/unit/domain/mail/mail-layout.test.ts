import test from 'ava';
import { escapeHtml, renderMail, shortenForSubject } from '../../../../server/domain/mail/mail-layout.js';

test('escapeHtml escapes the five HTML metacharacters', (t) => {
  t.is(escapeHtml(`<a href="x" onclick='y'>&</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
});

test('renderMail escapes every value, puts links on their own line and strips line breaks from the subject', (t) => {
  const mail = renderMail({
    language: 'en',
    subject: 'A\r\nBcc: x@example.org',
    greeting: 'Hello <b>you</b>,',
    blocks: [
      { kind: 'paragraph', text: 'first\nline' },
      { kind: 'facts', rows: [['Title', '<script>alert(1)</script>']] },
      { kind: 'link', label: 'Open:', url: 'https://segl.example/s/a?b=1&c="2"' },
      { kind: 'code', code: '123456' },
    ],
    footer: 'footer',
  });
  t.is(mail.subject, 'A Bcc: x@example.org');
  t.is(
    mail.text,
    'Hello <b>you</b>,\n\nfirst line\n\nTitle: ' +
      '<script>alert(1)</script>\n\nOpen:\nhttps://segl.example/s/a?b=1&c=%222%22\n\n123456\n\n-- ' +
      '\nfooter\n',
  );
  t.false(mail.html.includes('<script>'));
  t.false(mail.html.includes('<b>'));
  t.true(mail.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  t.true(mail.html.includes('href="https://segl.example/s/a?b=1&amp;c=%222%22"'));
  t.true(mail.html.includes('<title>A Bcc: x@example.org</title>'));
});

test('links must be absolute http(s) URLs', (t) => {
  for (const url of ['javascript:alert(1)', 'data:text/html,x', '/s/relative', 'mailto:a@b.c']) {
    t.like(
      t.throws(() =>
        renderMail({
          language: 'en',
          subject: 's',
          greeting: 'g',
          blocks: [{ kind: 'link', label: 'l', url }],
          footer: 'f',
        }),
      ),
      { code: 'invalid_mail_link' },
      url,
    );
  }
});

test('long titles are shortened for subjects', (t) => {
  t.is(shortenForSubject('short'), 'short');
  const long = shortenForSubject('Å'.repeat(200));
  t.is([...long].length, 80);
  t.true(long.endsWith('…'));
});
