// A payment schedule, as a table prints it: rows that each give the last day of a tier and the amount
// due by it, the amount rising with the day ("Si vous payez / Montant à régler" above "jusqu'au
// 06/10/2026 inclus 18,80 €" and "du 07/10/2026 au 21/11/2026 inclus 98,80 €"). The rows carry no
// words of their own, so which tier is the standard one comes from the letter: when it names a
// reduction for paying early, the first tier is that reduction and the second is the amount due; when
// it names none, the first tier is the amount due and the later ones are increases. Pure.
import type { IsoDate } from '../domain/calendar-date.js';
import { findAmounts } from './amounts.js';
import { findDates } from './dates.js';
import type { TextLine } from './text-lines.js';
import { EARLY_PAYMENT_REDUCTION } from './vocabulary.js';

export type ScheduleTier = { until: IsoDate; cents: number; line: TextLine };
export type PaymentSchedule = { tiers: ScheduleTier[]; standard: ScheduleTier };

/** Words before a tier's last day: "jusqu'au", "tot en met", "bis zum", "until", or the end of a range "du … au". */
const TIER_END = /(?:jusqu'au|au|avant le|tot(?: en met)?|t\/m|voor|bis(?: zum)?|until|till|to|by|before|-)\s*$/;


/** One row: one or two dates, the last of them a tier's end, and one currency amount after it. */
function tierOf(line: TextLine): ScheduleTier | null {
  const dates = findDates(line.folded);
  const amounts = findAmounts(line.text).filter((a) => a.hasCurrency);
  if (dates.length === 0 || dates.length > 2 || amounts.length !== 1) return null;
  const last = dates[dates.length - 1]!;
  if (!TIER_END.test(line.folded.slice(dates.length === 2 ? dates[0]!.index + dates[0]!.length : 0, last.index))) return null;
  if (amounts[0]!.index < last.index + last.length) return null;
  // A row, not a sentence: nothing but the dates, the amount and a few words.
  if (line.folded.split(/\s+/).length > 10) return null;
  return { until: last.date, cents: amounts[0]!.cents, line };
}

export function findSchedule(lines: readonly TextLine[]): PaymentSchedule | null {
  for (let i = 0; i < lines.length; i++) {
    const tiers: ScheduleTier[] = [];
    for (let j = i; j < lines.length && lines[j]!.page === lines[i]!.page; j++) {
      const tier = tierOf(lines[j]!);
      const previous = tiers[tiers.length - 1];
      if (!tier || (previous && (tier.until <= previous.until || tier.cents <= previous.cents))) break;
      tiers.push(tier);
    }
    if (tiers.length < 2) continue;
    const text = lines.map((l) => l.folded).join('\n');
    return { tiers, standard: EARLY_PAYMENT_REDUCTION.test(text) ? tiers[1]! : tiers[0]! };
  }
  return null;
}
