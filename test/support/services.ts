// Addresses of the real services the tests use (see scripts/services.sh).
export const PG_BASE = 'postgres://postgres@127.0.0.1:5432';
export const ADMIN_URL = `${PG_BASE}/postgres`;
// Several checkouts may run their suites at once against one PostgreSQL: each names its own template.
export const TEMPLATE_DB = process.env.BOETE_TEST_TEMPLATE_DB ?? 'boete_test_template';
export const REDIS_URL = 'redis://127.0.0.1:6379';
export const IMAP_HOST = '127.0.0.1';
export const IMAP_PORT = 1143;
export const IMAP_PASSWORD = 'boete-test';

export const databaseUrl = (name: string) => `${PG_BASE}/${name}`;
