// The statements every document sends (the read-budget figures, the reading, the assessment's facts
// and its save) run as named prepared statements: PostgreSQL parses and plans each once per
// connection instead of on every call. Measured with log_statement_stats on bench/ingest.ts, parse
// and bind (which plans an unnamed statement) were over half of PostgreSQL's CPU for them.
//
// A statement's name is a hash of its text, so two texts never share a name (pg refuses that) and
// the same text finds the statement its connection prepared before. The texts are built by code, so
// there are a handful of them (e.g. with and without alerts), not one per call.
import { createHash } from 'node:crypto';
import { is, SQL, sql, type Query } from 'drizzle-orm';
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

/** Values of a statement template's placeholders, by name. */
export type Slots = Record<string, unknown>;

/**
 * `row` with each value replaced by a placeholder named `prefix` + its key, the value put in
 * `slots`; undefined (left out) and null (sent as a constant NULL: drizzle's encoders would turn a
 * placeholder's null into JSON `null` for a jsonb column) stay as they are and make up the row's
 * shape, which names the text the row gives.
 */
export function slotted<T extends object>(prefix: string, row: T, slots: Slots): { row: T; shape: string } {
  const out: Record<string, unknown> = {};
  let shape = '';
  for (const [key, value] of Object.entries(row)) {
    if (value === undefined) continue;
    // An SQL expression would be text, not a value: it has no place in a template.
    if (is(value, SQL)) throw new Error(`named-statements: ${prefix}${key} is an SQL expression, not a value`);
    if (value === null) {
      out[key] = null;
      shape += `${key}=null,`;
    } else {
      out[key] = sql.placeholder(prefix + key);
      slots[prefix + key] = value;
      shape += `${key},`;
    }
  }
  return { row: out as T, shape };
}

const templates = new Map<string, Query>();

/**
 * A statement whose text depends only on its shape (`shape`: which columns a row sets, which are
 * null, how many alert rows), built by drizzle once per shape with placeholders (`build`) and then
 * only filled with this call's `slots` (each through its column's encoder) and run as a named
 * statement. Building the text of the reading's and the assessment's statements — a few hundred
 * parameters, each cast by its column — was the largest part of the main thread's work for a
 * document that drizzle did.
 */
export async function executeTemplate<Row extends Record<string, unknown>>(db: Executor, shape: string, build: () => SQL, slots: Slots): Promise<{ rows: Row[] }> {
  const session = sessionOf(db);
  let built = templates.get(shape);
  if (!built) {
    // A bound on the cache: shapes come from code (a few per statement), so this is never reached.
    if (templates.size >= 1000) templates.clear();
    templates.set(shape, (built = dialect.sqlToQuery(build())));
  }
  const prepared = session.prepareQuery(built, undefined, statementName(built.sql), false);
  return (await prepared.execute(slots)) as { rows: Row[] };
}

function sessionOf(db: Executor): PgSession {
  const session = (db as unknown as { session?: PgSession }).session;
  if (!session || typeof session.prepareQuery !== 'function') throw new Error('drizzle-orm changed: a database has no session.prepareQuery; see src/db/named-statements.ts');
  return session;
}
