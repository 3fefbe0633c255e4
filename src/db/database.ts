// The PostgreSQL connection pool and the drizzle handle on it.
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from '../../db/schema.js';
import { errorMessage, ServiceUnavailableError } from '../errors.js';

export type Database = NodePgDatabase<typeof schema>;
/** A database handle or a transaction on it: repositories accept either. */
export type Executor = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

export type DatabaseHandle = { db: Database; pool: pg.Pool; close: () => Promise<void> };

const ignore = () => undefined;

export function openDatabase(url: string, options: { max?: number } = {}): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
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
  return new ServiceUnavailableError(`PostgreSQL at ${postgresAddress(url)} is not reachable (${message.split('\n')[0]})`, { cause: error });
}
