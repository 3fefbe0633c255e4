// An IMAP connection to one mailbox (imapflow), opened per poll and always closed.
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

export async function openImap(m: MailboxCredentials, timeoutMs: number): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: m.host,
    port: m.port,
    secure: m.secure,
    auth: { user: m.username, pass: passwordOf(m) },
    logger: false,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: 5 * timeoutMs,
    // Plain-text loopback servers (tests, the demo) do not offer STARTTLS.
    doSTARTTLS: m.secure ? undefined : false,
  });
  // A dropped socket emits 'error'; the running command rejects and the poll job retries.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    const e = error as { authenticationFailed?: boolean; message?: string };
    if (e.authenticationFailed) throw new PermanentError(`mailbox ${m.name}: login refused`, 'auth_failed', { cause: error });
    throw new RetryableError(`mailbox ${m.name}: cannot connect to ${m.host}:${m.port}: ${e.message ?? error}`, { cause: error });
  }
  return client;
}

export async function closeImap(client: ImapFlow): Promise<void> {
  try {
    await client.logout();
  } catch {
    client.close();
  }
}
