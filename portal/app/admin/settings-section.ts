import { forgetUploadLimits, getSettings, updateSettings, type CertificateView, type SettingsView } from '../api.js';
import type { Dictionary } from '../i18n/dictionary.js';
import { field, card, cardHead, fact, formatBytes, groupHex, timeElement, working, type Message } from '../ui.js';
import { h } from '../../shared/dom.js';
import { adminForm, fieldGrid } from './admin-form.js';
import { failureNotice, message, outcomeNotice, textInput } from './admin-kit.js';
import type { Section, SectionHost } from './section.js';

const MB = 1024 * 1024;

/** The appliance's settings (read-only from its environment), the upload limits (editable) and the seal certificate. */
export function settingsSection(host: SectionHost): Section {
  let settings: SettingsView | null = null;
  const limits = { upload: '', pages: '', error: null as string | null };
  let result: Message | null = null;

  async function load(): Promise<void> {
    const answer = await getSettings();
    if (answer.ok) {
      settings = answer.value;
      limits.upload = String(Math.round(answer.value.limits.maxUploadBytes / MB));
      limits.pages = String(answer.value.limits.maxPages);
    } else result = failureNotice(answer);
    host.update();
  }

  function certificate(
    d: Dictionary,
    id: string,
    title: string,
    cert: CertificateView & { chain?: CertificateView[] },
  ): HTMLElement {
    const s = d.admin.settings;
    return card(
      { id, 'aria-labelledby': `${id}-title` },
      cardHead({ icon: 'seal', title, id: `${id}-title` }),
      h(
        'dl',
        { class: 'facts' },
        fact(s.subject, cert.subject),
        fact(s.issuer, cert.issuer),
        fact(s.serial, h('span', { class: 'mono' }, cert.serialHex)),
        fact(
          s.valid,
          h(
            'span',
            {},
            timeElement(cert.notBefore, d.locale, { dateOnly: true }),
            ' – ',
            timeElement(cert.notAfter, d.locale, { dateOnly: true }),
          ),
        ),
        fact(s.fingerprint, h('span', { class: 'mono hash' }, groupHex(cert.sha256))),
        cert.chain?.length ? fact(s.chain, cert.chain.map((c) => c.subject).join(' → ')) : null,
      ),
    );
  }

  function render(d: Dictionary): Node {
    const s = d.admin.settings;
    if (!settings) return h('div', {}, message(d, result, 'settings-result'), result ? null : working(d.loading));
    const x = settings;
    const upload = textInput('limit-upload', limits.upload, { inputmode: 'numeric' });
    upload.addEventListener('input', () => (limits.upload = upload.value));
    const pages = textInput('limit-pages', limits.pages, { inputmode: 'numeric' });
    pages.addEventListener('input', () => (limits.pages = pages.value));
    const form = adminForm({
      id: 'limits-form',
      fields: [
        fieldGrid(
          field({ id: 'limit-upload', label: s.maxUpload, input: upload, error: limits.error }),
          field({ id: 'limit-pages', label: s.maxPages, input: pages }),
        ),
      ],
      submit: { id: 'limits-submit', text: d.admin.save },
      onSubmit: () => {
        const mb = Number(limits.upload);
        const count = Number(limits.pages);
        limits.error =
          Number.isInteger(mb) && mb >= 1 && mb <= 2048 && Number.isInteger(count) && count >= 1 && count <= 100_000
            ? null
            : s.limitsInvalid;
        if (limits.error) return host.update('limit-upload');
        void updateSettings({ maxUploadBytes: mb * MB, maxPages: count }).then((answer) => {
          if (answer.ok) {
            settings = answer.value;
            forgetUploadLimits();
          }
          result = outcomeNotice({ answer, done: (y) => y.admin.saved });
          host.update('settings-result');
        });
      },
    });
    return h(
      'div',
      {},
      message(d, result, 'settings-result'),
      card(
        { id: 'appliance', 'aria-labelledby': 'appliance-title' },
        cardHead({ icon: 'info', title: s.appliance, id: 'appliance-title' }),
        h(
          'dl',
          { class: 'facts' },
          fact(s.publicUrl, h('span', { class: 'mono' }, x.publicUrl)),
          fact(s.timeZone, x.timeZone),
          fact(s.stampLayout, x.stampLayout === 'shrink' ? s.stampShrink : s.stampExtend),
          fact(
            s.mail,
            `${x.mail.transport === 'smtp' ? s.mailSmtp : s.mailOutbox}${x.mail.from ? ` (${x.mail.from})` : ''}; ` +
              `${s.attach} ${formatBytes(x.mail.attachmentMaxBytes, d.locale)}`,
          ),
          fact(s.tsa, x.timestamping.builtIn ? s.tsaBuiltIn : `${s.tsaExternal}: ${x.timestamping.urls.join(', ')}`),
          fact(s.retention, x.retention.defaultDays ? s.days(x.retention.defaultDays) : s.keep),
          fact(s.schedule, x.retention.schedule ?? s.none),
          fact(s.sso, x.singleSignOn?.name ?? s.none),
          fact(
            s.providers,
            x.signerProviders.length ? x.signerProviders.map((p) => `${p.label} (${p.level})`).join(', ') : s.emailOnly,
          ),
        ),
      ),
      card(
        { id: 'limits', 'aria-labelledby': 'limits-title' },
        cardHead({ icon: 'upload', title: s.limits, id: 'limits-title' }),
        form,
      ),
      certificate(d, 'seal-certificate', s.seal, x.sealCertificate),
      h('p', { class: 'hint' }, s.sealImport),
      certificate(d, 'root-certificate', s.root, x.rootCertificate),
    );
  }
  return { load, render };
}
