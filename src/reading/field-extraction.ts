// Reads the fields of a fine from its text, whatever the issuer's layout: a value stands beside its
// label, below it, or inside a running sentence. Pure: text in, fields with confidence out.
import { addCalendarDays, addCalendarMonths, type IsoDate } from '../domain/calendar-date.js';
import { brusselsDateOf, brusselsInstant } from '../domain/brussels-time.js';
import { normalisePlate } from '../domain/plate.js';
import type { DocumentKind } from '../domain/types.js';
import { findAmounts } from './amounts.js';
import { findBreakdowns } from './amount-breakdown.js';
import { readOffenceByRole } from './offence-reading.js';
import { readReferenceByRole } from './reference-reading.js';
import { readKind } from './kind-reading.js';
import { findDates, findTimes } from './dates.js';
import type { ExtractedFields, Field } from './fields.js';
import { findPlates, loosePlate, type FoundPlate } from './plates.js';
import { findStructuredCommunication } from './structured-communication.js';
import { fold, toLines, type TextLine } from './text-lines.js';
import type { DecisiveField } from '../domain/decision-inputs.js';
import { judgeTrust } from './field-trust.js';
import type { Provenance } from './fields.js';
import {
  APPEAL_CONTEXT,
  DRIVER_CONTEXT,
  LABELS,
  LANGUAGE_WORDS,
  NON_STANDARD_AMOUNT,
  NUMBER_WORDS,
  PAYMENT_CONTEXT,
  PERIOD,
  PERIOD_FROM_DOCUMENT,
  PERIOD_FROM_UNPRINTED,
  SAME_PERIOD,
  PENALTY_RANGE,
  REDIRECT_CLAUSE,
  THREATENED_CONSEQUENCE,
  CLOSED_PERIOD,
  PAGE_OF,
  REVERSE_SIDE,
  BY_DATE,
  DUE_DATE_LABEL_WORDS,
  REFERENCE_LABEL_WORDS,
} from './vocabulary.js';
import { nearlyOneOf } from './fuzzy.js';

const BESIDE = 0.95; // value on the label's own line
const BELOW = 0.88; // value on the line under the label
const SENTENCE = 0.9; // value inside a sentence that says what it is
const GUESS = 0.6; // value with no label: shown to the operator, never trusted
const FUZZY_LABEL = 0.85; // value beside a label that OCR garbled by a letter or two
const VALUE_FIRST = 0.92; // value before its label, alone on the line with it

/** Where a value may stand: `line` holds it, `labelLine` holds its label (the same line, or the one above). */
type Segment = { line: TextLine; labelLine: TextLine; index: number; text: string; folded: string; confidence: number };
type Parsed<T> = { value: T; at: number };

/** Where a label was found: the rest of its line, and the next line of the same page. */
function labelSegments(lines: readonly TextLine[], labels: readonly RegExp[]): Segment[] {
  const segments: Segment[] = [];
  for (const label of labels) {
    lines.forEach((line, index) => {
      const m = label.exec(line.folded);
      if (!m) return;
      const start = m.index + m[0].length;
      const rest = line.text.slice(start).replace(/^\s*[:\-–.]?\s*/, '');
      const offset = line.text.length - rest.length;
      segments.push({ line, labelLine: line, index, text: rest, folded: line.folded.slice(offset), confidence: BESIDE });
      // A value before its label, in a column of "value label" rows: "2-BDX-019 kenteken".
      const before = line.text.slice(0, m.index + (m[0].length - m[0].trimStart().length)).trim();
      if (before && !/[\p{L}\p{N}]/u.test(rest.replace(/\([^)]*\)/g, ''))) {
        segments.push({ line, labelLine: line, index, text: before, folded: fold(before), confidence: VALUE_FIRST });
      }
      // The line below holds the value only when the label's own line holds none: a value beside
      // the label that cannot be read ("Rückantwort bis: 04.12 2026") must not be replaced by
      // whatever number the next line happens to hold.
      const next = lines[index + 1];
      // A label that ends a sentence ("… de geldboete te betalen.") heads nothing below it.
      if (next && next.page === line.page && !/\d/.test(rest) && !/[.!?]\s*$/.test(line.text)) {
        segments.push({ line: next, labelLine: line, index: index + 1, text: next.text, folded: next.folded, confidence: BELOW });
      }
    });
    if (segments.length > 0) return segments; // a more specific label wins over a generic one
  }
  return segments;
}

/**
 * Every value found beside or below a label of the first label group (most specific first) that
 * yields any, values beside their label before values below it. More than one distinct value is a
 * disagreement the caller must not settle by picking one.
 */
function allLabelled<T>(
  lines: readonly TextLine[],
  labels: readonly RegExp[],
  parse: (segment: Segment) => Parsed<T> | null,
  accept: (line: TextLine) => boolean = () => true,
): Field<T>[] {
  for (const labelGroup of labels) {
    // A value below its label is judged by the label's line too ("le montant … majorée sera de\n94,50 €").
    const segments = labelSegments(lines, [labelGroup]).filter((s) => accept(s.line) && accept(s.labelLine));
    const found: Field<T>[] = [];
    for (const confidence of [BESIDE, VALUE_FIRST, BELOW]) {
      for (const segment of segments.filter((s) => s.confidence === confidence)) {
        const parsed = parse(segment);
        if (parsed) found.push({ value: parsed.value, confidence, source: { page: segment.line.page, text: segment.line.text } });
      }
    }
    if (found.length > 0) return found;
  }
  return [];
}

function firstLabelled<T>(
  lines: readonly TextLine[],
  labels: readonly RegExp[],
  parse: (segment: Segment) => Parsed<T> | null,
  accept: (line: TextLine) => boolean = () => true,
): Field<T> | null {
  return allLabelled(lines, labels, parse, accept)[0] ?? null;
}

const quote = (p: Provenance | null) => (p ? `«${p.text.length > 140 ? `${p.text.slice(0, 137)}…` : p.text}»` : '');

/** A doubt when candidates for one role disagree: "due date: 2026-12-20 in «…» and 2026-12-05 in «…»". */
function disagreement<T>(what: string, candidates: readonly (Field<T> | null | undefined)[]): string | undefined {
  const distinct = new Map<string, Field<T>>();
  for (const c of candidates) if (c && !distinct.has(JSON.stringify(c.value))) distinct.set(JSON.stringify(c.value), c);
  if (distinct.size < 2) return undefined;
  const shown = [...distinct.values()].slice(0, 3).map((c) => `${String(c.value)} in ${quote(c.source)}`);
  return `${what}: candidates disagree: ${shown.join(' and ')}`;
}

const firstDate = (s: Segment): Parsed<IsoDate> | null => {
  const d = findDates(s.folded)[0];
  return d ? { value: d.date, at: d.index } : null;
};

/** A bare "Datum"/"Date" label may stand before any date (the offence's, say): shown, never trusted. */
const GENERIC_LABEL = 0.7;

function readDocumentDate(lines: readonly TextLine[]): { field: Field<IsoDate> | null; doubt?: string } {
  const specific = allLabelled(lines, LABELS.documentDate.slice(0, 1), firstDate);
  const letter = letterStyleDate(lines);
  // A bare "Datum / Uhrzeit 24.10.2026, 15.40 Uhr" dates an event with its time, not the letter.
  const generic = firstLabelled(lines, LABELS.documentDate.slice(1), (s) => {
    const d = findDates(s.folded)[0];
    if (!d || findTimes(s.folded.slice(d.index + d.length)).some((t) => t.index <= 25)) return null;
    return { value: d.date, at: d.index };
  });
  const field = specific[0] ?? letter ?? (generic ? { ...generic, confidence: headerDate(lines, generic) ? SENTENCE : Math.min(generic.confidence, GENERIC_LABEL) } : null);
  return { field, doubt: disagreement("the letter's date", [...specific, letter]) };
}

const SALUTATION = /^(geachte|beste|madame|monsieur|mesdames|messieurs|sehr geehrte|guten tag|dear|to whom)/;

/**
 * A bare "Datum 12 november 2026" is the letter's own date when it stands in the letter's head, above
 * the salutation, as the only bare-labelled date there, with no time beside or below it (an offence
 * is given with its time). Below the salutation the same label may head the offence's date.
 */
function headerDate(lines: readonly TextLine[], generic: Field<IsoDate>): boolean {
  // The head ends at the salutation, or where a letter without one starts its running text.
  const salutation = lines.findIndex((l) => SALUTATION.test(l.folded) || l.folded.split(' ').length >= 9);
  if (salutation < 0) return false;
  const head = lines.slice(0, salutation);
  const bare = head.flatMap((line, i) => {
    const m = LABELS.documentDate[1].exec(line.folded);
    if (!m) return [];
    const rest = line.folded.slice(m.index + m[0].length);
    const d = findDates(rest)[0];
    return d ? [{ line, next: head[i + 1], date: d.date, timed: findTimes(rest).length > 0 }] : [];
  });
  const only = bare[0];
  if (bare.length !== 1 || !only || only.date !== generic.value || only.timed) return false;
  return !(only.next && /^(uur|heure|uhrzeit|zeit|time|tijdstip)\b/.test(only.next.folded));
}

function letterStyleDate(lines: readonly TextLine[]): Field<IsoDate> | null {
  // Letter style: "Brussel, 20 november 2026" / "Bruxelles, le 20 novembre 2026" / "Köln, den 20.11.2026":
  // a place and a date and nothing more. A sentence that starts "Geachte, op 4 november 2026 om …"
  // has the same start but speaks of another date.
  for (const line of lines) {
    // "St. Vith, den 06.11.2026": a place may hold a dot; "." after it: a comma as OCR may read it.
    const m = /^[a-z][a-z' .-]{1,30}?,\s*(?:le |den |op |am |the )?/.exec(line.folded) ?? /^[a-z' -]{2,30}\.\s*(?:le |den |op |am )?/.exec(line.folded);
    if (!m || /^(geachte|madame|monsieur|sehr|dear|beste)\b/.test(line.folded)) continue;
    const rest = line.folded.slice(m[0].length);
    const d = findDates(rest)[0];
    if (d && d.index === 0 && !/[\p{L}\p{N}]/u.test(rest.slice(d.length))) {
      return { value: d.date, confidence: SENTENCE, source: { page: line.page, text: line.text } };
    }
  }
  return null;
}

function timeNear(folded: string, from: number): { hours: number; minutes: number } | null {
  const t = findTimes(folded.slice(from)).find((x) => x.index <= 25);
  return t ? { hours: t.hours, minutes: t.minutes } : null;
}

function readOffence(lines: readonly TextLine[]): { field: Field<string> | null; doubt?: string } {
  const { field, rival } = readOffenceByRole(lines);
  return { field, doubt: disagreement('offence time', [field, rival]) };
}

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
  for (const text of [line, window, ...wider]) {
    if (DRIVER_CONTEXT.test(text)) return 'driver';
    if (APPEAL_CONTEXT.test(text)) return 'appeal';
    if (PAYMENT_CONTEXT.test(text)) return 'payment';
  }
  return null;
}

/**
 * Deadlines stated as a period ("binnen 15 dagen vanaf de datum van verzending"): counted in calendar
 * days from the document's date when the sentence says so. A period counted from a date the letter
 * does not print (delivery, receipt), in working days, or with no document date to count from is
 * recorded as unresolved, so the field it would have given is not trusted as absent.
 */
function readPeriods(lines: readonly TextLine[], documentDate: Field<IsoDate> | null): Periods {
  const periods: Periods = { resolved: [], unresolved: [] };
  let last: Field<IsoDate> | null = null; // the latest period resolved, for "within the same period"
  lines.forEach((line, i) => {
    const next = lines[i + 1];
    const window = next && next.page === line.page ? `${line.folded} ${next.folded}` : line.folded;
    const prev = lines[i - 1];
    const wider = prev && prev.page === line.page ? `${prev.folded} ${window}` : window;
    const source = { page: line.page, text: line.text };
    // "Waren Sie nicht der Fahrer, … so können Sie innerhalb derselben Frist …": the period stated before.
    const same = SAME_PERIOD.exec(line.folded);
    if (same && last && !PERIOD.test(line.folded)) {
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
    const clauseStart = Math.max(window.lastIndexOf(',', m.index), window.lastIndexOf(';', m.index), window.lastIndexOf('. ', m.index)) + 1;
    const clause = window.slice(clauseStart, m.index + m[0].length + 60);
    // "Bij betaling binnen 15 dagen geldt een verminderd bedrag": a condition for a reduced amount, not a deadline.
    if (NON_STANDARD_AMOUNT.test(clause.replace(INCLUDED_COSTS, '')) && !DRIVER_CONTEXT.test(clause)) return;
    // "Vous disposez d'un délai de 45 jours … pour :" followed by "- payer …", "- désigner le conducteur …":
    // one period for each purpose the list names.
    const bullets = line.folded.trimEnd().endsWith(':') ? listAfter(lines, i) : [];
    const purposes = bullets.length > 0 ? bullets.map((b) => ({ purpose: purposeOf(b.folded, b.folded), at: b })) : [{ purpose: purposeOf(clause, line.folded, window, wider), at: line }];
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
      if (PERIOD_FROM_UNPRINTED.test(window) || (!ownStart && PERIOD_FROM_UNPRINTED.test(wider))) {
        unresolved('a period counted from a date the letter does not print');
        continue;
      }
      if (/werkdagen|werktage|jours ouvrables|working days|business days/.test(window)) { unresolved('a period in working days'); continue; }
      if (!documentDate) { unresolved("a period counted from the letter's date, which was not read"); continue; }
      let date: IsoDate;
      if (/^(weken|week|semaines|semaine|wochen|woche|weeks)$/.test(unit)) date = addCalendarDays(documentDate.value, amount * 7);
      else if (/^(maanden|maand|mois|monaten|monat|months|month)$/.test(unit)) date = addCalendarMonths(documentDate.value, amount);
      else date = addCalendarDays(documentDate.value, amount);
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
function byDateSentences(lines: readonly TextLine[]): { purpose: PeriodPurpose; field: Field<IsoDate> }[] {
  const found: { purpose: PeriodPurpose; field: Field<IsoDate> }[] = [];
  lines.forEach((line, i) => {
    const prev = lines[i - 1];
    const next = lines[i + 1];
    const before = prev && prev.page === line.page ? `${prev.folded} ` : '';
    const window = `${before}${line.folded}${next && next.page === line.page ? ` ${next.folded}` : ''}`;
    for (const d of findDates(window)) {
      const start = d.index - before.length;
      if (start < 0 || start >= line.folded.length) continue; // each date once: on the line it starts on
      if (!BY_DATE.test(window.slice(Math.max(0, d.index - 40), d.index))) continue;
      // Its purpose stands in its own sentence, which may wrap over lines and may follow the date ("Der
      // Gesamtbetrag ist bis zum 16.12.2026 zu zahlen"); never in the sentences around it ("Une carte
      // riverain reste valable jusqu'au 31/03/2027" beside a payment sentence is about no deadline).
      const { sentence, at } = sentenceAround(window, d.index, d.index + d.length);
      if (NON_STANDARD_AMOUNT.test(sentence)) continue;
      const purpose = nearestPurpose(sentence, at);
      if (purpose) found.push({ purpose, field: { value: d.date, confidence: SENTENCE, source: { page: line.page, text: line.text } } });
    }
  });
  return found;
}

/** The sentence of `text` that holds [start, end), and where the value starts in it. */
function sentenceAround(text: string, start: number, end: number): { sentence: string; at: number } {
  const before = text.slice(0, start);
  const ends = [...before.matchAll(/[.!?;]\s/g)];
  const from = ends.length > 0 ? ends[ends.length - 1]!.index + 2 : 0;
  const after = /[.!?;](?:\s|$)/.exec(text.slice(end));
  return { sentence: text.slice(from, after ? end + after.index : text.length), at: start - from };
}

/**
 * The purpose whose words stand nearest the value in its sentence: in "à régler avant le 20/12/2026 …
 * Contester : vous pouvez former une réclamation", paying is beside the date, contesting further on.
 */
function nearestPurpose(sentence: string, at: number): PeriodPurpose | null {
  let best: { purpose: PeriodPurpose; distance: number } | null = null;
  for (const [purpose, words] of [['driver', DRIVER_CONTEXT], ['appeal', APPEAL_CONTEXT], ['payment', PAYMENT_CONTEXT]] as const) {
    for (const m of sentence.matchAll(new RegExp(words.source, 'g'))) {
      const distance = Math.abs(m.index - at);
      if (!best || distance < best.distance) best = { purpose, distance };
    }
  }
  return best?.purpose ?? null;
}

/** A table row ("Vervaldatum 20/12/2026"): its date is a labelled value, read by the label rules. */
const LABEL_LINE = /^[\p{L}' ./-]{2,40}:?\s+\d/u;

/** Lines whose amounts are never the amount due: reduced, increased, costs alone, a penalty range. */
const standardAmountLine = (line: TextLine) =>
  !NON_STANDARD_AMOUNT.test(line.folded.replace(INCLUDED_COSTS, '')) && !PENALTY_RANGE.test(line.folded) && !THREATENED_CONSEQUENCE.test(line.folded);

/** The sentences of a line, each as a line of its own (same page). */
function sentencesOf(line: TextLine): TextLine[] {
  const parts = line.text.split(/(?<=[.!?])\s+(?=[A-Z])/);
  return parts.length < 2 ? [line] : parts.map((text) => ({ page: line.page, text, folded: fold(text) }));
}

/** Costs a total says it includes ("retributie incl. administratiekosten") do not make it a partial amount. */
const INCLUDED_COSTS = /\b(?:incl\.?|inclusief|inbegrepen|y compris|inclus|inkl\.?|einschl(?:ie(?:ss|ß)lich|\.)?|including)\s+[^,;)]*/g;

function readAmount(lines: readonly TextLine[]): { field: Field<number> | null; doubt?: string } {
  const breakdown = readBreakdownTotal(lines);
  if (breakdown) return breakdown;
  const labelled = allLabelled(
    lines,
    LABELS.amount,
    (s) => {
      const a = findAmounts(s.text)[0];
      return a ? { value: a.cents, at: a.index } : null;
    },
    standardAmountLine,
  );
  if (labelled.length > 0) return { field: labelled[0]!, doubt: disagreement('amount', labelled) };
  // No label: trust a currency amount only when the document states a single one. Each sentence of a
  // line is judged on its own: "You may pay €160.00 within 28 days. If that is not paid, you may pay €240.00".
  const all = lines.flatMap((line) =>
    sentencesOf(line)
      .filter(standardAmountLine)
      .flatMap((sentence) => findAmounts(sentence.text).filter((a) => a.hasCurrency).map((a) => ({ a, line }))),
  );
  const distinct = new Set(all.map((x) => x.a.cents));
  const first = all[0];
  if (!first) return { field: null };
  return { field: { value: first.a.cents, confidence: distinct.size === 1 ? 0.85 : GUESS, source: { page: first.line.page, text: first.line.text } } };
}

/**
 * The total of a breakdown that adds up (see amount-breakdown.ts). Its components are not rivals;
 * another total that disagrees (a second breakdown, a "Totaal" line elsewhere) is a doubt.
 */
function readBreakdownTotal(lines: readonly TextLine[]): { field: Field<number>; doubt?: string } | null {
  const breakdowns = findBreakdowns(lines).filter((b) => standardAmountLine(b.total));
  const first = breakdowns[0];
  if (!first) return null;
  const inBreakdown = new Set(breakdowns.flatMap((b) => [b.total, ...b.components]));
  const field: Field<number> = { value: first.cents, confidence: BESIDE, source: { page: first.total.page, text: first.total.text } };
  const otherTotals = lines
    .filter((l) => !inBreakdown.has(l) && standardAmountLine(l) && TOTAL_DUE.test(l.folded))
    .flatMap((l) => findAmounts(l.text).filter((a) => a.hasCurrency).map((a) => ({ value: a.cents, confidence: SENTENCE, source: { page: l.page, text: l.text } })));
  const rivals = [...breakdowns.slice(1).map((b) => ({ value: b.cents, confidence: BESIDE, source: { page: b.total.page, text: b.total.text } })), ...otherTotals];
  return { field, doubt: disagreement('amount', [field, ...rivals]) };
}

/** Words of a line that states the whole sum owed. */
const TOTAL_DUE = /totaal|\btotal\b|saldo|nog te betalen|verschuldigd|montant du|reste a payer|gesamtbetrag|insgesamt|now due|amount due|balance due/;

const REFERENCE_TOKEN = /\d{4}(?: \d{4}){2,4}\b|[A-Z0-9][A-Z0-9./\-]*\d[A-Z0-9./\-]*/i;

function referenceIn(text: string): Parsed<string> | null {
  const m = REFERENCE_TOKEN.exec(text);
  if (!m) return null;
  const value = m[0].replace(/[.\-/]+$/, '');
  if (value.replace(/\D/g, '').length < 3 || value.length < 4) return null;
  // A date or an amount where the reference should be is another field (the reference was lost).
  if (/^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$|^\d+[.,]\d{2}$/.test(value)) return null;
  return { value, at: m.index };
}

/**
 * A value beside a label that OCR garbled ("Fachnumummer:", "Vervaldatumx", "CJ IB-nummer"): the
 * words before the value must nearly be one of `labelWords` (see fuzzy.ts).
 */
function nearlyLabelled<T>(lines: readonly TextLine[], labelWords: readonly string[], parse: (text: string) => Parsed<T> | null): Field<T> | null {
  for (const line of lines) {
    const valueStart = line.text.search(/[:\s]\s*[A-Z]{0,4}[/.\-]?\d/);
    if (valueStart <= 0 || !nearlyOneOf(line.text.slice(0, valueStart), labelWords)) continue;
    const found = parse(line.text.slice(valueStart + 1).trim());
    if (found) return { value: found.value, confidence: FUZZY_LABEL, source: { page: line.page, text: line.text } };
  }
  return null;
}

function readReference(lines: readonly TextLine[]): Field<string> | null {
  return readReferenceByRole(lines) ?? nearlyLabelled(lines, REFERENCE_LABEL_WORDS, referenceIn);
}

const dateAtStart = (text: string): Parsed<IsoDate> | null => {
  const d = findDates(fold(text))[0];
  return d && d.index === 0 ? { value: d.date, at: 0 } : null;
};

function readPlate(lines: readonly TextLine[]): { field: Field<string> | null; country: FoundPlate['country'] } {
  let country: FoundPlate['country'] = null;
  const labelled = firstLabelled(lines, LABELS.plate, (s) => {
    const p = findPlates(s.text)[0];
    if (p) {
      country = p.country;
      return { value: p.plate, at: p.index };
    }
    return null;
  });
  if (labelled) return { field: labelled, country };
  const loose = firstLabelled(lines, LABELS.plate.slice(0, 1), (s) => {
    const p = loosePlate(s.text);
    return p ? { value: p, at: 0 } : null;
  });
  if (loose) return { field: { ...loose, confidence: GUESS }, country: null };
  // No label: one distinct plate-shaped value in the whole document is probably it.
  const all = lines.flatMap((line) => findPlates(line.text).map((p) => ({ p, line })));
  const distinct = new Set(all.map((x) => x.p.plate));
  const first = all[0];
  if (!first) return { field: null, country: null };
  return {
    field: { value: first.p.plate, confidence: distinct.size === 1 ? 0.82 : 0.4, source: { page: first.line.page, text: first.line.text } },
    country: first.p.country,
  };
}

function detectLanguage(lines: readonly TextLine[]): Field<'nl' | 'fr' | 'de' | 'en'> | null {
  const text = lines.map((l) => l.folded).join(' ');
  const scores = (Object.keys(LANGUAGE_WORDS) as (keyof typeof LANGUAGE_WORDS)[]).map((lang) => ({
    lang,
    n: [...text.matchAll(LANGUAGE_WORDS[lang])].length,
  }));
  scores.sort((a, b) => b.n - a.n);
  const [top, second] = scores;
  if (!top || top.n < 3) return null;
  return { value: top.lang, confidence: second && second.n * 2 > top.n ? 0.6 : 0.9, source: null };
}

/**
 * A free-text value beside its label. "Datum en uur van de overtreding 08/11/2026" carries the word
 * of a description label but a date: a value holding a date or time is another field's, not text.
 */
function readText(lines: readonly TextLine[], labels: readonly RegExp[]): Field<string> | null {
  return firstLabelled(lines, labels, (s) =>
    s.text.length >= 2 && s.text.length <= 160 && /\p{L}{3}/u.test(s.text) && findDates(s.folded).length === 0 && findTimes(s.folded).length === 0
      ? { value: s.text, at: 0 }
      : null,
  );
}

function readIban(lines: readonly TextLine[]): Field<string> | null {
  for (const line of lines) {
    const m = /\b([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)\b/.exec(line.text);
    if (m) return { value: (m[1] as string).replace(/ /g, ''), confidence: 0.9, source: { page: line.page, text: line.text } };
  }
  return null;
}

function readPaymentReference(lines: readonly TextLine[]): Field<string> | null {
  for (const line of lines) {
    const found = findStructuredCommunication(line.text);
    if (found) return { value: found.value, confidence: found.valid ? 0.98 : 0.3, source: { page: line.page, text: line.text } };
  }
  return null;
}

/** The first line that matches: the sentence an operator is shown when a deadline in it was not read. */
function firstClause(lines: readonly TextLine[], test: (line: TextLine) => boolean): Provenance | null {
  const line = lines.find(test);
  return line ? { page: line.page, text: line.text } : null;
}

/**
 * The first line that says the letter has more than the pages received: a page count above it
 * ("blad 1 van 2" when one page came), or a pointer to the back of a single page.
 */
function missingPages(lines: readonly TextLine[], pageCount: number): Provenance | null {
  return firstClause(lines, (l) => {
    for (const m of l.folded.matchAll(PAGE_OF)) {
      const of = Number(m[2]);
      if (Number(m[1]) <= of && of > pageCount) return true;
    }
    return pageCount === 1 && REVERSE_SIDE.test(l.folded);
  });
}

const paysByDateOrPeriod = (line: TextLine) =>
  PAYMENT_CONTEXT.test(line.folded) && !NON_STANDARD_AMOUNT.test(line.folded) && (findDates(line.folded).length > 0 || PERIOD.test(line.folded));

/** A deadline that is really another date of the letter (its own date, the offence) is a look-alike. */
function lookAlikeDate(what: string, field: Field<IsoDate> | null, documentDate: IsoDate | null, offenceDate: IsoDate | null): string | undefined {
  if (!field) return undefined;
  if (field.value === offenceDate) return `${what} ${field.value} is the offence date: ${quote(field.source)}`;
  if (field.value === documentDate && !field.derivedFrom) return `${what} ${field.value} is the letter's own date: ${quote(field.source)}`;
  if (documentDate && field.value < documentDate) return `${what} ${field.value} is before the letter's date ${documentDate}: ${quote(field.source)}`;
  return undefined;
}

const alnumOf = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');

export function extractFields(pages: readonly string[]): ExtractedFields {
  const lines = toLines(pages);
  const doubts: Partial<Record<DecisiveField, string>> = {};
  const kind = readKind(lines);
  const document = readDocumentDate(lines);
  const documentDate = document.field;
  if (document.doubt) doubts.documentDate = document.doubt;
  const offence = readOffence(lines);
  if (offence.doubt) doubts.offenceAt = offence.doubt;
  const offenceDate = offence.field ? brusselsDateOf(new Date(offence.field.value)) : null;
  if (documentDate && documentDate.value === offenceDate) {
    // One date read for two roles: either may be the other's (a generic "Datum" label), so neither is
    // trusted until an operator says which is which.
    doubts.documentDate ??= `the letter's date ${documentDate.value} is the offence date: ${quote(documentDate.source)}`;
    doubts.offenceAt ??= `the offence date ${offenceDate} is also the letter's date: ${quote(offence.field!.source)}`;
  }
  const periods = readPeriods(lines, documentDate);
  const unresolved = (purposes: PeriodPurpose[]) => periods.unresolved.find((u) => purposes.includes(u.purpose))?.doubt;

  // Due date: a labelled date, else a payment period. Every candidate must agree.
  const dueLabelled = allLabelled(lines, LABELS.dueDate, firstDate);
  const dueNearly = dueLabelled.length === 0 ? nearlyLabelled(lines, DUE_DATE_LABEL_WORDS, dateAtStart) : null;
  const byDates = byDateSentences(lines);
  const dueSentences = byDates.filter((p) => p.purpose === 'payment').map((p) => p.field);
  const duePeriods = periods.resolved.filter((p) => p.purpose === 'payment').map((p) => p.field);
  const dueDate = dueLabelled[0] ?? dueNearly ?? dueSentences[0] ?? duePeriods[0] ?? null;
  const dueDoubt =
    disagreement('due date', [...dueLabelled, dueNearly, ...dueSentences, ...duePeriods.filter((p) => p.confidence >= SENTENCE)]) ??
    lookAlikeDate('due date', dueDate, documentDate?.value ?? null, offenceDate) ??
    (dueDate ? undefined : unresolved(['payment']));
  if (dueDoubt) doubts.dueDate = dueDoubt;

  // Redirect deadline: a labelled date or a period for naming the driver; else an appeal period,
  // which is how a holder has the fine put in the renter's name when the letter offers nothing else.
  const redirectLabelled = allLabelled(lines, LABELS.redirectDeadline, firstDate);
  const driverPeriods = periods.resolved.filter((p) => p.purpose === 'driver').map((p) => p.field);
  const appealPeriods = periods.resolved.filter((p) => p.purpose === 'appeal').map((p) => p.field);
  const driverSentences = byDates.filter((p) => p.purpose === 'driver').map((p) => p.field);
  const appealSentences = byDates.filter((p) => p.purpose === 'appeal').map((p) => p.field);
  const primary = [...redirectLabelled, ...driverSentences, ...driverPeriods];
  const redirectPool = primary.length > 0 ? primary : [...appealSentences, ...appealPeriods];
  const redirectDeadline = redirectPool[0] ?? null;
  const redirectDoubt =
    disagreement('redirect deadline', redirectPool) ??
    lookAlikeDate('redirect deadline', redirectDeadline, documentDate?.value ?? null, offenceDate) ??
    (redirectDeadline ? undefined : unresolved(['driver', 'appeal']));
  if (redirectDoubt) doubts.redirectDeadline = redirectDoubt;

  // An identification request asks for a name, never money, whatever it threatens.
  const amount = kind.value === 'identification_request' ? { field: null } : readAmount(lines);
  if (amount.doubt) doubts.amountCents = amount.doubt;
  if (kind.value === 'identification_request' && dueLabelled.length > 0) {
    doubts.kind = `read as an identification request, but it names a date to pay by: ${quote(dueLabelled[0]!.source)}`;
  }

  const plate = readPlate(lines);
  const plateValue = plate.field ? normalisePlate(plate.field.value) : null;
  let reference = readReference(lines);
  // The plate's characters where the reference should be: the reference was not found.
  if (reference && plateValue && alnumOf(reference.value) === plateValue) reference = { ...reference, confidence: Math.min(reference.confidence, GUESS) };
  const firstLine = lines[0];
  const read: Omit<ExtractedFields, 'trust'> = {
    kind,
    plate: plate.field ? { ...plate.field, value: plateValue! } : null,
    plateCountry: plate.country,
    offenceAt: offence.field,
    documentDate,
    dueDate,
    redirectDeadline,
    amountCents: amount.field,
    reference,
    issuer: firstLine ? { value: firstLine.text, confidence: 0.6, source: { page: firstLine.page, text: firstLine.text } } : null,
    language: detectLanguage(lines),
    paymentReference: readPaymentReference(lines),
    iban: readIban(lines),
    location: readText(lines, LABELS.location),
    description: readText(lines, LABELS.description),
    doubts,
    // "de termijn voor beroep is verstreken": a clause that says the way is closed offers no deadline.
    redirectClause: firstClause(lines, (l) => REDIRECT_CLAUSE.test(l.folded) && !CLOSED_PERIOD.test(l.folded)),
    paymentClause: firstClause(lines, paysByDateOrPeriod),
    missingPages: missingPages(lines, pages.length),
  };
  return { ...read, trust: judgeTrust(read) };
}
