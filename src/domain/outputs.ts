// Which outputs a decision needs (spec "Outputs"), as plain functions of the stored facts and `now`:
// the files a decision produces (a redirect's case pack for the authority, a recharge's notice for
// the renter), the lines it adds to the per-client CSVs, the authority family that shapes a pack,
// and when a recharge may enter the accounting file (the client's dispute window).
import type { ContractFacts, Decision, DocumentKind } from './types.js';

/** Files stored per document (one of each kind at most). */
export const OUTPUT_FILE_KINDS = ['redirect_pack', 'recharge_notice'] as const;
export type OutputFileKind = (typeof OUTPUT_FILE_KINDS)[number];
/** Lines a decision adds to the per-client CSVs; computed from the stored facts, never stored on their own. */
export type OutputLineKind = 'redirect_list_line' | 'accounting_line';
export type OutputKind = OutputFileKind | OutputLineKind;

/**
 * Who sent the fine decides what the answer looks like; no authority publishes a bulk format, so
 * each family gets the document its own channel asks for (an online form, a letter, an e-mail).
 */
export const AUTHORITY_FAMILIES = ['be_police', 'be_lez', 'nl_cjib', 'fr_antai', 'de_authority', 'generic'] as const;
export type AuthorityFamily = (typeof AUTHORITY_FAMILIES)[number];

/** What the stored reading says about the sender: the letterhead line, the language, and lines read from the letter. */
export type SenderFacts = {
  issuer: string | null;
  language: 'nl' | 'fr' | 'de' | 'en' | null;
  plateCountry: string | null;
  reference: string | null;
  /** Other lines the reader kept (the redirect and payment clauses, every field's source line). */
  lines: readonly string[];
};

const fold = (s: string) => s.replace(/ß/g, 'ss').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

const CJIB = /\b(cjib|centraal justitieel incassobureau|wahv|wet administratiefrechtelijke handhaving)\b/;
const ANTAI = /\b(antai|agence nationale de traitement automatise|avis de contravention|designation du conducteur|ants\.gouv|antai\.gouv)\b/;
const LEZ = /\b(lage[- ]?emissiezone|lez|low[- ]emission zone|zone de basses emissions|zbe|lez\.brussels|umweltzone)\b/;
// German authorities and their questionnaires; a Belgian police letter in German (Eupen) is Belgian.
const DE = /\b(ordnungsamt|bussgeldstelle|zentrale bussgeldstelle|landratsamt|landkreis|polizeiprasidium|zeugenfragebogen|anhorungsbogen|fahrzeughalter|kreisverwaltung|stadt [a-z]+ -|stadtverwaltung)\b/;
const BE = /\b(politiezone|zone de police|polizeizone|federale politie|police federale|foderale polizei|wegpolitie|police de la route|parket|parquet|procureur des konings|procureur du roi|crossborder|justonweb|verkeersboetes|amendes\.be|onmiddellijke inning|perception immediate|sofortige erhebung|proces-verbaal|proces-verbal|pv-nummer|gas-boete|sanction administrative)\b/;
const BE_REFERENCE = /^[A-Z]{2}\.\d{2}\.[A-Z0-9]{2}\.\d+\/\d{4}$/;
const CJIB_REFERENCE = /^\d{4} ?\d{4} ?\d{4} ?\d{4}$/;

/**
 * The authority family of a fine, from what the reader stored (letterhead, language, reference
 * shape, the lines it kept). Unknown senders get the generic pack, which carries every field.
 */
export function authorityFamily(facts: SenderFacts): AuthorityFamily {
  const text = fold([facts.issuer ?? '', ...facts.lines].join('\n'));
  const reference = facts.reference?.trim() ?? '';
  if (CJIB.test(text) || (CJIB_REFERENCE.test(reference) && facts.language === 'nl' && !BE.test(text))) return 'nl_cjib';
  if (ANTAI.test(text)) return 'fr_antai';
  if (LEZ.test(text) && !DE.test(text)) return 'be_lez';
  if (BE.test(text) || BE_REFERENCE.test(reference)) return 'be_police';
  if (DE.test(text) || (facts.language === 'de' && facts.plateCountry !== 'BE')) return 'de_authority';
  return 'generic';
}

export type OutputsInput = {
  decision: Decision;
  kind: DocumentKind;
  /** When the decision was taken (the assessment's processedAt). */
  processedAt: Date | null;
  contract: Pick<ContractFacts, 'renter'> | null;
  client: { disputeWindowHours: number };
  /** An operator marked the recharge disputed (inside the window). */
  rechargeDisputedAt: Date | null;
  now: Date;
};

/**
 * What a decision needs, at `now`: a redirect its case pack and a line in the day's redirect list;
 * a recharge its notice (at once, whatever the dispute window) and, once the window has passed
 * undisputed, its line in the accounting file. Reviews, duplicates and closed documents need nothing.
 */
export function outputsNeeded(input: OutputsInput): OutputKind[] {
  if (!input.processedAt || !input.contract) return [];
  if (input.decision === 'redirect') return ['redirect_pack', 'redirect_list_line'];
  if (input.decision === 'recharge') {
    const booking = rechargeBooking(input.processedAt, input.client.disputeWindowHours, input.rechargeDisputedAt, input.now);
    return booking.state === 'booked' ? ['recharge_notice', 'accounting_line'] : ['recharge_notice'];
  }
  return [];
}

export type RechargeBooking = {
  /** in_window: the renter may still dispute it; booked: in the accounting file; disputed: kept out of it. */
  state: 'in_window' | 'booked' | 'disputed';
  /** When the window closes (= processedAt + window): the recharge's booking instant, which puts it in a period. */
  bookableAt: Date;
};

const HOUR_MS = 3_600_000;

/** When a recharge enters the accounting file: once its dispute window has passed without a dispute. */
export function rechargeBooking(processedAt: Date, disputeWindowHours: number, disputedAt: Date | null, now: Date): RechargeBooking {
  const bookableAt = new Date(processedAt.getTime() + Math.max(0, disputeWindowHours) * HOUR_MS);
  // A dispute counts only when it was marked before the window closed (markDispute refuses later ones).
  if (disputedAt && disputedAt.getTime() < bookableAt.getTime()) return { state: 'disputed', bookableAt };
  return { state: now.getTime() >= bookableAt.getTime() ? 'booked' : 'in_window', bookableAt };
}

/**
 * Whether an operator may still mark a recharge disputed: only a recharge whose window is still
 * open, because a booked line is in a period's accounting file that may already have been imported.
 */
export function disputeRefusal(decision: Decision, processedAt: Date | null, disputeWindowHours: number, disputedAt: Date | null, now: Date): string | null {
  if (decision !== 'recharge' || !processedAt) return 'only a recharge can be disputed';
  if (disputedAt) return 'this recharge is already marked disputed';
  const booking = rechargeBooking(processedAt, disputeWindowHours, null, now);
  if (booking.state === 'booked') return `the dispute window closed at ${booking.bookableAt.toISOString()}: the recharge is already in the accounting file`;
  return null;
}

/** Renter fields a redirect pack lists as missing when the contract does not give them. */
export type RenterField = 'name' | 'address' | 'birthDate' | 'birthPlace' | 'companyNumber' | 'drivingLicenceNumber' | 'drivingLicenceDate';

/**
 * The renter fields each authority's form asks for, in the form's order. Contracts carry name,
 * address, birth date or company number; birth place and licence data are never in a contract
 * today, so they are printed as missing where the authority asks for them (ANTAI, Belgian police).
 */
export function renterFieldsAskedBy(family: AuthorityFamily, renterType: 'person' | 'company' | null): RenterField[] {
  if (renterType === 'company') return ['name', 'companyNumber', 'address'];
  switch (family) {
    case 'fr_antai':
      // https://www.antai.gouv.fr/en/designations/ step 3: "name, surname, date of birth, and postal
      // address along with the licence number of the designated person and its issue date"; the
      // paper exemption form also asks the place of birth.
      return ['name', 'birthDate', 'birthPlace', 'address', 'drivingLicenceNumber', 'drivingLicenceDate'];
    case 'be_police':
      // Identification under art. 67ter of the Belgian traffic act, online at Justonweb.be/fines
      // (https://frixis.be/fr/nouvelles/actualite-cat/obligation-didentification-service-public-federal-justice.htm,
      // https://acteo.be/nos-publications/la-bcv-outil-de-simplification-de-la-gestion-des-amendes-et-de-responsabilisation-des-conducteurs):
      // the driver's identity, birth date, address and driving licence.
      return ['name', 'birthDate', 'address', 'drivingLicenceNumber'];
    default:
      return ['name', 'address', 'birthDate'];
  }
}
