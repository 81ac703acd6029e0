import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;
interface ProviderAccount {
  accountId: string;
  claims(): Promise<Record<string, unknown>>;
}
/** oidc-provider ships no type declarations: the little used here, typed by hand. */
type ProviderClass = new (
  issuer: string,
  configuration: Record<string, unknown> & {
    findAccount(ctx: unknown, id: string): Promise<ProviderAccount | undefined>;
  },
) => { callback(): RequestHandler };
const { default: Provider } = (await import('oidc-provider' as string)) as { default: ProviderClass };

/** A real OpenID provider (oidc-provider) on 127.0.0.1 with its development login and consent pages. */
export interface LoopbackOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Registers the client's redirect URIs (known once the appliance listens) and starts answering. */
  attach(redirectUris: string[]): void;
  accounts: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

/** `scopes` maps extra scopes to the claims they release (e.g. `{ nin: ['nin'] }` for a BankID-like broker). */
export async function startLoopbackOidcProvider(
  options: { scopes?: Record<string, string[]> } = {},
): Promise<LoopbackOidcProvider> {
  const accounts = new Map<string, Record<string, unknown>>();
  let handler: RequestHandler | undefined;
  const server: Server = createServer((req, res) => (handler ? handler(req, res) : res.writeHead(503).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'segl';
  const clientSecret = 'a-test-client-secret-that-is-long-enough';
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    attach(redirectUris) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            redirect_uris: redirectUris,
            grant_types: ['authorization_code'],
            response_types: ['code'],
          },
        ],
        claims: {
          openid: ['sub'],
          email: ['email', 'email_verified'],
          profile: ['name', 'given_name', 'family_name', 'birthdate'],
          ...options.scopes,
        },
        scopes: ['openid', 'offline_access', 'email', 'profile', ...Object.keys(options.scopes ?? {})],
        cookies: { keys: ['a-cookie-signing-key-for-tests-only'] },
        pkce: { required: () => true },
        async findAccount(_ctx, id) {
          const account = accounts.get(id);
          if (!account) return undefined;
          return { accountId: id, claims: async () => ({ sub: id, ...account }) };
        },
      });
      handler = provider.callback();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Minimal cookie jar for one origin. */
export class CookieJar {
  private cookies = new Map<string, string>();
  take(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => /expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Drives a browser through the provider: from Segl's redirect to the provider, its login and consent forms, until
 * the provider redirects back to Segl; returns that callback URL (not followed).
 */
export async function loginAtProvider(options: {
  startResponse: Response;
  issuer: string;
  accountId: string;
}): Promise<string> {
  const idpJar = new CookieJar();
  let next = new URL(options.startResponse.headers.get('location')!);
  for (let hop = 0; hop < 20; hop += 1) {
    if (next.origin !== options.issuer) return next.href;
    const response = await fetch(next, { redirect: 'manual', headers: { Cookie: idpJar.header() } });
    idpJar.take(response);
    if (response.status >= 300 && response.status < 400) {
      next = new URL(response.headers.get('location')!, next);
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt)
      throw new Error(
        `unexpected provider page (${response.status}): ${html.replace(/<style>[\s\S]*<\/style>/, '').slice(0, 1500)}`,
      );
    const form = new URLSearchParams({
      prompt,
      ...(prompt === 'login' ? { login: options.accountId, password: 'irrelevant' } : {}),
    });
    const submitted = await fetch(new URL(action.replace(/&amp;/g, '&'), next), {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: idpJar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    idpJar.take(submitted);
    next = new URL(submitted.headers.get('location')!, next);
  }
  throw new Error('too many redirects at the provider');
}
