/**
 * The browser code of the setup, enrolment and login pages (served as a file under a strict CSP). Plain ES2017,
 * no dependencies; the link's token is read from the path and sent in JSON bodies only.
 */
export const AUTH_PAGE_JS = String.raw`'use strict';
(function () {
  var mode = document.body.getAttribute('data-mode');
  var token = mode === 'login' ? '' : decodeURIComponent(location.pathname.split('/').pop() || '');
  var message = document.getElementById('message');
  var api = mode === 'setup' ? '/api/v1/setup' : '/api/v1/enrol';

  function show(id) {
    document.querySelectorAll('main > form, main > section').forEach(function (el) { el.hidden = el.id !== id; });
  }
  function say(text, ok) {
    message.textContent = text || '';
    message.className = ok ? 'ok' : '';
    message.hidden = !text;
  }
  function post(path, body) {
    return fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: 'same-origin', body: JSON.stringify(body) })
      .then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (data) {
          if (!res.ok) throw new Error(data.message || ('request failed (' + res.status + ')'));
          return data;
        });
      });
  }
  function onSubmit(id, handler) {
    var form = document.getElementById(id);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var button = form.querySelector('button[type=submit]');
      button.disabled = true;
      say('');
      new Promise(function (resolve) { resolve(handler(form)); }).catch(function (error) { say(error.message); }).then(function () { button.disabled = false; });
    });
  }
  function value(form, name) { return form.elements.namedItem(name).value; }

  if (mode === 'login') {
    var recovery = false;
    show('step-password');
    fetch('/api/v1/auth/options').then(function (r) { return r.json(); }).then(function (o) {
      if (o.sso) { document.getElementById('sso').hidden = false; document.getElementById('sso-link').textContent = 'Sign in with ' + o.sso.name; }
    }).catch(function () {});
    onSubmit('step-password', function (form) {
      return post('/api/v1/auth/login', { email: value(form, 'email'), password: value(form, 'password') }).then(function () { show('step-code'); });
    });
    document.getElementById('use-recovery').addEventListener('click', function () {
      recovery = !recovery;
      document.getElementById('code-label').firstChild.textContent = recovery ? 'One of your recovery codes' : 'The 6-digit code from your authenticator app';
      this.textContent = recovery ? 'Use the authenticator app instead' : 'Use a recovery code instead';
    });
    onSubmit('step-code', function (form) {
      var code = value(form, 'code').trim();
      return post('/api/v1/auth/totp', recovery ? { recoveryCode: code } : { code: code }).then(function () { location.assign('/app'); });
    });
    return;
  }

  document.querySelectorAll('[data-only]').forEach(function (el) {
    if (el.getAttribute('data-only') !== mode) { el.remove(); }
  });
  post(api + '/status', { token: token }).then(function (status) {
    if (!status.valid) { say('This link is unknown, used or expired.'); return; }
    if (status.email) document.getElementById('account-email').textContent = status.email;
    show('step-account');
  }).catch(function (error) { say(error.message); });

  onSubmit('step-account', function (form) {
    if (value(form, 'password') !== value(form, 'password2')) throw new Error('The passwords differ.');
    var body = { token: token, password: value(form, 'password') };
    if (mode === 'setup') { body.email = value(form, 'email'); body.name = value(form, 'name'); }
    return post(api, body).then(function (data) {
      document.getElementById('totp-secret').textContent = data.totpSecret.replace(/(.{4})/g, '$1 ').trim();
      document.getElementById('otpauth-link').setAttribute('href', data.otpauthUri);
      show('step-totp');
    });
  });
  onSubmit('step-totp', function (form) {
    return post(api + '/confirm', { token: token, code: value(form, 'code').trim() }).then(function (data) {
      var list = document.getElementById('recovery-codes');
      data.recoveryCodes.forEach(function (code) { var li = document.createElement('li'); li.textContent = code; list.appendChild(li); });
      show('step-done');
    });
  });
})();
`;
