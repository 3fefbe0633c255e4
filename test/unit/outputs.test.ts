// Which outputs a decision needs (fixed clock), which files each assessment version draws, keeps or
// supersedes (planOutputs, with the printed facts' fingerprint), the authority family from stored
// reading facts, the shape of each authority's pack, the recharge notice's totals, and the two CSV formats.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { brusselsInstant } from '../../src/domain/brussels-time.js';
import type { IsoDate } from '../../src/domain/calendar-date.js';
import { authorityFamily, disputeRefusal, outputsNeeded, planOutputs, rechargeBooking, type OutputPlanInput, type OutputsInput, type SenderFacts, type StoredOutputVersion } from '../../src/domain/outputs.js';
import { ACCOUNTING_CSV_COLUMNS, accountingCsv, eurText, REDIRECT_CSV_COLUMNS, redirectCsv } from '../../src/outputs/output-csv.js';
import { printedFactsSha256, type OutputFacts, type PrintModel } from '../../src/outputs/output-facts.js';
import { rechargeNoticeModel, rechargeTotals } from '../../src/outputs/recharge-notice.js';
import { redirectPackModel } from '../../src/outputs/redirect-pack.js';

const at = (date: string, h = 10, m = 0) => brusselsInstant(date as IsoDate, h, m);
const renter = { type: 'person' as const, name: 'Jan Peeters', address: 'Kerkstraat 1, 2000 Antwerpen', birthDate: '1985-04-12' as IsoDate, companyNumber: null, email: 'jan@example.com' };

describe('outputsNeeded', () => {
  const base: OutputsInput = {
    decision: 'redirect',
    kind: 'fine',
    processedAt: at('2026-11-20', 10),
    contract: { renter },
    client: { disputeWindowHours: 0 },
    rechargeDisputedAt: null,
    now: at('2026-11-20', 10),
  };
  it('a redirect needs its case pack and a line in the day list', () => {
    expect(outputsNeeded(base)).toEqual(['redirect_pack', 'redirect_list_line']);
  });
  it('a recharge without a window: the notice and the accounting line at once', () => {
    expect(outputsNeeded({ ...base, decision: 'recharge' })).toEqual(['recharge_notice', 'accounting_line']);
  });
  it('a recharge inside its 48-hour window: the notice now, the accounting line only after the window', () => {
    const r = { ...base, decision: 'recharge' as const, client: { disputeWindowHours: 48 } };
    expect(outputsNeeded({ ...r, now: at('2026-11-22', 9, 59) })).toEqual(['recharge_notice']);
    expect(outputsNeeded({ ...r, now: at('2026-11-22', 10, 0) })).toEqual(['recharge_notice', 'accounting_line']);
  });
  it('a recharge disputed inside the window never enters the accounting file', () => {
    const r = { ...base, decision: 'recharge' as const, client: { disputeWindowHours: 48 }, rechargeDisputedAt: at('2026-11-21') };
    expect(outputsNeeded({ ...r, now: at('2026-12-31') })).toEqual(['recharge_notice']);
  });
  it.each(['review', 'duplicate', 'not_a_fine'] as const)('%s needs nothing', (decision) => {
    expect(outputsNeeded({ ...base, decision })).toEqual([]);
  });
  it('nothing without a contract or a decision time', () => {
    expect(outputsNeeded({ ...base, contract: null })).toEqual([]);
    expect(outputsNeeded({ ...base, processedAt: null })).toEqual([]);
  });
});

describe('planOutputs: outputs follow the assessment version', () => {
  const NOW = at('2026-11-23', 10);
  const row = (kind: StoredOutputVersion['kind'], assessmentVersion: number, printed: string | null, drawnAtVersion = assessmentVersion): StoredOutputVersion => ({ kind, assessmentVersion, drawnAtVersion, printedFactsSha256: printed });
  const plan = (over: Partial<OutputPlanInput> & { printed?: Partial<Record<StoredOutputVersion['kind'], string>> }) => {
    const { printed = {}, ...rest } = over;
    const asked: string[] = [];
    const result = planOutputs({
      decision: 'recharge',
      kind: 'fine',
      processedAt: at('2026-11-23', 9),
      contract: { renter },
      client: { disputeWindowHours: 24 },
      rechargeDisputedAt: null,
      now: NOW,
      assessmentVersion: 1,
      stored: [],
      printedFactsSha256: (kind) => {
        asked.push(kind);
        return printed[kind] ?? `printed-${kind}`;
      },
      ...rest,
    });
    return { ...result, asked };
  };

  it('a first decision draws its file for its version', () => {
    // Nothing earlier to compare with: the fingerprint is not even asked.
    expect(plan({})).toEqual({ draw: ['recharge_notice'], keep: [], present: [], superseded: [], stale: false, asked: [] });
    expect(plan({ decision: 'redirect' }).draw).toEqual(['redirect_pack']);
  });
  it('a redelivered job finds its version stored and draws nothing (never regenerated, never differently)', () => {
    const p = plan({ stored: [row('recharge_notice', 1, 'A')], printed: { recharge_notice: 'B' } });
    expect(p).toMatchObject({ draw: [], keep: [], present: ['recharge_notice'], superseded: [] });
    // Not even the fingerprint is asked: the stored file is that version's, whatever the facts say now.
    expect(p.asked).toEqual([]);
  });
  it('a re-assessment to another amount draws a new file and supersedes the earlier one', () => {
    const p = plan({ assessmentVersion: 2, stored: [row('recharge_notice', 1, 'amount-116')], printed: { recharge_notice: 'amount-131' } });
    expect(p).toMatchObject({ draw: ['recharge_notice'], keep: [], present: [], superseded: [{ kind: 'recharge_notice', assessmentVersion: 1 }], stale: false });
  });
  it('a re-assessment whose printed facts did not change keeps the earlier file for the new version', () => {
    const p = plan({ assessmentVersion: 2, stored: [row('recharge_notice', 1, 'same')], printed: { recharge_notice: 'same' } });
    expect(p).toMatchObject({ draw: [], keep: [{ kind: 'recharge_notice', fromVersion: 1, drawnAtVersion: 1 }], superseded: [] });
    // A third version, still the same: the file drawn for version 1 goes on (through version 2's row).
    const third = plan({ assessmentVersion: 3, stored: [row('recharge_notice', 1, 'same'), row('recharge_notice', 2, 'same', 1)], printed: { recharge_notice: 'same' } });
    expect(third.keep).toEqual([{ kind: 'recharge_notice', fromVersion: 2, drawnAtVersion: 1 }]);
  });
  it('a file drawn before fingerprints were kept never matches: the re-assessment draws anew', () => {
    expect(plan({ assessmentVersion: 2, stored: [row('recharge_notice', 1, null)] }).draw).toEqual(['recharge_notice']);
  });
  it('a recharge that became a redirect draws the pack and supersedes the notice', () => {
    const p = plan({ decision: 'redirect', assessmentVersion: 2, stored: [row('recharge_notice', 1, 'notice')] });
    expect(p).toMatchObject({ draw: ['redirect_pack'], keep: [], superseded: [{ kind: 'recharge_notice', assessmentVersion: 1 }] });
  });
  it('redirect → recharge → redirect with the same printed pack keeps the first pack; the notice is superseded', () => {
    const stored = [row('redirect_pack', 1, 'pack'), row('recharge_notice', 2, 'notice')];
    const p = plan({ decision: 'redirect', assessmentVersion: 3, stored, printed: { redirect_pack: 'pack' } });
    expect(p).toMatchObject({ draw: [], keep: [{ kind: 'redirect_pack', fromVersion: 1, drawnAtVersion: 1 }], superseded: [{ kind: 'recharge_notice', assessmentVersion: 2 }] });
  });
  it('a decision that needs no file (a review, a duplicate) draws nothing; what it replaces is named', () => {
    for (const decision of ['review', 'duplicate'] as const) {
      const p = plan({ decision, processedAt: null, assessmentVersion: 2, stored: [row('recharge_notice', 1, 'x')] });
      expect(p).toMatchObject({ draw: [], keep: [], present: [], superseded: [{ kind: 'recharge_notice', assessmentVersion: 1 }] });
      expect(p.asked).toEqual([]);
    }
  });
  it('only the outputs current until now are superseded by this version (older ones were already)', () => {
    const stored = [row('recharge_notice', 1, 'a'), row('recharge_notice', 3, 'b')];
    expect(plan({ assessmentVersion: 5, stored, printed: { recharge_notice: 'c' } }).superseded).toEqual([{ kind: 'recharge_notice', assessmentVersion: 3 }]);
  });
  it('facts loaded before a newer version was stored plan nothing (stale)', () => {
    expect(plan({ assessmentVersion: 1, stored: [row('recharge_notice', 2, 'x')] })).toMatchObject({ draw: [], keep: [], present: [], superseded: [], stale: true });
  });
  it('the dispute window and the clock do not change the files: the notice is drawn at once', () => {
    expect(plan({ now: at('2026-11-23', 9) }).draw).toEqual(['recharge_notice']);
    expect(plan({ now: at('2026-12-31', 9), rechargeDisputedAt: at('2026-11-23', 12) }).draw).toEqual(['recharge_notice']);
  });
});

describe('rechargeBooking and disputes', () => {
  const decided = at('2026-11-20', 10);
  it('books at decision time + window', () => {
    expect(rechargeBooking(decided, 24, null, at('2026-11-20', 12))).toEqual({ state: 'in_window', bookableAt: at('2026-11-21', 10) });
    expect(rechargeBooking(decided, 24, null, at('2026-11-21', 10)).state).toBe('booked');
  });
  it('a dispute after the window closed does not unbook it, and cannot be marked', () => {
    expect(rechargeBooking(decided, 24, at('2026-11-22'), at('2026-11-23')).state).toBe('booked');
    expect(disputeRefusal('recharge', decided, 24, null, at('2026-11-21', 11))).toMatch(/window closed/);
  });
  it('may be disputed inside the window, once, and only a recharge', () => {
    expect(disputeRefusal('recharge', decided, 24, null, at('2026-11-20', 18))).toBeNull();
    expect(disputeRefusal('recharge', decided, 24, at('2026-11-20', 12), at('2026-11-20', 18))).toMatch(/already/);
    expect(disputeRefusal('redirect', decided, 24, null, at('2026-11-20', 18))).toMatch(/only a recharge/);
    // No window (0 h): the recharge is booked at once, nothing left to dispute.
    expect(disputeRefusal('recharge', decided, 0, null, decided)).toMatch(/window closed/);
  });
});

describe('authorityFamily', () => {
  const sender = (issuer: string, more: Partial<SenderFacts> = {}): SenderFacts => ({ issuer, language: null, plateCountry: null, reference: null, lines: [], ...more });
  it.each([
    ['Federale Politie - Wegpolitie Antwerpen', 'be_police'],
    ['Police Fédérale - Police de la route Liège', 'be_police'],
    ['Politiezone Brussel-Hoofdstad Elsene', 'be_police'],
    ['Centraal Justitieel Incassobureau', 'nl_cjib'],
    ['Agence Nationale de Traitement Automatisé des Infractions', 'fr_antai'],
    ['Stadt Köln - Ordnungsamt', 'de_authority'],
    ['Zentrale Bußgeldstelle im Technischen Polizeiamt', 'de_authority'],
    ['Stad Antwerpen - Lage-emissiezone', 'be_lez'],
    ['Bruxelles Environnement — zone de basses émissions (LEZ)', 'be_lez'],
    ['Dublin City Council', 'generic'],
  ])('%s → %s', (issuer, family) => {
    expect(authorityFamily(sender(issuer))).toBe(family);
  });
  it('reads the lines the reader kept, not only the letterhead', () => {
    expect(authorityFamily(sender('Postbus 50000', { lines: ['U kunt de huurder doorgeven op grond van artikel 8 WAHV'] }))).toBe('nl_cjib');
    expect(authorityFamily(sender('Gemeente X', { reference: 'BR.33.L3.680287/2026' }))).toBe('be_police');
  });
  it('a German letter from a Belgian police zone is Belgian', () => {
    expect(authorityFamily(sender('Polizeizone Eifel', { language: 'de', plateCountry: 'BE' }))).toBe('be_police');
    expect(authorityFamily(sender('Landratsamt Aachen', { language: 'de' }))).toBe('de_authority');
  });
});

const facts = (over: Partial<OutputFacts> = {}): OutputFacts => ({
  documentId: '00000000-0000-4000-8000-000000000001',
  decision: 'redirect',
  processedAt: at('2026-11-20', 10, 2),
  assessmentVersion: 1,
  family: 'be_police',
  fine: {
    kind: 'fine', reference: 'BR.33.L3.680287/2026', plate: '1ABC123', offenceAt: at('2026-11-04', 18, 16), amountCents: 11600,
    dueDate: '2026-12-14', redirectDeadline: '2026-11-19', issuer: 'Federale Politie', location: 'E40 Gent', description: 'snelheid', language: 'nl',
  },
  contract: { contractRef: 'AC-1001', startsAt: at('2026-11-01', 9), endsAt: at('2026-11-10', 9), renter },
  client: { code: 'acme', name: 'ACME Car Rental NV', language: 'nl', paymentIban: 'BE71096123456769', disputeWindowHours: 0 },
  recharge: { totalCents: 13100, adminFeeCents: 1500 },
  ...over,
});
const text = (m: PrintModel) => [m.title, ...m.sender, ...m.addressee, ...m.blocks.flatMap((b) => (b.type === 'rows' ? b.rows.flat() : [b.text]))].join('\n');

describe('redirect packs', () => {
  it('every pack carries reference, plate, offence time, renter, contract and period, the client as holder', () => {
    for (const family of ['be_police', 'be_lez', 'nl_cjib', 'fr_antai', 'de_authority', 'generic'] as const) {
      const t = text(redirectPackModel(facts({ family })));
      for (const needle of ['BR.33.L3.680287/2026', '1ABC123', '04/11/2026 18:16', 'Jan Peeters', 'Kerkstraat 1, 2000 Antwerpen', '12/04/1985', 'AC-1001', '01/11/2026 09:00', '10/11/2026 09:00', 'ACME Car Rental NV']) {
        expect(t, `${family}: ${needle}`).toContain(needle);
      }
    }
  });
  it('CJIB: the letter under article 8 WAHV to the central processing unit, naming the huurder', () => {
    const m = redirectPackModel(facts({ family: 'nl_cjib' }));
    expect(m.addressee.join(' ')).toContain('Centrale Verwerking Openbaar Ministerie');
    expect(text(m)).toMatch(/artikel 8 van de Wet administratiefrechtelijke handhaving/);
    expect(text(m)).toContain('Huurder');
  });
  it('ANTAI: the designation fields in order, the ones the contract lacks listed as missing', () => {
    const m = redirectPackModel(facts({ family: 'fr_antai', fine: { ...facts().fine, language: 'fr' } }));
    const rows = m.blocks.filter((b) => b.type === 'rows').map((b) => (b.type === 'rows' ? b.rows : []))[1]!;
    expect(rows.map(([label]) => label)).toEqual(['Nom et prénoms', 'Date de naissance', 'Lieu de naissance', 'Adresse', 'Numéro du permis de conduire', 'Date de délivrance du permis']);
    expect(rows[2]![1]).toMatch(/MANQUANT/);
    expect(text(m)).toContain('Données manquantes');
    expect(text(m)).toMatch(/Lieu de naissance; Numéro du permis de conduire; Date de délivrance du permis/);
  });
  it('German: "überlassen an"; Belgian in French for a French letter; a company gives its number', () => {
    expect(text(redirectPackModel(facts({ family: 'de_authority' })))).toMatch(/überlassen an/);
    expect(redirectPackModel(facts({ fine: { ...facts().fine, language: 'fr' } })).title).toBe('Identification du conducteur');
    const company = { ...renter, type: 'company' as const, birthDate: null, companyNumber: 'BE0123456789' };
    const t = text(redirectPackModel(facts({ contract: { ...facts().contract, renter: company } })));
    expect(t).toContain('BE0123456789');
    expect(t).not.toMatch(/ONTBREEKT/);
  });
  it('the same facts give the same model; the creation date is the decision time', () => {
    expect(redirectPackModel(facts())).toEqual(redirectPackModel(facts()));
    expect(redirectPackModel(facts()).info.creationDate).toBe(at('2026-11-20', 10, 2).toISOString());
  });
});

describe('printedFactsSha256: the fingerprint of what a file prints', () => {
  it('ignores the decision time (the PDF creation date), not what a reader sees', () => {
    const first = facts({ decision: 'recharge' });
    const later = facts({ decision: 'recharge', processedAt: at('2026-11-25', 16), assessmentVersion: 2 });
    expect(printedFactsSha256(rechargeNoticeModel(first))).toBe(printedFactsSha256(rechargeNoticeModel(later)));
    expect(printedFactsSha256(redirectPackModel(first))).toBe(printedFactsSha256(redirectPackModel(later)));
    expect(printedFactsSha256(rechargeNoticeModel(first))).toMatch(/^[0-9a-f]{64}$/);
  });
  it('changes with an amount, a renter, the layout or the language', () => {
    const base = printedFactsSha256(rechargeNoticeModel(facts({ decision: 'recharge' })));
    expect(printedFactsSha256(rechargeNoticeModel(facts({ decision: 'recharge', recharge: { totalCents: 14600, adminFeeCents: 1500 }, fine: { ...facts().fine, amountCents: 13100 } })))).not.toBe(base);
    expect(printedFactsSha256(rechargeNoticeModel(facts({ decision: 'recharge', contract: { ...facts().contract, renter: { ...renter, name: 'An Peeters' } } })))).not.toBe(base);
    expect(printedFactsSha256(rechargeNoticeModel(facts({ decision: 'recharge', client: { ...facts().client, language: 'fr' } })))).not.toBe(base);
    expect(printedFactsSha256(redirectPackModel(facts({ family: 'nl_cjib' })))).not.toBe(printedFactsSha256(redirectPackModel(facts({ family: 'generic' }))));
  });
});

describe('recharge notice', () => {
  it('amount, admin fee, total and where to pay, in the client language', () => {
    const f = facts({ decision: 'recharge' });
    expect(rechargeTotals(f)).toEqual({ amountCents: 11600, adminFeeCents: 1500, totalCents: 13100 });
    const t = text(rechargeNoticeModel(f));
    for (const needle of ['€ 116,00', '€ 15,00', '€ 131,00', 'BE71096123456769', 'AC-1001 / BR.33.L3.680287/2026', 'Jan Peeters', '1ABC123', '14/12/2026']) expect(t).toContain(needle);
    expect(rechargeNoticeModel({ ...f, client: { ...f.client, language: 'fr' } }).title).toBe("Refacturation d'une amende");
  });
  it('without an IBAN in the setup it says the contract terms apply', () => {
    expect(text(rechargeNoticeModel(facts({ decision: 'recharge', client: { ...facts().client, paymentIban: null } })))).toMatch(/betalingsvoorwaarden/);
  });
});

describe('CSV formats', () => {
  it('accounting: one line per recharge, cents and euros, neutralised text', () => {
    const csv = accountingCsv([
      { documentId: 'd1', bookedAt: at('2026-11-21', 10), processedAt: at('2026-11-20', 10), contractRef: '=HYPERLINK("x")', renterName: '+32 Jan', renterAddress: 'a', renterCompanyNumber: null, renterEmail: null, reference: 'R1', plate: '1ABC123', offenceAt: at('2026-11-04', 18, 16), fineCents: 11600, adminFeeCents: 1500, totalCents: 13100 },
      { documentId: 'd2', bookedAt: at('2026-11-22', 10), processedAt: at('2026-11-21', 10), contractRef: 'AC-2', renterName: 'Piet', renterAddress: null, renterCompanyNumber: 'BE0123', renterEmail: null, reference: null, plate: null, offenceAt: null, fineCents: 5, adminFeeCents: 0, totalCents: 5 },
    ]);
    const [header, ...rows] = parse(csv) as string[][];
    expect(header).toEqual([...ACCOUNTING_CSV_COLUMNS]);
    expect(rows).toHaveLength(2);
    const col = (row: string[], name: string) => row[header!.indexOf(name)];
    expect(col(rows[0]!, 'contractRef')).toBe(`'=HYPERLINK("x")`);
    expect(col(rows[0]!, 'customerName')).toBe(`'+32 Jan`);
    expect([col(rows[0]!, 'fineCents'), col(rows[0]!, 'adminFeeCents'), col(rows[0]!, 'totalCents')]).toEqual(['11600', '1500', '13100']);
    expect([col(rows[0]!, 'fineEur'), col(rows[0]!, 'adminFeeEur'), col(rows[0]!, 'totalEur')]).toEqual(['116.00', '15.00', '131.00']);
    expect(col(rows[0]!, 'bookingDate')).toBe('2026-11-21');
    expect(col(rows[1]!, 'totalEur')).toBe('0.05');
    expect(col(rows[0]!, 'lineId')).toBe('recharge-d1');
  });
  it('euros as text', () => {
    expect([eurText(0), eurText(5), eurText(11600), eurText(123456)]).toEqual(['0.00', '0.05', '116.00', '1234.56']);
  });
  it('redirects of a day: one line each with the pack hash', () => {
    const csv = redirectCsv([
      { documentId: 'd1', processedAt: at('2026-11-20', 10), reference: '@SUM(1)', plate: '1ABC123', offenceAt: at('2026-11-04', 18, 16), redirectDeadline: '2026-11-19', authority: 'be_police', contractRef: 'AC-1', contractStart: at('2026-11-01'), contractEnd: null, renterType: 'person', renterName: 'Jan', renterAddress: 'x', renterBirthDate: '1985-04-12', renterCompanyNumber: null, packFilename: 'p.pdf', packSha256: 'ab'.repeat(32) },
    ]);
    const [header, row] = parse(csv) as string[][];
    expect(header).toEqual([...REDIRECT_CSV_COLUMNS]);
    expect(row![header!.indexOf('reference')]).toBe("'@SUM(1)");
    expect(row![header!.indexOf('offenceAt')]).toBe('2026-11-04T18:16:00+01:00');
    expect(row![header!.indexOf('packSha256')]).toBe('ab'.repeat(32));
  });
});

describe('PDF text', () => {
  it('draws a name outside WinAnsi readably, and the same model twice as the same bytes', async () => {
    const { renderPdf } = await import('../../src/outputs/pdf-render.js');
    const { readPdfText } = await import('../../src/reading/pdf-text.js');
    const model = redirectPackModel(facts({ contract: { ...facts().contract, renter: { ...renter, name: 'Żaneta Łukasik-Müller' } } }));
    const [a, b] = [await renderPdf(model), await renderPdf(model)];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect((await readPdfText(a, 3)).pages.join(' ')).toContain('Zaneta Lukasik-Müller');
  });
});
