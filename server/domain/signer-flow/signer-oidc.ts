import type { SignerProviderConfig } from '../../lib/config.js';
import { SeglError } from '../../lib/errors.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import { createSsoClient, type SsoClient } from '../auth/sso-client.js';
import { resolveSigningLinkNow } from './resolve-signing-link.js';
import { startAuthenticatedSession } from './signer-sessions.js';
import { maskNationalId, normalizeName, normalizeNationalId, type SignerIdentity } from './signer-identity.js';
import { authenticationPurpose } from './signer-authentication.js';
import { openPinnedNationalId, sealSignerClaims } from './signer-claims.js';
import { candidateKeysOf } from '../keys/key-ring.js';
import type { SignerFlow } from './signer-flow.js';
import { signerActor } from '../audit/audit-actor.js';
import type { RequestOrigin } from '../request-origin.js';

/** Each provider returns to its own callback (register this redirect URI at the provider). */
export const signerOidcCallbackPath = (providerKey: string) => `/api/v1/signing/oidc/${providerKey}/callback`;

/** One OpenID client per configured provider, with the signer callback and the provider's scope. */
export function createSignerOidcClients(options: { flow: SignerFlow; kek: Uint8Array }): Map<string, SsoClient> {
  const clients = new Map<string, SsoClient>();
  for (const provider of Object.values(options.flow.config.signerProviders)) {
    clients.set(
      provider.key,
      createSsoClient({
        sso: provider,
        publicUrl: options.flow.config.publicUrl,
        kek: options.kek,
        clock: options.flow.archive.clock,
        redirectPath: signerOidcCallbackPath(provider.key),
        scope: provider.scope,
        stateLabel: `segl/signer-oidc/${provider.key}`,
        extraParams: provider.acrValues.length ? { acr_values: provider.acrValues.join(' ') } : undefined,
      }),
    );
  }
  return clients;
}

function providerOf(flow: SignerFlow, authMethod: string): SignerProviderConfig {
  const provider = authMethod.startsWith('oidc:') ? flow.config.signerProviders[authMethod.slice(5)] : undefined;
  if (!provider) {
    throw new SeglError({
      code: 'wrong_auth_method',
      message: 'this signer proves who they are with an e-mailed code',
    });
  }
  return provider;
}

/** Where to send the signer's browser, and the sealed state (with the signing link inside) for the cookie. */
export async function startSignerOidc(options: {
  flow: SignerFlow;
  clients: Map<string, SsoClient>;
  token: string;
}): Promise<{ url: string; stateCookie: string; provider: string }> {
  const { flow } = options;
  const { signer, document } = await resolveSigningLinkNow(options);
  const provider = providerOf(flow, signer.authMethod);
  authenticationPurpose(signer, document);
  const { url, stateCookie } = await options.clients
    .get(provider.key)!
    .startLogin({ extra: `${provider.key}:${options.token}` });
  return { url, stateCookie, provider: provider.key };
}

/** The identity as recorded from the provider's claims; the national identity number only masked. */
export function identityFromClaims(
  provider: SignerProviderConfig,
  claims: Record<string, unknown>,
  issuer: string,
  subject: string,
): SignerIdentity {
  const text = (key: string) => (typeof claims[key] === 'string' ? (claims[key] as string) : undefined);
  const name = text('name') ?? ([text('given_name'), text('family_name')].filter(Boolean).join(' ') || undefined);
  const nationalId = text(provider.nationalIdClaim);
  return {
    method: `oidc:${provider.key}`,
    level: provider.level,
    providerLabel: provider.name,
    issuer,
    subject,
    name,
    email: text('email'),
    birthdate: text('birthdate'),
    nationalIdMasked: nationalId ? maskNationalId(nationalId) : undefined,
    acr: text('acr'),
    amr: Array.isArray(claims.amr)
      ? (claims.amr as unknown[]).filter((v): v is string => typeof v === 'string')
      : undefined,
  };
}

/**
 * Finishes the login (state, PKCE, nonce and ID token checked by openid-client), checks a pinned identity, records
 * who proved themselves how, and starts the signer's session. Returns the signing link to go back to.
 */
export async function finishSignerOidc(
  options: RequestOrigin & {
    flow: SignerFlow;
    clients: Map<string, SsoClient>;
    kek: Uint8Array;
    providerKey: string;
    query: string;
    stateCookie: string | undefined;
  },
): Promise<{ token: string; sessionToken: string; expiresAt: Date }> {
  const { flow } = options;
  const { db } = flow.archive;
  const client = options.clients.get(options.providerKey);
  const provider = flow.config.signerProviders[options.providerKey];
  if (!client || !provider) throw new SeglError({ code: 'sso_failed', message: 'unknown identity provider' });
  const result = await client.finishLogin({ query: options.query, stateCookie: options.stateCookie });
  const [key, token] = [
    result.extra?.slice(0, result.extra.indexOf(':')),
    result.extra?.slice(result.extra.indexOf(':') + 1),
  ];
  if (key !== provider.key || !token) {
    throw new SeglError({ code: 'sso_failed', message: 'the sign-in state is not valid; start again' });
  }
  const { signer, document, now } = await resolveSigningLinkNow({ flow, token });
  if (signer.authMethod !== `oidc:${provider.key}`) {
    throw new SeglError({
      code: 'wrong_auth_method',
      message: 'this signer must use another way to prove who they are',
    });
  }
  // checked again here: a login started before the signer signed (or the document closed) must not count now
  const purpose = authenticationPurpose(signer, document);
  const identity = identityFromClaims(provider, result.claims, result.issuer, result.subject);
  const nationalId =
    typeof result.claims[provider.nationalIdClaim] === 'string'
      ? (result.claims[provider.nationalIdClaim] as string)
      : undefined;
  const pinned = signer.expectedNationalIdSealed
    ? openPinnedNationalId({
        keks: await candidateKeysOf(flow.archive.keyRing),
        signerId: signer.id,
        sealed: signer.expectedNationalIdSealed,
      })
    : undefined;
  // coming back for the signed copy: only the person who signed (same provider account) gets it
  const signedAs =
    purpose === 'download' && signer.identity ? (JSON.parse(signer.identity) as SignerIdentity) : undefined;
  const mismatch =
    (signedAs &&
      (signedAs.issuer !== identity.issuer || signedAs.subject !== identity.subject) &&
      'person (not the one who signed)') ||
    (provider.acrValues.length && !provider.acrValues.includes(identity.acr ?? '') && 'authentication method (acr)') ||
    (signer.expectedName &&
      (!identity.name || normalizeName(identity.name) !== normalizeName(signer.expectedName)) &&
      'name') ||
    (pinned && (!nationalId || normalizeNationalId(nationalId) !== pinned) && 'national identity number') ||
    undefined;
  const actor = signerActor(signer);
  if (mismatch) {
    await db.transaction((transaction) =>
      appendAuditEvent({
        db,
        transaction,
        documentId: document.id,
        type: 'signer.refused',
        at: now,
        actor,
        ip: options.ip,
        userAgent: options.userAgent,
        data: { signerId: signer.id, method: identity.method, reason: 'identity_mismatch', mismatch, identity },
      }),
    );
    throw new SeglError({
      code: 'identity_mismatch',
      message: `the ${mismatch} you signed in with is not the one this document expects`,
      details: { token },
    });
  }
  const sealedClaims = sealSignerClaims({ kek: options.kek, signerId: signer.id, claims: result.claims });
  return db.transaction(async (transaction) => {
    // the document row first, as signing does (one lock order, no deadlock on PostgreSQL)
    await db.models.Document.findByPk(document.id, { attributes: ['id'], transaction, lock: transaction.LOCK.UPDATE });
    const client = { ip: options.ip, userAgent: options.userAgent };
    const session = { ...identity, sealedClaims };
    const documentId = document.id;
    const started = await startAuthenticatedSession({
      db,
      transaction,
      documentId,
      signer,
      identity: session,
      purpose,
      now,
      ...client,
    });
    return { token, ...started };
  });
}
