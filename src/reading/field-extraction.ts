// Reads the fields of a fine from its text, whatever the issuer's layout. Each field has its own
// reader, working by role rather than by layout: the kind (kind-reading.ts), the offence time
// (offence-reading.ts), the deadlines (deadline-reading.ts), the reference (reference-reading.ts), the
// amount (here, with amount-breakdown.ts), the plate and the letter's own date (here), all on the shared
// label evidence of labelled-values.ts. Then look-alikes between roles are doubted and the gate's
// verdict is judged (field-trust.ts). Pure: text in, fields with confidence out.
import type { IsoDate } from '../domain/calendar-date.js';
import { brusselsDateOf } from '../domain/brussels-time.js';
import type { DecisiveField } from '../domain/decision-inputs.js';
import { normalisePlate } from '../domain/plate.js';
import { findDates, findTimes } from './dates.js';
import { namingClosed, readDeadlines } from './deadline-reading.js';
import { judgeTrust } from './field-trust.js';
import type { ExtractedFields, Field, Provenance } from './fields.js';
import { readAmount } from './amount-reading.js';
import { findSchedule } from './payment-schedule.js';
import { kindBesidesIdentification, readKind } from './kind-reading.js';
import { allLabelled, BELOW, disagreement, firstDate, firstLabelled, GUESS, nearlyLabelled, quote, SENTENCE, type Parsed, type Segment } from './labelled-values.js';
import { readOffenceByRole, TIME_LABEL_LINE } from './offence-reading.js';
import { findPlates, loosePlate, type FoundPlate } from './plates.js';
import { readReferenceByRole, referenceAt } from './reference-reading.js';
import { findStructuredCommunication } from './structured-communication.js';
import { headerAbove, labelsOnly, sentenceAround, toLines, type TextLine } from './text-lines.js';
import {
  CLOSED_PERIOD,
  CONDITIONAL,
  DRIVER_CONTEXT,
  IBAN,
  LABELS,
  LANGUAGE_WORDS,
  NON_STANDARD_AMOUNT,
  PAGE_OF,
  PAST_PERIOD,
  PAYMENT_CONTEXT,
  PERIOD,
  REDIRECT_CLAUSE,
  REFERENCE_LABEL_WORDS,
  REVERSE_SIDE,
  BY_DATE,
} from './vocabulary.js';

/** A bare "Datum"/"Date" label may stand before any date (the offence's, say): shown, never trusted. */
const GENERIC_LABEL = 0.7;

function readDocumentDate(lines: readonly TextLine[]): { field: Field<IsoDate> | null; doubt?: string } {
  // A label that heads its line ("Dagtekening 10-11-2026") dates this letter; the same words inside a
  // sentence ("de naheffingsaanslag … met dagtekening 05-10-2026") may date an earlier one, and count
  // only when no line is headed so.
  // A row of labels ("Aanslagnummer Dagtekening Vervaldatum Kenteken") heads its column too: it, and the row of values under it.
  const headerRow = (l: TextLine | undefined) =>
    l !== undefined && labelsOnly(l) && l.folded.split(' ').length <= 8 && !/[.,;!?]\s*$/.test(l.text) && LABELS.documentDate[0].test(l.folded);
  const valueRow = (l: TextLine) => /^\S*\d/.test(l.text) && headerRow(lines[lines.indexOf(l) - 1]);
  const headsLine = (l: TextLine) => (LABELS.documentDate[0].exec(l.folded)?.index ?? 99) <= 1 || headerRow(l) || valueRow(l);
  // "… binnen een maand na" / "dagtekening, dus uiterlijk op 04-12-2026": a last day counted from the
  // label's date, not that date.
  const dated = (seg: Segment) => {
    const p = firstDate(seg);
    return p && !BY_DATE.test(seg.folded.slice(0, p.at)) ? p : null;
  };
  const headed = allLabelled(lines, LABELS.documentDate.slice(0, 1), dated, headsLine);
  const specific = headed.length > 0 ? headed : allLabelled(lines, LABELS.documentDate.slice(0, 1), dated);
  const letter = tableHeadDate(lines) ?? letterStyleDate(lines) ?? sentStatement(lines);
  // A bare "Datum / Uhrzeit 24.10.2026, 15.40 Uhr" dates an event with its time, not the letter.
  const generic = firstLabelled(lines, LABELS.documentDate.slice(1), (s) => {
    const d = findDates(s.folded)[0];
    if (!d || findTimes(s.folded.slice(d.index + d.length)).some((t) => t.index <= 25)) return null;
    return { value: d.date, at: d.index };
  });
  const field = specific[0] ?? letter ?? (generic ? { ...generic, confidence: headerDate(lines, generic) ? SENTENCE : Math.min(generic.confidence, GENERIC_LABEL) } : null);
  return { field, doubt: disagreement("the letter's date", [...specific, letter]) };
}

/**
 * A table whose first column is the letter's date ("Ausstellungs-" / "datum" / "Beleg-Nr. …" above
 * "09.09.2026 OM-6020-118347 …"): the row's first date.
 */
function tableHeadDate(lines: readonly TextLine[]): Field<IsoDate> | null {
  for (const [i, line] of lines.entries()) {
    const d = findDates(line.folded)[0];
    if (!d || d.index !== 0) continue;
    const header = headerAbove(lines, i);
    if (header && (LABELS.documentDate[0].exec(header)?.index ?? 99) <= 1) return { value: d.date, confidence: BELOW, source: { page: line.page, text: line.text } };
  }
  return null;
}

const SALUTATION = /^(geachte|beste|madame|monsieur|mesdames|messieurs|sehr geehrte|guten tag|dear|to whom)/;

/**
 * A bare "Datum 12 november 2026" is the letter's own date when it stands in the letter's head, above
 * the salutation, as the only bare-labelled date there, with no time beside or below it (an offence
 * is given with its time). Below the salutation the same label may head the offence's date.
 */
/** A line of running text, not of a letterhead ("Tolplein · Hoge Weg 1 · 9130 Kallo · BTW …"): eight words or more, no separators. */
// Not the sender's address line ("Amt für öffentliche Ordnung - Bußgeldstelle - Basler Straße 2 - 79100 Freiburg i. Br."): parts joined by dashes, ending in a postcode and town.
const ADDRESS_LINE = /(?:\s[-–]\s.*){2,}\b\d{4,5}\s+\p{Lu}/u;
const runningText = (line: TextLine) => !/[·|•@]|www\./.test(line.text) && !ADDRESS_LINE.test(line.text) && line.folded.split(' ').filter((w) => /\p{L}{2}/u.test(w)).length >= 8;

function headerDate(lines: readonly TextLine[], generic: Field<IsoDate>): boolean {
  // The head ends at the salutation, or where a letter without one starts its running text.
  const salutation = lines.findIndex((l) => SALUTATION.test(l.folded) || runningText(l));
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
  // "Date 10/10/2026" / "Location …" / "Time 3:47 pm": a form's date and time boxes, the event's.
  const i = lines.indexOf(only.line);
  return !lines.slice(i + 1, i + 4).some((l) => l.page === only.line.page && TIME_LABEL_LINE.test(l.folded));
}

/**
 * A sentence that says when this letter was sent: "Dieses Schreiben wurde am 22.09.2026 versandt",
 * "Deze brief werd op 3 november 2026 verzonden", "Ce courrier a été envoyé le …", "This letter was sent on …".
 */
const THIS_LETTER_BEFORE = /(?:dieses schreiben|dieser brief|deze brief|dit schrijven|cette lettre|ce courrier|le present avis|this (?:letter|notice)) (?:wurde|ist|werd|is|a ete|est|was) (?:am|op|le|on)\s*$/;
const SENT_AFTER = /^\s*(?:versandt|versendet|abgesandt|verzonden|verstuurd|envoyee?|expediee?|sent|posted|issued)\b/;

function sentStatement(lines: readonly TextLine[]): Field<IsoDate> | null {
  for (const line of lines) {
    for (const d of findDates(line.folded)) {
      if (THIS_LETTER_BEFORE.test(line.folded.slice(0, d.index)) && SENT_AFTER.test(line.folded.slice(d.index + d.length))) {
        return { value: d.date, confidence: SENTENCE, source: { page: line.page, text: line.text } };
      }
    }
  }
  return null;
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
    // Nothing after the date, or a word or two of a column beside it that OCR joined to the line
    // ("Wavre, le 21 septembre 2026 Références").
    const after = rest.slice(d?.length ?? 0).trim();
    // Or the first line of an address block beside it, a name in capitals ("Fribourg, le 12.10.2026 Lux Auto Location S.à r.l.").
    const afterText = d ? line.text.slice(m[0].length + d.index + d.length).trim() : '';
    const words = after.split(/\s+/).length;
    const besideColumn = !/\d/.test(after) && (words <= 2 || (words <= 6 && /^\p{Lu}/u.test(afterText)));
    if (d && d.index === 0 && (!/[\p{L}\p{N}]/u.test(after) || besideColumn)) {
      return { value: d.date, confidence: SENTENCE, source: { page: line.page, text: line.text } };
    }
  }
  // A date alone on its line in the letterhead, before the running text ("14 October 2026" under the address).
  const bodyStart = lines.findIndex((l) => SALUTATION.test(l.folded) || runningText(l));
  for (const line of lines.slice(0, bodyStart < 0 ? 12 : Math.min(bodyStart, 12))) {
    const d = findDates(line.folded)[0];
    if (!d || d.index !== 0) continue;
    // Or with the first line of the address block beside it, a name in capitals ("14 October 2026 Vanfleet Car Rental NV").
    const after = line.folded.slice(d.length).trim();
    const words = after ? after.split(/\s+/).length : 0;
    if (words === 0 || (!/\d/.test(after) && words <= 6 && /^\p{Lu}/u.test(line.text.slice(d.length).trim()))) {
      return { value: d.date, confidence: SENTENCE, source: { page: line.page, text: line.text } };
    }
  }
  // The same at the end of a line that OCR joined to the address block beside it ("Vanfleet Car Rental NV
  // Klagenfurt, am 3. November 2026"): the place must be the sender's, named in the letterhead.
  for (const [i, line] of lines.slice(0, 20).entries()) {
    const letterhead = lines.slice(0, Math.min(3, i)).map((l) => l.folded).join(' ');
    const d = findDates(line.folded).at(-1);
    if (!d || line.folded.slice(d.index + d.length).trim() !== '') continue;
    const place = /(?:^|\s)([a-z][a-z'.-]{2,30}),\s*(?:le |den |am |op |the )?$/.exec(line.folded.slice(0, d.index));
    if (place && place.index > 0 && new RegExp(`\\b${place[1]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(letterhead)) {
      return { value: d.date, confidence: SENTENCE, source: { page: line.page, text: line.text } };
    }
  }
  return null;
}

function readOffence(lines: readonly TextLine[]): { field: Field<string> | null; doubt?: string } {
  const { field, rival } = readOffenceByRole(lines);
  return { field, doubt: disagreement('offence time', [field, rival]) };
}

function readReference(lines: readonly TextLine[]): Field<string> | null {
  // An OCR-garbled label ("Fachnumummer"): the value beside it read as a reference token, as beside a clean one.
  const token = (text: string): Parsed<string> | null => {
    const value = referenceAt(text);
    return value ? { value, at: 0 } : null;
  };
  return readReferenceByRole(lines) ?? nearlyLabelled(lines, REFERENCE_LABEL_WORDS, token);
}

/** The countries of the letter's postal addresses: "L-8010 Strassen", "3811 MG Amersfoort", a country line. */
function addressCountries(lines: readonly TextLine[]): Set<FoundPlate['country'] & string> {
  const found = new Set<FoundPlate['country'] & string>();
  for (const line of lines) {
    if (/^(?:\d{1,4}[a-z]?,? [^\d]+ )?l-\d{4} \p{L}/u.test(line.folded) || /^(?:luxembourg|luxemburg|grand-duche de luxembourg)$/.test(line.folded)) found.add('LU');
    if (/^\d{4} ?[A-Z]{2} \p{Lu}\p{Ll}/u.test(line.text) || /^(?:nederland|the netherlands|netherlands|pays-bas|niederlande)$/.test(line.folded)) found.add('NL');
    if (/^(?:belgie|belgique|belgien|belgium|belgië)$/.test(line.folded)) found.add('BE');
  }
  return found;
}

function readPlate(lines: readonly TextLine[]): { field: Field<string> | null; country: FoundPlate['country']; doubt?: string } {
  let country: FoundPlate['country'] = null;
  let other: string | undefined;
  // "… du véhicule immatriculé RT" / "6044 (L) (faits : …": a plate the line break cut after its label.
  const wrapped = (s: Segment) => {
    const next = lines[lines.indexOf(s.line) + 1];
    if (s.line !== s.labelLine || !s.text || s.text.length > 8 || !next || next.page !== s.line.page) return undefined;
    // "Kennzeichen 2-" / "ACM-385": a hyphen at the break joins the halves without a space.
    const p = findPlates(/-$/.test(s.text) ? `${s.text}${next.text}` : `${s.text} ${next.text}`)[0];
    return p && p.index === 0 && p.length > s.text.length ? p : undefined;
  };
  const labelled = firstLabelled(lines, LABELS.plate, (s) => {
    const p = findPlates(s.text)[0] ?? wrapped(s);
    if (p) {
      country = p.country;
      other = p.otherReading;
      return { value: p.plate, at: p.index };
    }
    return null;
  });
  if (labelled) {
    // "Kennzeichen L-MK 5530" in a letter to a company at "L-8010 Strassen": the code is that of the
    // holder's own country, so the plate is its country's, not a German one (the holder is registered
    // where it lives). Only when no address of the letter is in the code's country is it doubted.
    const sureCountry = other !== undefined && country !== null && addressCountries(lines).has(country);
    const doubt = other && !sureCountry ? `the plate ${quote(labelled.source)} reads as ${labelled.value} after a country code, or as the German plate ${other}` : undefined;
    return { field: doubt ? { ...labelled, confidence: GUESS } : labelled, country, doubt };
  }
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
  // A country code read the same way as a German district ("LU-AB-1234": Luxembourg, or Ludwigshafen)
  // is the holder's country when an address of the letter is there, as for a labelled plate.
  const sure = !first.p.otherReading || (first.p.country !== null && addressCountries(lines).has(first.p.country));
  return {
    field: { value: first.p.plate, confidence: distinct.size === 1 && sure ? 0.82 : 0.4, source: { page: first.line.page, text: first.line.text } },
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
    const m = IBAN.exec(line.text);
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
/**
 * The sentence of a redirect clause says the route is over: "De termijn voor bezwaar …, ook om de
 * aanslag op" / "naam van een huurder te laten zetten, is verstreken", "Vous n'avez ni payé, ni …
 * communiqué l'identité du conducteur dans le délai". The sentence may run on into the next line.
 */
function routeStatedClosed(lines: readonly TextLine[], line: TextLine): boolean {
  const next = lines[lines.indexOf(line) + 1];
  const text = next && next.page === line.page ? `${line.folded} ${next.folded}` : line.folded;
  const at = text.search(REDIRECT_CLAUSE);
  const { sentence } = sentenceAround(text, at, at);
  return CLOSED_PERIOD.test(line.folded) || CLOSED_PERIOD.test(sentence) || (PAST_PERIOD.test(sentence) && !CONDITIONAL.test(sentence));
}

/**
 * A sentence about contesting that names no driver or renter and no time ("Une contestation motivée
 * … peut être adressée au service par écrit", "Une contestation ne suspend pas l'obligation de
 * paiement"): a dispute a holder may raise, not a route with a deadline to miss. An appeal counts as
 * the way to the renter only "within a period" (or by a date, or "within the time limit").
 */
const TIME_WORDS = /\b(?:delai|termijn|frist|deadline|time limit|uiterlijk|au plus tard|spatestens|binnen|within|innerhalb|dans les|avant le|bis zum|by)\b/;
function untimedAppeal(lines: readonly TextLine[], line: TextLine): boolean {
  const i = lines.indexOf(line);
  const around = lines.slice(i, i + 2).filter((l) => l.page === line.page).map((l) => l.folded).join(' ');
  const at = around.search(REDIRECT_CLAUSE);
  const { sentence } = sentenceAround(around, at, at);
  return !DRIVER_CONTEXT.test(sentence) && !TIME_WORDS.test(sentence) && !PERIOD.test(sentence) && findDates(sentence).length === 0;
}

/**
 * "Faits : Défaut de communication de l'identité du conducteur (art. 67ter)": the name of the offence of
 * not naming the driver, which a letter about that offence quotes; it offers no way to name anyone.
 */
const NOT_NAMING_OFFENCE = /defaut (?:de )?(?:communication|designation|reponse)|non[- ](?:communication|designation)|niet[- ]?(?:mededel|meedel|bekendmak|aanwijz)|nichtbenennung|nicht ?erteilte?n? (?:der )?(?:fahrer|lenker)auskunft|verweigerung der (?:fahrer|lenker)auskunft|failure to (?:name|nominate|identify|provide (?:the )?(?:driver|details))/;
const namesNotNamingOffence = (line: TextLine) =>
  NOT_NAMING_OFFENCE.test(line.folded) && !TIME_WORDS.test(line.folded) && !PERIOD.test(line.folded) && findDates(line.folded).length === 0;

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

const alnumOf = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');

export function extractFields(pages: readonly string[]): ExtractedFields {
  const lines = toLines(pages);
  const doubts: Partial<Record<DecisiveField, string>> = {};
  let kind = readKind(lines);
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
  const schedule = findSchedule(lines); // read by both the due date and the amount
  // A parking charge's objection is the way to a renter only where the letter speaks of one (or of a driver).
  const appealNamesRenter = kind.value !== 'parking_charge' || lines.some((l) => DRIVER_CONTEXT.test(l.folded));
  const deadlines = readDeadlines(lines, documentDate, offenceDate, schedule, kind.value === 'identification_request' && kind.confidence >= 0.85, appealNamesRenter);
  if (deadlines.dueDoubt) doubts.dueDate = deadlines.dueDoubt;
  if (deadlines.redirectDoubt) doubts.redirectDeadline = deadlines.redirectDoubt;
  const { dueDate, redirectDeadline, dueLabelled } = deadlines;

  // An identification request asks for a name, never money, whatever it threatens.
  let amount = kind.value === 'identification_request' ? { field: null } : readAmount(lines, schedule);
  if (kind.value === 'identification_request' && dueLabelled.length > 0) {
    doubts.kind = `read as an identification request, but it names a date to pay by: ${quote(dueLabelled[0]!.source)}`;
    // … and an amount to pay by it, when it does not say there is nothing to pay: the letter is a fine
    // or charge with a form to name the driver ("Verwarnung mit Verwarnungsgeld / Zeugenfragebogen"). Read
    // so, never trusted.
    const other = kindBesidesIdentification(lines);
    const asAmount = other ? readAmount(lines, schedule) : null;
    if (other && asAmount?.field) {
      kind = { value: other, confidence: 0.75, source: dueLabelled[0]!.source };
      amount = asAmount;
    }
  }
  if (amount.doubt) doubts.amountCents = amount.doubt;

  const plate = readPlate(lines);
  if (plate.doubt) doubts.plate = plate.doubt;
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
    // "La désignation d'un locataire n'est plus possible": with the naming route closed, an appeal the
    // letter still offers is only an appeal, not the way to the renter (as readDeadlines reads it).
    redirectClause: namingClosed(lines) || !appealNamesRenter ? null : firstClause(lines, (l) => REDIRECT_CLAUSE.test(l.folded) && !routeStatedClosed(lines, l) && !untimedAppeal(lines, l) && !namesNotNamingOffence(l)),
    paymentClause: firstClause(lines, paysByDateOrPeriod),
    missingPages: missingPages(lines, pages.length),
  };
  return { ...read, trust: judgeTrust(read) };
}
