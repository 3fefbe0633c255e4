// The decision gate (src/domain/decision-inputs.ts) and the reader's verdicts it rests on
// (src/reading/field-trust.ts), on plain data with a fixed clock.
import { describe, expect, it } from 'vitest';
import { assess, type AssessmentInput } from '../../src/domain/assessment.js';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { DECISIVE_FIELDS, untrustedForDecision, type FieldTrusts, type GateFacts } from '../../src/domain/decision-inputs.js';
import type { ContractFacts } from '../../src/domain/types.js';
import { extractFields } from '../../src/reading/field-extraction.js';

const d = (s: string) => s as IsoDate;
const at = (date: string, h: number, m = 0) => brusselsInstant(d(date), h, m);
const trusted = Object.fromEntries(DECISIVE_FIELDS.map((f) => [f, { trusted: true, doubt: null }])) as FieldTrusts;
const allPresent = Object.fromEntries(DECISIVE_FIELDS.map((f) => [f, true])) as GateFacts['present'];
const facts = (over: Partial<GateFacts> = {}): GateFacts => ({ kind: 'fine', present: allPresent, trust: trusted, ...over });
const doubt = (field: string, text = 'disputed') => ({ [field]: { trusted: false, doubt: text } });

describe('the decision gate', () => {
  it('lets a decision through only when every input of its path is trusted', () => {
    expect(untrustedForDecision('recharge', facts())).toEqual([]);
    expect(untrustedForDecision('redirect', facts())).toEqual([]);
    expect(untrustedForDecision('recharge', facts({ trust: { ...trusted, ...doubt('amountCents', 'two amounts') } }))).toEqual([{ field: 'amountCents', doubt: 'two amounts' }]);
  });
  it('holds a recharge without an amount or a due date, even when their absence is proven', () => {
    const present = { ...allPresent, amountCents: false, dueDate: false };
    expect(untrustedForDecision('recharge', facts({ present })).map((u) => u.field)).toEqual(['dueDate', 'amountCents']);
  });
  it('lets a redirect stand on the due date only when the letter has no redirect deadline, and then needs the due date', () => {
    const noRedirect = { ...allPresent, redirectDeadline: false };
    expect(untrustedForDecision('redirect', facts({ present: noRedirect }))).toEqual([]);
    expect(untrustedForDecision('redirect', facts({ present: noRedirect, trust: { ...trusted, ...doubt('redirectDeadline', 'a clause about the driver') } })).map((u) => u.field)).toEqual(['redirectDeadline']);
    expect(untrustedForDecision('redirect', facts({ present: { ...noRedirect, dueDate: false } })).map((u) => u.field)).toEqual(['dueDate']);
  });
  it('answers an identification request by redirect only with its redirect deadline read', () => {
    const present = { ...allPresent, redirectDeadline: false, amountCents: false, dueDate: false };
    expect(untrustedForDecision('redirect', facts({ kind: 'identification_request', present })).map((u) => u.field)).toEqual(['redirectDeadline']);
  });
  it("needs the letter's date when a deadline is counted from it", () => {
    const trust = { ...trusted, redirectDeadline: { trusted: true, doubt: null, derivedFromDocumentDate: true }, ...doubt('documentDate', 'generic label') };
    expect(untrustedForDecision('redirect', facts({ trust })).map((u) => u.field)).toEqual(['documentDate']);
    expect(untrustedForDecision('recharge', facts({ trust })).map((u) => u.field)).toEqual(['documentDate']);
  });
});

const contract: ContractFacts = {
  id: 'c1', contractRef: 'C1', plate: '1ABC123', startsAt: at('2026-11-01', 0), endsAt: null, finePolicy: 'recharge',
  renter: { type: 'person', name: 'Jan', address: 'Straat 1', birthDate: d('1980-01-01'), companyNumber: null, email: null },
  adminFeeCents: null, receivedAt: at('2026-10-01', 9),
};
const input = (trust: FieldTrusts): AssessmentInput => ({
  document: {
    receivedAt: at('2026-11-16', 10), senderAllowed: true, opened: true, kind: 'fine', plate: '1ABC123', offenceAt: at('2026-11-10', 9),
    documentDate: d('2026-11-12'), dueDate: d('2026-12-20'), redirectDeadline: null, amountCents: 11600, trust,
  },
  contracts: [contract],
  client: { defaultFinePolicy: null, defaultFinePolicyUpdatedAt: null, adminFeeCents: null },
  duplicateOf: null,
  now: at('2026-11-18', 12),
});

describe('assessment behind the gate', () => {
  it('reviews a matched, instructed fine whose amount is in doubt, and names the field and why', () => {
    const a = assess(input({ ...trusted, ...doubt('amountCents', 'amount: candidates disagree') }));
    expect(a).toMatchObject({ decision: 'review', reviewReasons: ['unreadable_document'], processedAt: null });
    expect(a.untrustedInputs).toEqual([{ field: 'amountCents', doubt: 'amount: candidates disagree' }]);
  });
  it('does not match a contract on a plate in doubt', () => {
    const a = assess(input({ ...trusted, ...doubt('plate') }));
    expect(a).toMatchObject({ decision: 'review', reviewReasons: ['unreadable_document'], contract: null });
  });
});

describe('what the reader trusts', () => {
  const letter = (...lines: string[]) => extractFields([lines.join('\n')]);
  it('does not prove a redirect deadline absent when the letter speaks of naming the driver', () => {
    const f = letter('Voorstel tot onmiddellijke inning', 'Nummerplaat 1-ABC-123', 'Datum en uur van de overtreding 04/11/2026 om 10u12',
      'Te betalen bedrag € 58,00', 'Uiterste betaaldatum 14/12/2026', 'Was u niet de bestuurder, deel dan zijn identiteit mee na ontvangst van deze brief.');
    expect(f.redirectDeadline).toBeNull();
    expect(f.trust.redirectDeadline.trusted).toBe(false);
    expect(f.trust.redirectDeadline.doubt).toContain('na ontvangst');
  });
  it('proves it absent when no clause speaks of the driver, an appeal or a hearing', () => {
    const f = letter('Factuur parkeerretributie', 'Kenteken 1-ABC-123', 'Tijdstip vaststelling 04-11-2026 10:12', 'Bedrag 35,00 EUR', 'Vervaldatum 14-12-2026');
    expect(f.trust.redirectDeadline).toEqual({ trusted: true, doubt: null });
  });
  it('does not prove it absent when the letter has pages that did not come', () => {
    const page1 = ['Beschikking', 'Kenteken V-381-HN', 'Pleegdatum en tijd 27-03-2026 om 16.44 uur', 'Totaal € 269,00', 'Uiterste betaaldatum: 04-06-2026'];
    // A photo of the first sheet only: it says it is one of two, or points to its back.
    for (const pointer of ['CJIB-nummer 3010 4471 · blad 1 van 2', 'Lees ook de achterzijde: daar staat wat u kunt doen.', 'Voir au verso pour contester.', 'Page 1/2']) {
      const f = letter(...page1, pointer);
      expect(f.trust.redirectDeadline.trusted, pointer).toBe(false);
      expect(f.trust.redirectDeadline.doubt, pointer).toContain('pages that were not received');
    }
    // Both sheets received: the back page is there to read.
    const both = extractFields([[...page1, 'Lees ook de achterzijde.', 'blad 1 van 2'].join('\n'), 'Betalen in termijnen kan via de website.\nblad 2 van 2']);
    expect(both.trust.redirectDeadline).toEqual({ trusted: true, doubt: null });
  });
  it('trusts neither the offence date nor the letter date when one date was read for both', () => {
    // A second request: "Datum" heads the letter and, lower, the offence block.
    const f = letter('Tweede verzoek – identificatie van de bestuurder', 'Ons kenmerk AN.55.L7.098815/2026', 'Datum 30/11/2026',
      'Met het voertuig kenteken HT-590-P werd de volgende overtreding vastgesteld:', 'Datum 27/10/2026', 'Uur 08u12',
      'Wij verzoeken u de gegevens van de bestuurder uiterlijk op 14 december 2026 te bezorgen.');
    // Today's reader takes the first "Datum" for the offence: whatever it reads, it never trusts the
    // letter's date as the offence date.
    expect(f.trust.offenceAt.trusted ? f.offenceAt?.value.slice(0, 10) : 'untrusted').not.toBe('2026-11-30');
    if (f.offenceAt?.value.slice(0, 10) === f.documentDate?.value) expect(f.trust.documentDate.trusted).toBe(false);
  });
  it('never takes a threatened penalty range for the amount of an identification request', () => {
    const f = letter('Vraag om inlichtingen - identificatie van de bestuurder', 'Brussel, 20 november 2026', 'Nummerplaat 1-ABC-123',
      'Op 8 november 2026 om 08u31 werd een overtreding vastgesteld.', 'Wie niet antwoordt, riskeert een geldboete van 1.000 tot 80.000 euro.',
      'U deelt binnen vijftien (15) dagen vanaf de datum van verzending de identiteit van de bestuurder mee.');
    expect(f.kind.value).toBe('identification_request');
    expect(f.amountCents).toBeNull();
    expect(f.trust.amountCents.trusted).toBe(true);
    expect(f.redirectDeadline?.value).toBe('2026-12-05');
  });
  it('never takes a penalty range or a reduced amount for the amount of a fine', () => {
    const f = letter('Voorstel tot onmiddellijke inning', 'Een geldboete van 50 tot 500 euro kan worden opgelegd.', 'Bij betaling binnen 15 dagen: verminderd bedrag € 43,50');
    expect(f.amountCents).toBeNull();
    expect(f.trust.amountCents.trusted).toBe(false);
  });
  it('doubts two amounts given for one role, and a due date that is the offence date', () => {
    const f = letter('Voorstel tot onmiddellijke inning', 'Datum en uur van de overtreding 04/11/2026 om 10u12', 'Te betalen bedrag € 58,00',
      'Bedrag te betalen € 116,00', 'Uiterste betaaldatum 04/11/2026');
    expect(f.trust.amountCents.doubt).toContain('disagree');
    expect(f.trust.dueDate.doubt).toContain('offence date');
  });
  it('does not prove a due date absent on a letter that asks for money', () => {
    const f = letter('Avis de contravention', 'Immatriculation GH-482-TK', 'Date et heure 02/11/2026 à 14:05', 'Montant à payer 135,00 €');
    expect(f.dueDate).toBeNull();
    expect(f.trust.dueDate.trusted).toBe(false);
  });
  it('reads a due date given inside a sentence about paying, across a line break', () => {
    const f = letter('Minnelijke schikking', 'Wij vragen u dit bedrag over te schrijven op rekening BE19 6792 0040 7112, zodat het uiterlijk op 14 december',
      '2026 op onze rekening staat.');
    expect(f.dueDate?.value).toBe('2026-12-14');
  });
});
