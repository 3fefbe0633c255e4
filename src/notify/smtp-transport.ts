// The one SMTP transport of a process (nodemailer, from BOETE_SMTP_URL), and how its errors are
// classified: a 5xx reply is permanent (the address or the message is refused for good); everything
// else (connection refused, timeouts, 4xx) is retried.
import type { Transporter } from 'nodemailer';
import { redactUrl } from '../errors.js';

const transports = new Map<string, Transporter>();

/** nodemailer is loaded by the first alert a process sends (most `run --once` send none). */
export async function smtpTransport(url: string): Promise<Transporter> {
  let t = transports.get(url);
  if (!t) {
    const { default: nodemailer } = await import('nodemailer');
    if (transports.has(url)) return transports.get(url)!;
    // Bounded, so that a hung server cannot hold an alert longer than its sender's lease (send-alert.ts).
    t = nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
    transports.set(url, t);
  }
  return t;
}

/** The SMTP reply code of a nodemailer error (550 for "mailbox unavailable"), if the server answered. */
export function smtpResponseCode(error: unknown): number | null {
  const code = (error as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' ? code : null;
}

export const isPermanentSmtpError = (error: unknown) => {
  const code = smtpResponseCode(error);
  return code !== null && code >= 500 && code < 600;
};

/** One line for the alert's last_error: the server's reply or the network error, never the URL's password. */
export function describeSmtpError(error: unknown, url: string): string {
  const e = error as { response?: string; code?: string; message?: string };
  const server = redactUrl(url).replace(/\/$/, '');
  const what = e.response ?? (e.code ? `${e.code}: ${e.message ?? ''}` : (e.message ?? String(error)));
  return `SMTP ${server}: ${what.replace(/\s+/g, ' ').slice(0, 500)}`;
}
