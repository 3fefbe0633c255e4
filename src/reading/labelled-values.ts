// Values beside, below or before their labels: the label evidence every field reader shares. A value
// found by a label carries the label's confidence (beside it, below it, before it); candidates for one
// role that disagree are reported, never settled by picking one. Pure.
import type { IsoDate } from '../domain/calendar-date.js';
import { findDates } from './dates.js';
import type { Field, Provenance } from './fields.js';
import { nearlyOneOf } from './fuzzy.js';
import { fold, type TextLine } from './text-lines.js';

export const BESIDE = 0.95; // value on the label's own line
export const BELOW = 0.88; // value on the line under the label
export const SENTENCE = 0.9; // value inside a sentence that says what it is
export const GUESS = 0.6; // value with no label: shown to the operator, never trusted
export const FUZZY_LABEL = 0.85; // value beside a label that OCR garbled by a letter or two
export const VALUE_FIRST = 0.92; // value before its label, alone on the line with it

/** Where a value may stand: `line` holds it, `labelLine` holds its label (the same line, or the one above). */
export type Segment = {
  line: TextLine;
  labelLine: TextLine;
  index: number;
  text: string;
  folded: string;
  confidence: number;
  /** Read only when the label's other segments give nothing of this role (see labelSegments). */
  fallback?: boolean;
};
export type Parsed<T> = { value: T; at: number };

const isValueLine = (l: TextLine | undefined) => !!l && /\d/.test(l.folded) && l.text.length <= 40;
// A label ends in no sentence mark: "Geachte heer, mevrouw," under a column of values is the letter going on.
const isBareLabelLine = (l: TextLine | undefined) =>
  !!l && !/\d/.test(l.folded) && l.folded.split(' ').length <= 8 && l.text.length <= 60 && !/[,.;!?]\s*$/.test(l.text);

/**
 * A strip of values printed above their labels ("PW/26/118 402" / "uw dossiernummer" / "2-HLK-417" /
 * "nummerplaat"): the label at `index` stands alone on its line under a value, and the run of
 * value/label pairs below it ends with a label that has no value under it. A run that ends with a
 * value is the usual label-above-value column. (Where the run starts says nothing: the line above
 * its first value may be any short line.)
 */
export function valueAboveLabel(lines: readonly TextLine[], index: number): boolean {
  const same = (j: number) => (lines[j]?.page === lines[index]?.page ? lines[j] : undefined);
  let bottom = index;
  // The page's last line is its footer ("Stad Hasselt — retributiereglement"), not a label without a value.
  const footer = (j: number) => same(j + 1) === undefined;
  while (isValueLine(same(bottom + 1)) && isBareLabelLine(same(bottom + 2)) && !footer(bottom + 2)) bottom += 2;
  return isValueLine(same(index - 1)) && !isValueLine(same(bottom + 1));
}

/** Column labels of a date in a header row: "Dagtekening", "Vervaldatum", "Date d'émission", "Datum". */
const DATE_COLUMN_LABEL = /(?:^|\s)(?:\p{L}*datum|date(?: d'\p{L}+| de \p{L}+| of \p{L}+)?|dagtekening|vervaldag|echeance)(?=\s|$)/gu;

/**
 * Where the value of a label stands in the row below when the label is not the first of a header row:
 * after as many of the row's dates as there are date labels before it. 0 when there are none, or the
 * row has too few dates to tell.
 */
function columnStart(headerBefore: string, row: string): number {
  const k = [...headerBefore.matchAll(DATE_COLUMN_LABEL)].length;
  if (k === 0) return 0;
  const dates = findDates(row);
  return dates.length > k ? dates[k]!.index : 0;
}

/** Where a label was found: the rest of its line, and the next line of the same page. */
export function labelSegments(lines: readonly TextLine[], labels: readonly RegExp[]): Segment[] {
  const segments: Segment[] = [];
  for (const label of labels) {
    lines.forEach((line, index) => {
      const m = label.exec(line.folded);
      if (!m) return;
      const start = m.index + m[0].length;
      // Dotted leaders ("Date of this letter ....... 09.09.2026") stand between a label and its value.
      const rest = line.text.slice(start).replace(/^\s*(?:\.{2,}|…+|[:\-–.])?\s*/, '');
      const offset = line.text.length - rest.length;
      segments.push({ line, labelLine: line, index, text: rest, folded: line.folded.slice(offset), confidence: BESIDE });
      // A value before its label, in a column of "value label" rows: "2-BDX-019 kenteken".
      const before = line.text.slice(0, m.index + (m[0].length - m[0].trimStart().length)).trim();
      // Not a sentence that ends in a label word ("… van € 2,20 per uur. Wij vragen u dit bedrag").
      if (before && before.split(/\s+/).length <= 4 && !/[.!?;]\s/.test(before) && !/[\p{L}\p{N}]/u.test(rest.replace(/\([^)]*\)/g, ''))) {
        segments.push({ line, labelLine: line, index, text: before, folded: fold(before), confidence: VALUE_FIRST });
      }
      // The line below holds the value only when the label's own line holds none: a value beside
      // the label that cannot be read ("Rückantwort bis: 04.12 2026") must not be replaced by
      // whatever number the next line happens to hold.
      const next = lines[index + 1];
      const alone = !/\d/.test(before) && !/[\p{L}\p{N}]/u.test(rest);
      if (alone && valueAboveLabel(lines, index)) {
        const above = lines[index - 1]!;
        segments.push({ line: above, labelLine: line, index: index - 1, text: above.text, folded: above.folded, confidence: VALUE_FIRST });
        // A strip and a label-above-value column look alike ("N° d'amende" / "7720 4415 9082" / "Date
        // d'émission" / "10.09.2026" / "AVIS D'AMENDE D'ORDRE"): when the value above is not of the
        // label's kind (no date above a date label), the one below is.
        if (next && next.page === line.page) {
          segments.push({ line: next, labelLine: line, index: index + 1, text: next.text, folded: next.folded, confidence: BELOW, fallback: true });
        }
        return;
      }
      // A label that ends a sentence ("… de geldboete te betalen.") heads nothing below it.
      if (next && next.page === line.page && !/\d/.test(rest) && !/[.!?]\s*$/.test(line.text)) {
        // A row of labels over a row of values ("Aanslagnummer Dagtekening Vervaldatum Kenteken" /
        // "2026.0418.5521 09-10-2026 09-11-2026 GZ-841-T"): the k-th date label's value is the row's k-th date.
        const from = columnStart(line.folded.slice(0, m.index), next.folded);
        segments.push({ line: next, labelLine: line, index: index + 1, text: next.text.slice(from), folded: next.folded.slice(from), confidence: BELOW });
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
export function allLabelled<T>(
  lines: readonly TextLine[],
  labels: readonly RegExp[],
  parse: (segment: Segment) => Parsed<T> | null,
  accept: (line: TextLine) => boolean = () => true,
): Field<T>[] {
  for (const labelGroup of labels) {
    // A value below its label is judged by the label's line too ("le montant … majorée sera de\n94,50 €").
    const segments = labelSegments(lines, [labelGroup]).filter((s) => accept(s.line) && accept(s.labelLine));
    const found: Field<T>[] = [];
    const gave = new Set<TextLine>(); // label lines whose own segments gave a value
    for (const confidence of [BESIDE, VALUE_FIRST, BELOW]) {
      for (const segment of segments.filter((s) => s.confidence === confidence)) {
        if (segment.fallback && gave.has(segment.labelLine)) continue;
        const parsed = parse(segment);
        if (!parsed) continue;
        gave.add(segment.labelLine);
        found.push({ value: parsed.value, confidence, source: { page: segment.line.page, text: segment.line.text } });
      }
    }
    if (found.length > 0) return found;
  }
  return [];
}

export function firstLabelled<T>(
  lines: readonly TextLine[],
  labels: readonly RegExp[],
  parse: (segment: Segment) => Parsed<T> | null,
  accept: (line: TextLine) => boolean = () => true,
): Field<T> | null {
  return allLabelled(lines, labels, parse, accept)[0] ?? null;
}

export const quote = (p: Provenance | null) => (p ? `«${p.text.length > 140 ? `${p.text.slice(0, 137)}…` : p.text}»` : '');

/** A doubt when candidates for one role disagree: "due date: 2026-12-20 in «…» and 2026-12-05 in «…»". */
export function disagreement<T>(what: string, candidates: readonly (Field<T> | null | undefined)[]): string | undefined {
  const distinct = new Map<string, Field<T>>();
  for (const c of candidates) if (c && !distinct.has(JSON.stringify(c.value))) distinct.set(JSON.stringify(c.value), c);
  if (distinct.size < 2) return undefined;
  const shown = [...distinct.values()].slice(0, 3).map((c) => `${String(c.value)} in ${quote(c.source)}`);
  return `${what}: candidates disagree: ${shown.join(' and ')}`;
}

/** "lois coordonnées du 16 mars 1968", "wet van 16 maart 1968", "des Gesetzes vom …": a law's date, never a field's. */
const LAW_CITATION_BEFORE = /\b(?:lois?|wet(?:ten)?|wetboek|gesetz(?:es)?|arrete royal|koninklijk besluit|decret|decreet)\b[^.;]{0,30}\b(?:du|van|vom|of)\s*$/;

export const firstDate = (s: Segment): Parsed<IsoDate> | null => {
  const d = findDates(s.folded).find((c) => !LAW_CITATION_BEFORE.test(s.folded.slice(Math.max(0, c.index - 60), c.index)));
  return d ? { value: d.date, at: d.index } : null;
};

/**
 * A value beside a label that OCR garbled ("Fachnumummer:", "Vervaldatumx", "CJ IB-nummer"): the
 * words before the value must nearly be one of `labelWords` (see fuzzy.ts).
 */
export function nearlyLabelled<T>(lines: readonly TextLine[], labelWords: readonly string[], parse: (text: string) => Parsed<T> | null): Field<T> | null {
  for (const line of lines) {
    const valueStart = line.text.search(/[:\s]\s*[A-Z]{0,4}[/.\-]?\d/);
    if (valueStart <= 0 || !nearlyOneOf(line.text.slice(0, valueStart), labelWords)) continue;
    const found = parse(line.text.slice(valueStart + 1).trim());
    if (found) return { value: found.value, confidence: FUZZY_LABEL, source: { page: line.page, text: line.text } };
  }
  return null;
}
