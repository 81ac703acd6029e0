/**
 * Every stable error code of the appliance, with the HTTP status it answers with. The code is the contract (the
 * `error` of a JSON answer, what the CLI prints); the catalogue is the one place that says what each one means.
 *
 * - `status`: the HTTP status; `otherStatuses`: the few codes that also answer with another status in one place
 *   (kept because clients rely on both), which a SeglError must name explicitly;
 * - `expose`: whether the message may reach a client; by default when the status is below 500;
 * - `summary`: what it means, for the OpenAPI document.
 *
 * Sections are families: the PDF, crypto and PKI layers throw their own typed errors (PdfError, CryptoError,
 * PkiError) whose codes are those of their section. A section lists one row per code: `[status, summary]`, or
 * `[status, summary, { expose, otherStatuses }]` for the codes that need either.
 */
export interface ErrorEntry {
  status: number;
  otherStatuses?: readonly number[];
  expose?: boolean;
  summary: string;
}

type Section = Record<string, ErrorEntry>;

type ErrorRow = readonly [status: number, summary: string, extra?: Omit<ErrorEntry, 'status' | 'summary'>];

/** The entry a row stands for, keeping the row's literal types (OtherStatusOf reads `otherStatuses`). */
type EntryOf<R extends ErrorRow> = { status: R[0]; summary: R[1] } & (R extends readonly [number, string, infer X]
  ? X
  : unknown);

/** One section of the catalogue from its rows: `{ code: [status, summary, extra?] }` to `{ code: ErrorEntry }`. */
function defineSection<const Rows extends Record<string, ErrorRow>>(
  rows: Rows,
): { [C in keyof Rows]: EntryOf<Rows[C]> } {
  const entries = Object.entries(rows).map(([code, [status, summary, extra]]) => [code, { status, summary, ...extra }]);
  return Object.fromEntries(entries) as { [C in keyof Rows]: EntryOf<Rows[C]> };
}

/** The HTTP protocol itself: bodies, media types, throttling, routing, the server's own failures. */
const REQUEST = defineSection({
  invalid_json: [400, 'the body is not valid JSON'],
  invalid_request: [
    422,
    'the body, query or a field does not validate (400: a malformed multipart request)',
    { otherStatuses: [400] },
  ],
  bad_request: [400, 'the request cannot be read'],
  payload_too_large: [413, 'the body or the file is larger than allowed'],
  unsupported_media_type: [415, 'the body is not of an accepted content type'],
  csrf_rejected: [
    403,
    'a cross-origin request with a session cookie (415: a cookie request that is not JSON)',
    { otherStatuses: [415] },
  ],
  rate_limited: [429, 'too many requests; see Retry-After'],
  not_found: [404, 'does not exist, or is not visible to the caller'],
  method_not_allowed: [405, 'the path exists, the method does not'],
  not_implemented: [501, 'the method is not implemented'],
  http_error: [400, 'the request failed (another status without a code of its own)'],
  server_error: [500, 'an unexpected error; the log has the details under the request id'],
  insufficient_storage: [
    507,
    'free disk space is below SEGL_MIN_FREE_BYTES, or the disk is full; nothing was stored',
    { expose: true },
  ],
  starting: [503, 'the appliance is starting; try again in a few seconds', { expose: true }],
  not_ready: [503, 'this node cannot serve now (starting, or no database or keys)', { expose: true }],
  unhealthy: [503, 'a part of the appliance needs the operator', { expose: true }],
  app_unavailable: [503, 'the staff app is not available (assets missing)', { expose: true }],
  portal_unavailable: [503, 'the verification portal is not available', { expose: true }],
  signing_page_unavailable: [503, 'the signer page is not available', { expose: true }],
  sign_in_unavailable: [503, 'the sign-in pages are not available', { expose: true }],
});

/** Staff sign-in, credentials and roles. */
const AUTH = defineSection({
  unauthenticated: [401, 'missing, unknown or revoked credentials'],
  unauthorized: [401, 'a valid metrics token is required'],
  insufficient_scope: [403, 'the token lacks the scope the route needs'],
  forbidden: [403, 'the role or the grant is not enough'],
  invalid_credentials: [401, 'wrong e-mail or password'],
  invalid_code: [
    400,
    'not a document code (400), a wrong second-factor code (401) or enrolment code (422)',
    { otherStatuses: [401, 422] },
  ],
  invalid_link: [404, 'the setup or enrolment link is not valid (any more)'],
  enrolment_not_started: [409, 'set the password first, then confirm the code'],
  weak_password: [422, 'the password is too short or too common'],
  sso_failed: [400, 'the identity provider refused or the answer did not check out'],
  sso_no_account: [403, 'no staff account has the e-mail the provider named'],
  sso_not_configured: [404, 'single sign-on is not configured'],
  sso_unavailable: [502, 'the identity provider cannot be reached', { expose: true }],
});

/** Staff accounts, groups and API tokens. */
const STAFF = defineSection({
  email_taken: [409, 'a user has this e-mail address'],
  last_admin: [409, 'the last active administrator cannot be demoted or disabled'],
  user_disabled: [409, 'the user is disabled'],
  unknown_user: [422, 'no such user', { otherStatuses: [404] }],
  unknown_group: [422, 'no such group'],
  already_member: [409, 'the user is in the group already'],
  group_name_taken: [409, 'a group has this name'],
  invalid_group_name: [422, 'not a usable group name'],
  expiry_too_late: [422, 'a token cannot outlive the token that makes it'],
});

/** Folders, grants and documents in the archive. */
const ARCHIVE = defineSection({
  folder_name_taken: [409, 'a folder with this name exists here'],
  folder_cycle: [409, 'a folder cannot move below itself'],
  folder_not_empty: [409, 'the folder has subfolders or documents'],
  folder_required: [422, 'members must name a folder'],
  invalid_folder_name: [422, 'not a usable folder name'],
  grant_exists: [409, 'the user or group has a grant on this folder'],
  invalid_cursor: [422, 'the cursor is not one this list gave'],
  invalid_idempotency_key: [400, 'Idempotency-Key must be 1 to 200 visible ASCII characters'],
  idempotency_conflict: [409, 'the Idempotency-Key was used for another upload'],
  document_deleted: [409, 'the document was deleted'],
  legal_hold: [409, 'a legal hold keeps the document'],
  document_key_gone: [409, 'the document was deleted: its key was destroyed'],
  document_unreadable: [500, 'a stored document does not read back as it was stored'],
  audit_chain_broken: [500, 'the audit trail does not verify'],
});

/** The signing flow: signers, links, one-time codes, sending and sealing. */
const SIGNER_FLOW = defineSection({
  signing_link_invalid: [404, 'this signing link is not valid'],
  signing_link_expired: [410, 'this signing link has expired'],
  signer_not_authenticated: [401, 'the signer must prove who they are first'],
  otp_invalid: [422, 'a wrong one-time code (attemptsLeft says how many tries remain)'],
  otp_expired: [410, 'the one-time code expired; ask for a new one'],
  otp_locked: [423, 'too many wrong codes for this link'],
  identity_mismatch: [403, 'the identity provider named someone else than the signer pinned'],
  wrong_auth_method: [409, 'the signer authenticates another way'],
  unknown_auth_method: [422, 'no such authentication method is configured'],
  pin_needs_oidc: [422, 'a pinned identity needs an identity provider'],
  signer_exists: [409, 'a signer with this e-mail is on the document'],
  too_many_signers: [409, 'the document has as many signers as it may'],
  no_signers: [409, 'add a signer first'],
  invalid_expiry: [422, 'the expiry is not in the future, or too far'],
  document_not_draft: [409, 'only drafts can change signers or be sent'],
  document_not_pending: [409, 'the document is not waiting for signatures'],
  document_not_completed: [409, 'the document is not sealed yet'],
  document_sealing: [409, 'every signer signed: the document is being sealed'],
  document_changed: [409, 'sha256 is not what is being signed'],
  not_your_turn: [409, 'an earlier signer signs first'],
  signer_done: [409, 'the signer signed or declined already'],
});

/** Webhooks and their deliveries. */
const WEBHOOKS = defineSection({
  invalid_webhook_url: [422, 'not an absolute https URL without credentials'],
  webhook_url_refused: [422, 'the URL names a private or loopback address'],
  invalid_webhook_events: [422, 'the event list is not usable'],
  unknown_event_type: [422, 'no such event type'],
  delivery_pending: [409, 'the delivery is still pending'],
  webhook_disabled: [409, 'the webhook was deleted'],
  webhook_delivery_failed: [502, 'the receiver did not accept the delivery'],
});

/** Keys, backups, configuration, storage, mail and other outside services. */
const OPERATIONS = defineSection({
  invalid_config: [400, 'the configuration (environment) is not valid'],
  database_unavailable: [503, 'the database cannot be reached', { expose: true }],
  blob_missing: [500, 'a stored file is missing'],
  invalid_blob_name: [500, 'not a blob name'],
  kek_missing: [400, 'the key-encryption key is not available', { otherStatuses: [409, 422] }],
  kek_required: [422, 'this backup does not contain the KEK: give it'],
  kek_next_required: [400, 'with SEGL_KEK set, the new key must be given'],
  kek_unchanged: [400, 'the new KEK equals the current one'],
  kek_unknown: [500, 'the key-encryption key that wraps this is not loaded'],
  key_rotation_in_progress: [409, 'a key rotation has not finished'],
  no_appliance_data: [404, 'the data directory holds no appliance'],
  backup_failed: [500, 'the backup could not be written', { expose: true, otherStatuses: [503] }],
  backup_damaged: [422, 'the backup file is damaged'],
  backup_incomplete: [422, 'the backup file lacks a part'],
  backup_unreadable: [422, 'not a backup file'],
  backup_schema_mismatch: [422, 'the backup does not fit this version'],
  restore_target_not_empty: [409, 'restore into a new, empty data directory'],
  restore_target_unsupported: [422, 'a SQLite backup is restored to DATA/segl.sqlite'],
  backup_tampered: [422, 'the manifest of the backup was altered'],
  backup_newer_than_software: [422, 'the backup comes from newer software'],
  backup_dialect_mismatch: [422, 'the backup is of the other database (SQLite or PostgreSQL)'],
  mail_unavailable: [503, 'e-mail cannot be sent now', { expose: true }],
  invalid_email: [422, 'not an e-mail address'],
  invalid_mail_content: [500, 'a message cannot be composed'],
  invalid_mail_link: [500, 'a link in a message is not an absolute URL'],
  outbound_refused: [502, 'the target is not a public address', { expose: true }],
  verification_busy: [503, 'every verifier is busy; try again shortly', { expose: true }],
  verification_unavailable: [503, 'the file could not be verified', { expose: true }],
  invalid_trust_anchors: [400, 'the trust anchors are not PEM certificates'],
  invalid_level: [400, 'not a PAdES level: B-B, B-T, B-LT or B-LTA'],
  lta_conflict: [409, 'the document changed while its evidence was renewed'],
  lta_tsa_unfit: [503, 'the TSA certificate expires too soon to renew with'],
});

/** The PDF layer (PdfError): files that cannot be read, stamped or signed. */
const PDF = defineSection({
  not_a_pdf: [422, 'the file does not start with a PDF header'],
  pdf_unreadable: [422, 'the file cannot be read as a PDF'],
  unreadable_pdf: [422, 'the uploaded file could not be read as a PDF'],
  pdf_unverifiable: [422, 'the file could not be verified: its structure is not understood'],
  pdf_encrypted: [422, 'the document is password-protected'],
  pdf_damaged: [422, 'the file is damaged; repair it (e.g. with qpdf)'],
  pdf_syntax: [422, 'a syntax error in the file'],
  pdf_truncated: [422, 'the file is truncated'],
  pdf_no_xref: [422, 'the file has no cross-reference (startxref)'],
  pdf_broken_xref: [422, 'the cross-reference data is broken'],
  pdf_no_catalog: [422, 'the document catalog cannot be read'],
  pdf_no_pages: [422, 'the document has no readable pages'],
  pdf_bad_page_tree: [422, 'the page tree is malformed'],
  pdf_page_tree_loop: [422, 'the page tree loops or is too deep'],
  pdf_reference_loop: [422, 'an object refers to itself'],
  pdf_bad_stream: [422, 'a stream is corrupt'],
  pdf_unsupported_filter: [422, 'a stream filter is not supported'],
  pdf_stream_too_large: [422, 'a compressed stream expands beyond the limit'],
  pdf_too_deep: [422, 'objects are nested too deeply'],
  pdf_too_large: [422, 'the file is too large to sign'],
  pdf_too_many_objects: [422, 'the document refers to too many objects'],
  pdf_too_many_pages: [422, 'the document has more pages than allowed'],
  pdf_already_signed: [422, 'the signatures in the document forbid stamping its pages'],
  pdf_certified_no_changes: [422, 'the document is certified with "no changes allowed"'],
  signature_too_large: [422, 'the signature needs more room than was reserved'],
  stamp_code_missing: [422, 'the stamp needs the document code'],
  font_missing: [500, 'a stamp font is missing from the installation'],
  pdf_write_failed: [500, 'an update could not be written (an object the writer cannot serialize)'],
  lta_missing: [422, 'the document has no long-term evidence to renew'],
  lta_unreadable: [422, 'the long-term evidence cannot be read'],
});

/** The crypto layer (CryptoError): DER, CMS, keys and the per-document envelope. */
const CRYPTO = defineSection({
  malformed_der: [422, 'not a DER value'],
  malformed_pem: [422, 'not PEM'],
  cms_unreadable: [422, 'CMS SignedData cannot be parsed'],
  cms_bad_attribute: [500, 'a signed attribute is not allowed here'],
  cms_bad_digest: [500, 'a 32-byte SHA-256 content digest is required'],
  unsupported_key_type: [500, 'keys of this type cannot sign here'],
  invalid_signature_value: [500, 'a signature value does not have the expected form'],
  unsupported_operation: [500, 'the crypto layer does not do this (e.g. sign with a verifier)'],
  invalid_kek: [500, 'the key-encryption key is not 32 bytes', { expose: true }],
  kek_mismatch: [500, 'the key-encryption key does not open what it should', { otherStatuses: [422] }],
  invalid_session_key: [500, 'a document key does not have the expected form'],
  envelope_corrupt: [500, 'an encrypted document does not decrypt'],
});

/** The PKI layer (PkiError): certificates, revocation, timestamps, trusted lists and the seal key. */
const PKI = defineSection({
  malformed_certificate: [422, 'a certificate cannot be parsed'],
  malformed_crl: [422, 'a CRL cannot be parsed'],
  malformed_ocsp_response: [422, 'an OCSP response cannot be parsed'],
  invalid_ocsp_request: [400, 'the OCSP request is not base64'],
  unknown_certificate: [404, 'the appliance CA issued no certificate with this serial'],
  certificate_revoked: [422, 'a certificate in the chain is revoked'],
  revocation_unavailable: [502, 'revocation data could not be fetched'],
  pki_incomplete: [500, 'the PKI directory is incomplete'],
  pki_locked: [503, 'the PKI directory stays locked'],
  timestamp_unavailable: [503, 'no timestamp authority gave a valid token'],
  timestamp_source_failed: [502, 'one timestamp authority gave no usable answer'],
  timestamp_bad_digest: [500, 'a 32-byte SHA-256 digest is required'],
  timestamp_unreadable: [422, 'a timestamp token cannot be read'],
  invalid_tsa_url: [500, 'SEGL_TSA_URLS names something that is not an http(s) URL'],
  trust_list_unreadable: [422, 'a trusted list cannot be read'],
  trust_list_unsigned: [422, 'a trusted list is not signed'],
  trust_list_signature_invalid: [422, "a trusted list's signature fails"],
  seal_key_in_hsm: [409, 'the seal key is on an HSM (SEGL_PKCS11_*)'],
  seal_key_wrong_passphrase: [422, 'the passphrase does not open the PKCS#12 file'],
  seal_key_unreadable: [422, 'the PKCS#12 file or its certificate cannot be read'],
  seal_key_no_private_key: [422, 'the PKCS#12 file holds no private key'],
  seal_key_ambiguous: [422, 'the PKCS#12 file holds several private keys'],
  seal_key_mismatch: [422, 'the private key does not match the certificate', { otherStatuses: [500] }],
  seal_key_unsupported: [422, 'keys of this type cannot seal (RSA and EC can)', { otherStatuses: [500] }],
  seal_key_weak: [422, 'the key is too weak for a seal'],
  seal_key_usage: [422, 'the certificate may not seal documents (key usage)'],
  seal_key_corrupt: [500, 'the stored seal key cannot be opened'],
  seal_certificate_expired: [422, 'the seal certificate expired'],
  seal_certificate_not_yet_valid: [422, 'the seal certificate is not valid yet'],
  seal_chain_incomplete: [422, 'the chain does not reach a root; add it with `chain`'],
  seal_chain_invalid: [422, 'the chain does not verify'],
  seal_chain_unreadable: [422, 'the chain is not PEM certificates', { otherStatuses: [500] }],
  pkcs11_module_unavailable: [500, 'the PKCS#11 module cannot be loaded'],
  pkcs11_unavailable: [503, 'the HSM does not answer'],
  pkcs11_token_not_found: [500, 'no token has the configured label'],
  pkcs11_pin_incorrect: [500, 'the HSM refuses the PIN'],
  pkcs11_pin_unreadable: [500, 'the PIN file cannot be read'],
  pkcs11_login_failed: [503, 'the HSM login failed'],
  pkcs11_key_not_found: [500, 'no key on the token has the configured label'],
  pkcs11_key_ambiguous: [500, 'several keys on the token have the configured label'],
  pkcs11_certificate_not_found: [500, 'no certificate on the token belongs to the key'],
  pkcs11_sign_failed: [503, 'the HSM did not sign'],
});

export const ERROR_CATALOGUE = {
  ...REQUEST,
  ...AUTH,
  ...STAFF,
  ...ARCHIVE,
  ...SIGNER_FLOW,
  ...WEBHOOKS,
  ...OPERATIONS,
  ...PDF,
  ...CRYPTO,
  ...PKI,
} as const satisfies Section;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
export type PdfErrorCode = keyof typeof PDF;
export type CryptoErrorCode = keyof typeof CRYPTO;
export type PkiErrorCode = keyof typeof PKI;

/** The statuses other than its own a code may answer with (never, for most codes). */
export type OtherStatusOf<C extends ErrorCode> = (typeof ERROR_CATALOGUE)[C] extends {
  otherStatuses: readonly (infer S)[];
}
  ? S
  : never;

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CATALOGUE, value);
}

/** The entry of a code: its status, whether its message is shown, what it means. */
export function describeError(code: ErrorCode): ErrorEntry {
  return ERROR_CATALOGUE[code];
}
