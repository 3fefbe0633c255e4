// The offence time by role: every date of the letter that carries a time is a candidate, and each is
// scored from its own line, the line above it (a table header, a label), the lines before it (the
// "what happened" section) and the shape of its sentence. Labels are one kind of evidence, not the
// only one: "Date Heure Lieu / 12/11/2026 14h05 …", "Datum 09/11/2026 / Uur 17u38", "passing the
// toll point on 11 October 2026 at 2:05 pm" all give an offence time, while "Datum 23/11/2026" in
// the letter's head (no time) and "ontvangen op 12/05/2026" (a payment) do not. Pure.
import type { IsoDate } from '../domain/calendar-date.js';
import { BRUSSELS, zonedInstant } from '../domain/brussels-time.js';
import { findDates, findDaysWithoutYear, findTimes, type FoundDate } from './dates.js';
import type { Field } from './fields.js';
import { valueAboveLabel } from './labelled-values.js';
import { headerAbove, labelsOnly, type TextLine } from './text-lines.js';
import { BY_DATE, LABELS, PAYMENT_CONTEXT } from './vocabulary.js';

type Time = { hours: number; minutes: number };
type Candidate = { date: IsoDate; time: Time; score: number; line: TextLine; why: string[] };

/** Words of the section or sentence that tells what happened. */
const OFFENCE_WORDS = /overtreding|\bnaheffing\b|ordnungswidrigkeit|vorgeworfen|emissiezone|basses emissions|umweltzone|\breed\b|\brijden\b|gereden|vastgesteld|vaststelling|geconstateerd|feiten|gepleegd|geparkeerd|\bparkeren\b|\bparken\b|geparkt|parkvorgang|parkeersessie|parking session|\bparkten?\b|inbreuk|geflitst|infraction|constat|controle|commise|stationn|releve|flash|tat\b|tatzeit|tatort|begangen|festgestellt|kontroll|verstoss|widerhandlung|ubertretung|violation|offen[cs]e|alleged|recorded|detected|journey|trajet|passage|passing|crossing|doortocht|doorrit|parked|observed|contravention/;
/** Words that make a date another one: when the letter was made, sent, printed or paid. */
const OTHER_DATE_WORDS = /afgedrukt|gedrukt op|imprime|gedruckt|printed|generated|ontvangen op|ontving|betaald op|regle le|paye le|gezahlt am|received on|paid on|verzonden|envoye|adressee? le|versandt|sent on|ausgestellt/;
/** A bilingual label's first half ("Data / Date", "Ora / Time", "Targa / Registration"): the letter's own language, then ours. */
const FIRST_HALF = String.raw`\p{L}+ \/ (?=\p{L})`;
const FIRST_HALF_OF_BILINGUAL_LABEL = new RegExp(`^${FIRST_HALF}`, 'u');
/** A line that starts with a time label ("Uur 17u38", "Time 2:05 pm", "Ora / Time 19:47"; not "Datum / uur", a date's). */
export const TIME_LABEL_LINE = new RegExp(String.raw`^(?:(?!datum|date|data)${FIRST_HALF})?(?:uur|tijd|tijdstip|heure|uhrzeit|zeit|tatzeit|time|pleegtijd)\b[\s:]*`, 'u');
/** A label that pairs a date with a time ("Datum/uur", "Date et heure", "Datum und Uhrzeit", "Date and time"). */
const DATE_TIME_LABEL = /(?:datum|date)\s*(?:\/|en|et|und|and|&)?\s*(?:uur|heure|uhrzeit|zeit|time|tijd|tijdstip)/;
const DATE_TIME_LABELS = new RegExp(DATE_TIME_LABEL.source, 'g');

/** A label that names a moment, alone before its date: "Tijdstip", "Zeitpunkt", "Moment", "Time". */
const MOMENT_LABEL = /^(?:tijdstip|zeitpunkt|moment|time|heure|uhrzeit)\s*:?\s*$/;

/** A table header with a column of the moment: "Tijdstip naheffing Kenteken Locatie …" (the words of a wrapped header, and the title above it). */
const MOMENT_COLUMN = /\b(?:tijdstip|zeitpunkt|moment)\b/;
/** A table column of the moment a stay began ("Zone Entry Exit Stay"): a parking charge's time. */
const ARRIVAL_COLUMN = /\b(?:entry|arrival|aankomst|inrit|inrijden|binnenkomst|entree|arrivee|einfahrt|ankunft)\b/;

/** What may stand between a date and its time: "om", "à", "um", "at", "gegen", "ore", a comma, a dash, an "h." before the time ("20/09/2026, h. 10.37"). */
const DATE_TIME_JOINT = /^\s*[,–-]?\s*(?:(?:om|a|um|gegen|at|vers|rond|omstreeks|kurz nach|about|around|ca\.?|alle ore|ore)\s+)?(?:(?:uur|heure|uhr|time|h\.|h)\s*:?\s*)?$/;

/** `folded` may run on into the next line: "… on 30 September 2026 at 2:12 / pm the vehicle …". */
function timeAfter(folded: string, d: FoundDate): { time: Time; joint: string } | null {
  const after = folded.slice(d.index + d.length);
  const t = findTimes(after)[0];
  if (!t || t.index > 25) return null;
  const joint = after.slice(0, t.index);
  if (!DATE_TIME_JOINT.test(joint)) return null;
  return { time: { hours: t.hours, minutes: t.minutes }, joint };
}

function timeBelow(next: TextLine | undefined, after: TextLine | undefined): Time | null {
  if (!next) return null;
  const m = TIME_LABEL_LINE.exec(next.folded);
  if (!m) return null;
  // "Tijdstip" alone on its line, its value below it, in a column of labels above values.
  // "TIME (UK)" / "2:05 pm": a qualifier in brackets belongs to the label.
  const rest = next.folded.slice(m[0].length).replace(/^\([^)]*\)\s*/, '');
  // A label with no digit after it ("TIME (UK)" and a scan's specks "Ee Ta EE |") has its value below.
  const value = !/\d/.test(rest) && after ? after.folded : rest;
  // "Time of crossing (UK time) 2:05 pm": the label may go on for a few words before its time.
  const t = findTimes(value)[0];
  return t && t.index <= 30 && !/\d/.test(value.slice(0, t.index)) ? { hours: t.hours, minutes: t.minutes } : null;
}

/**
 * A date label that may pair with a time label below it: "Date 09/10/2026", "Datum parkeren 29 september
 * 2026", not one that names another event ("Date of service 16 September 2026", "Datum van verzending").
 */
const OTHER_EVENT_DATE = /^(?:datum|date)\s+(?:(?:of|van|de|du|der|des|d')\s*)?(?:(?:the|this|la|le|l'|de|het|dieses)\s*)?(?:service|notice|issue|letter|brief|verzending|envoi|emission|courrier|schreibens|zustellung|notification|kennisgeving|certificate|invoice|facture|factuur|print|impression|druck|payment|paiement|betaling|zahlung|dispatch|expedition|versand)/;
const isPairingDateLabel = (label: string) => {
  const folded = label.replace(FIRST_HALF_OF_BILINGUAL_LABEL, '');
  return /^(?:datum|date)\b/.test(folded) && !OTHER_EVENT_DATE.test(folded);
};


function scoreOf(lines: readonly TextLine[], i: number, d: FoundDate, joint: string | null): { score: number; why: string[] } {
  const line = lines[i]!;
  // The line above, when it holds labels (a table header, a label for the line below).
  const prevLine = i > 0 && lines[i - 1]!.page === line.page && labelsOnly(lines[i - 1]!) ? lines[i - 1]! : null;
  // A table header may wrap over several lines ("Datum en uur van de" / "vaststelling" / … / "geldboete"):
  // its words are read together, as one label line.
  const header = prevLine ? headerAbove(lines, i) : null;
  const prev = prevLine && header ? { ...prevLine, folded: header } : prevLine;
  // A date that starts its line may end a sentence from the line above: "… wegens de overtreding van" /
  // "01/09/2026 om 16.40 uur te Brugge".
  const above = i > 0 && lines[i - 1]!.page === line.page ? lines[i - 1]! : null;
  const runsOn = d.index === 0 && above !== null && !labelsOnly(above) && !/[.!?:;]\s*$/.test(above.text);
  const before = `${runsOn ? `${above!.folded.slice(-60)} ` : ''}${line.folded.slice(0, d.index)}`;
  const why: string[] = [];
  let score = 2; // a date with its time
  const specific = LABELS.offence[0];
  if (specific.test(before) || (prev && specific.test(prev.folded))) {
    score += 3;
    why.push('offence label');
  } else if (OFFENCE_WORDS.test(before) || (prev && OFFENCE_WORDS.test(prev.folded))) {
    score += 2;
    why.push('offence words before it');
  }
  // "Tijdstip 28-09-2026, 10.22 uur", "Zeitpunkt 03.10.2026 14:37": a moment label before a date with its time.
  // A header with two moments ("Entry station / Date and time / Exit station / Date and time") does not
  // say which of its dates is the offence: it gives neither a label.
  const twoMoments = prev !== null && (prev.folded.match(DATE_TIME_LABELS)?.length ?? 0) >= 2;
  // "Tijdstip / naheffing | Kenteken | Locatie …" above "06-11-2026 10:09 H-274-ZK …": a table with a
  // column of the moment, and a row that starts with a date and its time.
  const momentColumn = prev !== null && d.index === 0 && joint !== null && MOMENT_COLUMN.test(prev.folded);
  if (!why.length && !twoMoments && (DATE_TIME_LABEL.test(before) || MOMENT_LABEL.test(before) || momentColumn || (prev && (DATE_TIME_LABEL.test(prev.folded) || ARRIVAL_COLUMN.test(prev.folded))))) {
    score += 2;
    why.push('a date-and-time label');
  }
  // The rest of its sentence: "op 8 november 2026 om 08u31 werd … een overtreding vastgesteld".
  const next = lines[i + 1]?.page === line.page ? lines[i + 1]!.folded : '';
  if (!why.length && OFFENCE_WORDS.test(`${line.folded.slice(d.index + d.length)} ${next}`)) {
    score += 2;
    why.push('offence words in its sentence');
  }
  const section = lines.slice(Math.max(0, i - 4), i).filter((l) => l.page === line.page);
  if (section.some((l) => OFFENCE_WORDS.test(l.folded))) {
    score += 1;
    why.push('in the section telling what happened');
  }
  if (/\b(?:op|le|am|on|du)\s*$/.test(before) && joint !== null && /\b(?:om|a|um|at|gegen|vers)\b/.test(joint)) {
    score += 2;
    why.push('"on … at …" sentence');
  }
  if (OTHER_DATE_WORDS.test(before) || (prev && OTHER_DATE_WORDS.test(prev.folded))) {
    score -= 4;
    why.push('words of another date');
  }
  if (BY_DATE.test(before) || (PAYMENT_CONTEXT.test(before) && !OFFENCE_WORDS.test(before))) {
    score -= 3;
    why.push('a deadline or payment');
  }
  return { score, why };
}

/** Columns of a table header that hold a time, in order: the stay's start, its end, the offence's. */
const ARRIVAL_COLUMN_ALL = new RegExp(ARRIVAL_COLUMN.source, 'g');
const DEPARTURE_COLUMN = /\b(?:exit|departure|vertrek|uitrit|sortie|depart|ausfahrt|abfahrt)\b/g;
const OFFENCE_TIME_COLUMN = /\b(?:time of (?:the )?(?:contravention|offen[cs]e|infringement|violation)|(?:observed|recorded|noted) at|tijdstip (?:van (?:de )?)?(?:overtreding|vaststelling)|vastgesteld om|geconstateerd om|heure (?:de l'infraction|du constat|de la constatation)|constate a|tatzeit|festgestellt um|uhrzeit (?:der tat|des verstosses))\b/g;

function timeColumns(header: string): ('arrival' | 'departure' | 'offence')[] {
  const at = [
    ...[...header.matchAll(ARRIVAL_COLUMN_ALL)].map((m) => ({ index: m.index, kind: 'arrival' as const })),
    ...[...header.matchAll(DEPARTURE_COLUMN)].map((m) => ({ index: m.index, kind: 'departure' as const })),
    ...[...header.matchAll(OFFENCE_TIME_COLUMN)].map((m) => ({ index: m.index, kind: 'offence' as const })),
  ];
  return at.sort((a, b) => a.index - b.index).map((c) => c.kind);
}


/**
 * Times that stand under their own label, with no date beside them: the "TIME (UK)" / "2:05 pm" box of a
 * form that prints the date in another box ("Date of contravention 10 September 2026").
 */
function loneTimes(lines: readonly TextLine[]): { time: Time; line: TextLine }[] {
  const found: { time: Time; line: TextLine }[] = [];
  lines.forEach((line, i) => {
    // Below a plain "Date 09/10/2026" the time is that date's (the pair candidates() reads).
    if (findDates(line.folded).length > 0 || (i > 0 && lines[i - 1]!.page === line.page && isPairingDateLabel(lines[i - 1]!.folded))) return;
    const next = lines[i + 1]?.page === line.page ? lines[i + 1] : undefined;
    if (next && findDates(next.folded).length > 0) return;
    const time = timeBelow(line, next);
    if (time) found.push({ time, line });
  });
  return found;
}

/**
 * A date under an offence label that has no time of its own takes the letter's one lone labelled time:
 * a form's separate date and time boxes. Two lone times leave the pair unmade.
 */
function pairedWithLoneTime(lines: readonly TextLine[], found: Candidate[]): Candidate[] {
  const lone = loneTimes(lines);
  if (lone.length !== 1) return [];
  const { time, line: timeLine } = lone[0]!;
  const paired: Candidate[] = [];
  lines.forEach((line) => {
    if (line.page !== timeLine.page || found.some((c) => c.line === line)) return;
    const d = findDates(line.folded)[0];
    if (!d || !LABELS.offence[0].test(line.folded.slice(0, d.index))) return;
    // A label with its date, a time in another box: one step short of a date with its time.
    paired.push({ date: d.date, time, score: LIKELY, line, why: ['offence label', 'the letter\'s one labelled time'] });
  });
  return paired;
}

/** A column of the moment a vehicle left without paying: a car park's offence ("Heure de sortie sans paiement"). */
const UNPAID_EXIT_COLUMN = /\b(?:sortie sans (?:paiement|reglement)|exit without (?:payment|paying)|uitrit zonder betaling|ausfahrt ohne (?:zahlung|bezahlung))\b/;

/**
 * A header over two moments, one the offence's and one another event's ("Date et heure d'établissement
 * du FPS | Fin de validité du ticket" above "09/10/2026 14h37 09/10/2026 13h55"): the row's pair in the
 * offence column's place. None when the header does not name one of each.
 */
const OFFENCE_MOMENT_COLUMN = /\b(?:etablissement du fps|(?:date|heure|moment) (?:de l'infraction|du constat|de la constatation)|time of (?:the )?(?:contravention|offen[cs]e|infringement)|tijdstip (?:van (?:de )?)?(?:overtreding|vaststelling)|tatzeit)\b/;
const OTHER_MOMENT_COLUMN = /\b(?:fin de validite|validite du ticket|ticket (?:valid|expir)\w*|(?:paid|valid) until|einde (?:parkeer)?recht|geldig tot|bezahlt bis|gultig bis|ablauf (?:der )?parkzeit)\b/;
function offenceMomentOf(header: string, pairs: readonly FoundDate[]): FoundDate | undefined {
  const offence = OFFENCE_MOMENT_COLUMN.exec(header);
  const other = OTHER_MOMENT_COLUMN.exec(header);
  if (!offence || !other) return undefined;
  return offence.index < other.index ? pairs[0] : pairs[1];
}

/**
 * A strip of values printed before their labels ("06-10-2026 datum vaststelling" / "Ooststraat plaats" /
 * "14u20 tijdstip"): a date before an offence label takes the time before a time label a few rows on.
 */
const TIME_BEFORE_LABEL = /^(\S+(?: ?(?:u|h|uur|uhr))?)\s+(?:tijdstip|uur|heure|uhrzeit|zeit|time)\s*$/;
function timeInValueFirstStrip(lines: readonly TextLine[], i: number, d: FoundDate): Time | null {
  const line = lines[i]!;
  if (!LABELS.offence[0].test(line.folded.slice(d.index + d.length)) || !/^\s*\S/.test(line.folded.slice(d.index + d.length))) return null;
  for (let j = i + 1; j <= i + 4 && j < lines.length && lines[j]!.page === line.page; j++) {
    const m = TIME_BEFORE_LABEL.exec(lines[j]!.folded);
    const t = m ? findTimes(m[1]!)[0] : undefined;
    if (t && t.index === 0) return { hours: t.hours, minutes: t.minutes };
  }
  return null;
}

/**
 * "On Saturday 10 October at 3:47 pm a traffic warden observed the vehicle …", "Op dinsdag 6 oktober om
 * 14u20 stond uw voertuig geparkeerd": the offence told with its day and time but no year. The year is
 * that of a full date of the same day and month the letter prints (its date box, a table); without one
 * the sentence gives nothing.
 */
function withoutYearInSentence(lines: readonly TextLine[]): Candidate[] {
  const printed = lines.flatMap((l) => findDates(l.folded).map((d) => d.date));
  const found: Candidate[] = [];
  lines.forEach((line, i) => {
    for (const dm of findDaysWithoutYear(line.folded)) {
      const after = line.folded.slice(dm.index + dm.length);
      const joint = /^\s*,?\s*(?:om|a|um|at|gegen|vers)\s+/.exec(after);
      const t = joint ? findTimes(after.slice(joint[0].length))[0] : undefined;
      if (!t || t.index !== 0) continue;
      const next = lines[i + 1]?.page === line.page ? lines[i + 1]!.folded : '';
      if (!OFFENCE_WORDS.test(`${line.folded} ${next}`)) continue;
      const same = [...new Set(printed.filter((d) => Number(d.slice(5, 7)) === dm.month && Number(d.slice(8, 10)) === dm.day))];
      if (same.length !== 1) continue;
      found.push({ date: same[0]!, time: { hours: t.hours, minutes: t.minutes }, score: LIKELY, line, why: ['a sentence telling the offence', 'its year from the date the letter prints'] });
    }
  });
  return found;
}

function candidates(lines: readonly TextLine[]): Candidate[] {
  const found: Candidate[] = [];
  lines.forEach((line, i) => {
    const next = lines[i + 1]?.page === line.page ? lines[i + 1] : undefined;
    const header = headerAbove(lines, i);
    const columns = header ? timeColumns(header) : [];
    // "Entrée … / Sortie sans paiement" above "19/09/2026 15h48 19/09/2026 17h21": of a row's two
    // dates with their times, the second is the unpaid exit, the offence.
    const rowPairs = findDates(line.folded).filter((d) => timeAfter(line.folded, d) !== null);
    const unpaidExit = header !== null && UNPAID_EXIT_COLUMN.test(header) && rowPairs.length === 2 ? rowPairs[1] : (rowPairs.length === 2 && header !== null ? offenceMomentOf(header, rowPairs) : undefined);
    for (const d of findDates(line.folded)) {
      const beside = timeAfter(next ? `${line.folded} ${next.folded}` : line.folded, d);
      const below = beside ? null : timeBelow(next, next && lines[i + 2]?.page === line.page ? lines[i + 2] : undefined);
      // The time of a table row, below a header that names it: "Date Heure Lieu" / "12/11/2026 14h05 …".
      const untilNextDate = line.folded.slice(d.index + d.length).split(/\d{1,2}[./-]\d{1,2}[./-]\d{2,4}/)[0] ?? '';
      // "03-09-2026 P3 Oost, vak zonder ticket 11.02 uur 14.12 uur": a row whose times stand further on,
      // in the columns its header names.
      // "… 50.00 EUR 4.30": a dotted amount after or before its currency is no time.
      const rowTimes = findTimes(untilNextDate).filter(
        (t) => !/(?:eur|€|nok|chf|gbp|£|\$|sek|dkk)\s*$/.test(untilNextDate.slice(0, t.index)) && !/^\s*(?:eur|€|nok|chf|kr)\b/.test(untilNextDate.slice(t.index + t.length)),
      );
      const inColumns = columns.length > 0 && columns.length === rowTimes.length ? rowTimes[0] : undefined;
      // "24-09-2026 Naheffing Melkmarkt, 19:40 uur" in a history of the case: a row that starts with the
      // date and tells the offence before its one time.
      const told = rowTimes.length === 1 && d.index === 0 && OFFENCE_WORDS.test(untilNextDate.slice(0, rowTimes[0]!.index)) ? rowTimes[0] : undefined;
      const strip = !beside && !below && d.index === 0 ? timeInValueFirstStrip(lines, i, d) : null;
      const time = beside?.time ?? below ?? (inColumns ? { hours: inColumns.hours, minutes: inColumns.minutes } : told ? { hours: told.hours, minutes: told.minutes } : strip);
      if (!time) continue;
      const scored = scoreOf(lines, i, d, beside?.joint ?? null);
      // "Date 09/10/2026" above "Time 2:05 pm": a date-and-time pair of labels, as a form prints the offence.
      // The same pair when the time line was read as the date's continuation ("Date 16/09/2026" / "Heure 7 h 52").
      const timeLineBelow = below !== null || (beside !== null && next !== undefined && TIME_LABEL_LINE.test(next.folded) && d.index + d.length >= line.folded.trimEnd().length);
      // Also a strip of labels above values: "Date / Datum" / "2026-09-28" / "Time / Klockslag" / "kl. 12.20".
      const labelAbove = i > 0 && lines[i - 1]!.page === line.page && labelsOnly(lines[i - 1]!) && isPairingDateLabel(lines[i - 1]!.folded) && d.index === 0;
      if (timeLineBelow && (isPairingDateLabel(line.folded) || labelAbove) && !scored.why.some((w) => w.startsWith('offence'))) {
        scored.score += 2;
        scored.why.push('date and time labels');
      }
      const { score, why } = scored;
      // "Date Entry Exit Time of contravention" / "04/10/2026 14:02 14:31 2:31 pm": the header names which
      // of the row's times is the offence's, when it has one column per time.
      const offenceColumn = columns.indexOf('offence');
      const named = offenceColumn >= 0 && (beside || inColumns) && columns.length === rowTimes.length ? rowTimes[offenceColumn] : undefined;
      if (named) {
        found.push({ date: d.date, time: { hours: named.hours, minutes: named.minutes }, score: score + 3, line, why: [...why, 'the offence-time column'] });
      } else if (unpaidExit && d.index === unpaidExit.index) {
        found.push({ date: d.date, time, score: score + 3, line, why: [...why, 'the offence moment\'s column'] });
      } else {
        found.push({ date: d.date, time, score, line, why });
      }
      // "04/10/2026 14:02 14:31 2:31 pm": a row with several times (entry, exit, the contravention) gives
      // each as a candidate of the same weight, so the choice between them is left to an operator.
      const chosen = named ?? time;
      for (const other of rowTimes) {
        if (other.hours !== chosen.hours || other.minutes !== chosen.minutes) {
          found.push({ date: d.date, time: { hours: other.hours, minutes: other.minutes }, score, line, why: [...why, 'another time on its row'] });
        }
      }
    }
  });
  return [...found, ...inValueAboveLabelStrip(lines), ...pairedWithLoneTime(lines, found), ...withoutYearInSentence(lines)];
}

/**
 * A strip of values printed above their labels, as a form's numbered boxes: "29/09/2026" / "Date de la
 * constatation" / "10 h 40" / "Heure". The date above an offence label takes the time above the time
 * label that follows it.
 */
function inValueAboveLabelStrip(lines: readonly TextLine[]): Candidate[] {
  const found: Candidate[] = [];
  lines.forEach((line, i) => {
    const same = (j: number) => (lines[j]?.page === line.page ? lines[j] : undefined);
    const [label, timeValue, timeLabel] = [same(i + 1), same(i + 2), same(i + 3)];
    const d = findDates(line.folded)[0];
    if (!d || d.index !== 0 || !label || !timeValue || !timeLabel) return;
    if (/\d/.test(label.folded) || !LABELS.offence[0].test(label.folded) || !valueAboveLabel(lines, i + 1)) return;
    const t = findTimes(timeValue.folded)[0];
    if (!t || t.index !== 0 || !TIME_LABEL_LINE.test(timeLabel.folded) || /\d/.test(timeLabel.folded)) return;
    found.push({ date: d.date, time: { hours: t.hours, minutes: t.minutes }, score: SURE, line, why: ['offence label below it', 'the time label below its time'] });
  });
  return found;
}

/**
 * The clock the letter's times are printed on: the issuing country's. Every country a Benelux fleet
 * drives to keeps Central European time except Ireland, the United Kingdom and Portugal, whose
 * letters name themselves (an address, the authority, the currency).
 */
const CLOCKS: { zone: string; marks: RegExp }[] = [
  { zone: 'Europe/Dublin', marks: /\b(?:ireland|eire|dublin|garda|eflow|m50)\b|\.ie\b/ },
  { zone: 'Europe/London', marks: /\b(?:united kingdom|great britain|england|scotland|wales|dvla|transport for london|dart charge|ulez|london|glasgow|edinburgh|manchester|birmingham|liverpool|gbp|uk time)\b|\(uk\)|\.(?:gov|co)\.uk\b|£/ },
  { zone: 'Europe/Lisbon', marks: /\b(?:portugal|portuguese|lisboa|lisbon|porto|pt time)\b|\.pt\b/ },
];

function clockOf(lines: readonly TextLine[]): string {
  const text = lines.map((l) => l.folded).join('\n');
  return CLOCKS.find((c) => c.marks.test(text))?.zone ?? BRUSSELS;
}

const SURE = 5;
const LIKELY = 4;

/**
 * The best-supported candidate. Confidence follows its evidence: a date and time alone is never
 * trusted; with an offence label or the section that tells what happened it is. A second candidate
 * of a different time almost as well supported is a disagreement the caller reports.
 */
/** "… en op dezelfde dag om 19:42 uur zonder betaling … vertrokken": a later time of the same day, the exit. */
const SAME_DAY_AT = /(?:op dezelfde dag|diezelfde dag|le meme jour|am (?:selben|gleichen|demselben) tag|(?:on )?the same day)\s*,?\s*(?:om|a|vers|um|gegen|at)\s+/;
const WITHOUT_PAYING = /zonder (?:te )?betal|sans (?:paiement|payer|avoir (?:paye|regle)|reglement)|ohne (?:zu )?(?:be)?zahl|without pay/;

/**
 * A car park's account of a stay told in prose ("is op 14 september 2026 om 08:16 uur de garage
 * ingereden en op dezelfde dag om 19:42 uur zonder betaling … vertrokken"): the date's own time is the
 * entry; the offence is the exit without paying, later the same day. Its time, when the sentence says so.
 */
function unpaidExitLater(lines: readonly TextLine[], best: Candidate): Time | null {
  const i = lines.indexOf(best.line);
  const text = lines.slice(i, i + 3).filter((l) => l.page === best.line.page).map((l) => l.folded).join(' ');
  const at = SAME_DAY_AT.exec(text);
  if (!at) return null;
  const rest = text.slice(at.index + at[0].length);
  const time = findTimes(rest.slice(0, 12))[0];
  if (!time || time.index !== 0) return null;
  const sentence = rest.split(/[.;](?:\s|$)/)[0] ?? '';
  return WITHOUT_PAYING.test(sentence) ? { hours: time.hours, minutes: time.minutes } : null;
}

export function readOffenceByRole(lines: readonly TextLine[]): { field: Field<string> | null; rival: Field<string> | null } {
  const zone = clockOf(lines);
  const all = candidates(lines).sort((a, b) => b.score - a.score);
  const best = all[0];
  if (!best || best.score < 2) return { field: null, rival: null };
  const toField = (c: Candidate): Field<string> => ({
    value: zonedInstant(zone, c.date, c.time.hours, c.time.minutes).toISOString(),
    confidence: c.score >= SURE ? 0.95 : c.score >= LIKELY ? 0.88 : 0.6,
    source: { page: c.line.page, text: c.line.text },
  });
  const exit = unpaidExitLater(lines, best);
  const chosen = exit ? { ...best, time: exit } : best;
  const field = toField(chosen);
  const rivalCandidate = all.find((c) => c.score >= LIKELY && c.score >= best.score - 1 && toField(c).value !== field.value);
  return { field, rival: rivalCandidate ? toField(rivalCandidate) : null };
}
