import { pino } from 'pino';
import type { DestinationStream, Level, Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Secret-bearing paths removed from every log line. pino's redaction matches exact paths with `*` wildcards for
 * one level, so the common nestings are listed. Secret values must not be logged in the first place; this is the
 * safety net for objects logged whole (a JumpBox spec, a request's headers).
 */
export const REDACT_PATHS = [
  'password',
  'adminPassword',
  'token',
  'clientSecret',
  '*.password',
  '*.adminPassword',
  '*.token',
  '*.clientSecret',
  '*.*.password',
  '*.*.adminPassword',
  '*.*.clientSecret',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'req.headers.cookie',
  'data',
  'stringData',
  '*.data',
  '*.stringData',
];

/** JSON lines on stdout (or `destination` in tests), level from configuration. */
export function createLogger(level: Level | 'silent' = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
