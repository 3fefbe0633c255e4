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
  // pg: the server closed the connection (a restart); see toSafeError
  'connection_lost',
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
  error = toSafeError(error);
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

/** The message of an error, safe to print or store: a database error is given as its cause only. */
export function errorMessage(error: unknown): string {
  const safe = toSafeError(error);
  return safe instanceof Error ? safe.message : String(safe);
}

// ---------------------------------------------------------------------------------------------
// Database errors. Drizzle wraps every failed query in a DrizzleQueryError whose message is the SQL
// and its parameters ("Failed query: insert into mailboxes … params: …,<IMAP password>,…"), and
// pg's own errors carry `detail` ("Key (…)=(…) already exists", "Failing row contains (…)") with
// row values. Both reach logs, stderr, Redis (a failed job's reason) and mailboxes.last_error.
// toSafeError turns either into a PostgresError that keeps the cause (SQLSTATE, constraint, table,
// column, which server) and nothing of the data. src/db/database.ts applies it to every query, so
// the raw errors do not leave the database layer; the logger and errorMessage apply it again for
// errors from anywhere else.

/** A PostgreSQL failure without its query, parameters or row values. */
export class PostgresError extends Error {
  override name = 'PostgresError';
  /** SQLSTATE (23505), or the Node code of a connection failure (ECONNREFUSED): isRetryable reads it. */
  readonly code: string | undefined;
  readonly constraint: string | undefined;
  readonly table: string | undefined;
  readonly column: string | undefined;
  /** The server as postgres://user@host:port/database, never with a password. */
  readonly server: string | undefined;
  /** The statement kind and table ("insert into contracts"), never its values. */
  readonly operation: string | undefined;
  /** What went wrong, in PostgreSQL's words without values ('database "x" does not exist'). */
  readonly reason: string;

  constructor(reason: string, fields: PostgresErrorFields = {}) {
    super(postgresMessage(reason, fields));
    this.reason = reason;
    this.code = fields.code;
    this.constraint = fields.constraint;
    this.table = fields.table;
    this.column = fields.column;
    this.server = fields.server === undefined ? undefined : redactUrl(fields.server);
    this.operation = fields.operation;
  }

  /** The same error naming the server it concerns (only failures of the setup name it). */
  withServer(server: string): PostgresError {
    if (this.server || !isSetupCode(this.code)) return this;
    // The URL says where; drop the address the socket reported ("is unreachable at 127.0.0.1:5999").
    const reason = CONNECTION_CODES.has(this.code ?? '') ? this.reason.replace(/ at \S+ \(/, ' (') : this.reason;
    const named = new PostgresError(reason, { ...fieldsOf(this), server });
    named.stack = this.stack?.replace(/^[^\n]*/, `${named.name}: ${named.message}`);
    return named;
  }
}

type PostgresErrorFields = { code?: string; constraint?: string; table?: string; column?: string; server?: string; operation?: string };

function fieldsOf(e: PostgresError): PostgresErrorFields {
  return { code: e.code, constraint: e.constraint, table: e.table, column: e.column, server: e.server, operation: e.operation };
}

/** A URL with its password removed (postgres://user:secret@host/db → postgres://user@host/db). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1@');
  }
}

/** Failures of reaching the server or losing it, as opposed to a statement that failed. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'connection_lost',
]);
/** SQLSTATEs that say the setup is wrong rather than the data, with what to do about it. */
const SETUP_SQLSTATES: Record<string, string> = {
  '3D000': ' — run boete migrate', // invalid_catalog_name: the database does not exist
  '42P01': ' — run boete migrate', // undefined_table: a database without (all) migrations
  '42703': ' — run boete migrate', // undefined_column: migrations behind the code
  '28000': '', // invalid_authorization_specification
  '28P01': '', // invalid_password
  '57P03': '', // cannot_connect_now (starting up, shutting down)
  '53300': '', // too_many_connections
};

function isSetupCode(code: string | undefined): boolean {
  return !!code && (CONNECTION_CODES.has(code) || code.startsWith('08') || code in SETUP_SQLSTATES);
}

function postgresMessage(reason: string, f: PostgresErrorFields): string {
  const who = f.server ? `PostgreSQL at ${redactUrl(f.server)}` : 'PostgreSQL';
  if (f.code && CONNECTION_CODES.has(f.code)) return `${who} ${reason}`;
  const hint = (f.code && SETUP_SQLSTATES[f.code]) ?? '';
  const facts = [
    f.code && /^[0-9A-Z]{5}$/.test(f.code) ? `SQLSTATE ${f.code}` : '',
    f.constraint ? `constraint ${f.constraint}` : '',
    f.table ? `table ${f.table}` : '',
    f.column ? `column ${f.column}` : '',
    f.operation && !f.server ? `in ${f.operation}` : '',
  ].filter(Boolean);
  return `${who}: ${reason}${hint}${facts.length ? ` (${facts.join(', ')})` : ''}`;
}

/** True when the server is unreachable, missing the database, refusing us, or not migrated. */
export function isDatabaseSetupFailure(error: unknown): boolean {
  const safe = toSafeError(error);
  return safe instanceof PostgresError && isSetupCode(safe.code);
}

type PgLike = { code: string; message: string; severity: string; constraint?: string; table?: string; column?: string };

function isPgDatabaseError(value: unknown): value is PgLike {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && /^[0-9A-Z]{5}$/.test(v.code) && typeof v.severity === 'string' && typeof v.message === 'string';
}

function isDrizzleQueryError(value: unknown): value is Error & { query: string; params: unknown[]; cause?: unknown } {
  if (!(value instanceof Error)) return false;
  const v = value as unknown as Record<string, unknown>;
  return value.constructor?.name === 'DrizzleQueryError' || (typeof v.query === 'string' && Array.isArray(v.params));
}

/** "insert into contracts", "select from clients": which statement failed, without any value. */
function describeOperation(query: string): string | undefined {
  const q = query.replace(/\s+/g, ' ').trim();
  const write = /^(insert into|update|delete from) "?([\w.]+)"?/i.exec(q);
  if (write) return `${write[1]!.toLowerCase()} ${write[2]}`;
  if (/^(select|with)\b/i.test(q)) {
    const from = /\bfrom "?([\w.]+)"?/i.exec(q);
    return from ? `select from ${from[1]}` : 'select';
  }
  const first = /^[a-z]+/i.exec(q);
  return first ? first[0].toLowerCase() : undefined;
}

/** pg messages of class 22 (data exceptions) quote the offending value: `for type date: "…"`. */
function cleanPgMessage(code: string, message: string): string {
  if (!code.startsWith('22')) return message;
  return message.replace(/(?<!encoding )"[^"]*"/g, '"…"');
}

function connectionTarget(error: Record<string, unknown>): string | undefined {
  if (typeof error.address === 'string') return `${error.address}${typeof error.port === 'number' ? `:${error.port}` : ''}`;
  if (typeof error.hostname === 'string') return error.hostname;
  return undefined;
}

/**
 * Converts a database error (a DrizzleQueryError, a pg error, or — with `fromDatabase` — a
 * connection failure seen by the database layer) to a PostgresError that holds no query parameters
 * or row values. Any other value is returned unchanged.
 */
export function toSafeError(error: unknown, context: { server?: string; fromDatabase?: boolean } = {}): unknown {
  if (error instanceof PostgresError) return context.server ? error.withServer(context.server) : error;
  let operation: string | undefined;
  let cause: unknown = error;
  let fromDatabase = context.fromDatabase ?? false;
  for (let depth = 0; depth < 5 && isDrizzleQueryError(cause); depth += 1) {
    operation ??= describeOperation(cause.query);
    fromDatabase = true;
    cause = cause.cause;
  }
  let clean: PostgresError;
  if (cause instanceof PostgresError) {
    clean = cause.operation || !operation ? cause : new PostgresError(cause.reason, { ...fieldsOf(cause), operation });
  } else if (isPgDatabaseError(cause)) {
    clean = new PostgresError(cleanPgMessage(cause.code, cause.message), {
      code: cause.code, constraint: cause.constraint, table: cause.table, column: cause.column, operation,
    });
  } else if (fromDatabase && cause instanceof Error) {
    // Not a server error: a connection that failed or went away, or a client-side pg error.
    const raw = cause as Error & Record<string, unknown>;
    let code = typeof raw.code === 'string' ? raw.code : undefined;
    if (!code && /connection terminated|not queryable|connection error/i.test(raw.message)) code = 'connection_lost';
    if (code && CONNECTION_CODES.has(code)) {
      const target = context.server ? undefined : connectionTarget(raw);
      const reason = code === 'connection_lost' ? `closed the connection (${raw.message})` : `is unreachable${target ? ` at ${target}` : ''} (${code})`;
      clean = new PostgresError(reason, { code, operation });
    } else {
      clean = new PostgresError(raw.message, { code, operation });
    }
  } else {
    return error;
  }
  if (clean !== cause) {
    // Keep the frames (where it failed), not the original first line (which held the SQL).
    const frames = (error instanceof Error ? error.stack : undefined)?.split('\n').filter((line) => /^\s+at /.test(line));
    if (frames?.length) clean.stack = `${clean.name}: ${clean.message}\n${frames.join('\n')}`;
  }
  return context.server ? clean.withServer(context.server) : clean;
}
