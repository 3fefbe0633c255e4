// Structured logs (pino). Secrets never reach a log line: every field that could carry one is redacted.
import { pino, type Logger } from 'pino';

export type { Logger };

const REDACTED_PATHS = [
  'password',
  '*.password',
  '*.*.password',
  'pass',
  '*.pass',
  'auth.pass',
  '*.auth.pass',
  'passwordEnv',
  'connectionString',
  '*.connectionString',
  'headers.authorization',
];

export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): Logger {
  // Logs go to stderr so that commands like `boete parse --json` and `boete export` keep stdout clean.
  return pino(
    {
      level,
      base: { service: 'boete' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
