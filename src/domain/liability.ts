// Who bears damage, costs and surcharges, and why: the spec's table, in order. A function of the
// stored facts and `now`, so the answer for a waiting document changes as time passes.
import type { IsoDate } from './calendar-date.js';
import { brusselsDateOf } from './brussels-time.js';
import { OPERATOR_LIABILITY, type Liability, type LiabilityReason, type OperatorLiabilityReason } from './types.js';

export type LiabilityFacts = {
  receivedAt: Date;
  latestDeliveryDate: IsoDate | null;
  deadlineBasisDate: IsoDate | null;
  /** When the client's information needed for the decision became complete; null while waiting. */
  informationCompleteAt: Date | null;
  /** The document waits for the client (no contract, no policy, renter data). */
  waitingForClient: boolean;
  processedAt: Date | null;
};

export function attributeLiability(facts: LiabilityFacts, now: Date): Liability {
  const today = brusselsDateOf(now);
  const latest = facts.latestDeliveryDate;
  if (latest === null || facts.deadlineBasisDate === null) {
    // Without a deadline there is nothing to be late for (yet): an operator must read the dates.
    return facts.processedAt ? { party: 'client', reason: 'processed_on_time' } : { party: 'undetermined', reason: 'pending' };
  }
  if (brusselsDateOf(facts.receivedAt) > latest) return { party: 'client', reason: 'late_delivery' };
  if (facts.informationCompleteAt && brusselsDateOf(facts.informationCompleteAt) > latest) {
    return { party: 'client', reason: 'late_information' };
  }
  if (facts.waitingForClient) {
    return today > latest ? { party: 'client', reason: 'incomplete_information' } : { party: 'undetermined', reason: 'pending' };
  }
  const basis = facts.deadlineBasisDate;
  if (facts.processedAt) {
    return brusselsDateOf(facts.processedAt) <= basis
      ? { party: 'client', reason: 'processed_on_time' }
      : { party: 'processor', reason: 'late_processing' };
  }
  return today > basis ? { party: 'processor', reason: 'late_processing' } : { party: 'undetermined', reason: 'pending' };
}

/** An operator's re-attribution: incorrect_information → client, processing_error → processor. */
export function operatorLiability(reason: OperatorLiabilityReason): Liability {
  return { party: OPERATOR_LIABILITY[reason], reason };
}

/** A stored liability an operator set: it stands, it is not recomputed from the clock. */
export function isOperatorLiability(reason: LiabilityReason | string): reason is OperatorLiabilityReason {
  return Object.hasOwn(OPERATOR_LIABILITY, reason);
}
