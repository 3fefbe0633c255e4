// Which alerts a document has earned by now (spec "Alerts"): a function of the stored facts and a
// clock. Recording them is idempotent (one per document and kind), so this may say "due" on every
// evaluation: what was recorded before is not recorded again, and an alert that stops being due
// (the contract arrived) is simply never recorded.
import { brusselsDateOf } from './brussels-time.js';
import { addCalendarDays, type IsoDate } from './calendar-date.js';
import { isWorkingDay, shiftWorkingDays, workingDaysUntil } from './working-days.js';
import { CLIENT_INFORMATION_REASONS, type Decision, type ReviewReason } from './types.js';

export const ALERT_KINDS = [
  'late_delivery',
  'information_needed',
  /** A reminder of information_needed shortly before latestDeliveryDate: a kind of its own, so sent once too. */
  'information_reminder',
  'deadline_approaching',
  'deadline_breached',
  /** The automatic reply to a mail that carried no document (keyed by the mail, not a document). */
  'no_document_reply',
  /** One mail per client and working day listing its waiting documents (keyed by client and day). */
  'client_digest',
  /** One mail to the operators per working day listing every document in review (keyed by day). */
  'operator_digest',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export type AlertAudience = 'client' | 'operators' | 'sender';
export type ClientAlertMode = 'immediate' | 'digest';
export type AlertLanguage = 'nl' | 'fr' | 'en';
export const ALERT_LANGUAGES: readonly AlertLanguage[] = ['nl', 'fr', 'en'];

export const AUDIENCE: Record<AlertKind, AlertAudience> = {
  late_delivery: 'client',
  information_needed: 'client',
  information_reminder: 'client',
  deadline_approaching: 'operators',
  deadline_breached: 'operators',
  no_document_reply: 'sender',
  client_digest: 'client',
  operator_digest: 'operators',
};

/** What is stored about a document, reduced to what its alerts depend on. */
export type AlertFacts = {
  /** Null while the document has not been assessed yet (nothing is known about its deadlines). */
  decision: Decision | null;
  reviewReasons: readonly ReviewReason[];
  waitingForClient: boolean;
  receivedAt: Date;
  deadlineBasisDate: IsoDate | null;
  latestDeliveryDate: IsoDate | null;
  informationCompleteAt: Date | null;
  processedAt: Date | null;
  /** The client's choice: a mail per alert, or one digest a working day. */
  clientAlerts: ClientAlertMode;
};

export type AlertSettings = {
  /** Operators are warned this many Belgian working days before the deadline basis (default 2). */
  approachingWorkingDays: number;
  /** The client is reminded this many working days before latestDeliveryDate (default 2). */
  reminderWorkingDays: number;
};

export const DEFAULT_ALERT_SETTINGS: AlertSettings = { approachingWorkingDays: 2, reminderWorkingDays: 2 };

export type DueAlert = {
  kind: AlertKind;
  audience: AlertAudience;
  /** Client alerts of a digest client wait for the digest; everything else goes out at once. */
  delivery: ClientAlertMode;
};

/** Closed documents need nothing more: a copy is handled through its first document. */
const CLOSED: ReadonlySet<Decision> = new Set(['duplicate', 'not_a_fine']);

export function dueAlerts(facts: AlertFacts, now: Date, settings: AlertSettings = DEFAULT_ALERT_SETTINGS): DueAlert[] {
  if (facts.decision === null || CLOSED.has(facts.decision)) return [];
  const today = brusselsDateOf(now);
  const due: DueAlert[] = [];
  const add = (kind: AlertKind) => {
    const audience = AUDIENCE[kind];
    due.push({ kind, audience, delivery: audience === 'client' ? facts.clientAlerts : 'immediate' });
  };
  const latest = facts.latestDeliveryDate;

  // Late: the file itself, or the information it needed, came after latestDeliveryDate.
  if (latest !== null) {
    const fileLate = brusselsDateOf(facts.receivedAt) > latest;
    const informationLate = facts.informationCompleteAt !== null && brusselsDateOf(facts.informationCompleteAt) > latest;
    if (fileLate || informationLate) add('late_delivery');
  }

  const waiting = facts.decision === 'review' && facts.waitingForClient && facts.reviewReasons.some((r) => CLIENT_INFORMATION_REASONS.has(r));
  if (waiting) {
    add('information_needed');
    // Reminded from N working days before latestDeliveryDate up to that day — but only when the
    // first request went out before that window, or the two would arrive together.
    if (latest !== null && today <= latest) {
      const remindFrom = shiftWorkingDays(latest, -settings.reminderWorkingDays);
      if (today >= remindFrom && brusselsDateOf(facts.receivedAt) < remindFrom) add('information_reminder');
    }
  }

  const basis = facts.deadlineBasisDate;
  if (basis !== null && facts.processedAt === null) {
    if (today > basis) add('deadline_breached');
    else if (workingDaysUntil(today, basis) <= settings.approachingWorkingDays) add('deadline_approaching');
  }
  return due;
}

/** The morning hour (Brussels) from which a working day's digest goes out. */
export const DIGEST_HOUR = 8;

/**
 * The Brussels date whose digest may be sent at `now`, or null: only on working days, from
 * DIGEST_HOUR on (a Saturday's waiting documents are in Monday's digest).
 */
export function digestDay(now: Date): IsoDate | null {
  const today = brusselsDateOf(now);
  if (!isWorkingDay(today)) return null;
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Brussels', hour: '2-digit', hourCycle: 'h23' }).format(now));
  return hour >= DIGEST_HOUR ? today : null;
}

/**
 * The day whose operators' digest is due at `now`, or null: the same working-day morning rule as
 * a client's digest, and only while something is open in review (an empty queue sends no mail).
 */
export function operatorDigestDay(now: Date, openInReview: number): IsoDate | null {
  return openInReview > 0 ? digestDay(now) : null;
}

/** The operators' digest lists this many documents, the most urgent; the rest are counted. */
export const OPERATOR_DIGEST_LIMIT = 200;

/** A waiting document in a digest: the most urgent first (earliest latestDeliveryDate; unknown last). */
export function byUrgency<T extends { latestDeliveryDate: IsoDate | null; deadlineBasisDate: IsoDate | null }>(a: T, b: T): number {
  const key = (x: T) => x.latestDeliveryDate ?? x.deadlineBasisDate ?? '9999-12-31';
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

/** How many immediate mails a client may receive in the hour before `now`: the rest waits for its digest. */
export function withinRateLimit(sentInLastHour: number, maxPerHour: number): boolean {
  return sentInLastHour < maxPerHour;
}

/** The last day the automatic reply to a mail still makes sense: an old mail found later gets none. */
export function replyStillUseful(mailArrivedAt: Date, now: Date): boolean {
  return brusselsDateOf(now) <= addCalendarDays(brusselsDateOf(mailArrivedAt), 2);
}
