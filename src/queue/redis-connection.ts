// Redis connections for BullMQ, from REDIS_URL. Two kinds, because they must behave differently
// when Redis goes away:
//   - workers (blocking commands) wait for Redis to come back: BullMQ requires
//     maxRetriesPerRequest: null for them, and a worker should carry on after a Redis restart;
//   - producers (add, counts) must not hang: a command that cannot be sent is retried once after a
//     reconnect and then fails, and every producer call is bounded by a timeout (`withRedisTimeout`)
//     that names Redis and its address.
import type { ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { errorMessage, ServiceUnavailableError } from '../errors.js';

/** How long one producer call (an add, a count) may take before Redis counts as unreachable. */
export const REDIS_COMMAND_TIMEOUT_MS = 5_000;

function baseOptions(url: string) {
  const u = new URL(url);
  const db = Number(u.pathname.replace(/^\//, '') || 0);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: Number.isFinite(db) ? db : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // Reconnect quickly after a restart, at most every 2 s.
    retryStrategy: (times: number) => Math.min(200 * times, 2_000),
  };
}

/** host:port of REDIS_URL, for messages: never the password. */
export function redisAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 6379}`;
  } catch {
    return 'the address in REDIS_URL';
  }
}

/** For BullMQ Workers: blocking commands wait for Redis to come back. */
export function workerConnection(url: string): ConnectionOptions {
  return { ...baseOptions(url), maxRetriesPerRequest: null };
}

/** For Queues (producers): a command fails instead of waiting forever. */
export function producerConnection(url: string): ConnectionOptions {
  return { ...baseOptions(url), maxRetriesPerRequest: 1 };
}

export function redisUnavailable(url: string, cause?: unknown): ServiceUnavailableError {
  const reason = cause === undefined ? 'no answer' : errorMessage(cause).split('\n')[0];
  return new ServiceUnavailableError(`Redis at ${redisAddress(url)} is not reachable (${reason})`, { cause });
}

/** Bounds a producer call: a Redis that does not answer becomes a ServiceUnavailableError. */
export async function withRedisTimeout<T>(url: string, what: Promise<T>, timeoutMs = REDIS_COMMAND_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(redisUnavailable(url, new Error(`no answer within ${timeoutMs} ms`))), timeoutMs);
  });
  try {
    return await Promise.race([what, timeout]);
  } catch (error) {
    if (error instanceof ServiceUnavailableError) throw error;
    const code = (error as { code?: string }).code;
    const message = errorMessage(error);
    // ioredis: connection refused/reset, or a command given up after its retries.
    if (code || /connection|closed|reached the max retries|stream isn't writeable/i.test(message)) throw redisUnavailable(url, error);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One PING on a fresh connection that does not retry: the fast check `run --once` and `worker` make
 * before anything else, so a Redis that is down is one clear line instead of a silent wait.
 */
export async function checkRedis(url: string, timeoutMs = 3_000): Promise<void> {
  const client = new Redis({ ...baseOptions(url), lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // The socket's own error (ECONNREFUSED, …) says more than the "Connection is closed" connect() rejects with.
  let socketError: unknown;
  client.on('error', (error: unknown) => (socketError ??= error));
  try {
    await withRedisTimeout(url, client.connect().then(() => client.ping()), timeoutMs);
  } catch (error) {
    if (error instanceof ServiceUnavailableError && !socketError) throw error;
    throw redisUnavailable(url, socketError ?? error);
  } finally {
    client.disconnect();
  }
}
