// A fresh, isolated environment per test: its own database (cloned from the migrated template),
// its own BullMQ prefix in the shared Redis and its own Dovecot user (so its own mailbox).
import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { Redis } from 'ioredis';
import pg from 'pg';
import { pino } from 'pino';
import { createApp, type AppHandle } from '../../src/app-context.js';
import { parseConfig, type Config } from '../../src/config.js';
import { importSetup } from '../../src/setup/import-setup.js';
import { parseSetupFile } from '../../src/setup/setup-file.js';
import { ADMIN_URL, IMAP_HOST, IMAP_PASSWORD, IMAP_PORT, REDIS_URL, TEMPLATE_DB, databaseUrl } from './services.js';

export type TestEnv = {
  id: string;
  config: Config;
  env: Record<string, string>;
  imapUser: (name: string) => string;
  app: () => AppHandle;
  appendMail: (user: string, raw: Buffer, internalDate: Date, folder?: string) => Promise<void>;
  /** The common setup: client `acme` (allowed sender acme-rent.be) with its own mailbox `acme`. */
  setupAcme: (options?: { port?: number; at?: Date; defaultFinePolicy?: 'redirect' | 'recharge' }) => Promise<void>;
  dispose: () => Promise<void>;
};

export async function createTestEnv(overrides: Record<string, string> = {}): Promise<TestEnv> {
  const id = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const dbName = `boete_${id}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${TEMPLATE_DB}`);
  await admin.end();
  const env = {
    DATABASE_URL: databaseUrl(dbName),
    REDIS_URL,
    BOETE_QUEUE_PREFIX: `boete-${id}`,
    BOETE_LOG_LEVEL: 'warn',
    BOETE_PARSE_THREADS: '2',
    ...overrides,
  };
  const config = parseConfig(env);
  const apps: AppHandle[] = [];
  return {
    id,
    config,
    env,
    imapUser: (name) => `${id}-${name}`,
    app: () => {
      const app = createApp(config, { log: pino({ level: env.BOETE_LOG_LEVEL }) });
      apps.push(app);
      return app;
    },
    appendMail: async (user, raw, internalDate, folder = 'INBOX') => {
      const client = new ImapFlow({ host: IMAP_HOST, port: IMAP_PORT, secure: false, doSTARTTLS: false, auth: { user, pass: IMAP_PASSWORD }, logger: false });
      await client.connect();
      try {
        await client.mailboxCreate(folder).catch(() => undefined);
        await client.append(folder, raw, [], internalDate);
      } finally {
        await client.logout();
      }
    },
    setupAcme: async ({ port = IMAP_PORT, at = new Date(), defaultFinePolicy } = {}) => {
      const setup = {
        mailboxes: [{ name: 'acme', host: IMAP_HOST, port, secure: false, user: `${id}-acme`, password: IMAP_PASSWORD, folder: 'INBOX', client: 'acme' }],
        clients: [{ code: 'acme', name: 'ACME', addresses: ['acme@fines.example.com'], allowedSenders: ['acme-rent.be'], ...(defaultFinePolicy ? { defaultFinePolicy } : {}) }],
      };
      const app = createApp(config, { log: pino({ level: env.BOETE_LOG_LEVEL }) });
      try {
        await importSetup(app.ctx.db, parseSetupFile(JSON.stringify(setup), 'setup.json'), at);
      } finally {
        await app.close();
      }
    },
    dispose: async () => {
      await Promise.all(apps.map((a) => a.close()));
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`boete-${id}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await a.end();
    },
  };
}

export { IMAP_HOST, IMAP_PASSWORD, IMAP_PORT };
