// The issuer's reference of the letter: the number a payment or an answer must quote. Found beside,
// below or before a number label ("Geschäftszahl KU-VStV/926011873/2026", "N° de l'avis de paiement
// / 59350 2026 1104 8277", "CPB-26-118204 factuurnummer"), and read whole even when it is printed
// in groups ("2.32-ZF 26/044912", "AT 2026/551 207", "0260 5538 1729"). The letter's own number
// comes before a police report's number it quotes, and the addressee's reference ("Uw kenmerk",
// "Ihr Zeichen") is never it. Pure.
import { findAmounts } from './amounts.js';
import { findDates } from './dates.js';
import type { Field } from './fields.js';
import { findPlates } from './plates.js';
import { valueAboveLabel } from './labelled-values.js';
import { headerAbove, labelsOnly, type TextLine } from './text-lines.js';

const words = (...alternatives: string[]): RegExp => new RegExp(`(?:^|[^a-z])(?:${alternatives.join('|')})(?![a-z])`);

/** The letter's own number, most specific first. */
const OWN_NUMBER = words(
  'notitienummer', 'aanslagnummer', 'beschikkingsnummer', 'cjib[- ]?(?:nummer|nr\\.?)', 'factuurnummer', 'factuur ?(?:nr\\.?|n°)', 'dossiernummer', 'dossier ?(?:nr\\.?|n°)',
  // "Dossier SAC/GBX/2026/0871": the bare word, before a code with a digit in it.
  'dossier(?= \\S*\\d)',
  'ons kenmerk', 'onze referentie', 'ons pv[- ]?(?:nummer|nr\\.?)', 'notre (?:n° de )?pv', 'kenmerk', 'referentie(?:nummer)?',
  'n° (?:de |d\'|de l\')?(?:l\'avis(?: de paiement| de contravention)?|avis|avertissement(?: taxe)?|redevance|dossier|facture|amende(?: majoree)?|transaction|notice|affaire|ordonnance|fps)', 'numero (?:de |d\'|de l\')?(?:avis|avertissement(?: taxe)?|dossier|facture|redevance|amende)',
  '(?:avis|notice|facture|dossier|fps|forfait de post-stationnement) n°',
  // "AVIS DE FPS MAJORÉ N° 75056 …", "Avis de contravention n° …": the letter's title with its number.
  '(?:avis|notice|facture|rappel|fps)(?: [a-z\'-]+){1,3} n°', 'gz\\.?', 'notre reference', 'nos references', 'nos ref\\.?', 'reference', 'ref\\.?',
  'notre dossier', 'ons dossier', 'mein zeichen', 'unser aktenzeichen', 'zahl:?', 'reminder number', 'decision number', '(?:penalty )?notice reference',
  'verbale (?:no\\.?|n°|nr\\.?)', 'numero (?:di |del )?verbale', 'expediente', 'n(?:umero|°) (?:de )?expediente',
  'laufnummer', 'vorgangsnummer', 'belegnummer', 'referenznummer', 'fallnummer', 'bussennummer', 'verwarnungs?(?:nr\\.?|nummer)', 'zaaknummer',
  'numero de reference', 'n° de reference', 'our ref(?:erence)?', 'case reference', '(?:penalty )?charge (?:notice )?number',
  'aktenzeichen', 'az\\.?', 'geschaftszahl', 'geschaftszeichen', 'forderungsnummer', 'referenz', 'unser zeichen', 'bescheid ?(?:nr\\.?|nummer)',
  '(?:penalty charge |fixed charge )?notice (?:number|no\\.?|n°)', '(?:payment )?order (?:number|no\\.?|n°)', 'assessment number', 'invoice (?:number|no\\.?|n°)', 'pcn(?: number)?', 'case number', 'file number', 'reference number', 'fine number',
);
/**
 * The cash office's number a German payment quotes ("Kassenzeichen"): the letter's reference when it
 * has no other number of its own ("Verwarnungsnr.", "Aktenzeichen"), which its reply form repeats.
 */
const PAYMENT_FILE_NUMBER = words('kassenzeichen');
/** A police report's number the letter quotes: the reference only when the letter has no own number. */
const REPORT_NUMBER = words(
  'pv[- ]?(?:nummer|nr\\.?|n°)', 'nummer (?:van het )?proces-verbaal', 'proces-verbaal(?: (?:nr\\.?|nummer|n°))?', 'num[eé]ro (?:de |du )?(?:pv|proces-verbal)', 'n° (?:de )?(?:pv|proces-verbal)', 'pv n°', 'pv',
  'protokoll ?(?:nr\\.?|nummer)', 'protocol(?:lo)? (?:no\\.?|n°|nr\\.?)', 'anzeige ?(?:nr\\.?|nummer)', '(?:das |dem |im )?protokoll',
);
/**
 * Any other label that names a number ("Bescheidnummer", "Zaaknummer", "Notice no.", "Numéro de suivi"):
 * the letter's own number when nothing more specific labels one. Not the numbers that are something
 * else: phone, account, customer, company, vehicle, licence, contract, camera, page or article.
 */
const NUMBER_LABEL = /(?:^|[^\p{L}])(\p{L}*(?:nummer|number|numero|nr\.?|no\.|n°))(?=[\s:.]|$)/u;
const NOT_THE_LETTERS_NUMBER =
  /tele|phone|\btel\b|fax|gsm|mobil|iban|bic|konto|rekening|account|compte|klant|kunde|customer|client|btw|tva|vat|ust|ondernem|entreprise|handelsreg|firmen|chassis|fahrgestell|\bvin\b|kenteken|kennzeichen|registration|immatricul|plaque|plate|nummerplaat|huis|haus|house|post|rijbewijs|fuhrerschein|licen[cs]e|permis|contra[ck]t|vertrag|mess|camera|kamera|foto|photo|bild|frame|\bocr\b|seite|page|blad|pagina|vak|lane|spur|rijstrook|categor|klasse|class|artikel|article|paragra|code|agent|dienst|personal|personeel|ident|steuer|tax|order|bestel|auftrag|mandat|zaal|room|gebouw|building|serie|serial|parking|parkeer|zone|badge|ticket|pass|lid|member|mitglied|abonn|rolnummer|role/;

/** The addressee's own reference (the rental company's file), or the number a payment quotes: not the letter's. */
const THEIR_REFERENCE = /(?:uw|votre|vos|ihr|ihre|your)\s+(?:kenmerk|referenties?|references?|zeichen|ref)|ref\.? de paiement|\b(?:payer|payez|betaal|betalen|zahlen|pay)\b.{0,60}\b(?:reference|referentie|referenz)|(?:payment|betalings?|zahlungs|paiement)\s*(?:reference|referentie|kenmerk|referenz)|reference (?:de |du )?paiement/;

const GROUP = /^[\p{L}0-9][\p{L}0-9./\-]*$/u;

/**
 * The reference token at the start of `text`: one group, or groups separated by single spaces where
 * each further group starts with a digit ("2026 4481 1779 30", "2.32-ZF 26/044912"), after an
 * optional short capital prefix ("AT 2026/551 207"). A group that is a plate, a date or an amount
 * ends it: that is the next field of a row.
 */
export function referenceAt(text: string): string | null {
  const groups = text.trim().split(' ');
  const taken: string[] = [];
  for (const [i, raw] of groups.entries()) {
    // "AT-E 2026 / 0 43 306": a slash between spaced groups joins them.
    if (raw === '/' && taken.length > 0 && /^\d/.test(groups[i + 1] ?? '')) {
      taken.push(raw);
      continue;
    }
    const group = raw.replace(/[.,;:)]+$/, '');
    if (!GROUP.test(group)) break;
    // "AT 2026/551 207", "VÜ 51.7-2026-0831447", "StrA-VS 41/2026/118340": a short letter prefix, capital first.
    const prefix = i === 0 && /^\p{Lu}[\p{L}]{0,4}(?:-\p{Lu}{1,3})?$/u.test(group) && /\d/.test(groups[1] ?? '');
    const afterPrefix = i === 1 && taken.length === 1 && !/\d/.test(taken[0]!);
    if (i > 0 && !/^\d/.test(group) && !(afterPrefix && /\d/.test(group))) break;
    if (!prefix && !/\d/.test(group)) break;
    if (i > 0 && (findPlates(group).length > 0 || findDates(group).length > 0 || findAmounts(group).some((a) => a.hasCurrency))) break;
    taken.push(group);
    if (group !== raw) break; // a group that ended in punctuation ends the reference
  }
  // "N° de dossier LEZ LEZ/2026/0481193": a prefix the number repeats is part of the label.
  if (taken.length > 1 && !/\d/.test(taken[0]!) && taken[1]!.startsWith(taken[0]!)) taken.shift();
  const value = taken.join(' ').replace(/[.\-/]+$/, '');
  if (value.replace(/\D/g, '').length < 3 || value.length < 4) return null;
  if (/^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$|^\d+[.,]\d{2}$/.test(value)) return null;
  if (findPlates(value).some((p) => p.index === 0 && p.length === value.length)) return null;
  return value;
}

type Found = { value: string; confidence: number; line: TextLine };

/**
 * A creditor reference in a payment model ("RF18 5390 0754 7034", Slovenia's "SI12 20260418776", Croatia's "HR01 …"): what a
 * transfer quotes, as a Belgian "+++…+++" is, not the letter's own number, whatever its label says.
 */
const PAYMENT_REFERENCE_MODEL = /^(?:RF|S[I1l]|HR)\d{2}(?:\s|\d{4,})/; // OCR reads SI12 as S112

function labelled(lines: readonly TextLine[], label: Pick<RegExp, 'exec'>): Found[] {
  const found: Found[] = [];
  lines.forEach((line, i) => {
    const m = label.exec(line.folded);
    if (!m || THEIR_REFERENCE.test(line.folded.slice(0, m.index + m[0].length))) return;
    // "Registration NL GZ-512-K": a plate that starts with a label's letters ("GZ", "AZ") is no label.
    const labelAt = m.index + m[0].length - m[0].trimStart().length;
    if (findPlates(line.text).some((p) => p.index <= labelAt && labelAt < p.index + p.length)) return;
    const start = m.index + m[0].length;
    // "Ons kenmerk (parketnummer): CVOM 91/268301-26": a bracketed word after the label is part of it.
    // "Case number ....... OBK 2026 0091843": dotted leaders stand between a label and its value.
    const rest = line.text.slice(start).replace(/^\s*\([^)]{0,30}\)/, '').replace(/^\s*(?:\.{2,}|…+|[:\-–.])?\s*/, '');
    const beside = referenceAt(rest);
    if (beside) return void found.push({ value: beside, confidence: 0.95, line });
    // A value before its label, as in a column of "value label" rows: "CPB-26-118204 factuurnummer".
    const before = line.text.slice(0, m.index + (m[0].length - m[0].trimStart().length)).trim();
    if (before && rest === '') {
      const value = referenceAt(before);
      if (value === before) return void found.push({ value, confidence: 0.9, line });
    }
    // A strip of values above their labels: "PW/26/118 402" / "uw dossiernummer".
    // Not when that value has a label of its own above it ("Vos réf. :" / "VCR/F/26-7741" / "Nos réf. :" /
    // "AR.22.L1.004512/2026": labels above their values, the one above is the previous label's).
    const ownLabelAbove = i >= 2 && lines[i - 2]!.page === line.page && labelsOnly(lines[i - 2]!) && /:\s*$/.test(lines[i - 2]!.text);
    if (!/\d/.test(before) && rest === '' && !ownLabelAbove && valueAboveLabel(lines, i)) {
      const above = lines[i - 1]!;
      const value = referenceAt(above.text);
      if (value && value.length >= above.text.length - 2) return void found.push({ value, confidence: 0.9, line: above });
      // Not a reference above it (a date, say): the column is the usual label-above-value one.
    }
    // A value below a label that stands alone on its line: "N° de l'avis de paiement" / "59350 2026 1104 8277".
    const next = lines[i + 1];
    if (!/\d/.test(rest) && next && next.page === line.page) {
      const below = referenceAt(next.text);
      // The whole line, or the first value of a row under a header row that this label starts
      // ("Aanslagnummer Dagtekening Vervaldatum Kenteken" / "2026.0418.5521 09-10-2026 …").
      const firstOfHeader = below !== null && m.index <= 1 && labelsOnly(line) && next.text.startsWith(below);
      if (below && (below.length >= next.text.length - 2 || firstOfHeader)) found.push({ value: below, confidence: 0.88, line: next });
    }
  });
  return found.filter((f) => !PAYMENT_REFERENCE_MODEL.test(f.value));
}

/** A number label of no known kind, when it is none of the numbers that are something else. */
const OTHER_NUMBER_LABEL = {
  exec(text: string): RegExpExecArray | null {
    const m = NUMBER_LABEL.exec(text);
    return m && !NOT_THE_LETTERS_NUMBER.test(text.slice(Math.max(0, m.index - 20), m.index + m[0].length)) ? m : null;
  },
};

/**
 * A table whose first column is the letter's number, under a header the column's width wrapped ("N° de
 * l'avertis-" / "sement" / "Date et heure …" above "AT-DI-2026-04471 28/09/2026 14 h"): the row's first token.
 */
function firstColumn(lines: readonly TextLine[]): Found[] {
  const found: Found[] = [];
  lines.forEach((line, i) => {
    // A header of many narrow columns, each wrapped over up to three lines, read column by column.
    const header = headerAbove(lines, i, 18);
    if (!header || (OWN_NUMBER.exec(header)?.index ?? 99) > 1) return;
    const value = referenceAt(line.text);
    if (value && line.text.startsWith(value)) found.push({ value, confidence: 0.88, line });
  });
  return found.slice(0, 1);
}

const compact = (value: string) => value.replace(/\s/g, '');
/** A label that says the number is the sender's own: "Ons PV-nummer", "Notre référence", "Unser Zeichen", "Our ref". */
const OURS = /^(?:ons|onze|notre|nos|unser|unsere|our)\b/;

/** The number of a French forfait de post-stationnement: "N° de FPS", "N° FPS", "FPS n°". */
const FPS_NUMBER = words('n° (?:de )?fps', 'numero (?:de |du )?fps', 'fps n°');

/** The reference: the letter's own number, else the report number; candidates for it that disagree make it a guess. */
export function readReferenceByRole(lines: readonly TextLine[]): Field<string> | null {
  for (const label of [OWN_NUMBER, PAYMENT_FILE_NUMBER, REPORT_NUMBER, OTHER_NUMBER_LABEL]) {
    const found = [...labelled(lines, label), ...(label === OWN_NUMBER ? firstColumn(lines) : [])];
    // "N° d'avis 2026-FPS-A-3318204" beside "N° de FPS 13055000026101400482137": both the sender's, and
    // the FPS number is the one the law gives the charge (the one a contestation or a designation quotes).
    const statutory = found.filter((f) => FPS_NUMBER.test(f.line.folded));
    // Own numbers that disagree ("Ons PV-nummer HL.55.L3.014872/2026" beside "Dossiernummer ZV-26-004812"):
    // the one the sender calls its own ("ons", "notre", "unser", "our") is the one an answer quotes.
    const disagree = new Set(found.map((f) => compact(f.value))).size > 1;
    const ours = statutory.length === 0 && disagree ? found.filter((f) => OURS.test(f.line.folded)) : [];
    const oursValues = new Set(ours.map((f) => compact(f.value)));
    const candidates = statutory.length > 0 ? statutory : oursValues.size === 1 ? ours : found;
    const first = candidates[0];
    if (!first) continue;
    const agree = candidates.every((f) => f.value.replace(/\s/g, '') === first.value.replace(/\s/g, ''));
    // A label of no known kind is weaker evidence than one that names the letter's own number.
    // A choice between disagreeing labels is read in a sentence's strength, not a label's.
    const cap = label === OTHER_NUMBER_LABEL ? 0.85 : candidates === ours ? 0.9 : 1;
    return { value: first.value, confidence: agree ? Math.min(cap, first.confidence) : 0.6, source: { page: first.line.page, text: first.line.text } };
  }
  return null;
}
