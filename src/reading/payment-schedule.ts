// A payment schedule, as a table prints it: rows that each give the last day of a tier and the amount
// due by it, the amount rising with the day ("Si vous payez / Montant à régler" above "jusqu'au
// 06/10/2026 inclus 18,80 €" and "du 07/10/2026 au 21/11/2026 inclus 98,80 €"). The rows carry no
// words of their own, so which tier is the standard one comes from the letter: when it names a
// reduction for paying early, the first tier is that reduction and the second is the amount due; when
// it names none, the first tier is the amount due and the later ones are increases. The same holds for
// tiers by period ("within 5 days of notification (30 % reduction) EUR 72.82" / "within 60 days of
// notification EUR 98.00" / "after 60 days EUR 181.00"): the standard tier is the first one not named
// a reduction, and its last day is a date only when its row prints one ("pagoPA valid until
// 31/12/2026"). Pure.
import type { IsoDate } from '../domain/calendar-date.js';
import { findAmounts } from './amounts.js';
import { findDates } from './dates.js';
import type { TextLine } from './text-lines.js';
import { EARLY_PAYMENT_REDUCTION } from './vocabulary.js';

/** `until` is null for a tier by period whose row prints no last day. */
export type ScheduleTier = { until: IsoDate | null; cents: number; line: TextLine };
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

/** "within 60 days", "entro 60 giorni", "binnen 30 dagen", "innerhalb von 14 Tagen", "dans les 45 jours"; "after 60 days" (an increase). */
const TIER_PERIOD = /\b(?:(within|entro|binnen|innerhalb(?: von)?|dans les|sous)|(after|oltre|dopo|na|nach|apres|au-dela de))\s+(\d{1,3})\s+(?:days|giorni|dagen|tagen|jours)\b/;
/** Words before the last day a tier's row prints after its amount: "valid until", "scadenza", "bis", "jusqu'au". */
const ROW_UNTIL = /(?:until|till|by|scadenza|expiry(?: date)?|bis(?: zum)?|jusqu'au|tot(?: en met)?|t\/m)\s*:?\s*$/;

type PeriodTier = ScheduleTier & { days: number; after: boolean };

/** One row: a period, one currency amount after it, perhaps the tier's last day after that, and a few words. */
function periodTierOf(line: TextLine): PeriodTier | null {
  const period = TIER_PERIOD.exec(line.folded);
  const amounts = findAmounts(line.text).filter((a) => a.hasCurrency);
  if (!period || amounts.length !== 1 || line.folded.split(/\s+/).length > 14) return null;
  const dates = findDates(line.folded);
  const amountAt = amounts[0]!.index;
  // Nothing dated before the amount (a sentence about the offence or an earlier letter), at most one after it.
  if (dates.some((d) => d.index < amountAt) || dates.length > 1) return null;
  const date = dates[0];
  const until = date && ROW_UNTIL.test(line.folded.slice(0, date.index)) ? date.date : null;
  if (date && !until) return null;
  return { until, cents: amounts[0]!.cents, line, days: Number(period[3]), after: period[2] !== undefined };
}

/** Rows of tiers by period, each later and dearer than the one before, "after" tiers last. */
function findPeriodSchedule(lines: readonly TextLine[]): PaymentSchedule | null {
  for (let i = 0; i < lines.length; i++) {
    const tiers: PeriodTier[] = [];
    for (let j = i; j < lines.length && lines[j]!.page === lines[i]!.page; j++) {
      const tier = periodTierOf(lines[j]!);
      const previous = tiers[tiers.length - 1];
      if (!tier || (previous && (tier.cents <= previous.cents || (previous.after && !tier.after) || (!tier.after && tier.days <= previous.days) || tier.days < previous.days))) break;
      tiers.push(tier);
    }
    const within = tiers.filter((t) => !t.after);
    if (tiers.length < 2 || within.length === 0) continue;
    // A row named a reduction is an offer; the first row after it is the amount due. No row named one:
    // the letter's words decide, as for tiers by day.
    const reduced = within.findIndex((t) => EARLY_PAYMENT_REDUCTION.test(t.line.folded));
    const text = lines.map((l) => l.folded).join('\n');
    const standard = reduced >= 0 ? within[reduced + 1] : EARLY_PAYMENT_REDUCTION.test(text) && within.length > 1 ? within[1] : within[0];
    if (!standard) continue;
    return { tiers: tiers.map(({ until, cents, line }) => ({ until, cents, line })), standard: { until: standard.until, cents: standard.cents, line: standard.line } };
  }
  return null;
}

export function findSchedule(lines: readonly TextLine[]): PaymentSchedule | null {
  return findDatedSchedule(lines) ?? findPeriodSchedule(lines);
}

function findDatedSchedule(lines: readonly TextLine[]): PaymentSchedule | null {
  for (let i = 0; i < lines.length; i++) {
    const tiers: ScheduleTier[] = [];
    for (let j = i; j < lines.length && lines[j]!.page === lines[i]!.page; j++) {
      const tier = tierOf(lines[j]!);
      const previous = tiers[tiers.length - 1];
      if (!tier || (previous && (tier.until! <= previous.until! || tier.cents <= previous.cents))) break;
      tiers.push(tier);
    }
    if (tiers.length < 2) continue;
    const text = lines.map((l) => l.folded).join('\n');
    return { tiers, standard: EARLY_PAYMENT_REDUCTION.test(text) ? tiers[1]! : tiers[0]! };
  }
  return null;
}
