// The deadlines of a letter, by role: how a date becomes the due date or the redirect deadline.
//
// Candidates come from three kinds of evidence, all kept:
// 1. a labelled date ("Vervaldatum 20/12/2026", "Antwort bis: 04.12.2026");
// 2. a date a sentence gives as the last day of something ("uiterlijk op 16 december 2026", "bis zum
//    16.12.2026 zu zahlen"), its purpose from the words nearest it in its own sentence;
// 3. a period ("binnen 15 dagen na dagtekening", "dans un délai d'un mois à compter de la date d'envoi",
//    "within 28 days of the date of this notice"), counted from the letter's own date, its purpose
//    from its own clause first, then its line, then the sentence before it; a period counted from a
//    date the letter does not print (receipt, service) is kept as unresolved, never guessed.
// Each candidate has a purpose: paying (the due date), naming the driver or renter (the redirect
// deadline) or an appeal (the redirect deadline when nothing names the driver). Candidates for one
// role that disagree, a deadline that is another date of the letter, or an unresolved period of that
// purpose, each leave a doubt that the gate (field-trust.ts) turns into review. Pure.
import { addCalendarDays, addCalendarMonths, type IsoDate } from '../domain/calendar-date.js';
import { findDates } from './dates.js';
import { findSchedule, type PaymentSchedule } from './payment-schedule.js';
import type { Field } from './fields.js';
import { allLabelled, disagreement, firstDate, GUESS, nearlyLabelled, quote, SENTENCE, type Parsed } from './labelled-values.js';
import { fold, sentenceAround, type TextLine } from './text-lines.js';
import {
  APPEAL_CONTEXT,
  BY_DATE,
  CLOSED_PERIOD,
  CONDITIONAL,
  DRIVER_CONTEXT,
  DUE_DATE_LABEL_WORDS,
  INCLUDED_COSTS,
  LABELS,
  NON_STANDARD_AMOUNT,
  NOTHING_TO_PAY,
  NUMBER_WORDS,
  REPLY_ACTION,
  PAYMENT_CONTEXT,
  PERIOD,
  PERIOD_FROM_DOCUMENT,
  PAST_PERIOD,
  PERIOD_FROM_UNPRINTED,
  SAME_DATE,
  SAME_PERIOD,
  THREATENED_CONSEQUENCE,
  INCREASED_DEMAND,
  withoutNonStandardAside,
} from './vocabulary.js';

function numberFrom(word: string | undefined, digits: string | undefined): number | null {
  if (digits) return Number(digits);
  if (word && NUMBER_WORDS[word] !== undefined) return NUMBER_WORDS[word] as number;
  return null;
}

type PeriodPurpose = 'payment' | 'driver' | 'appeal';
type Periods = {
  resolved: { purpose: PeriodPurpose; field: Field<IsoDate> }[];
  /** Periods seen but not turned into a date, with why: never dropped silently. */
  unresolved: { purpose: PeriodPurpose; doubt: string }[];
};

/**
 * What a period is for: its own line decides first ("bij betaling binnen 15 dagen" is about paying
 * even when the next sentence is about the driver); the wrapped window only if silent. Naming the
 * driver or renter comes before an appeal, an appeal before paying.
 */
function purposeOf(line: string, window: string, ...wider: string[]): PeriodPurpose | null {
  for (const text of [line, window, ...wider].map(withoutNoPayment)) {
    if (DRIVER_CONTEXT.test(text)) return 'driver';
    if (APPEAL_CONTEXT.test(text)) return 'appeal';
    if (PAYMENT_CONTEXT.test(text)) return 'payment';
  }
  return null;
}

/** "Bitte überweisen Sie nichts", "Your company does not have to pay anything": words of paying that ask for no payment. */
const NO_PAYMENT = new RegExp(NOTHING_TO_PAY.source, 'g');
const withoutNoPayment = (text: string) => text.replace(NO_PAYMENT, (m) => ' '.repeat(m.length));

/**
 * Deadlines stated as a period ("binnen 15 dagen vanaf de datum van verzending"): counted in calendar
 * days from the document's date when the sentence says so. A period counted from a date the letter
 * does not print (delivery, receipt), in working days, or with no document date to count from is
 * recorded as unresolved, so the field it would have given is not trusted as absent.
 */
function readPeriods(lines: readonly TextLine[], documentDate: Field<IsoDate> | null, asksForName: boolean): Periods {
  const periods: Periods = { resolved: [], unresolved: [] };
  const unprintedLengths = periodsFromUnprinted(lines);
  let last: Field<IsoDate> | null = null; // the latest period resolved, for "within the same period"
  lines.forEach((line, i) => {
    const next = lines[i + 1];
    const window = next && next.page === line.page ? `${line.folded} ${next.folded}` : line.folded;
    const prev = lines[i - 1];
    const wider = prev && prev.page === line.page ? `${prev.folded} ${window}` : window;
    const source = { page: line.page, text: line.text };
    // "Waren Sie nicht der Fahrer, … so können Sie innerhalb derselben Frist …": the period stated before.
    const same = SAME_PERIOD.exec(line.folded);
    const ownPeriod = PERIOD.exec(line.folded);
    // "binnen dezelfde termijn van 14 dagen" names the period before it, even when it repeats its length.
    if (same && last && (!ownPeriod || Math.abs(ownPeriod.index - same.index) < 30)) {
      const purpose = purposeOf(line.folded.slice(Math.max(0, same.index - 120), same.index + 80), line.folded, wider);
      if (purpose) periods.resolved.push({ purpose, field: { ...last, source } });
      return;
    }
    // A period may wrap onto the next line ("binnen vijftien (15)\ndagen"): match across the break,
    // but only when it starts on this line, so the next line does not report it twice.
    let m = PERIOD.exec(line.folded);
    if (!m) {
      const wrapped = PERIOD.exec(window);
      if (wrapped && wrapped.index < line.folded.length) m = wrapped;
    }
    if (!m) return;
    // The clause that holds the period speaks first ("Si vous ne contestez pas les faits, nous vous invitons
    // à verser l'amende dans les 30 jours" is about paying); a period whose own sentence names no purpose
    // takes the sentence before it ("… l'identité du conducteur. Veuillez nous la transmettre dans les 15 jours").
    // "… das Verwarnungsgeld … zu zahlen oder uns innerhalb von 10 Tagen … den Fahrzeugführer zu benennen":
    // an "or" before the period ends the clause of the other choice.
    const orBefore = Math.max(...[' oder ', ' or ', ' ou '].map((w) => { const at = window.lastIndexOf(w, m!.index); return at < 0 ? -1 : at + w.length - 1; }));
    const clauseStart = Math.max(window.lastIndexOf(',', m.index), window.lastIndexOf(';', m.index), window.lastIndexOf('. ', m.index), orBefore) + 1;
    const sentenceEnd = /[.!?;](?:\s|$)/.exec(window.slice(m.index + m[0].length));
    const clauseEnd = m.index + m[0].length + Math.min(60, sentenceEnd ? sentenceEnd.index : 60);
    const clause = window.slice(clauseStart, clauseEnd);
    // The period's sentence within its two lines: from the sentence mark before it to the one after it.
    const sentenceStart = Math.max(window.lastIndexOf('. ', m.index), window.lastIndexOf('? ', m.index), window.lastIndexOf('! ', m.index)) + 1;
    const sentenceInWindow = window.slice(sentenceStart, sentenceEnd ? m.index + m[0].length + sentenceEnd.index : window.length);
    // "De bezwaartermijn van zes weken … is verstreken": a period the letter says is over gives no deadline.
    if (CLOSED_PERIOD.test(clause) || CLOSED_PERIOD.test(window.slice(m.index, m.index + 160).split(/[.;](?:\s|$)/)[0] ?? '')) return;
    // "… qui n'a ni payé ni désigné le conducteur dans le délai de 45 jours": a period that passed, not one that runs.
    if (PAST_PERIOD.test(clause) && !CONDITIONAL.test(clause)) return;
    // "Bij betaling binnen 15 dagen geldt een verminderd bedrag": a condition for a reduced amount, not a deadline.
    if (NON_STANDARD_AMOUNT.test(clause.replace(INCLUDED_COSTS, '')) && !DRIVER_CONTEXT.test(clause)) return;
    // "Vous disposez d'un délai de 45 jours … pour :" followed by "- payer …", "- désigner le conducteur …":
    // one period for each purpose the list names.
    const bullets = line.folded.trimEnd().endsWith(':') ? listAfter(lines, i) : [];
    // Beyond its clause, only its own sentence and the one before it speak for it, never the next one.
    // A sentence may have started two lines up ("un recours administratif préalable … / … doit être
    // adressé … / dans un délai d'un mois …").
    const prev2 = lines[i - 2];
    const context = prev2 && prev2.page === line.page && wider !== window ? `${prev2.folded} ${wider}` : wider;
    const offset = context.length - window.length + m.index;
    const own = sentenceAround(context, offset, offset + m[0].length);
    // The same for a clause that began on a line above: "Our notice dated 14/10/2026 (…) was not paid" /
    // "within 28 days." is a period that passed.
    const lead = context.slice(own.from, offset);
    const leadClause = lead.slice(Math.max(lead.lastIndexOf(','), lead.lastIndexOf(';')) + 1);
    if (lead.length > 0 && PAST_PERIOD.test(leadClause) && !CONDITIONAL.test(leadClause)) return;
    const before = own.from > 0 ? sentenceAround(context, own.from - 2, own.from - 2).sentence : '';
    const purposes =
      bullets.length > 0
        ? bullets.map((b) => ({ purpose: purposeOf(b.folded, b.folded), at: b }))
        : [{ purpose: purposeOf(clause, own.sentence, `${before} ${own.sentence}`) ?? (asksForName && REPLY_ACTION.test(own.sentence) ? 'driver' : null), at: line }];
    // "Sie können das Verwarnungsgeld zahlen oder den Fahrer benennen, jeweils innerhalb von 14 Tagen",
    // "pay the penalty or nominate the hirer within 28 days": one period for each choice its sentence joins.
    const single = bullets.length === 0 ? purposes[0]?.purpose : null;
    if (single) for (const also of joinedBefore(own.sentence.slice(0, own.at), single)) purposes.push({ purpose: also, at: line });
    const amount = numberFrom(m[1], m[2]);
    const unit = m[3] as string;
    for (const { purpose, at } of purposes) {
      if (!purpose) continue;
      const from = { page: at.page, text: at.text };
      const unresolved = (why: string) => periods.unresolved.push({ purpose, doubt: `${why}: ${quote(from)}` });
      if (amount === null || amount <= 0) { unresolved('a period whose length was not read'); continue; }
      // "… innerhalb von 60 Tagen ab Zustellung … oder innerhalb von 30 Tagen beim Friedensrichter": a period
      // with no start of its own in a sentence counted from an unprinted date runs from that date too.
      const ownStart = PERIOD_FROM_DOCUMENT.test(clause);
      // "Total within 60 days EUR 114.60" in a table, where the sentence below says the 60 days run from
      // the notification: the same period, with no start of its own, runs from that date too.
      const sameAsUnprinted = !ownStart && unprintedLengths.has(`${amount} ${unit}`);
      // "within 28 days beginning with the date of service" beside "Date of service 16 September 2026": a
      // start most letters leave unprinted, printed here under its own label.
      const start = printedStart(lines, window.slice(m.index, m.index + m[0].length + 80));
      if (start) {
        last = { value: addPeriod(start.date, amount, unit, start.inclusive), confidence: SENTENCE, source: from };
        periods.resolved.push({ purpose, field: last });
        continue;
      }
      // Its own sentence, not the next one on the line below ("… na de datum van deze factuur … . Werd het /
      // voertuig verhuurd? Deel ons dan binnen vijftien dagen na ontvangst …").
      if (PERIOD_FROM_UNPRINTED.test(sentenceInWindow) || (!ownStart && PERIOD_FROM_UNPRINTED.test(wider)) || sameAsUnprinted) {
        unresolved('a period counted from a date the letter does not print');
        continue;
      }
      if (/werkdagen|werktage|jours ouvrables|working days|business days/.test(window)) { unresolved('a period in working days'); continue; }
      if (!documentDate) { unresolved("a period counted from the letter's date, which was not read"); continue; }
      const date = addPeriod(documentDate.value, amount, unit, false);
      const anchored = PERIOD_FROM_DOCUMENT.test(window);
      const confidence = Math.min(documentDate.confidence, anchored ? SENTENCE : GUESS);
      last = { value: date, confidence, source: from, derivedFrom: 'documentDate' };
      periods.resolved.push({ purpose, field: last });
    }
  });
  // The best-supported period first (anchored to the document date beats a loose mention).
  periods.resolved.sort((a, b) => b.field.confidence - a.field.confidence);
  return periods;
}

/**
 * The last day of a period of `amount` `unit`s from `start`. A period "beginning with" its start counts
 * that day as its first ("28 days beginning with the date of service" ends on day 28, not 29).
 */
function addPeriod(start: IsoDate, amount: number, unit: string, inclusive: boolean): IsoDate {
  const end = /^(weken|week|semaines|semaine|wochen|woche|weeks)$/.test(unit)
    ? addCalendarDays(start, amount * 7)
    : /^(maanden|maand|mois|monaten|monat|months|month)$/.test(unit)
      ? addCalendarMonths(start, amount)
      : addCalendarDays(start, amount);
  return inclusive ? addCalendarDays(end, -1) : end;
}

/** The event a period counts from, when letters usually leave its date unprinted: service, notification, delivery. */
const START_EVENT =
  /(from|after|of|beginning with|starting with|commencing with|na|vanaf|te rekenen vanaf|a compter d[eu]|a partir d[eu]|nach|ab|seit)\s+(?:the |de |la |l'|dem |der |het )?(?:(?:date|datum|day|dag|jour|tag) (?:of |van |de |der |des )?(?:de |la |l'|het |the )?)?(service|notification|zustellung|kennisgeving|betekening|delivery|signification)\b/;
const EVENT_LABEL: Record<string, RegExp> = {
  service: /^(?:deemed )?date of service\b/,
  delivery: /^date of delivery\b/,
  notification: /^(?:date (?:de (?:la )?)?notification|date of notification)\b/,
  signification: /^date (?:de (?:la )?)?signification\b/,
  zustellung: /^(?:zustelldatum|zustellungsdatum|datum der zustellung|tag der zustellung)\b/,
  kennisgeving: /^(?:datum (?:van )?(?:de )?kennisgeving)\b/,
  betekening: /^(?:datum (?:van )?(?:de )?betekening)\b/,
};

/** The start of a period counted from an event whose date the letter prints under that event's label. */
function printedStart(lines: readonly TextLine[], periodText: string): { date: IsoDate; inclusive: boolean } | null {
  const m = START_EVENT.exec(periodText);
  const label = m ? EVENT_LABEL[m[2]!] : undefined;
  if (!m || !label) return null;
  const dates = lines.flatMap((l) => (label.test(l.folded) ? findDates(l.folded).slice(0, 1).map((d) => d.date) : []));
  // Two different printed dates for one event leave the start unknown.
  if (dates.length === 0 || dates.some((d) => d !== dates[0])) return null;
  return { date: dates[0]!, inclusive: /^(?:beginning|starting|commencing) with$/.test(m[1]!) };
}

/** The lengths ("60 days") of the letter's periods that its sentences count from a date it does not print. */
function periodsFromUnprinted(lines: readonly TextLine[]): Set<string> {
  const text = lines.map((l) => l.folded).join(' ');
  const lengths = new Set<string>();
  for (const m of text.matchAll(new RegExp(PERIOD.source, 'g'))) {
    const rest = text.slice(m.index + m[0].length).split(/[.;!?](?:\s|$)/)[0] ?? '';
    const amount = numberFrom(m[1], m[2]);
    if (amount !== null && PERIOD_FROM_UNPRINTED.test(rest.slice(0, 80))) lengths.add(`${amount} ${m[3]}`);
  }
  return lengths;
}

/** The items of a list that follows line `i` ("- payer …", "• désigner …", "a) …"), on its page. */
function listAfter(lines: readonly TextLine[], i: number): TextLine[] {
  const items: TextLine[] = [];
  for (let j = i + 1; j < lines.length && j <= i + 8; j++) {
    const l = lines[j]!;
    if (l.page !== lines[i]!.page) break;
    if (/^(?:[-–•·*]|[a-z]\)|\d\))\s*/.test(l.folded)) items.push(l);
    else if (items.length > 0 && !/^[A-ZÀ-Ý]/.test(l.text)) continue; // an item wrapped onto this line
    else break;
  }
  return items;
}

/**
 * Dates a sentence gives as the last day of something ("zodat het uiterlijk op 14 december 2026 op onze
 * rekening staat", "désigner avant le 4 janvier 2027"), with the purpose of the sentence around them.
 * Sentences wrap, so a date may run onto the next line and its purpose may stand on the line before.
 */
function byDateSentences(lines: readonly TextLine[], asksForName: boolean): { purpose: PeriodPurpose; field: Field<IsoDate> }[] {
  const found: { purpose: PeriodPurpose; field: Field<IsoDate> }[] = [];
  let lastLine = -Infinity; // the line of the last day found, for a sentence that refers back to it
  lines.forEach((line, i) => {
    const next = lines[i + 1];
    // Two lines back: a sentence that wraps over three lines, or the sentence a pointing-back one refers to.
    const above = [lines[i - 2], lines[i - 1]].filter((l): l is TextLine => l !== undefined && l.page === line.page);
    const before = above.map((l, k) => `${l.folded}${joint(l, above[k + 1] ?? line)}`).join('');
    const window = `${before}${line.folded}${next && next.page === line.page ? `${joint(line, next)}${next.folded}` : ''}`;
    for (const d of findDates(window)) {
      const start = d.index - before.length;
      if (start < 0 || start >= line.folded.length) continue; // each date once: on the line it starts on
      if (!BY_DATE.test(window.slice(Math.max(0, d.index - 40), d.index))) continue;
      // Its purpose stands in its own sentence, which may wrap over lines and may follow the date ("Der
      // Gesamtbetrag ist bis zum 16.12.2026 zu zahlen"); never in the sentences around it ("Une carte
      // riverain reste valable jusqu'au 31/03/2027" beside a payment sentence is about no deadline).
      const { sentence, at, from } = sentenceAround(window, d.index, d.index + d.length);
      // A sentence about a reduced amount or costs sets no deadline for the amount due, unless it sums
      // them into the total ("une amende de 250,00 € et aux frais … soit au total 262,29 €, à verser au plus tard le …").
      // "… avant le 09/12/2026, faute de quoi une amende majorée de 375 € sera émise": what follows a
      // threatened consequence is not what the sentence asks.
      const threat = THREATENED_CONSEQUENCE.exec(sentence);
      const asked = threat && threat.index > at ? sentence.slice(0, threat.index) : sentence;
      if (NON_STANDARD_AMOUNT.test(withoutNonStandardAside(asked).replace(INCLUDED_COSTS, '')) && !SUMMED_TOTAL.test(asked) && !INCREASED_DEMAND.test(asked)) continue;
      // A sentence that points back ("Doe dit dan", "Do so", "Faites-le") takes the purpose of the one before
      // it: "Stuurde u het inlichtingenformulier nog niet terug? Doe dit dan uiterlijk op 3 december 2026."
      // Any other sentence stands alone ("… is geldig tot 31/03/2027" after a payment sentence is no deadline).
      const previous = from > 0 && POINTS_BACK.test(sentence) ? sentenceAround(window, from - 2, from - 2).sentence : '';
      const purpose = nearestPurpose(sentence, at) ?? nearestPurpose(previous, previous.length) ?? (asksForName && REPLY_ACTION.test(sentence) ? 'driver' : null);
      if (!purpose) continue;
      const field = { value: d.date, confidence: SENTENCE, source: { page: line.page, text: line.text } };
      found.push({ purpose, field });
      // "jusqu'au 4 janvier 2027 inclus pour payer ou pour introduire un recours": one last day, two purposes.
      for (const also of joinedPurposes(sentence.slice(at), purpose)) found.push({ purpose: also, field });
      lastLine = i;
    }
    // "Zahlen Sie … bis zum 09.12.2026. Bis zu diesem Tag können Sie uns auch den Fahrer benennen": the
    // day of the sentence before (on this line or the two above), for the purpose this sentence names.
    const same = SAME_DATE.exec(line.folded);
    const last = found.at(-1);
    if (same && last && lastLine >= i - 2) {
      const { sentence, at } = sentenceAround(window, before.length + same.index, before.length + same.index + same[0].length);
      const purpose = nearestPurpose(sentence, at);
      if (purpose && purpose !== last.purpose) found.push({ purpose, field: { ...last.field, source: { page: line.page, text: line.text } } });
    }
  });
  return found;
}

/**
 * What joins two lines of the text: a space within a wrapped sentence, a sentence break after a table
 * row ("Total à payer 50,00 €" above "Nous vous prions de régler …"), so that a row's words are not
 * read as part of the sentence below it.
 */
function joint(upper: TextLine, lower: TextLine): string {
  return /[\d€$£%)]\s*$/.test(upper.text) && /^[A-ZÀ-Ý]/.test(lower.text) ? '. ' : ' ';
}

/**
 * A sentence that says the driver or renter can no longer be named ("Liability can no longer be
 * transferred to a hirer", "Die Benennung des Fahrers ist nicht mehr möglich"), stated, not as a
 * condition ("if you do not …, you can no longer …").
 */
export function namingClosed(lines: readonly TextLine[]): boolean {
  const text = lines.map((l, k) => `${l.folded}${lines[k + 1] ? joint(l, lines[k + 1]!) : ''}`).join('');
  return text.split(/[.!?;:](?:\s|$)/).some((s) => (DRIVER_CONTEXT.test(s) && CLOSED_PERIOD.test(s) && !CONDITIONAL.test(s)) || HOLDER_OWES_TAX.test(s));
}

/**
 * A parking tax the holder owes by law ("Als kentekenhouder bent u de belasting verschuldigd", "De
 * kentekenhouder is belastingplichtig", "Le titulaire … est redevable du forfait"): there is nobody to
 * name, and an objection is only an objection.
 */
const HOLDER_OWES_TAX =
  /\b(?:als kentekenhouder bent u (?:de |het )?(?:\p{L}+ )?(?:belasting|parkeerbelasting|bedrag|aanslag) verschuldigd|de kentekenhouder is belastingplichtig|(?:le )?titulaire du certificat d'immatriculation est redevable du forfait)\b/u;

/** Words of a sentence that adds costs into the total it asks for. */
const SUMMED_TOTAL = /\b(?:au total|soit au total|in totaal|totaalbedrag|insgesamt|gesamtbetrag|in total|a total of|montant total|betaalt u (?:nu|dus)|you now (?:owe|pay))\b|\b(?:samen|totaal|total|soit|zusammen)\s*:?\s*(?:€|eur\b|\d)/;

/** Words by which a sentence points back to what the one before it asked ("Senden Sie das Formular … zurück" after the sentence naming the Antwortformular). */
const POINTS_BACK = /\b(?:doe (?:dit|dat)|(?:dit|dat) (?:kan|moet)|do (?:so|this|that)|faites-le|le faire|tun sie (?:dies|das)|dies (?:bitte|muss|kann)|(?:deze|die) (?:gegevens|inlichtingen)|(?:ces|les) (?:informations|renseignements|donnees|elements)|(?:diese|die) (?:angaben|daten|auskunft)|(?:this|the|these|such) (?:information|details|particulars)|(?:das|dieses|le|ce|het|dit|the|this) (?:formular|formulaire|formulier|form))\b/;

const PURPOSE_WORDS = [['driver', DRIVER_CONTEXT], ['appeal', APPEAL_CONTEXT], ['payment', PAYMENT_CONTEXT]] as const;
/** The same, each matching every place in a sentence. */
const PURPOSE_WORDS_ALL = PURPOSE_WORDS.map(([purpose, words]) => [purpose, new RegExp(words.source, 'g')] as const);

/**
 * The other purposes a deadline serves when its sentence joins them ("pour payer ou pour introduire un
 * recours", "te betalen of bezwaar te maken", "to pay or to appeal"): each named within a few words of
 * the first, after an "or"/"and".
 */
function joinedPurposes(afterDate: string, first: PeriodPurpose): PeriodPurpose[] {
  const head = withoutNoPayment(afterDate.slice(0, 90));
  const firstAt = head.search(PURPOSE_WORDS.find(([p]) => p === first)![1]);
  if (firstAt < 0) return [];
  const joined: PeriodPurpose[] = [];
  for (const [purpose, words] of PURPOSE_WORDS) {
    if (purpose === first) continue;
    const m = words.exec(head.slice(firstAt));
    if (m && /\b(?:ou|or|oder|of|et|and|und|en)\b/.test(head.slice(firstAt, firstAt + m.index))) joined.push(purpose);
  }
  return joined;
}


/**
 * The other purposes a period serves when the choices before it are joined ("zahlen oder den Fahrer
 * benennen, jeweils innerhalb von …", "pay … or nominate the hirer within 28 days"): the last words of
 * each purpose in the sentence up to the period, next to each other and joined by an "or"/"and".
 */
function joinedBefore(head: string, first: PeriodPurpose): PeriodPurpose[] {
  const text = withoutNoPayment(head).slice(-140);
  const hits = PURPOSE_WORDS_ALL.flatMap(([purpose, words]) => {
    const m = [...text.matchAll(words)].at(-1);
    return m ? [{ purpose, at: m.index }] : [];
  }).sort((a, b) => a.at - b.at);
  if (!hits.some((h) => h.purpose === first)) return [];
  const joined = new Set<PeriodPurpose>();
  for (let k = 1; k < hits.length; k++) {
    const between = text.slice(hits[k - 1]!.at, hits[k]!.at);
    if (between.length <= 60 && /\b(?:ou|or|oder|of|et|and|und|en)\b/.test(between) && !/[.;:](?:\s|$)/.test(between)) {
      joined.add(hits[k - 1]!.purpose);
      joined.add(hits[k]!.purpose);
    }
  }
  joined.delete(first);
  return [...joined];
}

/**
 * The purpose whose words stand nearest the value in its sentence: in "à régler avant le 20/12/2026 …
 * Contester : vous pouvez former une réclamation", paying is beside the date, contesting further on.
 */
function nearestPurpose(sentence: string, at: number): PeriodPurpose | null {
  let best: { purpose: PeriodPurpose; distance: number } | null = null;
  for (const [purpose, words] of PURPOSE_WORDS_ALL) {
    for (const m of withoutNoPayment(sentence).matchAll(words)) {
      const distance = Math.abs(m.index - at);
      if (!best || distance < best.distance) best = { purpose, distance };
    }
  }
  return best?.purpose ?? null;
}

/**
 * A labelled day in a sentence that is the condition of a reduced amount ("If you pay by 30 September
 * 2026, the reduced total applies"): the last day of the reduction, not the due date.
 */
function reducedCondition(lines: readonly TextLine[], field: Field<IsoDate>): boolean {
  const at = field.source ? lines.findIndex((l) => l.page === field.source!.page && l.text === field.source!.text) : -1;
  if (at < 0) return false;
  const line = lines[at]!;
  const next = lines[at + 1]?.page === line.page ? lines[at + 1] : undefined;
  const window = next ? `${line.folded} ${next.folded}` : line.folded;
  return findDates(line.folded).some((d) => {
    if (d.date !== field.value) return false;
    const { sentence } = sentenceAround(window, d.index, d.index + d.length);
    return NON_STANDARD_AMOUNT.test(sentence.replace(INCLUDED_COSTS, '')) && !SUMMED_TOTAL.test(sentence);
  });
}

/** A deadline that is really another date of the letter (its own date, the offence) is a look-alike. */
function lookAlikeDate(what: string, field: Field<IsoDate> | null, documentDate: IsoDate | null, offenceDate: IsoDate | null): string | undefined {
  if (!field) return undefined;
  if (field.value === offenceDate) return `${what} ${field.value} is the offence date: ${quote(field.source)}`;
  if (field.value === documentDate && !field.derivedFrom) return `${what} ${field.value} is the letter's own date: ${quote(field.source)}`;
  if (documentDate && field.value < documentDate) return `${what} ${field.value} is before the letter's date ${documentDate}: ${quote(field.source)}`;
  return undefined;
}


const dateAtStart = (text: string): Parsed<IsoDate> | null => {
  const d = findDates(fold(text))[0];
  return d && d.index === 0 ? { value: d.date, at: 0 } : null;
};

export type Deadlines = {
  dueDate: Field<IsoDate> | null;
  redirectDeadline: Field<IsoDate> | null;
  /** Dates labelled as due: an identification request that has one is doubted as such. */
  dueLabelled: Field<IsoDate>[];
  dueDoubt?: string;
  redirectDoubt?: string;
};

/** The due date and the redirect deadline of a letter whose own date and offence date were read as given. */
export function readDeadlines(
  lines: readonly TextLine[],
  documentDate: Field<IsoDate> | null,
  offenceDate: IsoDate | null,
  schedule: PaymentSchedule | null = findSchedule(lines),
  asksForName = false,
  appealNamesRenter = true,
): Deadlines {
  // A letter that only asks who drove ("stuur het antwoordgedeelte binnen vijftien dagen terug", "die
  // Auskunft bis spätestens 04.12.2026 zu erteilen") sets one deadline: a period or last day whose sentence
  // names no other purpose and asks for an answer is the one for naming ("… is geldig tot 31/03/2027" is not).
  const periods = readPeriods(lines, documentDate, asksForName);
  const unresolved = (purposes: PeriodPurpose[]) => periods.unresolved.find((u) => purposes.includes(u.purpose))?.doubt;

  // Due date: a labelled date, else a payment period. Every candidate must agree.
  // "De vervaldatum daarvan was 06-10-2026" in a reminder dated later: an earlier letter's due date.
  const liveDate = (f: Field<IsoDate>) => !(documentDate && documentDate.confidence >= 0.8 && f.value < documentDate.value);
  const dueLabelled = allLabelled(lines, LABELS.dueDate, firstDate).filter((f) => liveDate(f) && !reducedCondition(lines, f));
  // An OCR-garbled due-date label, but never a line whose label is exactly another one ("Versanddatum" is
  // two letters from "Vervaldatum" and is the letter's date).
  const otherLabel = (l: TextLine) => LABELS.documentDate[0].test(l.folded) || LABELS.offence[0].test(l.folded);
  const dueNearly = dueLabelled.length === 0 ? nearlyLabelled(lines.filter((l) => !otherLabel(l)), DUE_DATE_LABEL_WORDS, dateAtStart) : null;
  // "de naheffingsaanslag … had uiterlijk op 05-11-2026 betaald moeten zijn": a last day before this
  // letter's own date was an earlier letter's deadline, not one this letter sets.
  // A schedule's tiers (payment-schedule.ts) are not rival due dates: its standard tier is the one.
  const tierLines = new Set(schedule?.tiers.map((t) => `${t.line.page}:${t.line.text}`));
  const dueSchedule: Field<IsoDate> | null = schedule?.standard.until
    ? { value: schedule.standard.until, confidence: SENTENCE, source: { page: schedule.standard.line.page, text: schedule.standard.line.text } }
    : null;
  const byDates = byDateSentences(lines, asksForName).filter((p) => liveDate(p.field) && !tierLines.has(`${p.field.source?.page}:${p.field.source?.text}`));
  const dueSentences = byDates.filter((p) => p.purpose === 'payment').map((p) => p.field);
  const duePeriods = periods.resolved.filter((p) => p.purpose === 'payment').map((p) => p.field);
  const dueDate = dueLabelled[0] ?? dueNearly ?? dueSchedule ?? dueSentences[0] ?? duePeriods[0] ?? null;
  const dueDoubt =
    disagreement('due date', [...dueLabelled, dueNearly, dueSchedule, ...dueSentences, ...duePeriods.filter((p) => p.confidence >= SENTENCE)]) ??
    lookAlikeDate('due date', dueDate, documentDate?.value ?? null, offenceDate) ??
    (dueDate ? undefined : unresolved(['payment']));

  // Redirect deadline: a labelled date or a period for naming the driver; else an appeal period,
  // which is how a holder has the fine put in the renter's name when the letter offers nothing else.
  const redirectLabelled = allLabelled(lines, LABELS.redirectDeadline, firstDate);
  const driverPeriods = periods.resolved.filter((p) => p.purpose === 'driver').map((p) => p.field);
  const appealPeriods = periods.resolved.filter((p) => p.purpose === 'appeal').map((p) => p.field);
  const driverSentences = byDates.filter((p) => p.purpose === 'driver').map((p) => p.field);
  const appealSentences = byDates.filter((p) => p.purpose === 'appeal').map((p) => p.field);
  const primary = [...redirectLabelled, ...driverSentences, ...driverPeriods];
  // "Liability can no longer be transferred to a hirer": with the naming route closed, an appeal is only
  // an appeal, and no longer the way the fine reaches the renter.
  // A parking tax's objection that never speaks of a renter or driver ("Bent u het niet eens met deze
  // aanslag, dan kunt u binnen zes weken … bezwaar maken") is only an objection: the caller says so.
  const closed = primary.length === 0 && (namingClosed(lines) || !appealNamesRenter);
  // A naming period that could not be resolved ("binnen vijftien dagen na ontvangst") is the deadline,
  // unknown: an appeal period is no stand-in for it.
  const namingUnknown = primary.length === 0 && unresolved(['driver']) !== undefined;
  const redirectPool = primary.length > 0 ? primary : closed || namingUnknown ? [] : [...appealSentences, ...appealPeriods];
  const redirectDeadline = redirectPool[0] ?? null;
  const redirectDoubt =
    disagreement('redirect deadline', redirectPool) ??
    lookAlikeDate('redirect deadline', redirectDeadline, documentDate?.value ?? null, offenceDate) ??
    // With naming closed ("aucune désignation de conducteur n'est prévue"), an appeal period that cannot
    // be resolved leaves no redirect deadline unknown: there is none to find.
    (redirectDeadline ? undefined : unresolved(closed ? ['driver'] : ['driver', 'appeal']));

  return { dueDate, redirectDeadline, dueLabelled, dueDoubt, redirectDoubt };
}
