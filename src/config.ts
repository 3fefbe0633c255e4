// The one place that reads process.env. Everything else receives a parsed, typed Config.
import os from 'node:os';
import { z } from 'zod';
import type { ReadLimits } from './reading/read-budget.js';

const MiB = 1024 * 1024;

/** `VAR=` in a shell or compose file means "not set". */
const emptyIsUnset = (v: unknown) => (v === '' ? undefined : v);

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/boete'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** Prefix of every BullMQ key, so several installations (or test runs) can share one Redis. */
  BOETE_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('boete'),
  BOETE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BOETE_POLL_INTERVAL_SECONDS: positiveInt(60),
  /** Mails larger than this are recorded as `oversized` and never downloaded. */
  BOETE_MAX_MESSAGE_BYTES: positiveInt(20 * MiB),
  /** Worker threads for PDF parsing; one per core leaves the event loop free for lock renewal. */
  BOETE_PARSE_THREADS: positiveInt(Math.max(1, os.availableParallelism())),
  /** A document that takes longer than this to read is recorded as unreadable, not retried forever.
   *  OCR takes about 4 s a page, so a 20-page scan needs some 80 s. */
  BOETE_PARSE_TIMEOUT_MS: positiveInt(180_000),
  /** Pages beyond this are not read: a fine is one to four pages; a 4,000-page PDF is an attack. */
  BOETE_MAX_PAGES: positiveInt(20),
  /** Work one mail may cost (src/reading/read-budget.ts): a mail past these is one recorded item, not hundreds. */
  BOETE_MAX_DOCUMENTS_PER_MAIL: positiveInt(25),
  BOETE_MAX_PAGES_PER_MAIL: positiveInt(100),
  BOETE_MAX_OCR_PAGES_PER_MAIL: positiveInt(40),
  /** Work one client may cost in any 24 hours. */
  BOETE_MAX_PAGES_PER_CLIENT_DAY: positiveInt(5000),
  BOETE_MAX_OCR_PAGES_PER_CLIENT_DAY: positiveInt(1500),
  BOETE_IMAP_CONNECT_TIMEOUT_MS: positiveInt(30_000),
  /**
   * How long a worker holds a job without renewing its lock before the job counts as stalled and
   * is handed to another worker (after `kill -9`, say). Renewed every half of it while the worker lives.
   */
  BOETE_JOB_LOCK_SECONDS: positiveInt(60),
  /** Alerts (spec "Alerts"): without an SMTP URL they are recorded and not sent. smtp:// or smtps://, credentials in the URL. */
  BOETE_SMTP_URL: z.preprocess(emptyIsUnset, z.string().regex(/^smtps?:\/\/.+/, 'an smtp:// or smtps:// URL').optional()),
  BOETE_MAIL_FROM: z.string().trim().toLowerCase().pipe(z.email()).default('boete@localhost'),
  BOETE_OPERATOR_EMAIL: z.preprocess(emptyIsUnset, z.string().trim().toLowerCase().pipe(z.email()).optional()),
  /** Operators are warned this many Belgian working days before a deadline basis. */
  BOETE_ALERT_APPROACHING_DAYS: z.coerce.number().int().min(0).max(20).default(2),
  /** Due alerts of every document are evaluated this often in `worker` mode. */
  BOETE_ALERT_INTERVAL_SECONDS: positiveInt(300),
  /** Immediate mails one client receives in an hour; the rest waits for its next digest. */
  BOETE_ALERT_MAX_PER_CLIENT_HOUR: positiveInt(20),
  /**
   * How long a sender's claim on an alert holds (seconds). Longer than a send can take (the SMTP
   * transport bounds one at about 40 s): a claim older than this has no live sender.
   */
  BOETE_ALERT_LEASE_SECONDS: positiveInt(90),
});

export type Config = {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  logLevel: z.infer<typeof envSchema>['BOETE_LOG_LEVEL'];
  pollIntervalMs: number;
  maxMessageBytes: number;
  parseThreads: number;
  parseTimeoutMs: number;
  maxPages: number;
  readLimits: ReadLimits;
  imapConnectTimeoutMs: number;
  jobLockMs: number;
  alerts: AlertConfig;
};

export type AlertConfig = {
  smtpUrl: string | null;
  mailFrom: string;
  operatorEmail: string | null;
  approachingWorkingDays: number;
  intervalMs: number;
  maxPerClientHour: number;
  leaseMs: number;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid environment: ${problems}`);
  }
  const e = result.data;
  return {
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.BOETE_QUEUE_PREFIX,
    logLevel: e.BOETE_LOG_LEVEL,
    pollIntervalMs: e.BOETE_POLL_INTERVAL_SECONDS * 1000,
    maxMessageBytes: e.BOETE_MAX_MESSAGE_BYTES,
    parseThreads: e.BOETE_PARSE_THREADS,
    parseTimeoutMs: e.BOETE_PARSE_TIMEOUT_MS,
    maxPages: e.BOETE_MAX_PAGES,
    readLimits: {
      maxPagesPerDocument: e.BOETE_MAX_PAGES,
      maxDocumentsPerMail: e.BOETE_MAX_DOCUMENTS_PER_MAIL,
      maxPagesPerMail: e.BOETE_MAX_PAGES_PER_MAIL,
      maxOcrPagesPerMail: e.BOETE_MAX_OCR_PAGES_PER_MAIL,
      maxPagesPerClientDay: e.BOETE_MAX_PAGES_PER_CLIENT_DAY,
      maxOcrPagesPerClientDay: e.BOETE_MAX_OCR_PAGES_PER_CLIENT_DAY,
    },
    imapConnectTimeoutMs: e.BOETE_IMAP_CONNECT_TIMEOUT_MS,
    jobLockMs: e.BOETE_JOB_LOCK_SECONDS * 1000,
    alerts: {
      smtpUrl: e.BOETE_SMTP_URL ?? null,
      mailFrom: e.BOETE_MAIL_FROM,
      operatorEmail: e.BOETE_OPERATOR_EMAIL ?? null,
      approachingWorkingDays: e.BOETE_ALERT_APPROACHING_DAYS,
      intervalMs: e.BOETE_ALERT_INTERVAL_SECONDS * 1000,
      maxPerClientHour: e.BOETE_ALERT_MAX_PER_CLIENT_HOUR,
      leaseMs: e.BOETE_ALERT_LEASE_SECONDS * 1000,
    },
  };
}

let cached: Config | undefined;

/** The process configuration, parsed from the environment once. */
export function loadConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/**
 * Resolves a secret named in the setup file (`passwordEnv`). Kept here so that this module stays
 * the only reader of the environment.
 */
export function secretFromEnvironment(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}
