// IMAP IDLE per mailbox (`worker` mode): one long-lived connection per mailbox, with its folder open
// read-only, that the server tells at once when a message arrives. The watch never ingests: it only
// queues the mailbox's ordinary poll job (the one idempotent path a mail takes in), so a missed or
// doubled notification costs nothing — the periodic poll stays the safety net, and a notification
// while a poll runs makes that poll run once more after it (the poll contract's rerun).
//
// A dropped connection is opened again with backoff (1 s doubling to 60 s; a setup mistake such as a
// refused login waits 5 min), one warning line naming the mailbox each time, never a stack trace.
// Every (re)connect queues a poll too: mail that arrived while nobody listened is fetched at once.
import type { ImapFlow } from 'imapflow';
import { errorMessage, PermanentError } from '../errors.js';
import type { Logger } from '../logger.js';
import { openImap, type MailboxCredentials } from './imap-session.js';

export type WatchedMailbox = MailboxCredentials & { id: string; folder: string };

export type MailboxWatchOptions = {
  log: Logger;
  connectTimeoutMs: number;
  /** Queues a poll of the mailbox (through the job contract). Called on connect and on every new message. */
  trigger: (mailboxId: string, why: 'connected' | 'new-mail') => Promise<void>;
  /** Backoff of a dropped connection: first delay and cap (tests shorten them). */
  retryMs?: { first: number; max: number; setupMistake: number };
};

const DEFAULT_RETRY = { first: 1_000, max: 60_000, setupMistake: 5 * 60_000 };

/** A change of any of these needs a new connection. */
const fingerprint = (m: WatchedMailbox) => JSON.stringify([m.host, m.port, m.secure, m.username, m.password, m.passwordEnv, m.folder]);

class Watch {
  private client: ImapFlow | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  readonly done: Promise<void>;

  constructor(
    readonly mailbox: WatchedMailbox,
    private readonly options: MailboxWatchOptions,
  ) {
    this.done = this.run();
  }

  private async run(): Promise<void> {
    const retry = this.options.retryMs ?? DEFAULT_RETRY;
    const log = this.options.log.child({ mailbox: this.mailbox.name });
    let failures = 0;
    while (!this.stopped) {
      let delay: number;
      let why: string;
      try {
        const client = await openImap(this.mailbox, this.options.connectTimeoutMs, {
          // Quiet is normal while idling: imapflow probes with a NOOP after this long without traffic,
          // so a peer that vanished without a FIN is noticed within minutes.
          socketTimeoutMs: 5 * 60_000,
          // IDLE is broken and re-entered every few minutes: some servers and NATs drop a silent
          // connection after 10–30 minutes.
          maxIdleTimeMs: 4 * 60_000,
        });
        this.client = client;
        const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
        if (this.stopped) {
          // stop() came while connecting: it saw no client, so this loop closes it.
          await client.logout().catch(() => this.closeClient());
          break;
        }
        // Read-only (EXAMINE): watching must not change flags or \Recent for the poll.
        await client.mailboxOpen(this.mailbox.folder, { readOnly: true });
        client.on('exists', (event: { count: number; prevCount: number }) => {
          if (event.count > event.prevCount) this.fire('new-mail', log);
        });
        if (failures > 0) log.info({ attempt: failures + 1 }, `IDLE connection to mailbox ${this.mailbox.name} is back`);
        else log.debug('IDLE connection open');
        failures = 0;
        this.fire('connected', log);
        await closed; // imapflow enters IDLE by itself once the connection is free
        this.client = null;
        if (this.stopped) break;
        delay = retry.first;
        why = 'connection closed';
      } catch (error) {
        this.closeClient();
        if (this.stopped) break;
        const setupMistake = error instanceof PermanentError || /doesn't exist|does not exist|no such|nonexistent/i.test(errorMessage(error));
        delay = setupMistake ? retry.setupMistake : Math.min(retry.max, retry.first * 2 ** failures);
        why = errorMessage(error).split('\n')[0] ?? 'failed';
      }
      failures += 1;
      log.warn({ attempt: failures, retryInMs: delay }, `IDLE connection to mailbox ${this.mailbox.name} lost (${why}); reconnecting in ${formatDelay(delay)} (polling continues)`);
      await this.sleep(delay);
    }
  }

  private fire(why: 'connected' | 'new-mail', log: Logger) {
    this.options.trigger(this.mailbox.id, why).catch((error: unknown) => {
      // Redis down: the poll scheduler (when Redis is back) takes the mail in.
      log.warn({ err: errorMessage(error) }, `could not queue a poll of mailbox ${this.mailbox.name} after IDLE (${why}); the periodic poll will take the mail in`);
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  private closeClient() {
    const client = this.client;
    this.client = null;
    try {
      client?.close();
    } catch {
      // already closed
    }
  }

  /** Logs out (bounded), or drops the socket; wakes a pending reconnect so the loop ends. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const client = this.client;
    if (client) {
      const loggedOut = client.logout().catch(() => undefined);
      const bounded = await Promise.race([loggedOut.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 2_000).unref())]);
      if (!bounded) this.closeClient();
    }
    await this.done;
  }
}

const formatDelay = (ms: number) => (ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`);

/** The set of watched mailboxes, kept equal to the mailboxes in the database by `sync`. */
export class MailboxWatchers {
  private readonly watches = new Map<string, { watch: Watch; fingerprint: string }>();
  private closed = false;

  constructor(private readonly options: MailboxWatchOptions) {}

  /** Starts a watch for every new mailbox, restarts one whose connection details changed, stops removed ones. */
  async sync(mailboxes: readonly WatchedMailbox[]): Promise<void> {
    if (this.closed) return;
    const wanted = new Map(mailboxes.map((m) => [m.id, m]));
    const stopping: Promise<void>[] = [];
    for (const [id, entry] of this.watches) {
      const next = wanted.get(id);
      if (!next || fingerprint(next) !== entry.fingerprint) {
        this.watches.delete(id);
        stopping.push(entry.watch.stop());
      }
    }
    await Promise.all(stopping);
    for (const m of mailboxes) {
      if (!this.watches.has(m.id) && !this.closed) this.watches.set(m.id, { watch: new Watch(m, this.options), fingerprint: fingerprint(m) });
    }
  }

  get size(): number {
    return this.watches.size;
  }

  /** SIGTERM: every IDLE connection logged out (at most ~2 s each, in parallel). */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.watches.values()].map((e) => e.watch.stop());
    this.watches.clear();
    await Promise.all(all);
  }
}
