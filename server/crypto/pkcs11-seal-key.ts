import { createHash, createPublicKey, verify } from 'node:crypto';
import pkcs11js from 'pkcs11js';
import { PkiError } from './pki-error.js';
import { readCertificate } from './certificate-info.js';
import { checkSealCertificate } from './seal-certificate-check.js';
import { ecdsaRawToDer } from './ecdsa-signature.js';
import type { SealIdentity, SealSigner } from './signing-identity.js';

/**
 * A seal key held in a PKCS#11 token (an HSM, or SoftHSM2 in tests): the private key never leaves the token; we
 * find it by label, log in once, and sign through a small pool of sessions that are reused for every seal. A
 * session the token lost (closed, logged out, device reset) is replaced and the signature retried once.
 */

export interface Pkcs11SealKeyOptions {
  modulePath: string;
  tokenLabel: string;
  pin: string;
  keyLabel: string;
  /** Certificates from SEGL_SEAL_CHAIN_FILE: the seal certificate (when the token has none) and its issuers. */
  chain?: Uint8Array[];
  /** How many signatures may run at once (one session each). */
  sessions?: number;
  now: Date;
}

export interface Pkcs11SealKey {
  identity: SealIdentity;
  /** Closes the sessions (the module stays loaded: other handles may use it). */
  close(): void;
}

type Handle = Buffer;

/** Errors after which the session (or the whole login) is gone and a fresh one should be tried. */
const LOST_SESSION = new Set<number>([
  pkcs11js.CKR_SESSION_HANDLE_INVALID,
  pkcs11js.CKR_SESSION_CLOSED,
  pkcs11js.CKR_USER_NOT_LOGGED_IN,
  pkcs11js.CKR_KEY_HANDLE_INVALID,
  pkcs11js.CKR_OBJECT_HANDLE_INVALID,
  pkcs11js.CKR_DEVICE_REMOVED,
  pkcs11js.CKR_TOKEN_NOT_PRESENT,
  pkcs11js.CKR_DEVICE_ERROR,
]);

const modules = new Map<string, pkcs11js.PKCS11>();

/** One loaded and initialised module per library path for the whole process (C_Initialize is process-wide). */
function loadModule(modulePath: string): pkcs11js.PKCS11 {
  const known = modules.get(modulePath);
  if (known) return known;
  const module = new pkcs11js.PKCS11();
  try {
    module.load(modulePath);
  } catch (cause) {
    throw new PkiError({
      code: 'pkcs11_module_unavailable',
      message: `Cannot load the PKCS#11 module ${modulePath}`,
      cause,
    });
  }
  try {
    module.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (error) {
    if (codeOf(error) !== pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED)
      throw tokenError('pkcs11_unavailable', 'C_Initialize failed', error);
  }
  modules.set(modulePath, module);
  return module;
}

function codeOf(error: unknown): number | undefined {
  return error instanceof pkcs11js.Pkcs11Error ? error.code : undefined;
}

type TokenFailure = 'pkcs11_unavailable' | 'pkcs11_login_failed' | 'pkcs11_sign_failed';

function tokenError(code: TokenFailure, message: string, cause: unknown): PkiError {
  const name = cause instanceof Error ? cause.message : String(cause);
  return new PkiError({ code, message: `${message} (${name})`, cause });
}

function findSlot(module: pkcs11js.PKCS11, tokenLabel: string): Handle {
  for (const slot of module.C_GetSlotList(true)) {
    if (module.C_GetTokenInfo(slot).label.trim() === tokenLabel) return slot;
  }
  throw new PkiError({ code: 'pkcs11_token_not_found', message: `No PKCS#11 token labelled "${tokenLabel}"` });
}

function findObjects(module: pkcs11js.PKCS11, session: Handle, template: pkcs11js.Template): Handle[] {
  module.C_FindObjectsInit(session, template);
  try {
    return module.C_FindObjects(session, 16);
  } finally {
    module.C_FindObjectsFinal(session);
  }
}

function attribute(module: pkcs11js.PKCS11, session: Handle, object: Handle, type: number): Buffer | undefined {
  try {
    return module.C_GetAttributeValue(session, object, [{ type }])[0]?.value as Buffer | undefined;
  } catch {
    return undefined;
  }
}

interface TokenState {
  sessions: Handle[];
  key: Handle;
}

export async function openPkcs11SealKey(options: Pkcs11SealKeyOptions): Promise<Pkcs11SealKey> {
  const module = loadModule(options.modulePath);
  const slot = findSlot(module, options.tokenLabel);
  const poolSize = Math.max(1, options.sessions ?? 4);
  let state: TokenState | undefined;
  const idle: Handle[] = [];
  const waiting: ((session: Handle) => void)[] = [];
  let keyType: 'ec' | 'rsa' | undefined;

  const openState = (): TokenState => {
    const sessions: Handle[] = [];
    for (let i = 0; i < poolSize; i += 1) sessions.push(module.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION));
    try {
      module.C_Login(sessions[0]!, pkcs11js.CKU_USER, options.pin);
    } catch (error) {
      if (codeOf(error) !== pkcs11js.CKR_USER_ALREADY_LOGGED_IN) {
        for (const session of sessions) module.C_CloseSession(session);
        if (codeOf(error) === pkcs11js.CKR_PIN_INCORRECT) {
          throw new PkiError({
            code: 'pkcs11_pin_incorrect',
            message: `The PIN for token "${options.tokenLabel}" is wrong`,
          });
        }
        throw tokenError('pkcs11_login_failed', `Cannot log in to token "${options.tokenLabel}"`, error);
      }
    }
    const keys = findObjects(module, sessions[0]!, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
      { type: pkcs11js.CKA_LABEL, value: options.keyLabel },
    ]);
    if (keys.length !== 1) {
      for (const session of sessions) module.C_CloseSession(session);
      throw new PkiError({
        code: keys.length === 0 ? 'pkcs11_key_not_found' : 'pkcs11_key_ambiguous',
        message:
          `${keys.length === 0 ? 'No' : 'More than one'} private key labelled "${options.keyLabel}" ` +
          `on token "${options.tokenLabel}"`,
      });
    }
    return { sessions, key: keys[0]! };
  };

  const reset = () => {
    if (state) {
      for (const session of state.sessions) {
        try {
          module.C_CloseSession(session);
        } catch {
          // already gone with the token
        }
      }
    }
    state = undefined;
    idle.length = 0;
  };

  const ensureState = (): TokenState => {
    if (!state) {
      state = openState();
      idle.push(...state.sessions);
      while (waiting.length && idle.length) waiting.shift()!(idle.pop()!);
    }
    return state;
  };

  const acquire = (): Promise<Handle> => {
    ensureState();
    const session = idle.pop();
    return session ? Promise.resolve(session) : new Promise((resolve) => waiting.push(resolve));
  };
  const release = (session: Handle, generation: TokenState) => {
    if (state !== generation) return; // a reset replaced the pool meanwhile
    const next = waiting.shift();
    if (next) next(session);
    else idle.push(session);
  };

  const signOnce = async (data: Uint8Array): Promise<Uint8Array> => {
    const generation = ensureState();
    const session = await acquire();
    try {
      const isEc = keyType === 'ec';
      const mechanism = { mechanism: isEc ? pkcs11js.CKM_ECDSA : pkcs11js.CKM_SHA256_RSA_PKCS };
      const input = isEc ? createHash('sha256').update(data).digest() : Buffer.from(data);
      module.C_SignInit(session, mechanism, generation.key);
      const signature = await module.C_SignAsync(session, input, Buffer.alloc(1024));
      return isEc ? ecdsaRawToDer(signature) : new Uint8Array(signature);
    } finally {
      release(session, generation);
    }
  };

  const sign = async (data: Uint8Array): Promise<Uint8Array> => {
    try {
      return await signOnce(data);
    } catch (error) {
      if (!LOST_SESSION.has(codeOf(error) ?? -1))
        throw tokenError('pkcs11_sign_failed', 'The token did not sign', error);
      reset();
      try {
        return await signOnce(data);
      } catch (retryError) {
        throw tokenError('pkcs11_sign_failed', 'The token did not sign after reopening its sessions', retryError);
      }
    }
  };

  const first = ensureState();
  const tokenKeyType = attribute(module, first.sessions[0]!, first.key, pkcs11js.CKA_KEY_TYPE)?.readUInt32LE(0);
  if (tokenKeyType === pkcs11js.CKK_EC) keyType = 'ec';
  else if (tokenKeyType === pkcs11js.CKK_RSA) keyType = 'rsa';
  else {
    reset();
    throw new PkiError({
      code: 'seal_key_unsupported',
      message: `The key "${options.keyLabel}" is neither RSA nor EC`,
      status: 500,
    });
  }
  const certificate = findCertificate({
    module,
    session: first.sessions[0]!,
    key: first.key,
    chain: options.chain ?? [],
  });
  if (!certificate) {
    reset();
    throw new PkiError({
      code: 'pkcs11_certificate_not_found',
      message: `No certificate for key "${options.keyLabel}" on the token or in SEGL_SEAL_CHAIN_FILE`,
    });
  }
  const leaf = readCertificate(certificate.der);
  const signer: SealSigner = { keyType, sign };
  // The token's key must be the certificate's: a test signature proves it without ever reading the key.
  const probe = createHash('sha256').update(`segl pkcs11 probe ${Date.now()}`).digest();
  const probeSignature = await sign(probe);
  const publicKey = createPublicKey({ key: Buffer.from(leaf.spki), format: 'der', type: 'spki' });
  const matches =
    keyType === 'ec'
      ? verify('sha256', probe, { key: publicKey, dsaEncoding: 'der' }, probeSignature)
      : verify('sha256', probe, publicKey, probeSignature);
  if (!matches) {
    reset();
    throw new PkiError({
      code: 'seal_key_mismatch',
      message: `The key "${options.keyLabel}" does not match the certificate "${leaf.subject}"`,
      status: 500,
    });
  }
  let checked;
  try {
    checked = checkSealCertificate({
      certificate: certificate.der,
      publicKeySpki: leaf.spki,
      candidates: [...certificate.others, ...(options.chain ?? [])],
      now: options.now,
    });
  } catch (error) {
    reset();
    throw error;
  }
  return {
    identity: { certificate: checked.certificate, chain: checked.chain, signer, source: 'pkcs11' },
    close: reset,
  };
}

/** The certificate of the key: on the token with the key's CKA_ID, else the one in the chain file that fits its key. */
function findCertificate(options: {
  module: pkcs11js.PKCS11;
  session: Handle;
  key: Handle;
  chain: Uint8Array[];
}): { der: Uint8Array; others: Uint8Array[] } | undefined {
  const { module, session } = options;
  const id = attribute(module, session, options.key, pkcs11js.CKA_ID);
  const onToken = findObjects(module, session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE }])
    .map((object) => ({
      id: attribute(module, session, object, pkcs11js.CKA_ID),
      der: attribute(module, session, object, pkcs11js.CKA_VALUE),
    }))
    .filter((entry): entry is { id: Buffer | undefined; der: Buffer } => entry.der !== undefined);
  const byId = id && id.length > 0 ? onToken.find((entry) => entry.id?.equals(id)) : undefined;
  const others = onToken.filter((entry) => entry !== byId).map((entry) => new Uint8Array(entry.der));
  if (byId) return { der: new Uint8Array(byId.der), others };
  // No certificate beside the key: the chain file's end-entity certificate (the one that is no CA) is the seal's.
  const leaf = options.chain.find((der) => {
    try {
      return !readCertificate(der).basicConstraints?.ca && !readCertificate(der).selfIssued;
    } catch {
      return false;
    }
  });
  return leaf ? { der: leaf, others } : undefined;
}
