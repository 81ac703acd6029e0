import * as oidc from 'openid-client';
import type { SsoConfig } from '../../lib/config.js';
import type { Clock } from '../../lib/clock.js';
import { SeglError } from '../../lib/errors.js';
import { wrapSecret, unwrapSecret } from '../../crypto/key-encryption-key.js';
import { derivePurposeKey } from '../../crypto/purpose-key.js';
import { createOutboundFetch, resolveOutbound } from '../../lib/outbound-fetch.js';

/** The SSO round trip may take this long (the login at the provider included). */
export const SSO_STATE_TTL_MS = 10 * 60 * 1000;
const STATE_LABEL = 'segl/sso-state';
const DISCOVERY_TTL_MS = 3600 * 1000;

export interface SsoClaims {
  issuer: string;
  subject: string;
  email?: string;
  emailVerified: boolean;
  name?: string;
  /** Every claim of the ID token and, when fetched, the userinfo answer. */
  claims: Record<string, unknown>;
  /** What the caller put into the state at the start (e.g. the signing link to return to). */
  extra?: string;
}

interface SsoState {
  state: string;
  nonce: string;
  verifier: string;
  expiresAt: number;
  extra?: string;
}

function ssoFailed(message: string, cause?: unknown): SeglError {
  return new SeglError({ code: 'sso_failed', message, cause });
}

/**
 * Authorization code flow with PKCE against the configured OpenID provider (openid-client). The state, nonce
 * and PKCE verifier travel in a cookie encrypted under a key derived from the KEK for cookies only, so that no
 * server-side storage is needed and a forged or swapped cookie fails. Every request to the provider goes through
 * the outbound guard (resolved once, every address checked, connected to the checked address).
 */
export function createSsoClient(options: {
  sso: SsoConfig;
  publicUrl: string;
  kek: Uint8Array;
  clock: Clock;
  /** Default `/api/v1/auth/sso/callback` (staff); signers' providers return elsewhere. */
  redirectPath?: string;
  scope?: string;
  stateLabel?: string;
  /** More authorization request parameters (e.g. `acr_values`). */
  extraParams?: Record<string, string>;
}) {
  const { sso, clock } = options;
  // the state cookie is sealed under a key derived for cookies, never under the KEK itself
  const cookieKey = derivePurposeKey({ kek: options.kek, purpose: 'cookie-encryption' });
  const redirectUri = `${options.publicUrl}${options.redirectPath ?? '/api/v1/auth/sso/callback'}`;
  const stateLabel = options.stateLabel ?? STATE_LABEL;
  let cached: { config: oidc.Configuration; at: number } | undefined;

  // every request to the provider (discovery, token, userinfo, keys) resolves once and connects to what it checked
  const guardedFetch = createOutboundFetch({
    policy: { allowPrivateNetwork: sso.allowPrivateNetwork },
    timeoutMs: 10_000,
    maxResponseBytes: 1024 * 1024,
  }) as unknown as oidc.CustomFetch;

  async function configuration(): Promise<oidc.Configuration> {
    if (cached && clock.now().getTime() - cached.at < DISCOVERY_TTL_MS) return cached.config;
    const issuer = new URL(sso.issuer);
    await resolveOutbound({ url: issuer, policy: { allowPrivateNetwork: sso.allowPrivateNetwork } });
    let config: oidc.Configuration;
    try {
      config = await oidc.discovery(
        issuer,
        sso.clientId,
        sso.clientSecret,
        sso.clientSecret ? oidc.ClientSecretBasic(sso.clientSecret) : oidc.None(),
        { execute: issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [], [oidc.customFetch]: guardedFetch },
      );
    } catch (cause) {
      if (cause instanceof SeglError) throw cause;
      throw new SeglError({ code: 'sso_unavailable', message: 'the single sign-on provider cannot be reached', cause });
    }
    config[oidc.customFetch] = guardedFetch;
    cached = { config, at: clock.now().getTime() };
    return config;
  }

  return {
    name: sso.name,

    /** Where to send the browser, and the sealed state cookie to set. */
    async startLogin(start: { extra?: string } = {}): Promise<{ url: string; stateCookie: string }> {
      const config = await configuration();
      const verifier = oidc.randomPKCECodeVerifier();
      const state: SsoState = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        verifier,
        expiresAt: clock.now().getTime() + SSO_STATE_TTL_MS,
        extra: start.extra,
      };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: options.scope ?? 'openid email profile',
        response_type: 'code',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: state.state,
        nonce: state.nonce,
        ...options.extraParams,
      });
      const sealed = wrapSecret({
        kek: cookieKey,
        plaintext: new TextEncoder().encode(JSON.stringify(state)),
        label: stateLabel,
      });
      return { url: url.href, stateCookie: Buffer.from(sealed).toString('base64url') };
    },

    /** Checks the provider's answer (state, PKCE, ID token with nonce) and returns who signed in. */
    async finishLogin(finish: { query: string; stateCookie: string | undefined }): Promise<SsoClaims> {
      if (!finish.stateCookie || !/^[A-Za-z0-9_-]{20,4000}$/.test(finish.stateCookie))
        throw ssoFailed('the sign-in took too long or was started elsewhere; start again');
      let state: SsoState;
      try {
        const plain = unwrapSecret({
          kek: cookieKey,
          wrapped: new Uint8Array(Buffer.from(finish.stateCookie, 'base64url')),
          label: stateLabel,
        });
        state = JSON.parse(new TextDecoder().decode(plain)) as SsoState;
      } catch (cause) {
        throw ssoFailed('the sign-in state is not valid; start again', cause);
      }
      if (state.expiresAt <= clock.now().getTime()) throw ssoFailed('the sign-in took too long; start again');
      const config = await configuration();
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(config, new URL(`${redirectUri}${finish.query}`), {
          pkceCodeVerifier: state.verifier,
          expectedState: state.state,
          expectedNonce: state.nonce,
          idTokenExpected: true,
        });
      } catch (cause) {
        if (cause instanceof SeglError) throw cause;
        throw ssoFailed('the single sign-on provider did not confirm the sign-in', cause);
      }
      const claims = tokens.claims();
      if (!claims) throw ssoFailed('the provider sent no ID token');
      let profile: Record<string, unknown> = claims;
      // providers that keep the ID token minimal answer e-mail and name at the userinfo endpoint
      if (typeof claims.email !== 'string' && tokens.access_token) {
        try {
          profile = { ...(await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)), ...claims };
        } catch (cause) {
          throw ssoFailed('the provider did not answer who signed in', cause);
        }
      }
      return {
        issuer: claims.iss,
        subject: claims.sub,
        email: typeof profile.email === 'string' ? profile.email : undefined,
        emailVerified: profile.email_verified === true,
        name: typeof profile.name === 'string' ? profile.name : undefined,
        claims: profile,
        extra: state.extra,
      };
    },
  };
}

export type SsoClient = ReturnType<typeof createSsoClient>;
