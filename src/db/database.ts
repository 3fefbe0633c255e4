// The PostgreSQL connection pool and the drizzle handle on it.
import { drizzle, NodePgSession, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { PgPreparedQuery } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from '../../db/schema.js';
import { errorMessage, ServiceUnavailableError, toSafeError } from '../errors.js';

export type Database = NodePgDatabase<typeof schema>;
/** A database handle or a transaction on it: repositories accept either. */
export type Executor = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

export type DatabaseHandle = { db: Database; pool: pg.Pool; close: () => Promise<void> };

const ignore = () => undefined;

/** postgres://user@host:port/database of a client: where it connects, never its password. */
function serverOf(client: { user?: string; host?: string; port?: number; database?: string }): string {
  return `postgres://${client.user ? `${encodeURIComponent(client.user)}@` : ''}${client.host ?? ''}:${client.port ?? ''}/${client.database ?? ''}`;
}

/**
 * A pg client whose failure to connect is a PostgresError naming the server without its password
 * ("PostgreSQL at postgres://postgres@127.0.0.1:5999/boete is unreachable (ECONNREFUSED)"). pg-pool
 * connects with a callback, drizzle's transactions and the migrator with a promise.
 */
export class PostgresClient extends pg.Client {}
type Connect = (this: pg.Client, callback?: (error: Error | null) => void) => Promise<unknown> | void;
const baseConnect = pg.Client.prototype.connect as unknown as Connect;
const connect: Connect = function (callback) {
  const classify = (error: unknown) => toSafeError(error, { fromDatabase: true, server: serverOf(this) }) as Error;
  if (callback) return baseConnect.call(this, (error) => callback(error ? classify(error) : error));
  return (baseConnect.call(this) as Promise<unknown>).then(
    (result) => result,
    (error: unknown) => {
      throw classify(error);
    },
  );
};
Object.defineProperty(PostgresClient.prototype, 'connect', { value: connect, writable: true, configurable: true });

// Drizzle wraps every failed query in a DrizzleQueryError whose message holds the SQL and all its
// parameters (passwords, renter names, whole mails as bytes). Every drizzle query runs through
// PgPreparedQuery.queryWithCache, so it is classified here, once, into a PostgresError that keeps
// the cause (SQLSTATE, constraint, table, statement kind) and none of the values. The method is
// internal to drizzle: if an upgrade removes it, fail at start-up rather than leak quietly
// (test/integration/no-leaks.test.ts would see the leak too).
type QueryWithCache = (this: unknown, queryString: string, params: unknown[], query: () => Promise<unknown>) => Promise<unknown>;
const preparedQuery = PgPreparedQuery.prototype as unknown as { queryWithCache?: QueryWithCache; __boeteSafe?: true };
if (!preparedQuery.__boeteSafe) {
  const original = preparedQuery.queryWithCache;
  if (typeof original !== 'function') throw new Error('drizzle-orm changed: PgPreparedQuery.queryWithCache is gone; see src/db/database.ts');
  preparedQuery.queryWithCache = async function (this: unknown, queryString, params, query) {
    try {
      return await original.call(this, queryString, params, query);
    } catch (error) {
      throw toSafeError(error, { fromDatabase: true });
    }
  };
  preparedQuery.__boeteSafe = true;
}

// Drizzle's transaction on a pool checks a client out and sends BEGIN *before* its try/finally: a
// BEGIN that fails (PostgreSQL shutting down: 57P01 "in begin") never gives the client back. After
// ten of those every pool.connect() waits for ever, and `run --once` ended with exit 13 (nothing left
// to wait on) instead of naming PostgreSQL. So the client is checked out here, the original runs on a
// session bound to that one client (it neither connects nor releases then), and it is released here
// whatever happens; pg-pool destroys it instead of reusing it when its connection broke.
type SessionInternals = { client: unknown; dialect: unknown; schema: unknown; options: unknown };
type Transaction = (this: SessionInternals, transaction: unknown, config?: unknown) => Promise<unknown>;
const sessionPrototype = NodePgSession.prototype as unknown as { transaction?: Transaction; __boeteReleases?: true };
if (!sessionPrototype.__boeteReleases) {
  const original = sessionPrototype.transaction;
  if (typeof original !== 'function') throw new Error('drizzle-orm changed: NodePgSession.transaction is gone; see src/db/database.ts');
  sessionPrototype.transaction = async function (this: SessionInternals, transaction, config) {
    if (!(this.client instanceof pg.Pool)) return original.call(this, transaction, config);
    const client = await this.client.connect();
    try {
      const Session = NodePgSession as unknown as new (client: unknown, dialect: unknown, schema: unknown, options: unknown) => SessionInternals;
      return await original.call(new Session(client, this.dialect, this.schema, this.options), transaction, config);
    } finally {
      client.release();
    }
  };
  sessionPrototype.__boeteReleases = true;
}

/** The pool under a drizzle handle, for a repository that needs one connection for several round trips of its own. */
export const poolOf = (db: Database): pg.Pool => (db as unknown as { $client: pg.Pool }).$client;

export function openDatabase(url: string, options: { max?: number } = {}): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, Client: PostgresClient as unknown as new () => pg.ClientBase });
  // A connection that PostgreSQL closes (restart: 57P01, or a dropped socket) emits 'error'. The
  // pool listens on idle clients only; a client checked out between two queries (a transaction, the
  // poller's advisory-lock connection) has no listener, and the event would kill the process. Every
  // client gets a listener for its whole life: the query in flight rejects (and is retried), and
  // the broken client is not reused (pg-pool drops clients that are no longer queryable).
  pool.on('connect', (client) => client.on('error', ignore));
  pool.on('error', ignore);
  const db = drizzle(pool, { schema });
  return { db, pool, close: () => pool.end() };
}

/** host:port/database of DATABASE_URL, for messages: never the password. */
export function postgresAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'the address in DATABASE_URL';
  }
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '3D000', '28P01', '28000']);

/** A connection-level failure (server down, restarting, unknown database, login) as one line naming PostgreSQL. */
export function asPostgresUnavailable(url: string, error: unknown): unknown {
  if (error instanceof ServiceUnavailableError) return error;
  // drizzle wraps the driver's error (its message carries the SQL): the cause is what happened.
  const cause = (error as { cause?: unknown }).cause;
  const driverError = cause && typeof cause === 'object' && 'code' in cause ? cause : error;
  const code = (driverError as { code?: string }).code;
  const message = errorMessage(driverError);
  const connectionLevel = (code && (CONNECTION_CODES.has(code) || code.startsWith('08'))) || /Connection terminated|connect ECONN|timeout exceeded when trying to connect/i.test(message);
  if (!connectionLevel) return error;
  const first = message.split('\n')[0] ?? '';
  // A connection error from PostgresClient already names the server: say it once, keep its reason.
  const reason = /^PostgreSQL at \S+ is unreachable \((.*)\)$/.exec(first)?.[1] ?? first;
  return new ServiceUnavailableError(`PostgreSQL at ${postgresAddress(url)} is not reachable (${reason})`, { cause: error });
}
