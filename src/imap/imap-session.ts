// An IMAP connection to one mailbox (imapflow): opened per poll and always closed, or kept open by
// the IDLE watch (src/imap/mailbox-watch.ts).
import { ImapFlow } from 'imapflow';
import { secretFromEnvironment } from '../config.js';
import { PermanentError, RetryableError } from '../errors.js';

export type MailboxCredentials = {
  name: string;
  host: string;
  port: number;
  secure: boolean;
  username: string;
  password: string | null;
  passwordEnv: string | null;
};

function passwordOf(m: MailboxCredentials): string {
  const password = m.password ?? (m.passwordEnv ? secretFromEnvironment(m.passwordEnv) : undefined);
  if (!password) throw new PermanentError(`mailbox ${m.name}: no password (environment variable ${m.passwordEnv ?? '?'} is not set)`, 'no_password');
  return password;
}

/** What a long-lived connection (IDLE) sets beyond a poll's: see src/imap/mailbox-watch.ts. */
export type ImapOptions = { socketTimeoutMs?: number; maxIdleTimeMs?: number };

export async function openImap(m: MailboxCredentials, timeoutMs: number, options: ImapOptions = {}): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: m.host,
    port: m.port,
    secure: m.secure,
    auth: { user: m.username, pass: passwordOf(m) },
    logger: false,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: options.socketTimeoutMs ?? 5 * timeoutMs,
    ...(options.maxIdleTimeMs ? { maxIdleTime: options.maxIdleTimeMs } : {}),
    // Plain-text loopback servers (tests, the demo) do not offer STARTTLS.
    doSTARTTLS: m.secure ? undefined : false,
  });
  // A dropped socket emits 'error'; the running command rejects and the poll job retries.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    const e = error as { authenticationFailed?: boolean; message?: string; code?: string };
    const where = `${m.host}:${m.port}`;
    if (e.authenticationFailed) throw new PermanentError(`mailbox ${m.name}: login refused by ${where}`, 'auth_failed', { cause: error });
    // Implicit TLS against a plain-text port: a setup mistake that fails the same way every time.
    if (e.code?.startsWith('ERR_SSL') || /wrong version number|SSL routines|packet length too long/i.test(e.message ?? '')) {
      throw new PermanentError(`mailbox ${m.name}: TLS handshake with ${where} failed — is "secure" right for this port? (secure: true is implicit TLS, usually port 993)`, 'tls_mismatch', { cause: error });
    }
    if (e.code === 'GREETING_TIMEOUT') {
      throw new RetryableError(`mailbox ${m.name}: no IMAP greeting from ${where} within ${timeoutMs} ms (a TLS port with "secure": false?)`, { cause: error });
    }
    throw new RetryableError(`mailbox ${m.name}: cannot connect to ${where}: ${firstLine(e.message ?? String(error))}`, { cause: error });
  }
  return client;
}

const firstLine = (text: string) => text.split('\n')[0] ?? text;

export async function closeImap(client: ImapFlow): Promise<void> {
  try {
    await client.logout();
  } catch {
    client.close();
  }
}
