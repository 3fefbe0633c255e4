// What a handler needs, built once per process: config, logger, database, queues, the parse pool
// and the clock. Handlers receive it; nothing reaches for globals.
import type { Config } from './config.js';
import { openDatabase, type Database, type DatabaseHandle } from './db/database.js';
import { createLogger, type Logger } from './logger.js';
import { JobQueues } from './queue/job-queues.js';
import { RenderPool } from './outputs/render-pool.js';
import { ParsePool } from './reading/parse-pool.js';

export type AppContext = {
  config: Config;
  log: Logger;
  db: Database;
  /** The pool behind `db`, for the few things that need one connection (session advisory locks). */
  pgPool: DatabaseHandle['pool'];
  queues: JobQueues;
  parsePool: () => ParsePool;
  /** Draws the decisions' PDFs off the event loop (src/outputs). */
  renderPool: () => RenderPool;
  now: () => Date;
};

export type AppHandle = { ctx: AppContext; close: () => Promise<void> };

export function createApp(config: Config, options: { log?: Logger; now?: () => Date } = {}): AppHandle {
  const log = options.log ?? createLogger(config.logLevel);
  const database: DatabaseHandle = openDatabase(config.databaseUrl);
  const queues = new JobQueues(config.redisUrl, config.queuePrefix);
  let pool: ParsePool | undefined;
  let renderPool: RenderPool | undefined;
  const ctx: AppContext = {
    config,
    log,
    db: database.db,
    pgPool: database.pool,
    queues,
    parsePool: () => {
      pool ??= new ParsePool({ threads: config.parseThreads, timeoutMs: config.parseTimeoutMs, maxPages: config.maxPages });
      return pool;
    },
    renderPool: () => {
      renderPool ??= new RenderPool({ threads: 1, timeoutMs: 60_000 });
      return renderPool;
    },
    now: options.now ?? (() => new Date()),
  };
  return {
    ctx,
    close: async () => {
      await queues.close();
      await pool?.close();
      await renderPool?.close();
      await database.close();
    },
  };
}
