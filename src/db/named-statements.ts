// The statements every document sends (the read-budget figures, the reading, the assessment's facts
// and its save) run as named prepared statements: PostgreSQL parses and plans each once per
// connection instead of on every call. Measured with log_statement_stats on bench/ingest.ts, parse
// and bind (which plans an unnamed statement) were over half of PostgreSQL's CPU for them.
//
// A statement's name is a hash of its text, so two texts never share a name (pg refuses that) and
// the same text finds the statement its connection prepared before. The texts are built by code, so
// there are a handful of them (e.g. with and without alerts), not one per call.
import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { PgDialect, type PgSession } from 'drizzle-orm/pg-core';
import type { Executor } from './database.js';

const dialect = new PgDialect();
const names = new Map<string, string>();

/** The name of the prepared statement for `text` (at most 63 bytes, PostgreSQL's limit). */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    // A bound on the cache, not on the statements: texts come from code, so this is never reached.
    if (names.size >= 1000) names.clear();
    name = `boete_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * db.execute(query) as a named statement: the same drizzle path (its result types, the error
 * classification of database.ts), on the pool or on the transaction's own client.
 */
export async function executeNamed<Row extends Record<string, unknown>>(db: Executor, query: SQL): Promise<{ rows: Row[] }> {
  const session = (db as unknown as { session?: PgSession }).session;
  if (!session || typeof session.prepareQuery !== 'function') throw new Error('drizzle-orm changed: a database has no session.prepareQuery; see src/db/named-statements.ts');
  const built = dialect.sqlToQuery(query);
  const prepared = session.prepareQuery(built, undefined, statementName(built.sql), false);
  return (await prepared.execute()) as { rows: Row[] };
}
