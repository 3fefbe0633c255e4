// Which alerts are due, with a fixed clock, across weekends and Belgian holidays (11 November 2026
// is a Wednesday, 25 December 2026 a Friday).
import { describe, expect, it } from 'vitest';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { AUDIENCE, byUrgency, digestDay, dueAlerts, operatorDigestDay, replyStillUseful, withinRateLimit, type AlertFacts } from '../../src/domain/due-alerts.js';

const d = (s: string) => s as IsoDate;
const at = (date: string, h = 10, m = 0) => brusselsInstant(d(date), h, m);
const kinds = (facts: AlertFacts, now: Date, settings?: Parameters<typeof dueAlerts>[2]) => dueAlerts(facts, now, settings).map((a) => a.kind);

/** A fine waiting for its contract: deadline Monday 16/11, latest delivery Friday 6/11 (five working days back, 11/11 skipped). */
const waiting: AlertFacts = {
  decision: 'review',
  reviewReasons: ['no_contract'],
  waitingForClient: true,
  receivedAt: at('2026-11-02'),
  deadlineBasisDate: d('2026-11-16'),
  latestDeliveryDate: d('2026-11-06'),
  informationCompleteAt: null,
  processedAt: null,
  clientAlerts: 'immediate',
};

describe('dueAlerts', () => {
  it('asks the client for the missing information at once', () => {
    expect(dueAlerts(waiting, at('2026-11-02'))).toEqual([{ kind: 'information_needed', audience: 'client', delivery: 'immediate' }]);
  });

  it('leaves a digest client’s alerts for its digest; operator alerts still go out at once', () => {
    const alerts = dueAlerts({ ...waiting, clientAlerts: 'digest' }, at('2026-11-13'));
    expect(alerts).toContainEqual({ kind: 'information_needed', audience: 'client', delivery: 'digest' });
    expect(alerts).toContainEqual({ kind: 'deadline_approaching', audience: 'operators', delivery: 'immediate' });
  });

  it('asks for nothing when the review waits on an operator, not on the client', () => {
    expect(kinds({ ...waiting, reviewReasons: ['unreadable_document'], waitingForClient: false }, at('2026-11-02'))).toEqual([]);
  });

  it('reminds the client two working days before latestDeliveryDate, until that day', () => {
    // Latest delivery Friday 13/11: two working days back skips Wednesday 11/11 → Tuesday 10/11.
    const f = { ...waiting, latestDeliveryDate: d('2026-11-13'), deadlineBasisDate: d('2026-11-20') };
    expect(kinds(f, at('2026-11-09'))).toEqual(['information_needed']);
    expect(kinds(f, at('2026-11-10'))).toEqual(['information_needed', 'information_reminder']);
    expect(kinds(f, at('2026-11-13', 23, 30))).toContain('information_reminder');
    expect(kinds(f, at('2026-11-14'))).not.toContain('information_reminder');
  });

  it('sends no reminder for a document that arrived inside the reminder window (the request is enough)', () => {
    const f = { ...waiting, latestDeliveryDate: d('2026-11-13'), deadlineBasisDate: d('2026-11-20'), receivedAt: at('2026-11-10', 9) };
    expect(kinds(f, at('2026-11-12'))).toEqual(['information_needed']);
  });

  it('warns operators two working days before the deadline basis, counting over a weekend and 11 November', () => {
    // Basis Monday 16/11: Tuesday 10/11 is three working days away (11/11 is a holiday), Thursday 12/11 two.
    expect(kinds(waiting, at('2026-11-10'))).not.toContain('deadline_approaching');
    expect(kinds(waiting, at('2026-11-12'))).toContain('deadline_approaching');
    expect(kinds(waiting, at('2026-11-14'))).toContain('deadline_approaching'); // Saturday: one working day left
    expect(kinds(waiting, at('2026-11-16', 23, 59))).toContain('deadline_approaching'); // the day itself
  });

  it('counts Christmas as no working day', () => {
    const f = { ...waiting, deadlineBasisDate: d('2026-12-28'), latestDeliveryDate: d('2026-12-18') };
    expect(kinds(f, at('2026-12-22'))).not.toContain('deadline_approaching'); // Wed 23, Thu 24, Mon 28: three
    expect(kinds(f, at('2026-12-23'))).toContain('deadline_approaching'); // Thu 24, Mon 28: two
  });

  it('takes the number of working days from the settings', () => {
    const zero = { approachingWorkingDays: 0, reminderWorkingDays: 2 };
    expect(kinds(waiting, at('2026-11-13'), zero)).not.toContain('deadline_approaching');
    expect(kinds(waiting, at('2026-11-16'), zero)).toContain('deadline_approaching');
  });

  it('tells operators once the deadline basis has passed unprocessed, and no longer that it approaches', () => {
    const k = kinds(waiting, at('2026-11-17', 0, 5));
    expect(k).toContain('deadline_breached');
    expect(k).not.toContain('deadline_approaching');
  });

  it('warns nobody about a processed document', () => {
    const decided: AlertFacts = { ...waiting, decision: 'recharge', reviewReasons: [], waitingForClient: false, processedAt: at('2026-11-02', 11) };
    expect(kinds(decided, at('2026-11-20'))).toEqual([]);
  });

  it('tells the client of a late delivery: the file after latestDeliveryDate (Saturday after a Friday) …', () => {
    const decided: AlertFacts = { ...waiting, decision: 'recharge', reviewReasons: [], waitingForClient: false, receivedAt: at('2026-11-07', 8), processedAt: at('2026-11-07', 8) };
    expect(kinds(decided, at('2026-11-07', 9))).toEqual(['late_delivery']);
    expect(kinds({ ...decided, receivedAt: at('2026-11-06', 23, 40) }, at('2026-11-07', 9))).toEqual([]);
  });

  it('… or the information it needed after that day', () => {
    const decided: AlertFacts = { ...waiting, decision: 'redirect', reviewReasons: [], waitingForClient: false, informationCompleteAt: at('2026-11-09'), processedAt: at('2026-11-09') };
    expect(kinds(decided, at('2026-11-09'))).toEqual(['late_delivery']);
  });

  it('has nothing for documents not assessed yet, duplicates, and documents that are not fines', () => {
    expect(kinds({ ...waiting, decision: null }, at('2026-11-20'))).toEqual([]);
    expect(kinds({ ...waiting, decision: 'duplicate' }, at('2026-11-20'))).toEqual([]);
    expect(kinds({ ...waiting, decision: 'not_a_fine' }, at('2026-11-20'))).toEqual([]);
  });

  it('has no deadline alerts for a document whose deadlines are unknown', () => {
    expect(kinds({ ...waiting, deadlineBasisDate: null, latestDeliveryDate: null }, at('2026-11-20'))).toEqual(['information_needed']);
  });
});

describe('digests, rate limit, replies', () => {
  it('sends a digest on working days from 08:00 Brussels', () => {
    expect(digestDay(at('2026-11-16', 7, 59))).toBeNull();
    expect(digestDay(at('2026-11-16', 8, 0))).toBe('2026-11-16');
    expect(digestDay(at('2026-11-14', 9))).toBeNull(); // Saturday
    expect(digestDay(at('2026-11-11', 9))).toBeNull(); // Armistice
    expect(digestDay(at('2026-03-30', 8, 30))).toBe('2026-03-30'); // the day after the switch to summer time
  });

  it('sends the operators’ digest on the same working-day mornings, only while something is in review', () => {
    expect(AUDIENCE.operator_digest).toBe('operators');
    // Friday 13/11 → the weekend → Monday 16/11; Wednesday 11/11 (Armistice) has none.
    expect(operatorDigestDay(at('2026-11-13', 8, 0), 3)).toBe('2026-11-13');
    expect(operatorDigestDay(at('2026-11-14', 9), 3)).toBeNull();
    expect(operatorDigestDay(at('2026-11-15', 23, 59), 3)).toBeNull();
    expect(operatorDigestDay(at('2026-11-16', 7, 59), 3)).toBeNull();
    expect(operatorDigestDay(at('2026-11-16', 8, 0), 3)).toBe('2026-11-16');
    expect(operatorDigestDay(at('2026-11-11', 10), 3)).toBeNull();
    expect(operatorDigestDay(at('2026-11-12', 8, 1), 3)).toBe('2026-11-12');
    // Christmas Friday 25/12 is no working day; the evening of a working day still belongs to it.
    expect(operatorDigestDay(at('2026-12-25', 9), 3)).toBeNull();
    expect(operatorDigestDay(at('2026-12-24', 23, 30), 1)).toBe('2026-12-24');
    // An empty queue: no mail.
    expect(operatorDigestDay(at('2026-11-16', 9), 0)).toBeNull();
  });

  it('orders waiting documents most urgent first, unknown deadlines last', () => {
    const rows = [
      { id: 'c', latestDeliveryDate: null, deadlineBasisDate: null },
      { id: 'b', latestDeliveryDate: d('2026-11-20'), deadlineBasisDate: d('2026-11-27') },
      { id: 'a', latestDeliveryDate: d('2026-11-06'), deadlineBasisDate: d('2026-11-16') },
    ];
    expect(rows.sort(byUrgency).map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });

  it('holds immediate mails to a client at the hourly limit', () => {
    expect(withinRateLimit(9, 10)).toBe(true);
    expect(withinRateLimit(10, 10)).toBe(false);
  });

  it('replies to a mail without a document only while it is recent', () => {
    expect(replyStillUseful(at('2026-11-13', 18), at('2026-11-15'))).toBe(true);
    expect(replyStillUseful(at('2026-11-13', 18), at('2026-11-16'))).toBe(false);
  });
});
