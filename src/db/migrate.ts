// Applies the committed migrations. Several processes may start at once (a deploy of N workers):
// a session advisory lock makes them take turns, and the second finds nothing left to do.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { PostgresClient } from './database.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// src/db/ → ../../db/migrations; when built, dist/src/db/ → ../../../db/migrations (SQL is not copied).
const MIGRATIONS_FOLDER = [path.join(here, '../../db/migrations'), path.join(here, '../../../db/migrations')].find((dir) =>
  existsSync(path.join(dir, 'meta/_journal.json')),
) ?? path.join(here, '../../db/migrations');
const MIGRATION_LOCK = 0x626f657465; // "boete"

/** Creates the database named in the URL when it does not exist yet (a fresh machine); true if it did. */
export async function ensureDatabaseExists(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) return false;
  const probe = new PostgresClient({ connectionString: url });
  try {
    await probe.connect();
    return false;
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') throw error; // 3D000: database does not exist
  } finally {
    await probe.end().catch(() => undefined);
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new PostgresClient({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    return true;
  } catch (error) {
    // 42P04: another process created it first; 23505: the same race seen through pg_database.
    const code = (error as { code?: string }).code;
    if (code !== '42P04' && code !== '23505') throw error;
    return false;
  } finally {
    await client.end();
  }
}

/** Migrations recorded as applied (drizzle's journal table; 0 before the first migration). */
async function appliedCount(client: PostgresClient): Promise<number> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('drizzle.__drizzle_migrations')::text AS t`);
  if (!exists.rows[0]?.t) return 0;
  const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM drizzle.__drizzle_migrations');
  return Number(rows[0]?.n ?? 0);
}

export type MigrationResult = { createdDatabase: boolean; applied: number };

export async function runMigrations(url: string): Promise<MigrationResult> {
  const createdDatabase = await ensureDatabaseExists(url);
  const client = new PostgresClient({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const before = await appliedCount(client);
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
    return { createdDatabase, applied: (await appliedCount(client)) - before };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}
