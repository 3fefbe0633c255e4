// A field read from OCR text is only as trustworthy as the characters it was read from. Tesseract
// gives a confidence per word; a field's confidence is lowered by the weakest word with a digit on
// its source line (dates, amounts, plates and references all have digits) and by the weakest word of
// its own value (a plate's "EJ"), so a doubtful "8" or "B" sends the document to review instead of
// into a wrong automatic decision. Then the second reading must agree. Pure.
import { brusselsDateOf, formatBrusselsInstant } from '../domain/brussels-time.js';
import { DECISIVE_FIELDS, type DecisiveField } from '../domain/decision-inputs.js';
import { findAmounts } from './amounts.js';
import { findDates, findTimes } from './dates.js';
import type { ExtractedFields, Field } from './fields.js';
import type { OcrLine } from './ocr.js';
import { cleanLine, fold } from './text-lines.js';

/** Word confidence (0–100) from which OCR costs a field nothing. */
const TRUSTED_WORD = 85;
/** Word confidence at and below which a field is worthless. */
const WORTHLESS_WORD = 40;

/** The factor (0–1) a field's confidence is multiplied by, given the weakest word on its line. */
export function ocrFactor(weakestWordConfidence: number): number {
  const f = (weakestWordConfidence - WORTHLESS_WORD) / (TRUSTED_WORD - WORTHLESS_WORD);
  return Math.min(1, Math.max(0, f));
}

const alnum = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');

function medianConfidence(lines: readonly OcrLine[]): number {
  const sorted = lines.map((l) => l.confidence).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * The weakest word of a line that is part of a value with letters in it (a plate's "EJ" in
 * "M-982- EJ", a reference's "SIM"): those words hold no digit, so weakestNumberWord misses them.
 * Words of two or more letters and digits that the value contains count.
 */
function weakestValueWord(line: OcrLine, value: unknown): number {
  if (typeof value !== 'string') return 100;
  const inValue = alnum(value);
  const parts = line.words.map((w) => ({ text: alnum(w.text), confidence: w.confidence })).filter((w) => w.text.length >= 2 && inValue.includes(w.text));
  return parts.length > 0 ? Math.min(...parts.map((w) => w.confidence)) : 100;
}

type WeighedField = 'plate' | 'offenceAt' | 'documentDate' | 'dueDate' | 'redirectDeadline' | 'amountCents' | 'reference' | 'paymentReference' | 'iban';

const asNumber = (digits: string) => Number(digits);

/**
 * The numbers a value is printed with, as the letter may write them: a date's day, month and year
 * (2026 or 26), an offence's hours and minutes too, an amount's euros (and their thousands groups)
 * and cents. Null for values whose printed form is not made of its numbers (plates, references).
 */
function printedNumbers(name: WeighedField, value: unknown): Set<number> | null {
  const dateNumbers = (iso: string) => {
    const [y, m, d] = iso.slice(0, 10).split('-').map(asNumber) as [number, number, number];
    return [y, y % 100, m, d];
  };
  switch (name) {
    case 'documentDate':
    case 'dueDate':
    case 'redirectDeadline':
      return typeof value === 'string' ? new Set(dateNumbers(value)) : null;
    case 'offenceAt': {
      if (typeof value !== 'string') return null;
      const local = formatBrusselsInstant(new Date(value)); // 2026-11-09T10:29:00+01:00
      return new Set([...dateNumbers(local), asNumber(local.slice(11, 13)), asNumber(local.slice(14, 16))]);
    }
    case 'amountCents': {
      if (typeof value !== 'number') return null;
      const euros = Math.floor(value / 100);
      const groups = euros.toString().replace(/\B(?=(\d{3})+$)/g, ' ').split(' ').map(asNumber);
      return new Set([euros, value % 100, ...groups]);
    }
    default:
      return null;
  }
}

/**
 * The weakest word that prints the value itself: a word with digits all of which are numbers of the
 * value ("20/11/2026", "116,00"). A doubtful neighbour on the same line (a PV number, a postcode)
 * says nothing about the value, and a misread digit of the value makes its own word weak. When no
 * such word is found (a value derived from its line, like "binnen 45 dagen"), every word with a
 * digit on the line counts, as before.
 */
function weakestWordOfValue(name: WeighedField, line: OcrLine, value: unknown): number {
  const numbers = printedNumbers(name, value);
  if (!numbers) return line.weakestNumberWord;
  const own = line.words.filter((w) => {
    const runs = w.text.match(/\d+/g);
    return runs !== null && runs.every((r) => numbers.has(asNumber(r)));
  });
  return own.length > 0 ? Math.min(...own.map((w) => w.confidence)) : line.weakestNumberWord;
}

export function weighByOcr(fields: ExtractedFields, pages: readonly (readonly OcrLine[])[]): ExtractedFields {
  const byText = pages.map((lines) => new Map(lines.map((l) => [cleanLine(l.text), l] as const)));
  const out = { ...fields };
  const weigh = <T>(name: WeighedField, field: Field<T> | null): Field<T> | null => {
    if (!field?.source) return field;
    const line = byText[field.source.page - 1]?.get(field.source.text);
    // A source line not found as one OCR line was joined from several: trust it as the page's typical line.
    const weakest = line
      ? Math.min(weakestWordOfValue(name, line, field.value), weakestValueWord(line, field.value), line.confidence + 10)
      : medianConfidence(pages[field.source.page - 1] ?? []);
    return { ...field, confidence: Number((field.confidence * ocrFactor(weakest)).toFixed(3)) };
  };
  for (const name of ['plate', 'offenceAt', 'documentDate', 'dueDate', 'redirectDeadline', 'amountCents', 'reference', 'paymentReference', 'iban'] as const) {
    (out as Record<WeighedField, Field<unknown> | null>)[name] = weigh(name, fields[name] as Field<unknown> | null);
  }
  return out;
}

/** The fields a decision rests on: each is read a second time before it is trusted. */
// The decision gate's list (src/domain/decision-inputs.ts) less the kind, which is read from the whole
// letter, plus the reference, which makes one document a duplicate of another.
type VerifiedField = Exclude<DecisiveField, 'kind'> | 'reference';
export const VERIFIED_FIELDS: readonly VerifiedField[] = [...DECISIVE_FIELDS.filter((f): f is Exclude<DecisiveField, 'kind'> => f !== 'kind'), 'reference'];

/** Confidence of a field whose second reading disagrees with the first: shown, never trusted. */
const DISPUTED = 0.5;

/** Whether `text` shows the value literally (as opposed to a value derived from it, like a period). */
export function showsValue(name: VerifiedField, value: string | number, text: string): boolean {
  const folded = fold(text);
  switch (name) {
    case 'plate':
    case 'reference':
      return alnum(text).includes(alnum(String(value)));
    case 'amountCents':
      return findAmounts(text).some((a) => a.cents === value);
    case 'offenceAt': {
      const instant = new Date(String(value));
      const date = brusselsDateOf(instant);
      if (!findDates(folded).some((d) => d.date === date)) return false;
      const times = findTimes(folded);
      return times.length === 0 || times.some((t) => formatBrusselsInstant(instant).slice(11, 16) === `${String(t.hours).padStart(2, '0')}:${String(t.minutes).padStart(2, '0')}`);
    }
    case 'dueDate':
    case 'redirectDeadline':
    case 'documentDate':
      return findDates(folded).some((d) => d.date === value);
  }
}

const numbersIn = (text: string) => (text.match(/\d+/g) ?? []).join(' ');

/**
 * Lowers every verified field the second reading does not confirm. A field whose value its line
 * shows ("Vervaldatum 20/12/2026") must be shown the same in the second reading; a field derived
 * from its line ("binnen 45 dagen vanaf de datum van verzending") needs the same numbers on the line
 * both times, and is no surer than the document date it counts from. `reread` gives the second
 * reading of a source line, if one was made.
 */
export function confirmByRereading(fields: ExtractedFields, reread: (page: number, lineText: string) => string | undefined): ExtractedFields {
  const out = { ...fields };
  for (const name of VERIFIED_FIELDS) {
    const field = fields[name] as Field<string | number> | null;
    if (!field?.source) continue;
    const second = reread(field.source.page, field.source.text);
    if (second === undefined) continue;
    const literal = showsValue(name, field.value, field.source.text);
    const confirmed = literal ? showsValue(name, field.value, second) : numbersIn(second) === numbersIn(field.source.text);
    if (!confirmed) (out as Record<VerifiedField, Field<string | number> | null>)[name] = { ...field, confidence: Math.min(field.confidence, DISPUTED) };
  }
  for (const name of ['dueDate', 'redirectDeadline'] as const) {
    const field = out[name];
    if (field?.source && !showsValue(name, field.value, field.source.text)) {
      out[name] = { ...field, confidence: Math.min(field.confidence, out.documentDate?.confidence ?? 0) };
    }
  }
  return out;
}

/** Glyphs OCR makes of a printed "1" that stands apart ("nummerplaat | KMG 418"). */
const ONE_LOOKALIKE = /(?:^|\s)[|Il!\]\[/](?:\s|-)?$/;

/**
 * A Belgian plate read as three letters and three digits ("KMG 418", the pre-2010 format) right after
 * a glyph OCR makes of a "1" was most likely printed "1-KMG-418". It is shown with the "1"; it is
 * trusted only if the second reading of its line (see rereadLines) shows the "1" itself, otherwise
 * an operator confirms it. `reread` gives that second reading, if one was made. Pure.
 */
export function resolveLostPlateDigit(fields: ExtractedFields, reread: (page: number, lineText: string) => string | undefined): ExtractedFields {
  const plate = fields.plate;
  if (!plate?.source || !/^[A-Z]{3}\d{3}$/.test(plate.value)) return fields;
  const printed = new RegExp(plate.value.split('').join('[\\s-]*'));
  const at = printed.exec(plate.source.text)?.index;
  if (at === undefined || !ONE_LOOKALIKE.test(plate.source.text.slice(0, at))) return fields;
  const value = `1${plate.value}`;
  const second = reread(plate.source.page, plate.source.text);
  const confirmed = second !== undefined && showsValue('plate', value, second);
  return { ...fields, plate: { ...plate, value, confidence: confirmed ? plate.confidence : Math.min(plate.confidence, DISPUTED) } };
}
