import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; secrets are redacted by key wherever they appear. */
export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'segl' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'password',
          'token',
          'otp',
          'secret',
          'authorization',
          'cookie',
          '*.password',
          '*.token',
          '*.otp',
          '*.secret',
          '*.authorization',
          '*.cookie',
          'req.headers.authorization',
          'req.headers.cookie',
        ],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}
