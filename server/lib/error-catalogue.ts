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
 * PkiError) whose codes are those of their section.
 */
export interface ErrorEntry {
  status: number;
  otherStatuses?: readonly number[];
  expose?: boolean;
  summary: string;
}

type Section = Record<string, ErrorEntry>;

/** The HTTP protocol itself: bodies, media types, throttling, routing, the server's own failures. */
const REQUEST = {
  invalid_json: { status: 400, summary: 'the body is not valid JSON' },
  invalid_request: {
    status: 422,
    otherStatuses: [400],
    summary: 'the body, query or a field does not validate (400: a malformed multipart request)',
  },
  bad_request: { status: 400, summary: 'the request cannot be read' },
  payload_too_large: { status: 413, summary: 'the body or the file is larger than allowed' },
  unsupported_media_type: { status: 415, summary: 'the body is not of an accepted content type' },
  csrf_rejected: {
    status: 403,
    otherStatuses: [415],
    summary: 'a cross-origin request with a session cookie (415: a cookie request that is not JSON)',
  },
  rate_limited: { status: 429, summary: 'too many requests; see Retry-After' },
  not_found: { status: 404, summary: 'does not exist, or is not visible to the caller' },
  method_not_allowed: { status: 405, summary: 'the path exists, the method does not' },
  not_implemented: { status: 501, summary: 'the method is not implemented' },
  http_error: { status: 400, summary: 'the request failed (another status without a code of its own)' },
  server_error: { status: 500, summary: 'an unexpected error; the log has the details under the request id' },
  insufficient_storage: {
    status: 507,
    expose: true,
    summary: 'free disk space is below SEGL_MIN_FREE_BYTES, or the disk is full; nothing was stored',
  },
  starting: { status: 503, expose: true, summary: 'the appliance is starting; try again in a few seconds' },
  not_ready: { status: 503, expose: true, summary: 'this node cannot serve now (starting, or no database or keys)' },
  unhealthy: { status: 503, expose: true, summary: 'a part of the appliance needs the operator' },
  app_unavailable: { status: 503, expose: true, summary: 'the staff app is not available (assets missing)' },
  portal_unavailable: { status: 503, expose: true, summary: 'the verification portal is not available' },
  signing_page_unavailable: { status: 503, expose: true, summary: 'the signer page is not available' },
  sign_in_unavailable: { status: 503, expose: true, summary: 'the sign-in pages are not available' },
} as const satisfies Section;

/** Staff sign-in, credentials and roles. */
const AUTH = {
  unauthenticated: { status: 401, summary: 'missing, unknown or revoked credentials' },
  unauthorized: { status: 401, summary: 'a valid metrics token is required' },
  insufficient_scope: { status: 403, summary: 'the token lacks the scope the route needs' },
  forbidden: { status: 403, summary: 'the role or the grant is not enough' },
  invalid_credentials: { status: 401, summary: 'wrong e-mail or password' },
  invalid_code: {
    status: 400,
    otherStatuses: [401, 422],
    summary: 'not a document code (400), a wrong second-factor code (401) or enrolment code (422)',
  },
  invalid_link: { status: 404, summary: 'the setup or enrolment link is not valid (any more)' },
  enrolment_not_started: { status: 409, summary: 'set the password first, then confirm the code' },
  weak_password: { status: 422, summary: 'the password is too short or too common' },
  sso_failed: { status: 400, summary: 'the identity provider refused or the answer did not check out' },
  sso_no_account: { status: 403, summary: 'no staff account has the e-mail the provider named' },
  sso_not_configured: { status: 404, summary: 'single sign-on is not configured' },
  sso_unavailable: { status: 502, expose: true, summary: 'the identity provider cannot be reached' },
} as const satisfies Section;

/** Staff accounts, groups and API tokens. */
const STAFF = {
  email_taken: { status: 409, summary: 'a user has this e-mail address' },
  last_admin: { status: 409, summary: 'the last active administrator cannot be demoted or disabled' },
  user_disabled: { status: 409, summary: 'the user is disabled' },
  unknown_user: { status: 422, otherStatuses: [404], summary: 'no such user' },
  unknown_group: { status: 422, summary: 'no such group' },
  already_member: { status: 409, summary: 'the user is in the group already' },
  group_name_taken: { status: 409, summary: 'a group has this name' },
  invalid_group_name: { status: 422, summary: 'not a usable group name' },
  expiry_too_late: { status: 422, summary: 'a token cannot outlive the token that makes it' },
} as const satisfies Section;

/** Folders, grants and documents in the archive. */
const ARCHIVE = {
  folder_name_taken: { status: 409, summary: 'a folder with this name exists here' },
  folder_cycle: { status: 409, summary: 'a folder cannot move below itself' },
  folder_not_empty: { status: 409, summary: 'the folder has subfolders or documents' },
  folder_required: { status: 422, summary: 'members must name a folder' },
  invalid_folder_name: { status: 422, summary: 'not a usable folder name' },
  grant_exists: { status: 409, summary: 'the user or group has a grant on this folder' },
  invalid_cursor: { status: 422, summary: 'the cursor is not one this list gave' },
  invalid_idempotency_key: { status: 400, summary: 'Idempotency-Key must be 1 to 200 visible ASCII characters' },
  idempotency_conflict: { status: 409, summary: 'the Idempotency-Key was used for another upload' },
  document_deleted: { status: 409, summary: 'the document was deleted' },
  legal_hold: { status: 409, summary: 'a legal hold keeps the document' },
  document_key_gone: { status: 409, summary: 'the document was deleted: its key was destroyed' },
  document_unreadable: { status: 500, summary: 'a stored document does not read back as it was stored' },
  audit_chain_broken: { status: 500, summary: 'the audit trail does not verify' },
} as const satisfies Section;

/** The signing flow: signers, links, one-time codes, sending and sealing. */
const SIGNER_FLOW = {
  signing_link_invalid: { status: 404, summary: 'this signing link is not valid' },
  signing_link_expired: { status: 410, summary: 'this signing link has expired' },
  signer_not_authenticated: { status: 401, summary: 'the signer must prove who they are first' },
  otp_invalid: { status: 422, summary: 'a wrong one-time code (attemptsLeft says how many tries remain)' },
  otp_expired: { status: 410, summary: 'the one-time code expired; ask for a new one' },
  otp_locked: { status: 423, summary: 'too many wrong codes for this link' },
  identity_mismatch: { status: 403, summary: 'the identity provider named someone else than the signer pinned' },
  wrong_auth_method: { status: 409, summary: 'the signer authenticates another way' },
  unknown_auth_method: { status: 422, summary: 'no such authentication method is configured' },
  pin_needs_oidc: { status: 422, summary: 'a pinned identity needs an identity provider' },
  signer_exists: { status: 409, summary: 'a signer with this e-mail is on the document' },
  too_many_signers: { status: 409, summary: 'the document has as many signers as it may' },
  no_signers: { status: 409, summary: 'add a signer first' },
  invalid_expiry: { status: 422, summary: 'the expiry is not in the future, or too far' },
  document_not_draft: { status: 409, summary: 'only drafts can change signers or be sent' },
  document_not_pending: { status: 409, summary: 'the document is not waiting for signatures' },
  document_not_completed: { status: 409, summary: 'the document is not sealed yet' },
  document_sealing: { status: 409, summary: 'every signer signed: the document is being sealed' },
  document_changed: { status: 409, summary: 'sha256 is not what is being signed' },
  not_your_turn: { status: 409, summary: 'an earlier signer signs first' },
  signer_done: { status: 409, summary: 'the signer signed or declined already' },
} as const satisfies Section;

/** Webhooks and their deliveries. */
const WEBHOOKS = {
  invalid_webhook_url: { status: 422, summary: 'not an absolute https URL without credentials' },
  webhook_url_refused: { status: 422, summary: 'the URL names a private or loopback address' },
  invalid_webhook_events: { status: 422, summary: 'the event list is not usable' },
  unknown_event_type: { status: 422, summary: 'no such event type' },
  delivery_pending: { status: 409, summary: 'the delivery is still pending' },
  webhook_disabled: { status: 409, summary: 'the webhook was deleted' },
  webhook_delivery_failed: { status: 502, summary: 'the receiver did not accept the delivery' },
} as const satisfies Section;

/** Keys, backups, configuration, storage, mail and other outside services. */
const OPERATIONS = {
  invalid_config: { status: 400, summary: 'the configuration (environment) is not valid' },
  database_unavailable: { status: 503, expose: true, summary: 'the database cannot be reached' },
  blob_missing: { status: 500, summary: 'a stored file is missing' },
  invalid_blob_name: { status: 500, summary: 'not a blob name' },
  kek_missing: { status: 400, otherStatuses: [409, 422], summary: 'the key-encryption key is not available' },
  kek_required: { status: 422, summary: 'this backup does not contain the KEK: give it' },
  kek_next_required: { status: 400, summary: 'with SEGL_KEK set, the new key must be given' },
  kek_unchanged: { status: 400, summary: 'the new KEK equals the current one' },
  kek_unknown: { status: 500, summary: 'the key-encryption key that wraps this is not loaded' },
  key_rotation_in_progress: { status: 409, summary: 'a key rotation has not finished' },
  no_appliance_data: { status: 404, summary: 'the data directory holds no appliance' },
  backup_failed: { status: 500, otherStatuses: [503], expose: true, summary: 'the backup could not be written' },
  backup_damaged: { status: 422, summary: 'the backup file is damaged' },
  backup_incomplete: { status: 422, summary: 'the backup file lacks a part' },
  backup_unreadable: { status: 422, summary: 'not a backup file' },
  backup_schema_mismatch: { status: 422, summary: 'the backup does not fit this version' },
  restore_target_not_empty: { status: 409, summary: 'restore into a new, empty data directory' },
  restore_target_unsupported: { status: 422, summary: 'a SQLite backup is restored to DATA/segl.sqlite' },
  backup_tampered: { status: 422, summary: 'the manifest of the backup was altered' },
  backup_newer_than_software: { status: 422, summary: 'the backup comes from newer software' },
  backup_dialect_mismatch: { status: 422, summary: 'the backup is of the other database (SQLite or PostgreSQL)' },
  mail_unavailable: { status: 503, expose: true, summary: 'e-mail cannot be sent now' },
  invalid_email: { status: 422, summary: 'not an e-mail address' },
  invalid_mail_content: { status: 500, summary: 'a message cannot be composed' },
  invalid_mail_link: { status: 500, summary: 'a link in a message is not an absolute URL' },
  outbound_refused: { status: 502, expose: true, summary: 'the target is not a public address' },
  verification_busy: { status: 503, summary: 'every verifier is busy; try again shortly' },
  verification_unavailable: { status: 503, summary: 'the file could not be verified' },
  invalid_trust_anchors: { status: 400, summary: 'the trust anchors are not PEM certificates' },
  invalid_level: { status: 400, summary: 'not a PAdES level: B-B, B-T, B-LT or B-LTA' },
  lta_conflict: { status: 409, summary: 'the document changed while its evidence was renewed' },
  lta_tsa_unfit: { status: 503, summary: 'the TSA certificate expires too soon to renew with' },
} as const satisfies Section;

/** The PDF layer (PdfError): files that cannot be read, stamped or signed. */
const PDF = {
  not_a_pdf: { status: 422, summary: 'the file does not start with a PDF header' },
  pdf_unreadable: { status: 422, summary: 'the file cannot be read as a PDF' },
  unreadable_pdf: { status: 422, summary: 'the uploaded file could not be read as a PDF' },
  pdf_unverifiable: { status: 422, summary: 'the file could not be verified: its structure is not understood' },
  pdf_encrypted: { status: 422, summary: 'the document is password-protected' },
  pdf_damaged: { status: 422, summary: 'the file is damaged; repair it (e.g. with qpdf)' },
  pdf_syntax: { status: 422, summary: 'a syntax error in the file' },
  pdf_truncated: { status: 422, summary: 'the file is truncated' },
  pdf_no_xref: { status: 422, summary: 'the file has no cross-reference (startxref)' },
  pdf_broken_xref: { status: 422, summary: 'the cross-reference data is broken' },
  pdf_no_catalog: { status: 422, summary: 'the document catalog cannot be read' },
  pdf_no_pages: { status: 422, summary: 'the document has no readable pages' },
  pdf_bad_page_tree: { status: 422, summary: 'the page tree is malformed' },
  pdf_page_tree_loop: { status: 422, summary: 'the page tree loops or is too deep' },
  pdf_reference_loop: { status: 422, summary: 'an object refers to itself' },
  pdf_bad_stream: { status: 422, summary: 'a stream is corrupt' },
  pdf_unsupported_filter: { status: 422, summary: 'a stream filter is not supported' },
  pdf_stream_too_large: { status: 422, summary: 'a compressed stream expands beyond the limit' },
  pdf_too_deep: { status: 422, summary: 'objects are nested too deeply' },
  pdf_too_large: { status: 422, summary: 'the file is too large to sign' },
  pdf_too_many_objects: { status: 422, summary: 'the document refers to too many objects' },
  pdf_too_many_pages: { status: 422, summary: 'the document has more pages than allowed' },
  pdf_already_signed: { status: 422, summary: 'the signatures in the document forbid stamping its pages' },
  pdf_certified_no_changes: { status: 422, summary: 'the document is certified with "no changes allowed"' },
  signature_too_large: { status: 422, summary: 'the signature needs more room than was reserved' },
  stamp_code_missing: { status: 422, summary: 'the stamp needs the document code' },
  font_missing: { status: 500, summary: 'a stamp font is missing from the installation' },
  pdf_write_failed: { status: 500, summary: 'an update could not be written (an object the writer cannot serialize)' },
  lta_missing: { status: 422, summary: 'the document has no long-term evidence to renew' },
  lta_unreadable: { status: 422, summary: 'the long-term evidence cannot be read' },
} as const satisfies Section;

/** The crypto layer (CryptoError): DER, CMS, keys and the per-document envelope. */
const CRYPTO = {
  malformed_der: { status: 422, summary: 'not a DER value' },
  malformed_pem: { status: 422, summary: 'not PEM' },
  cms_unreadable: { status: 422, summary: 'CMS SignedData cannot be parsed' },
  cms_bad_attribute: { status: 500, summary: 'a signed attribute is not allowed here' },
  cms_bad_digest: { status: 500, summary: 'a 32-byte SHA-256 content digest is required' },
  unsupported_key_type: { status: 500, summary: 'keys of this type cannot sign here' },
  invalid_signature_value: { status: 500, summary: 'a signature value does not have the expected form' },
  unsupported_operation: { status: 500, summary: 'the crypto layer does not do this (e.g. sign with a verifier)' },
  invalid_kek: { status: 500, expose: true, summary: 'the key-encryption key is not 32 bytes' },
  kek_mismatch: { status: 500, otherStatuses: [422], summary: 'the key-encryption key does not open what it should' },
  invalid_session_key: { status: 500, summary: 'a document key does not have the expected form' },
  envelope_corrupt: { status: 500, summary: 'an encrypted document does not decrypt' },
} as const satisfies Section;

/** The PKI layer (PkiError): certificates, revocation, timestamps, trusted lists and the seal key. */
const PKI = {
  malformed_certificate: { status: 422, summary: 'a certificate cannot be parsed' },
  malformed_crl: { status: 422, summary: 'a CRL cannot be parsed' },
  malformed_ocsp_response: { status: 422, summary: 'an OCSP response cannot be parsed' },
  invalid_ocsp_request: { status: 400, summary: 'the OCSP request is not base64' },
  unknown_certificate: { status: 404, summary: 'the appliance CA issued no certificate with this serial' },
  certificate_revoked: { status: 422, summary: 'a certificate in the chain is revoked' },
  revocation_unavailable: { status: 502, summary: 'revocation data could not be fetched' },
  pki_incomplete: { status: 500, summary: 'the PKI directory is incomplete' },
  pki_locked: { status: 503, summary: 'the PKI directory stays locked' },
  timestamp_unavailable: { status: 503, summary: 'no timestamp authority gave a valid token' },
  timestamp_source_failed: { status: 502, summary: 'one timestamp authority gave no usable answer' },
  timestamp_bad_digest: { status: 500, summary: 'a 32-byte SHA-256 digest is required' },
  timestamp_unreadable: { status: 422, summary: 'a timestamp token cannot be read' },
  invalid_tsa_url: { status: 500, summary: 'SEGL_TSA_URLS names something that is not an http(s) URL' },
  trust_list_unreadable: { status: 422, summary: 'a trusted list cannot be read' },
  trust_list_unsigned: { status: 422, summary: 'a trusted list is not signed' },
  trust_list_signature_invalid: { status: 422, summary: "a trusted list's signature fails" },
  seal_key_in_hsm: { status: 409, summary: 'the seal key is on an HSM (SEGL_PKCS11_*)' },
  seal_key_wrong_passphrase: { status: 422, summary: 'the passphrase does not open the PKCS#12 file' },
  seal_key_unreadable: { status: 422, summary: 'the PKCS#12 file or its certificate cannot be read' },
  seal_key_no_private_key: { status: 422, summary: 'the PKCS#12 file holds no private key' },
  seal_key_ambiguous: { status: 422, summary: 'the PKCS#12 file holds several private keys' },
  seal_key_mismatch: { status: 422, otherStatuses: [500], summary: 'the private key does not match the certificate' },
  seal_key_unsupported: {
    status: 422,
    otherStatuses: [500],
    summary: 'keys of this type cannot seal (RSA and EC can)',
  },
  seal_key_weak: { status: 422, summary: 'the key is too weak for a seal' },
  seal_key_usage: { status: 422, summary: 'the certificate may not seal documents (key usage)' },
  seal_key_corrupt: { status: 500, summary: 'the stored seal key cannot be opened' },
  seal_certificate_expired: { status: 422, summary: 'the seal certificate expired' },
  seal_certificate_not_yet_valid: { status: 422, summary: 'the seal certificate is not valid yet' },
  seal_chain_incomplete: { status: 422, summary: 'the chain does not reach a root; add it with `chain`' },
  seal_chain_invalid: { status: 422, summary: 'the chain does not verify' },
  seal_chain_unreadable: { status: 422, otherStatuses: [500], summary: 'the chain is not PEM certificates' },
  pkcs11_module_unavailable: { status: 500, summary: 'the PKCS#11 module cannot be loaded' },
  pkcs11_unavailable: { status: 503, summary: 'the HSM does not answer' },
  pkcs11_token_not_found: { status: 500, summary: 'no token has the configured label' },
  pkcs11_pin_incorrect: { status: 500, summary: 'the HSM refuses the PIN' },
  pkcs11_pin_unreadable: { status: 500, summary: 'the PIN file cannot be read' },
  pkcs11_login_failed: { status: 503, summary: 'the HSM login failed' },
  pkcs11_key_not_found: { status: 500, summary: 'no key on the token has the configured label' },
  pkcs11_key_ambiguous: { status: 500, summary: 'several keys on the token have the configured label' },
  pkcs11_certificate_not_found: { status: 500, summary: 'no certificate on the token belongs to the key' },
  pkcs11_sign_failed: { status: 503, summary: 'the HSM did not sign' },
} as const satisfies Section;

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
