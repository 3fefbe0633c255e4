// Before any test: the real services are up (PostgreSQL, Redis, Dovecot) and a migrated template
// database exists, so each integration test can clone a fresh database in milliseconds.
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { runMigrations } from '../../src/db/migrate.js';
import { ADMIN_URL, TEMPLATE_DB, databaseUrl } from './services.js';

export default async function setup() {
  execFileSync('bash', ['scripts/services.sh'], { stdio: 'inherit' });
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  await runMigrations(databaseUrl(TEMPLATE_DB));
}
