// Reads the fields of a fine from its text, whatever the issuer's layout: a value stands beside its
// label, below it, or inside a running sentence. Pure: text in, fields with confidence out.
import { addCalendarDays, addCalendarMonths, type IsoDate } from '../domain/calendar-date.js';
import { brusselsInstant } from '../domain/brussels-time.js';
import { normalisePlate } from '../domain/plate.js';
import type { DocumentKind } from '../domain/types.js';
import { findAmounts } from './amounts.js';
import { findDates, findTimes } from './dates.js';
import type { ExtractedFields, Field } from './fields.js';
import { findPlates, loosePlate, type FoundPlate } from './plates.js';
import { findStructuredCommunication } from './structured-communication.js';
import { fold, toLines, type TextLine } from './text-lines.js';
import {
  DRIVER_CONTEXT,
  KIND_KEYWORDS,
  LABELS,
  LANGUAGE_WORDS,
  NON_STANDARD_AMOUNT,
  NUMBER_WORDS,
  PAYMENT_CONTEXT,
  PERIOD,
  PERIOD_FROM_DOCUMENT,
  DUE_DATE_LABEL_WORDS,
  REFERENCE_LABEL_WORDS,
} from './vocabulary.js';
import { nearlyOneOf } from './fuzzy.js';

const BESIDE = 0.95; // value on the label's own line
const BELOW = 0.88; // value on the line under the label
const SENTENCE = 0.9; // value inside a sentence that says what it is
const GUESS = 0.6; // value with no label: shown to the operator, never trusted
const FUZZY_LABEL = 0.85; // value beside a label that OCR garbled by a letter or two

type Segment = { line: TextLine; index: number; text: string; folded: string; confidence: number };
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
      segments.push({ line, index, text: rest, folded: line.folded.slice(offset), confidence: BESIDE });
      // The line below holds the value only when the label's own line holds none: a value beside
      // the label that cannot be read ("Rückantwort bis: 04.12 2026") must not be replaced by
      // whatever number the next line happens to hold.
      const next = lines[index + 1];
      if (next && next.page === line.page && !/\d/.test(rest)) {
        segments.push({ line: next, index: index + 1, text: next.text, folded: next.folded, confidence: BELOW });
      }
    });
    if (segments.length > 0) return segments; // a more specific label wins over a generic one
  }
  return segments;
}

function firstLabelled<T>(
  lines: readonly TextLine[],
  labels: readonly RegExp[],
  parse: (segment: Segment) => Parsed<T> | null,
  accept: (line: TextLine) => boolean = () => true,
): Field<T> | null {
  for (const labelGroup of labels) {
    const segments = labelSegments(lines, [labelGroup]).filter((s) => accept(s.line));
    // Prefer a value beside its label; fall back to the line below.
    for (const confidence of [BESIDE, BELOW]) {
      for (const segment of segments.filter((s) => s.confidence === confidence)) {
        const parsed = parse(segment);
        if (parsed) return { value: parsed.value, confidence, source: { page: segment.line.page, text: segment.line.text } };
      }
    }
  }
  return null;
}

const firstDate = (s: Segment): Parsed<IsoDate> | null => {
  const d = findDates(s.folded)[0];
  return d ? { value: d.date, at: d.index } : null;
};

function readDocumentDate(lines: readonly TextLine[]): Field<IsoDate> | null {
  const labelled = firstLabelled(lines, LABELS.documentDate, firstDate);
  if (labelled) return labelled;
  // Letter style: "Brussel, 20 november 2026" / "Bruxelles, le 20 novembre 2026" / "Köln, den 20.11.2026":
  // a place and a date and nothing more. A sentence that starts "Geachte, op 4 november 2026 om …"
  // has the same start but speaks of another date.
  for (const line of lines) {
    const m = /^[a-z' -]{2,30}[,.]\s*(?:le |den |op )?/.exec(line.folded); // "." : a comma as OCR may read it
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

function readOffence(lines: readonly TextLine[]): Field<string> | null {
  const toInstant = (date: IsoDate, time: { hours: number; minutes: number }) =>
    brusselsInstant(date, time.hours, time.minutes).toISOString();

  // 1. A labelled date with its time beside it (or a separate time label).
  const labelled = firstLabelled(lines, LABELS.offence, (s) => {
    const d = findDates(s.folded)[0];
    if (!d) return null;
    const time = timeNear(s.folded, d.index + d.length);
    if (time) return { value: toInstant(d.date, time), at: d.index };
    const timeField = firstLabelled(lines, LABELS.offenceTime, (t) => {
      const found = findTimes(t.folded)[0];
      return found ? { value: found, at: found.index } : null;
    });
    return timeField ? { value: toInstant(d.date, timeField.value), at: d.index } : null;
  });
  if (labelled) return labelled;

  // 2. A sentence: "op 3 november 2026 om 14u12 werd …", "le 4 novembre 2026 à 18h16", "am 02.11.2026 gegen 09:40 Uhr".
  for (const line of lines) {
    for (const d of findDates(line.folded)) {
      const after = line.folded.slice(d.index + d.length);
      const m = /^\s*,?\s*(?:om|a|um|gegen|at|vers|rond|omstreeks|,)\s*/.exec(after);
      if (!m) continue;
      const time = findTimes(after.slice(m[0].length))[0];
      if (!time || time.index !== 0) continue;
      const context = line.folded.slice(Math.max(0, d.index - 8), d.index);
      const confidence = /\b(op|le|am|on|du)\s*$/.test(context) ? SENTENCE : GUESS;
      return { value: toInstant(d.date, time), confidence, source: { page: line.page, text: line.text } };
    }
  }
  return null;
}

function numberFrom(word: string | undefined, digits: string | undefined): number | null {
  if (digits) return Number(digits);
  if (word && NUMBER_WORDS[word] !== undefined) return NUMBER_WORDS[word] as number;
  return null;
}

/** A deadline stated as a period counted from the document's date, for payment or for the driver. */
function readPeriods(lines: readonly TextLine[], documentDate: Field<IsoDate> | null) {
  const found: { purpose: 'payment' | 'driver'; field: Field<IsoDate> }[] = [];
  lines.forEach((line, i) => {
    const next = lines[i + 1];
    const window = next && next.page === line.page ? `${line.folded} ${next.folded}` : line.folded;
    // A period may wrap onto the next line ("binnen vijftien (15)\ndagen"): match across the break,
    // but only when it starts on this line, so the next line does not report it twice.
    let m = PERIOD.exec(line.folded);
    if (!m) {
      const wrapped = PERIOD.exec(window);
      if (wrapped && wrapped.index < line.folded.length) m = wrapped;
    }
    if (!m || !documentDate) return;
    const amount = numberFrom(m[1], m[2]);
    if (amount === null || amount <= 0) return;
    const unit = m[3] as string;
    if (/werkdagen/.test(unit)) return; // working-day periods are not the issuers' style; do not guess
    let date: IsoDate;
    if (/^(weken|semaines|wochen|weeks)$/.test(unit)) date = addCalendarDays(documentDate.value, amount * 7);
    else if (/^(maanden|mois|monaten|months)$/.test(unit)) date = addCalendarMonths(documentDate.value, amount);
    else date = addCalendarDays(documentDate.value, amount);
    const anchored = PERIOD_FROM_DOCUMENT.test(window);
    // What the period is for: its own line decides first ("bij betaling binnen 15 dagen" is about
    // paying even when the next sentence is about the driver); the wrapped window only if silent.
    const purpose = DRIVER_CONTEXT.test(line.folded)
      ? 'driver'
      : PAYMENT_CONTEXT.test(line.folded)
        ? 'payment'
        : DRIVER_CONTEXT.test(window)
          ? 'driver'
          : PAYMENT_CONTEXT.test(window)
            ? 'payment'
            : null;
    if (!purpose) return;
    const confidence = Math.min(documentDate.confidence, anchored ? SENTENCE : GUESS);
    found.push({ purpose, field: { value: date, confidence, source: { page: line.page, text: line.text } } });
  });
  // The best-supported period per purpose (anchored to the document date beats a loose mention).
  return found.sort((a, b) => b.field.confidence - a.field.confidence);
}

function readAmount(lines: readonly TextLine[]): Field<number> | null {
  const standard = (line: TextLine) => !NON_STANDARD_AMOUNT.test(line.folded);
  const labelled = firstLabelled(
    lines,
    LABELS.amount,
    (s) => {
      const a = findAmounts(s.text)[0];
      return a ? { value: a.cents, at: a.index } : null;
    },
    standard,
  );
  if (labelled) return labelled;
  // No label: trust a currency amount only when the document states a single one.
  const all = lines.filter(standard).flatMap((line) => findAmounts(line.text).filter((a) => a.hasCurrency).map((a) => ({ a, line })));
  const distinct = new Set(all.map((x) => x.a.cents));
  const first = all[0];
  if (!first) return null;
  return { value: first.a.cents, confidence: distinct.size === 1 ? 0.85 : GUESS, source: { page: first.line.page, text: first.line.text } };
}

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
  return firstLabelled(lines, LABELS.reference, (s) => referenceIn(s.text)) ?? nearlyLabelled(lines, REFERENCE_LABEL_WORDS, referenceIn);
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

function classify(lines: readonly TextLine[]): Field<DocumentKind> {
  const head = lines.slice(0, 25).map((l) => l.folded).join('\n');
  const all = lines.map((l) => l.folded).join('\n');
  let best: { kind: DocumentKind; score: number; text: string | null } = { kind: 'unknown', score: 0, text: null };
  for (const { kind, re, weight } of KIND_KEYWORDS) {
    const inHead = [...head.matchAll(re)].length;
    const inAll = [...all.matchAll(re)].length;
    const score = weight * (inHead * 2 + inAll);
    if (score > best.score) {
      const hit = lines.find((l) => new RegExp(re.source).test(l.folded));
      best = { kind, score, text: hit?.text ?? null };
    }
  }
  if (best.kind === 'unknown') return { value: 'unknown', confidence: 0.7, source: null };
  const source = best.text ? { page: lines.find((l) => l.text === best.text)?.page ?? 1, text: best.text } : null;
  return { value: best.kind, confidence: best.score >= 4 ? 0.95 : 0.75, source };
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

function readText(lines: readonly TextLine[], labels: readonly RegExp[]): Field<string> | null {
  return firstLabelled(lines, labels, (s) => (s.text.length >= 2 && s.text.length <= 160 ? { value: s.text, at: 0 } : null));
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

export function extractFields(pages: readonly string[]): ExtractedFields {
  const lines = toLines(pages);
  const documentDate = readDocumentDate(lines);
  const periods = readPeriods(lines, documentDate);
  const dueDate =
    firstLabelled(lines, LABELS.dueDate, firstDate) ??
    nearlyLabelled(lines, DUE_DATE_LABEL_WORDS, dateAtStart) ??
    periods.find((p) => p.purpose === 'payment')?.field ??
    null;
  const redirectDeadline =
    firstLabelled(lines, LABELS.redirectDeadline, firstDate) ?? periods.find((p) => p.purpose === 'driver')?.field ?? null;
  const plate = readPlate(lines);
  const firstLine = lines[0];
  return {
    kind: classify(lines),
    plate: plate.field ? { ...plate.field, value: normalisePlate(plate.field.value) } : null,
    plateCountry: plate.country,
    offenceAt: readOffence(lines),
    documentDate,
    dueDate,
    redirectDeadline,
    amountCents: readAmount(lines),
    reference: readReference(lines),
    issuer: firstLine ? { value: firstLine.text, confidence: 0.6, source: { page: firstLine.page, text: firstLine.text } } : null,
    language: detectLanguage(lines),
    paymentReference: readPaymentReference(lines),
    iban: readIban(lines),
    location: readText(lines, LABELS.location),
    description: readText(lines, LABELS.description),
  };
}
