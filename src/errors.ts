// Errors are classified where they happen: a permanent error will fail the same way on every retry
// (bad input, a document that cannot be read), a retryable one may succeed later (network, locks).
// Job handlers record permanent failures as a state of the document and let BullMQ retry the rest.

export class PermanentError extends Error {
  override name = 'PermanentError';
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class RetryableError extends Error {
  override name = 'RetryableError';
}

/**
 * A service the command needs (Redis, PostgreSQL) cannot be reached. Its message is one line that
 * names the service and its address (never a password): the CLI prints it alone, exit code 1.
 */
export class ServiceUnavailableError extends RetryableError {
  override name = 'ServiceUnavailableError';
}

/** Thrown for bad user input to the CLI (a file, an argument): printed as-is, exit code 2. */
export class InputError extends Error {
  override name = 'InputError';
}

const RETRYABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  // imapflow: the connection went away or timed out mid-command (ImapFlowErrorCode)
  'NoConnection',
  'EConnectionClosed',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'UPGRADE_TIMEOUT',
  'ETIMEOUT',
  'LockTimeout',
  'ETHROTTLE',
  'DownloadIncomplete',
]);

// PostgreSQL SQLSTATE classes that are worth retrying: connection exceptions, serialization
// failures and deadlocks, too many connections, server shutting down.
const RETRYABLE_SQLSTATE_PREFIXES = ['08', '40', '53', '57P'];

export function isRetryable(error: unknown): boolean {
  if (error instanceof RetryableError) return true;
  if (error instanceof PermanentError) return false;
  if (typeof error !== 'object' || error === null) return false;
  // A wrapper (drizzle's query error) is as retryable as the driver error it wraps.
  const cause = (error as { cause?: unknown }).cause;
  if (cause && cause !== error && isRetryable(cause)) return true;
  // pg: the server went away mid-query (a restart); the message is all it gives.
  if (error instanceof Error && /^Connection terminated/.test(error.message)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (RETRYABLE_NODE_CODES.has(code)) return true;
    if (RETRYABLE_SQLSTATE_PREFIXES.some((prefix) => code.startsWith(prefix))) return true;
  }
  return false;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
