/** The pages for setup (/setup/<token>), enrolment (/enrol/<token>) and staff login (/login): static HTML, no inline code. */
export type AuthPageMode = 'setup' | 'enrol' | 'login';

export const AUTH_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const TITLES: Record<AuthPageMode, string> = {
  setup: 'Set up Segl',
  enrol: 'Join Segl',
  login: 'Sign in to Segl',
};

const ACCOUNT_FIELDS = `
      <label data-only="setup">E-mail address<input name="email" type="email" autocomplete="username" required maxlength="320"></label>
      <label data-only="setup">Your name<input name="name" type="text" autocomplete="name" required maxlength="200"></label>
      <p data-only="enrol" class="muted">Account: <strong id="account-email"></strong></p>
      <label>Password (at least 12 characters)<input name="password" type="password" autocomplete="new-password" required minlength="12" maxlength="1024"></label>
      <label>Repeat the password<input name="password2" type="password" autocomplete="new-password" required minlength="12" maxlength="1024"></label>`;

export function renderAuthPage(options: { mode: AuthPageMode }): string {
  const { mode } = options;
  const enrolSteps = `
    <form id="step-account" hidden>
      <h2>1. Your account</h2>${ACCOUNT_FIELDS}
      <button type="submit">Continue</button>
    </form>
    <form id="step-totp" hidden>
      <h2>2. Authenticator app</h2>
      <p>Add Segl to an authenticator app (any TOTP app): tap the link on your phone, or enter the key by hand.</p>
      <p><a id="otpauth-link" href="#">Open in authenticator app</a></p>
      <p class="secret" id="totp-secret"></p>
      <label>The 6-digit code the app shows<input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required></label>
      <button type="submit">Confirm</button>
    </form>
    <section id="step-done" hidden>
      <h2>3. Recovery codes</h2>
      <p>Keep these codes somewhere safe. Each one signs you in once if you lose your authenticator. They are shown only now.</p>
      <ol class="codes" id="recovery-codes"></ol>
      <p><a class="button" href="/app">I have saved them: open Segl</a></p>
    </section>`;
  const loginSteps = `
    <form id="step-password" hidden>
      <label>E-mail address<input name="email" type="email" autocomplete="username" required maxlength="320"></label>
      <label>Password<input name="password" type="password" autocomplete="current-password" required maxlength="1024"></label>
      <button type="submit">Continue</button>
      <p id="sso" hidden><a class="button secondary" id="sso-link" href="/api/v1/auth/sso/start">Sign in with single sign-on</a></p>
    </form>
    <form id="step-code" hidden>
      <label id="code-label">The 6-digit code from your authenticator app<input name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="40" required></label>
      <button type="submit">Sign in</button>
      <p><button type="button" class="link" id="use-recovery">Use a recovery code instead</button></p>
    </form>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${TITLES[mode]}</title>
<link rel="stylesheet" href="/auth-assets/segl-auth.css">
<script src="/auth-assets/segl-auth.js" defer></script>
</head>
<body data-mode="${mode}">
<main>
  <h1>${TITLES[mode]}</h1>
  <p id="message" role="alert" hidden></p>
  ${mode === 'login' ? loginSteps : enrolSteps}
  <noscript><p>This page needs JavaScript.</p></noscript>
</main>
</body>
</html>
`;
}
