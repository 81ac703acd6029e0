import { ERROR_CATALOGUE, type ErrorCode, type OtherStatusOf } from './error-catalogue.js';

export type { ErrorCode } from './error-catalogue.js';

/** Options of a SeglError; `D` is the shape of `details` (the PDF, crypto and PKI errors name theirs). */
export interface SeglErrorOptions<C extends ErrorCode, D extends object = Record<string, unknown>> {
  code: C;
  message: string;
  /** Only for the few codes the catalogue lets answer with another status; otherwise the catalogue's. */
  status?: OtherStatusOf<C>;
  cause?: unknown;
  /** Structured facts for the caller (a byte count, tries left); only the ones the HTTP layer lists reach clients. */
  details?: D;
}

/**
 * The one error type of the project: a stable snake_case `code` from the error catalogue, which gives its HTTP
 * `status` and whether the message may be shown to the client (`expose`). CLI exit codes and HTTP answers are
 * derived from it. The PDF, crypto and PKI layers throw subclasses (PdfError, CryptoError, PkiError).
 */
export class SeglError<C extends ErrorCode = ErrorCode, D extends object = Record<string, unknown>> extends Error {
  readonly code: C;
  readonly status: number;
  readonly expose: boolean;
  readonly details?: D;

  constructor(options: SeglErrorOptions<C, D>) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SeglError';
    const entry = ERROR_CATALOGUE[options.code];
    this.code = options.code;
    this.status = (options.status as number | undefined) ?? entry.status;
    this.expose = 'expose' in entry ? entry.expose : this.status < 500;
    this.details = options.details;
  }
}

export function isSeglError(error: unknown): error is SeglError {
  return error instanceof SeglError;
}
