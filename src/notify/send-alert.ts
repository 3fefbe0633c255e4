// Sends one recorded alert: claim (conditional update, one sender only) → render → SMTP → mark sent.
//
// Exactly once, and where it can break:
// - crash before the claim: the alert is pending; the job is redelivered (or the sweep re-queues it).
// - crash after the claim, before SMTP accepted the message: nothing was delivered (a server
//   delivers only a message whose DATA it acknowledged); the claim's lease (BOETE_ALERT_LEASE_SECONDS) runs
//   out and the alert is sent again — once.
// - crash after SMTP's 250, before `sent` is stored (milliseconds): after the lease the alert is sent
//   again, with the same Message-ID (`<alert-ID@…>`), which receiving systems use to drop the copy.
//   We choose this (at least once) over the alternative (at most once: a claimed alert is never
//   retried), because a lost "deadline breached" costs more than a second copy of it.
// - the database fails right after a send: the same process remembers the id and only marks it
//   sent on the retry, so a database hiccup does not send twice.
import type { AppContext } from '../app-context.js';
import { claimAlert, failAlert, loadAlertContent, markAlertSent, releaseAlert } from '../db/alert-store.js';
import { RetryableError } from '../errors.js';
import { renderAlertMail } from './alert-mail.js';
import { describeSmtpError, isPermanentSmtpError, smtpTransport } from './smtp-transport.js';


/** Alerts this process handed to SMTP but could not mark sent (database gone at that moment). */
const sentNotMarked = new Set<string>();

export type SendResult = { sent: string } | { skipped: string } | { failed: string } | { folded: true };

export async function sendAlert(ctx: AppContext, alertId: string): Promise<SendResult> {
  const { smtpUrl, mailFrom, operatorEmail, maxPerClientHour, leaseMs } = ctx.config.alerts;
  if (sentNotMarked.has(alertId)) {
    await markAlertSent(ctx.db, alertId, ctx.now());
    sentNotMarked.delete(alertId);
    return { sent: 'marked after a database failure' };
  }
  if (!smtpUrl) return { skipped: 'BOETE_SMTP_URL is not set: recorded, not sent' };
  const claim = await claimAlert(ctx.db, alertId, { now: ctx.now(), leaseMs, operatorEmail, maxPerClientHour });
  if ('busy' in claim) throw new RetryableError(`alert ${alertId} is claimed by another sender; tried again after its lease`);
  if (!('claimed' in claim)) return claim;
  const alert = claim.claimed;
  const mail = renderAlertMail(await loadAlertContent(ctx.db, alert));
  const domain = mailFrom.split('@')[1] ?? 'localhost';
  try {
    await (await smtpTransport(smtpUrl)).sendMail({
      from: mailFrom,
      to: alert.recipient as string,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      // Stable per alert: a resend after a crash is recognisable as the same message.
      messageId: `<alert-${alert.id}@${domain}>`,
      headers: {
        'Auto-Submitted': alert.kind === 'no_document_reply' ? 'auto-replied' : 'auto-generated',
        'X-Auto-Response-Suppress': 'All',
        'X-Boete-Alert': alert.kind,
      },
    });
  } catch (error) {
    const message = describeSmtpError(error, smtpUrl);
    if (isPermanentSmtpError(error)) {
      await failAlert(ctx.db, alert.id, message);
      ctx.log.warn({ alertId: alert.id, kind: alert.kind, err: message }, 'alert refused by the SMTP server; recorded as failed');
      return { failed: message };
    }
    await releaseAlert(ctx.db, alert.id, message);
    throw new RetryableError(message);
  }
  try {
    await markAlertSent(ctx.db, alert.id, ctx.now());
  } catch (error) {
    sentNotMarked.add(alert.id);
    throw error;
  }
  return { sent: alert.kind };
}
