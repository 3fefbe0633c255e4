// Structured logs (pino). Secrets and personal data never reach a log line: every field that could
// carry one is redacted, and errors are written by serializeError, which gives a database error
// as its cause only (no SQL parameters, no row values) and leaves out fields that hold data.
import { pino, type Logger } from 'pino';
import { toSafeError } from './errors.js';

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
  // Query parameters and file or mail bytes, should anything log them beside an error.
  'params',
  '*.params',
  'raw',
  '*.raw',
  'content',
  '*.content',
];

/** Properties of an error that may hold data (pg's row values, drizzle's query and parameters, bytes). */
const DATA_PROPERTIES = new Set(['query', 'params', 'parameters', 'detail', 'where', 'internalQuery', 'raw', 'content', 'bytes', 'response', 'config', 'password', 'pass', 'auth']);

/** An error as a log object: type, message, code and the like, its stack and its causes. */
export function serializeError(error: unknown, depth = 0): unknown {
  const safe = toSafeError(error);
  if (!(safe instanceof Error)) return typeof safe === 'object' && safe !== null ? { message: '[non-error value]' } : { message: String(safe) };
  const out: Record<string, unknown> = { type: safe.name, message: safe.message };
  for (const [key, value] of Object.entries(safe)) {
    if (DATA_PROPERTIES.has(key) || key in out || key === 'name' || key === 'reason') continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) out[key] = typeof value === 'string' ? value.slice(0, 500) : value;
  }
  if (safe.stack) out.stack = safe.stack;
  if (depth < 4) {
    if (safe.cause !== undefined) out.cause = serializeError(safe.cause, depth + 1);
    if (safe instanceof AggregateError) out.errors = safe.errors.slice(0, 5).map((e) => serializeError(e, depth + 1));
  }
  return out;
}

export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): Logger {
  // Logs go to stderr so that commands like `boete parse --json` and `boete export` keep stdout clean.
  return pino(
    {
      level,
      base: { service: 'boete' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError, error: serializeError },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
