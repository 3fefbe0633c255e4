// Records the alerts that are due (src/domain/due-alerts.ts) and queues the immediate ones for
// sending. One document right after its assessment; everything (documents, automatic replies,
// digests, and alerts left pending by failed sends) from the `evaluate-alerts` scheduler in
// `worker` mode and at the start of `run --once`.
import type { AppContext } from '../app-context.js';
import {
  alertsToSend,
  allClientAddresses,
  clientsDueForDigest,
  countOpenInReview,
  loadAlertFacts,
  mailsWithoutDocument,
  recordAlerts,
  recordDigest,
  recordOperatorDigest,
  type NewAlert,
} from '../db/alert-store.js';
import type { AssessmentAlert } from '../db/assessment-store.js';
import type { Assessment } from '../domain/assessment.js';
import {
  DEFAULT_ALERT_SETTINGS,
  digestDay,
  dueAlerts,
  operatorDigestDay,
  replyStillUseful,
  type AlertFacts,
  type AlertSettings,
  type ClientAlertMode,
} from '../domain/due-alerts.js';
import { replyRefusal } from '../mail/auto-reply-guard.js';
import { sendAlertJob } from '../queue/job-contracts.js';

export type EvaluateScope = { documentId?: string; repliesOnly?: boolean };
export type EvaluateSummary = { recorded: number; queued: number };

const BATCH = 500;

export const alertSettings = (ctx: AppContext): AlertSettings => ({ ...DEFAULT_ALERT_SETTINGS, approachingWorkingDays: ctx.config.alerts.approachingWorkingDays });

/**
 * The alerts a document has earned by an assessment about to be stored: what evaluating its alerts
 * right after storing it would record (the same facts, from memory instead of read back), so they
 * can be recorded in the assessment's own statement.
 */
export function alertsOfAssessment(
  doc: { documentId: string; receivedAt: Date; alertMode: ClientAlertMode },
  a: Assessment,
  now: Date,
  settings: AlertSettings,
): AssessmentAlert[] {
  const facts: AlertFacts = {
    decision: a.decision,
    reviewReasons: a.reviewReasons,
    waitingForClient: a.waitingForClient,
    receivedAt: doc.receivedAt,
    deadlineBasisDate: a.deadlineBasis?.date ?? null,
    latestDeliveryDate: a.latestDeliveryDate,
    informationCompleteAt: a.informationCompleteAt,
    processedAt: a.processedAt,
    clientAlerts: doc.alertMode,
  };
  return dueAlerts(facts, now, settings).map((x) => ({ key: `${x.kind}/${doc.documentId}`, kind: x.kind, audience: x.audience, delivery: x.delivery }));
}

/** Queues the sending of alerts just recorded (the immediate ones), as evaluateAlerts does for its own. */
export async function queueRecordedAlerts(ctx: AppContext, recorded: readonly { id: string; delivery: string }[]): Promise<EvaluateSummary> {
  const toSend = recorded.filter((c) => c.delivery === 'immediate').map((c) => c.id);
  if (ctx.config.alerts.smtpUrl) for (const alertId of toSend) await ctx.queues.enqueue(sendAlertJob, { alertId });
  return { recorded: recorded.length, queued: ctx.config.alerts.smtpUrl ? toSend.length : 0 };
}

export async function evaluateAlerts(ctx: AppContext, scope: EvaluateScope = {}): Promise<EvaluateSummary> {
  const now = ctx.now();
  const settings = alertSettings(ctx);
  const rows: NewAlert[] = [];
  if (!scope.repliesOnly) {
    for (const doc of await loadAlertFacts(ctx.db, now, scope.documentId)) {
      for (const a of dueAlerts(doc.facts, now, settings)) {
        rows.push({ key: `${a.kind}/${doc.documentId}`, kind: a.kind, audience: a.audience, delivery: a.delivery, documentId: doc.documentId, clientId: doc.clientId });
      }
    }
  }
  if (!scope.documentId) rows.push(...(await replies(ctx, now)));
  const created: { id: string; delivery: string }[] = [];
  for (let i = 0; i < rows.length; i += BATCH) created.push(...(await recordAlerts(ctx.db, rows.slice(i, i + BATCH))));

  let toSend = created.filter((c) => c.delivery === 'immediate').map((c) => c.id);
  if (!scope.documentId && !scope.repliesOnly) {
    const day = digestDay(now);
    if (day) for (const clientId of await clientsDueForDigest(ctx.db)) await recordDigest(ctx.db, clientId, day);
    // The operators' morning digest of the review queue. Not recorded without BOETE_OPERATOR_EMAIL:
    // a day's key once taken is never sent again, so setting the address later that morning still
    // gets that day's digest out.
    if (day && ctx.config.alerts.operatorEmail) {
      const operatorDay = operatorDigestDay(now, await countOpenInReview(ctx.db));
      if (operatorDay) await recordOperatorDigest(ctx.db, operatorDay);
    }
    // Everything still to send, including what earlier sends left pending or a dead sender left claimed.
    toSend = await alertsToSend(ctx.db);
  }
  if (ctx.config.alerts.smtpUrl) for (const alertId of toSend) await ctx.queues.enqueue(sendAlertJob, { alertId });
  return { recorded: created.length, queued: ctx.config.alerts.smtpUrl ? toSend.length : 0 };
}

/** The automatic reply to each recent mail from an allowed sender that carried no document. */
async function replies(ctx: AppContext, now: Date): Promise<NewAlert[]> {
  const since = new Date(now.getTime() - 3 * 24 * 3600_000);
  const mails = await mailsWithoutDocument(ctx.db, since);
  if (mails.length === 0) return [];
  const own = [ctx.config.alerts.mailFrom, ...(ctx.config.alerts.operatorEmail ? [ctx.config.alerts.operatorEmail] : []), ...(await allClientAddresses(ctx.db))];
  return mails
    .filter((m) => replyStillUseful(m.internalDate, now))
    .map((m) => {
      const refusal = replyRefusal(m.raw, m.from, own);
      return {
        key: `no_document_reply/${m.id}`,
        kind: 'no_document_reply' as const,
        audience: 'sender' as const,
        delivery: 'immediate' as const,
        mailId: m.id,
        clientId: m.clientId,
        recipient: m.from,
        ...(refusal ? { skipped: `no automatic reply: ${refusal}` } : {}),
      };
    });
}
