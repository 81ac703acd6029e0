/**
 * The one error type of the project: a stable snake_case `code`, an HTTP `status`, and whether the
 * message may be shown to the client (`expose`). CLI exit codes and HTTP answers are derived from it.
 */
export class SeglError extends Error {
  readonly code: string;
  readonly status: number;
  readonly expose: boolean;
  readonly details?: Record<string, unknown>;

  constructor(options: {
    code: string;
    message: string;
    status?: number;
    expose?: boolean;
    cause?: unknown;
    details?: Record<string, unknown>;
  }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SeglError';
    this.code = options.code;
    this.status = options.status ?? 400;
    this.expose = options.expose ?? this.status < 500;
    this.details = options.details;
  }
}

export function isSeglError(error: unknown): error is SeglError {
  return error instanceof SeglError;
}

/** Input we cannot read at all (not a PDF, broken beyond repair, encrypted, hostile). */
export function unreadableInput(code: string, message: string, cause?: unknown): SeglError {
  return new SeglError({ code, message, status: 422, cause });
}
