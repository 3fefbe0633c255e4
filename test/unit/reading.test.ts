import { describe, expect, it } from 'vitest';
import { expectedFields, LAYOUTS, letterTruth, makeFine, readValues } from '../../fixtures/fine-truth.js';
import { renderFinePdf, renderInvoicePdf } from '../../fixtures/render-fine-pdf.js';
import { findAmounts } from '../../src/reading/amounts.js';
import { findDates, findTimes } from '../../src/reading/dates.js';
import { checkGate } from '../../fixtures/gate-check.js';
import { extractFields } from '../../src/reading/field-extraction.js';
import { findPlates } from '../../src/reading/plates.js';
import { readDocument } from '../../src/reading/read-document.js';
import { isValidStructuredCommunication } from '../../src/reading/structured-communication.js';
import { fold } from '../../src/reading/text-lines.js';
import { safeFilename } from '../../src/mail/safe-filename.js';
import { attributeClient, senderAllowed } from '../../src/mail/addresses.js';

describe('value parsers', () => {
  it('reads every date style the spec lists', () => {
    const dates = (s: string) => findDates(fold(s)).map((x) => x.date);
    expect(dates('14/12/2026 14-12-2026 14.12.2026')).toEqual(['2026-12-14', '2026-12-14', '2026-12-14']);
    expect(dates('14 december 2026, 11 décembre 2026, 1er mars 2027, 14. Dezember 2026')).toEqual(['2026-12-14', '2026-12-11', '2027-03-01', '2026-12-14']);
    expect(dates('31/02/2026')).toEqual([]);
  });
  it('reads two-digit years, dates in words, 12-hour times and times with h, u and a dot', () => {
    const dates = (s: string) => findDates(fold(s)).map((x) => x.date);
    expect(dates('12/11/26 · 05.12.26 · 12-11-26')).toEqual(['2026-11-12', '2026-12-05', '2026-11-12']);
    expect(dates('le douze novembre deux mille vingt-six · op tweeëntwintig november tweeduizend zesentwintig')).toEqual(['2026-11-12', '2026-11-22']);
    expect(dates('084/1127/26005 · 26/044912')).toEqual([]); // a structured communication, a file number
    const times = (s: string) => findTimes(fold(s)).map((t) => `${t.hours}:${String(t.minutes).padStart(2, '0')}`);
    expect(times('2:12 pm · 12:05 pm · 12:30 am · 9.05 a.m. · 14 h 05 · 10.29 uur · 14u05 · 09:40 Uhr')).toEqual([
      '14:12', '12:05', '0:30', '9:05', '14:05', '10:29', '14:05', '9:40',
    ]);
    expect(times('14:05 pm')).toEqual([]); // no such time
  });

  it('reads English thousands, "euros" and "€ 58,-"; a sign between two numbers belongs to the one after it', () => {
    const cents = (s: string) => findAmounts(s).map((a) => a.cents);
    expect(cents('EUR 1,234.50')).toEqual([123450]);
    expect(cents('135 euros')).toEqual([13500]);
    expect(cents('€ 58,-')).toEqual([5800]);
    expect(cents('Tol doortocht cat. 1 € 6,80')).toEqual([680]);
  });

  it('reads amounts with either separator and the currency before or after', () => {
    expect(findAmounts('€ 116,00 · 58,00 EUR · 1.234,50 · 116,00 €').map((a) => a.cents)).toEqual([11600, 5800, 123450, 11600]);
  });
  it('recognises plates of each country and normalises them', () => {
    expect(findPlates('1-ABC-123 GZ-123-K AB-123-CD K-AB 1234 ABC-123').map((p) => [p.plate, p.country])).toEqual([
      ['1ABC123', 'BE'], ['GZ123K', 'NL'], ['AB123CD', 'FR'], ['KAB1234', 'DE'], ['ABC123', 'BE'],
    ]);
  });
  it('takes a letter-style date only from a line that holds just a place and a date', () => {
    // OCR can lose a letter's date line; the salutation sentence must not stand in for it, or every
    // period counted from the document date would be counted from the offence date.
    const lines = [
      'Geachte, op 4 november 2026 om 18:34 reed het voertuig met nummerplaat 2-SLM-505 de zone binnen.',
      'Was u niet de bestuurder, dan kunt u binnen dertig (30) dagen na de datum van deze brief de gegevens meedelen.',
    ];
    const withoutDate = extractFields([lines.join('\n')]);
    expect(withoutDate.documentDate).toBeNull();
    expect(withoutDate.redirectDeadline).toBeNull();
    const withDate = extractFields([['Antwerpen, 20 november 2026', ...lines].join('\n')]);
    expect(withDate.documentDate?.value).toBe('2026-11-20');
    expect(withDate.redirectDeadline?.value).toBe('2026-12-20');
    // OCR may read the comma as a full stop.
    expect(extractFields([['Brussel. 20 november 2026', ...lines].join('\n')]).documentDate?.value).toBe('2026-11-20');
  });
  it('reads a value below its label only when the label stands alone on its line', () => {
    const below = extractFields(['Rückantwort bis:\n04.12.2026'].map((t) => `Verwarnung\n${t}`));
    expect(below.redirectDeadline?.value).toBe('2026-12-04');
    // A value beside the label that does not parse is not replaced by the next line's date.
    const garbled = extractFields(['Verwarnung\nRückantwort bis: 04.1Z 2026\nIhnen wird vorgeworfen, am 09.11.2026 gegen 16:40 Uhr …']);
    expect(garbled.redirectDeadline).toBeNull();
  });
  it('does not take a date or an amount for a lost reference', () => {
    expect(extractFields(['Voorstel tot onmiddellijke inning\nPV-nummer:\n20/11/2026']).reference).toBeNull();
    expect(extractFields(['Voorstel tot onmiddellijke inning\nPV-nummer:\n232.00']).reference).toBeNull();
    expect(extractFields(['Voorstel tot onmiddellijke inning\nPV-nummer:\nBR.69.L5.762639/2026']).reference?.value).toBe('BR.69.L5.762639/2026');
  });
  it('checks the structured communication modulo 97', () => {
    expect(isValidStructuredCommunication('123456789002')).toBe(true);
    expect(isValidStructuredCommunication('123456789003')).toBe(false);
    expect(isValidStructuredCommunication('000000009797')).toBe(true); // 97 stands for 0
  });
});

describe('reading generated fines (text PDFs)', () => {
  const cases = LAYOUTS.flatMap((layout) => [1, 2, 3, 4, 5].map((seed) => makeFine(layout, seed * 7919)));
  it.each(cases.map((c) => [c.id, c] as const))('%s: every field right, required fields confident', async (_id, truth) => {
    const result = await readDocument(await renderFinePdf(truth), { maxPages: 20 });
    expect(result.status).toBe('read');
    if (result.status !== 'read') return;
    const f = result.fields;
    expect(readValues(f)).toEqual(expectedFields(truth));
    expect(f.plate?.confidence).toBeGreaterThanOrEqual(0.8);
    expect(f.offenceAt?.confidence).toBeGreaterThanOrEqual(0.8);
    // Read right and trusted: the gate lets it through on either policy, safely.
    expect(checkGate(result, letterTruth(truth))).toMatchObject({ decided: true, unsafe: null, overCautious: false });
  });

  it('classifies an ordinary invoice as not a fine', async () => {
    const result = await readDocument(await renderInvoicePdf(), { maxPages: 20 });
    expect(result.status === 'read' && result.fields.kind.value).toBe('unknown');
  });

  it('gives a specific cause for files it cannot read', async () => {
    expect(await readDocument(Buffer.alloc(0), { maxPages: 20 })).toMatchObject({ status: 'unreadable', cause: 'empty_file' });
    expect(await readDocument(Buffer.from('%PDF-1.7\ngarbage'), { maxPages: 20 })).toMatchObject({ status: 'unreadable', cause: 'corrupt_pdf' });
    expect(await readDocument(Buffer.from('hello'), { maxPages: 20 })).toMatchObject({ status: 'unreadable', cause: 'not_a_document' });
  });
});

describe('mail addressing', () => {
  it('keeps file names plain', () => {
    expect(safeFilename('../../x/<script>.pdf', 'pdf')).toBe('_script_.pdf');
    expect(safeFilename('BOETE.PDF', 'pdf')).toBe('BOETE.pdf');
    expect(safeFilename(undefined, 'jpeg')).toBe('document.jpg');
  });
  it('attributes by recipient, plus-tags included, Delivered-To first', () => {
    const clients = [{ code: 'a', addresses: ['boetes+a@x.be'] }, { code: 'b', addresses: ['b@x.be'] }];
    expect(attributeClient(new Map([['to', ['b@x.be']], ['delivered-to', ['boetes+a@x.be']]]), clients)).toBe('a');
    expect(attributeClient(new Map([['cc', ['B@X.BE']]]), clients)).toBe('b');
    expect(attributeClient(new Map([['to', ['boetes@x.be']]]), clients)).toBeNull();
  });
  it('allows senders by address or domain (and subdomains)', () => {
    expect(senderAllowed('ops@mail.acme-rent.be', ['acme-rent.be'])).toBe(true);
    expect(senderAllowed('ops@evil-acme-rent.be', ['acme-rent.be'])).toBe(false);
    expect(senderAllowed('fleet@vanfleet.nl', ['fleet@vanfleet.nl'])).toBe(true);
  });
});

describe('free text', () => {
  it('takes the offence description, not the line that dates the offence', () => {
    const f = extractFields(['Voorstel tot onmiddellijke inning\nDatum en uur van de overtreding 08/11/2026 om 08u31\nOmschrijving Overschrijding van de maximumsnelheid']);
    expect(f.description?.value).toBe('Overschrijding van de maximumsnelheid');
  });
});

describe('roles from tables and sentences', () => {
  it('takes the time a wrapped table header names as the observation, not the entry', () => {
    const f = extractFields([
      [
        'Factuurdatum 08-09-2026',
        'Datum Terrein / vak Inrijden',
        '(camera)',
        'Vastgesteld',
        'om',
        'Kenteken',
        '03-09-2026 P3 Oost, vak zonder ticket 11.02 uur 14.12 uur 1-KTR-553 (B)',
      ].join('\n'),
    ]);
    expect(f.offenceAt?.value).toBe('2026-09-03T12:12:00.000Z');
    expect(f.offenceAt?.confidence).toBeGreaterThanOrEqual(0.88);
  });

  it('gives a sentence that points back to "these data" the purpose of the sentence before it', () => {
    const f = extractFields([
      [
        'Leeuwarden, 9 november 2026',
        'Wij verzoeken u daarom de naam, de geboortedatum en het adres van de bestuurder, of van de huurder',
        'aan wie het voertuig op dat moment was verhuurd, aan ons mee te delen. Wij moeten deze gegevens',
        'uiterlijk op 23 november 2026 hebben ontvangen.',
      ].join('\n'),
    ]);
    expect(f.redirectDeadline?.value).toBe('2026-11-23');
  });

  it('reads a table row above a sentence as its own sentence, and "réglez" and "paid" as paying', () => {
    const fr = extractFields([
      ['Date d\'envoi : 03/11/2026', 'Indemnité forfaitaire 90,00 €', 'Total 97,80 €', 'Réglez 97,80 € au plus tard le 03/12/2026 en rappelant le n° d\'avis.'].join('\n'),
    ]);
    expect(fr.dueDate?.value).toBe('2026-12-03');
    const en = extractFields([
      ['Date of issue 21 October 2026', 'Debt recovery fee EUR 25.00', 'Now payable EUR 85.00', 'The sum of EUR 85.00 must be paid by 4 November 2026.'].join('\n'),
    ]);
    expect(en.dueDate?.value).toBe('2026-11-04');
    expect(en.amountCents?.value).toBe(8500);
  });

  it('does not take an appeal period for the redirect deadline when the letter says the hirer can no longer be named', () => {
    const f = extractFields([
      [
        'Date of issue 21 October 2026',
        'The sum of EUR 85.00 must be paid by 4 November 2026. Liability can no longer be transferred to a hirer: the period',
        'of 21 days from the original notice has ended.',
        'Appeals: write to us within 28 days of the date of issue, quoting the PCN number.',
      ].join('\n'),
    ]);
    expect(f.redirectDeadline).toBeNull();
    // With no naming sentence closed, the same appeal period is the way to the renter.
    const open = extractFields(['Date of issue 21 October 2026\nAppeals: write to us within 28 days of the date of issue, quoting the PCN number.']);
    expect(open.redirectDeadline?.value).toBe('2026-11-18');
  });
});

describe('labels above values', () => {
  it('reads the date below a date label when the line above it holds no date, in a column that looks like a strip', () => {
    const f = extractFields([["N° d'amende d'ordre", '7720 4415 9082', "Date d'émission", '10.09.2026', "AVIS D'AMENDE D'ORDRE"].join('\n')]);
    expect(f.documentDate).toMatchObject({ value: '2026-09-10', confidence: 0.88 });
  });

  it('reads a period "sans frais" as the amount\'s own deadline, counted from the date of issue', () => {
    const f = extractFields([
      [
        "Date d'émission 10.09.2026",
        "L'amende d'ordre reste anonyme et sans frais si elle est payée dans le délai de réflexion de 30 jours dès la date d'émission",
        'du présent avis.',
      ].join('\n'),
    ]);
    expect(f.dueDate?.value).toBe('2026-10-10');
  });
});

describe('forms and restated amounts', () => {
  it('reads a form of numbered boxes, labels above values, a time label alone above its time', () => {
    const f = extractFields([
      ['1 Numéro de l\'avertissement', 'AT-E 2026 / 0 43 306', '2 Date d\'émission', '24/11/2026', '4 Date de l\'infraction', '14/10/2026', '5 Heure', '19 h 20', '6 Lieu', 'Rue du Canal 41'].join('\n'),
    ]);
    expect(f.reference?.value).toBe('AT-E 2026 / 0 43 306');
    expect(f.documentDate?.value).toBe('2026-11-24');
    expect(f.offenceAt?.value).toBe('2026-10-14T17:20:00.000Z');
  });

  it('takes an amount restated for payers abroad as reduced when the line above it is the reduced one', () => {
    const f = extractFields([
      [
        'Date of this notice 18/09/2026',
        'Pay within 14 days of the date of this notice',
        'Reduced penalty £35.00 + crossing charge £2.50',
        'Payers abroad: EUR 41.00',
        'Pay within 28 days of the date of this notice',
        'Penalty £70.00 + crossing charge £2.50 = £72.50',
        'Payers abroad: EUR 85.00',
      ].join('\n'),
    ]);
    expect(f.amountCents?.value).toBe(8500);
  });

  it('leaves a period counted from the day the letter was presented unresolved', () => {
    const f = extractFields([
      [
        'Luxembourg, le 02/11/2026',
        "Vous disposez d'un nouveau délai de 45 jours pour régler l'avertissement taxé, à compter du jour où la présente lettre",
        'recommandée vous a été présentée.',
      ].join('\n'),
    ]);
    expect(f.dueDate).toBeNull();
  });
});

describe('rows with amounts', () => {
  it('does not read a dotted euro amount on a toll row as a second time', () => {
    const f = extractFields([
      ['Invoice date 29.09.2026', 'Date Time Toll station Vehicle Tariff NOK EUR', '17.09.2026 14.05 Nordhordlandsbrua 1-RWT-809 (B) 92.00 EUR 7.85', 'Pay EUR 7.85 no later than 29.10.2026.'].join('\n'),
    ]);
    expect(f.offenceAt).toMatchObject({ value: '2026-09-17T12:05:00.000Z' });
    expect(f.doubts.offenceAt).toBeUndefined();
    expect(f.documentDate?.confidence).toBeGreaterThanOrEqual(0.9);
  });
});

describe('periods and their starting days', () => {
  it('resolves "14 Tagen ab Briefdatum" and "twenty (20) calendar days from the date of this letter"', () => {
    const de = extractFields(['Briefdatum 24.09.2026\nDann nennen Sie uns innerhalb von 14 Tagen ab Briefdatum Namen und Anschrift des Fahrers oder Mieters.']);
    expect(de.redirectDeadline?.value).toBe('2026-10-08');
    const en = extractFields(['Málaga, 30 November 2026\nPlease identify the driver within twenty (20) calendar days from the date of this letter.']);
    expect(en.redirectDeadline?.value).toBe('2026-12-20');
  });

  it('leaves periods from the day after receipt and from the day a decision is final unresolved', () => {
    const en = extractFields(['Málaga, 21 September 2026\nPlease identify the driver within twenty (20) calendar days from the day following receipt of this letter.']);
    expect(en.redirectDeadline).toBeNull();
    expect(en.doubts.redirectDeadline).toMatch(/does not print/);
    const de = extractFields(['Wien, am 14.10.2026\nDer Strafbetrag ist binnen zwei Wochen nach Eintritt der Rechtskraft zu zahlen.']);
    expect(de.dueDate).toBeNull();
  });
});

describe('a fine that also asks to name the driver', () => {
  const letter = [
    'Date of issue 12/10/2026',
    'NOTICE OF VIOLATION OF THE HIGHWAY CODE',
    'Fine (Art. 7, minimum) EUR 83.00',
    'Investigation and notification costs EUR 31.60',
    'Total within 60 days EUR 114.60',
    'Pay EUR 114.60 within 60 days from the date of notification (delivery) of this notice. If you pay within 5 days from the',
    'notification, the fine is reduced by 30 % and the total is EUR 89.70.',
    'DRIVER IDENTIFICATION',
    'If the owner is a company, it must communicate within 60 days of notification the name of the person driving at the time.',
  ].join('\n');
  it('is a fine when one sentence asks the holder to pay, even if the next one on its line speaks of a reduced amount', () => {
    const f = extractFields([letter]);
    expect(f.kind.value).toBe('fine');
    expect(f.amountCents?.value).toBe(11460);
  });
  it('counts a table row\'s period from the unprinted date its sentence names for the same length', () => {
    expect(extractFields([letter]).dueDate).toBeNull();
  });
  it('reads a plate the line break cut after its label, and "N° d\'affaire" as the reference', () => {
    const f = extractFields(["N° d'affaire", 'OP 2281 5530', 'Le véhicule, immatriculation RT', '6044 (L), a été contrôlé.'].join('\n').split('\f'));
    expect(f.plate?.value).toBe('RT6044');
    expect(f.reference?.value).toBe('OP 2281 5530');
  });
});

describe('what a reminder asks now', () => {
  it('does not take the amount an earlier letter asked, and doubts a labelled amount that "Te betalen" contradicts', () => {
    const reminder = extractFields([
      ['Verzenddatum', '19/11/2026', 'Te betalen', '€ 160,00', 'Op 06/10/2026 stuurden wij u een administratieve geldboete van € 150,00', 'voor een passage in de lage-emissiezone.'].join('\n'),
    ]);
    expect(reminder.amountCents?.value).toBe(16000);
    const contradicted = extractFields([['Te betalen', '€ 160,00', 'U kreeg een administratieve geldboete van € 150,00 voor een passage in de lage-emissiezone.'].join('\n')]);
    expect(contradicted.doubts.amountCents).toMatch(/candidates disagree/);
  });
});

describe('sentences across lines', () => {
  it('trusts an offence date that ends a sentence begun on the line above', () => {
    const f = extractFields([
      ['Brugge, 05/11/2026', 'Op 15/10/2026 stelde ik u een minnelijke schikking voor wegens de overtreding van', '01/09/2026 om 16.40 uur te Brugge, Gistelse Steenweg met het voertuig 2-GHP-158.'].join('\n'),
    ]);
    expect(f.offenceAt).toMatchObject({ value: '2026-09-01T14:40:00.000Z' });
    expect(f.offenceAt!.confidence).toBeGreaterThanOrEqual(0.88);
  });
  it('reads "von Ihnen wird kein Betrag verlangt" as nothing to pay', () => {
    const f = extractFields([
      ['Datum 05.11.2026', 'Zeugenfragebogen – Ermittlung des Fahrzeugführers', 'Für den Fahrer ist vorgesehen: Verwarnungsgeld 50,00 Euro. Von Ihnen wird kein Betrag verlangt.'].join('\n'),
    ]);
    expect(f.kind).toMatchObject({ value: 'identification_request', confidence: 0.95 });
    expect(f.amountCents).toBeNull();
  });
});

describe('batch 9 shapes', () => {
  it('reads references after dotted leaders, with a non-ASCII prefix, after "GZ:" and after "FPS N°"', () => {
    const ref = (text: string) => extractFields([text]).reference?.value;
    expect(ref('Case number ............... OBK 2026 0091843')).toBe('OBK 2026 0091843');
    expect(ref('Aktenzeichen\nVÜ 51.7-2026-0831447')).toBe('VÜ 51.7-2026-0831447');
    expect(ref('GZ: StrA-VS 41/2026/118340')).toBe('StrA-VS 41/2026/118340');
    expect(ref('AVIS DE PAIEMENT DU FPS N° 75056 2609 1701 8842')).toBe('75056 2609 1701 8842');
  });
  it('dates the letter from a sentence saying when it was sent, and counts the reply form\'s period from it', () => {
    const f = extractFields([
      [
        'Dieses Schreiben wurde am 22.09.2026 versandt und betrifft das Protokoll EF.55.L3.004127/2026.',
        'Als Halter sind Sie verpflichtet, die Identität der Person mitzuteilen, die das Fahrzeug führte. Bitte benutzen Sie dazu das Antwortformular auf der',
        'Rückseite.',
        'Senden Sie das Formular innerhalb von 15 Tagen nach dem Versanddatum dieses Schreibens zurück.',
      ].join('\n'),
    ]);
    expect(f.documentDate).toMatchObject({ value: '2026-09-22', confidence: 0.9 });
    expect(f.redirectDeadline?.value).toBe('2026-10-07');
  });
  it('takes a discounted charge for a reduced one, and "Date of assessment" for no letter date', () => {
    const f = extractFields([
      [
        'Date of notice 14 September 2026',
        'Data di accertamento',
        'Date of assessment',
        '11/09/2026',
        'Discounted charge if paid by 29 September 2026 GBP 80.00 EUR 93.00',
        'Full penalty charge, payable by 13 October 2026 GBP 160.00 EUR 186.00',
      ].join('\n'),
    ]);
    expect(f.documentDate?.value).toBe('2026-09-14');
    expect(f.dueDate?.value).toBe('2026-10-13');
    expect(f.amountCents?.value).toBe(18600);
  });
});

describe('a table header wrapped over many lines', () => {
  it('gives the row below the offence label its header names', () => {
    const f = extractFields([
      [
        'Kennisgeving administratieve geldboete, 12/10/2026',
        'waarvan u de houder van de nummerplaat bent:',
        'Datum en uur van de',
        'vaststelling',
        'Plaats van de inbreuk Nummer-plaat Categorie van de',
        'overtreding',
        'Bedrag van de',
        'administratieve',
        'geldboete',
        '03/10/2026 om 14u05 Kattestraat 44, Aalst',
      ].join('\n'),
    ]);
    expect(f.offenceAt).toMatchObject({ value: '2026-10-03T12:05:00.000Z' });
    expect(f.offenceAt!.confidence).toBeGreaterThanOrEqual(0.88);
  });
});

describe('forms with separate boxes, periods from printed events, closed routes', () => {
  it('pairs an offence date with the one labelled time in its own box, on the issuer\'s clock', () => {
    const f = extractFields([
      ['Westminster City Council · London · United Kingdom', 'Date of contravention 10 September 2026', 'Date of service 16 September 2026', 'CCTV still', 'TIME (UK)', '2:05 pm', 'LOCATION', 'Oxford Street'].join('\n'),
    ]);
    expect(f.offenceAt).toMatchObject({ value: '2026-09-10T13:05:00.000Z', confidence: 0.88 });
    // Two lone times: which one goes with the date is not for the reader to guess.
    const two = extractFields([['Date of contravention 10 September 2026', 'CCTV still', 'TIME', '2:05 pm', 'LOCATION', 'Time', '2:41 pm'].join('\n')]);
    expect(two.offenceAt).toBeNull();
  });
  it('counts a period "beginning with the date of service" from that printed date, the day itself included, and "the same 28-day period" with it', () => {
    const f = extractFields([
      [
        'Date of notice 14 September 2026',
        'Date of service 16 September 2026 (second working day after posting)',
        'The full charge must be paid within 28 days beginning with the date of service.',
        'You may make representations to the council within the same 28-day period. Grounds include that the vehicle was on',
        'hire under a hiring agreement: send the hirer’s full name and address, and the notice will be re-issued to the hirer.',
      ].join('\n'),
    ]);
    expect(f.dueDate?.value).toBe('2026-10-13');
    expect(f.redirectDeadline?.value).toBe('2026-10-13');
    // The same sentence with no date of service printed stays unresolved.
    const unprinted = extractFields([['Date of notice 14 September 2026', 'The full charge must be paid within 28 days beginning with the date of service.'].join('\n')]);
    expect(unprinted.dueDate).toBeNull();
  });
  it('takes the increased charge under "Amount now payable", and reads a closed naming route as no redirect at all', () => {
    const f = extractFields([
      [
        'CHARGE CERTIFICATE',
        'Date of certificate 19 November 2026',
        'Date of service 23 November 2026',
        'Amount now payable GBP EUR (payers abroad)',
        'Increased charge, payable by 6 December 2026 GBP 240.00 EUR 279.00',
        'Pay within 14 days beginning with the date of service of this certificate.',
        'Representations, including the transfer of liability to a hirer, can no longer be made.',
      ].join('\n'),
    ]);
    expect(f.amountCents?.value).toBe(27900);
    expect(f.dueDate?.value).toBe('2026-12-06');
    expect(f.redirectDeadline).toBeNull();
    expect(f.trust.redirectDeadline.trusted).toBe(true);
    const fps = extractFields([
      ['Date d\'envoi 26/11/2026', 'Aucun recours administratif préalable n\'est plus recevable ; seule une réclamation auprès de l\'ANTAI reste', 'possible dans les trois mois.', 'La désignation d\'un locataire n\'est plus possible à ce stade.'].join('\n'),
    ]);
    expect(fps.redirectClause).toBeNull();
    // A route closed only on a condition is still open.
    const conditional = extractFields([['Date d\'envoi 26/11/2026', 'Si vous ne payez pas, la désignation d\'un locataire n\'est plus possible.', 'Vous pouvez contester dans les 45 jours à compter de la date de notification.'].join('\n')]);
    expect(conditional.redirectClause).not.toBeNull();
  });
  it('reads "Senden Sie das Formular … zurück" as the answer the sentence before names', () => {
    const f = extractFields([
      [
        'Dieses Schreiben wurde am 20.11.2026 versandt und betrifft das Protokoll EF.55.L3.004733/2026.',
        'Sie sind verpflichtet, die Identität der Person mitzuteilen, die das Fahrzeug führte. Bitte benutzen Sie dazu das Antwortformular auf der',
        'Rückseite.',
        'Senden Sie das Formular spätestens bis zum 04.12.2026 zurück.',
      ].join('\n'),
    ]);
    expect(f.redirectDeadline).toMatchObject({ value: '2026-12-04' });
  });
  it('reads a law\'s name as no kind word, a penalty charge notice and a bridge tariff as fines, and a title\'s "N°" as the reference', () => {
    const graz = extractFields([
      ['ANONYMVERFÜGUNG', 'Tatzeit 08.09.2026, 09:41 Uhr', 'Tatbeschreibung Sie haben das Fahrzeug abgestellt, ohne die Parkgebühr zu entrichten.', 'Verletzte Norm § 2 Abs. 1 Steiermärkisches Parkgebührengesetz', 'Wegen dieser Verwaltungsübertretung wird eine Geldstrafe von € 36,– verhängt.'].join('\n'),
    ]);
    expect(graz.kind).toMatchObject({ value: 'fine', confidence: 0.95 });
    expect(extractFields(['PENALTY CHARGE NOTICE\nContravention code 52 — vehicle in a prohibited street']).kind.value).toBe('fine');
    expect(extractFields(['REMINDER\nBridge tariff, single trip EUR 63.00\nHandling fee (no valid payment at the toll station) EUR 20.00']).kind).toMatchObject({ value: 'fine', confidence: 0.95 });
    expect(extractFields(['AVIS DE FPS MAJORÉ N° 75056 2608 1203 3317']).reference?.value).toBe('75056 2608 1203 3317');
  });
});

describe('a number label of no listed kind', () => {
  it('gives the reference, less surely, unless it names another number (phone, customer, identification)', () => {
    const ref = (t: string) => extractFields([t]).reference;
    expect(ref('Bearbeitungsnummer: BN-2026-44817')).toMatchObject({ value: 'BN-2026-44817', confidence: 0.85 });
    expect(ref('Procedure number PR 2026 55810')?.value).toBe('PR 2026 55810');
    expect(ref('Telefonnummer 0800 123 456')).toBeNull();
    expect(ref('Klantnummer 448811')).toBeNull();
    expect(ref('Identifikationsnummer: 6118 3400 9271')).toBeNull();
    expect(ref('Aktenzeichen VA-2026-118340\nBearbeitungsnummer BN-2026-44817')?.value).toBe('VA-2026-118340');
  });
});

describe('payment schedules and what a sentence asks before its threat', () => {
  it('reads the standard tier of a schedule: the second when the letter names a reduction, else the first', () => {
    const rows = ['Date d\'envoi 21/09/2026', 'Si vous payez Montant à régler', 'jusqu\'au 06/10/2026 inclus 18,80 €', 'du 07/10/2026 au 21/11/2026 inclus 98,80 €'];
    const reduced = extractFields([['Indemnité forfaitaire réduite (paiement dans les 15 jours) 10,00 €', ...rows].join('\n')]);
    expect(reduced.amountCents?.value).toBe(9880);
    expect(reduced.dueDate).toMatchObject({ value: '2026-11-21' });
    expect(reduced.doubts.dueDate).toBeUndefined();
    const plain = extractFields([rows.join('\n')]);
    expect(plain.amountCents?.value).toBe(1880);
    expect(plain.dueDate?.value).toBe('2026-10-06');
  });
  it('reads the due date of a sentence whose increase comes after "faute de quoi", and "jusqu\'à deux mois" as no penalty range', () => {
    const f = extractFields([
      ['Date d\'envoi 16/11/2026', 'Notre avis concernant le trajet effectué le 02/10/2026 à 12h40 n\'est pas soldé.', 'Reste dû 90,00 €', 'Merci de régler le reste dû de 90,00 € avant le 09/12/2026, faute de quoi une amende forfaitaire majorée de 375 € sera', 'émise.'].join('\n'),
    ]);
    expect(f.dueDate?.value).toBe('2026-12-09');
    expect(f.amountCents?.value).toBe(9000);
    expect(f.offenceAt).toMatchObject({ value: '2026-10-02T10:40:00.000Z' });
    expect(f.offenceAt!.confidence).toBeGreaterThanOrEqual(0.88);
    const months = extractFields(['Au-delà, et jusqu\'à deux mois après la date d\'envoi, le montant dû est de 102,40 € (péage et indemnité forfaitaire).']);
    expect(months.amountCents?.value).toBe(10240);
  });
});

describe('batch 10 shapes', () => {
  it('reads "uiterlijk zes weken na de dagtekening" as a period and the lease route "binnen dezelfde termijn" with it', () => {
    const f = extractFields([
      [
        'Dagtekening 17-09-2026',
        'Bezwaar maken. Bent u het niet eens met deze aanslag, dan kunt u uiterlijk zes weken na de dagtekening van dit',
        'aanslagbiljet schriftelijk bezwaar maken bij de heffingsambtenaar.',
        'Lease- en verhuurmaatschappijen. Werd de auto gebruikt door een leaserijder of',
        'huurder, maak dan binnen dezelfde termijn bezwaar en stuur een kopie van de lease- of huurovereenkomst mee.',
      ].join('\n'),
    ]);
    expect(f.redirectDeadline?.value).toBe('2026-10-29');
  });
  it('takes the unpaid exit of a car-park row as the offence, and a private operator\'s terms as a parking charge', () => {
    const f = extractFields([
      [
        'Vanfleet Car Rental SA',
        'Service Amendes',
        'AVIS DE PAIEMENT — SORTIE SANS RÈGLEMENT',
        'Le véhicule est sorti sans avoir réglé son stationnement : nos conditions générales prévoient dans ce cas un forfait.',
        'Date d\'entrée Heure d\'entrée',
        '(caméra)',
        'Date de sortie Heure de sortie',
        'sans paiement',
        'Durée Montant',
        '19/09/2026 15h48 19/09/2026 17h21 1 h 33 forfait 35,00 €',
      ].join('\n'),
    ]);
    expect(f.kind.value).toBe('parking_charge');
    expect(f.offenceAt).toMatchObject({ value: '2026-09-19T15:21:00.000Z', confidence: 0.95 });
  });
  it('reads a strip of values above their numbered labels, a "Date / Datum" label above its value, and "Versez … au plus tard le"', () => {
    const strip = extractFields([
      ['AVERTISSEMENT TAXÉ', '18/11/2026', '2 Date d\'émission', '22/10/2026', '4 Date de la constatation', '17 h 55', '5 Heure', 'Boulevard Royal', '6 Lieu', 'Versez la taxe de 49 euros au plus tard le 3 décembre 2026 en utilisant le bulletin ci-dessous.'].join('\n'),
    ]);
    expect(strip.kind).toMatchObject({ value: 'fine' });
    expect(strip.offenceAt).toMatchObject({ value: '2026-10-22T15:55:00.000Z', confidence: 0.95 });
    expect(strip.dueDate?.value).toBe('2026-12-03');
    const swedish = extractFields([
      ['CONTROL FEE NOTICE / KONTROLLAVGIFT', 'Issued / Utfärdad', '2026-10-14', 'Date / Datum', '2026-09-28', 'Time / Klockslag', 'kl. 12.20', 'Pay no later than 30 days after the notice date to IBAN SE45 5000 0000 0583 9825 7466.'].join('\n'),
    ]);
    expect(swedish.kind.value).toBe('parking_charge');
    expect(swedish.documentDate?.value).toBe('2026-10-14');
    expect(swedish.offenceAt).toMatchObject({ value: '2026-09-28T10:20:00.000Z' });
    expect(swedish.offenceAt!.confidence).toBeGreaterThanOrEqual(0.88);
    expect(swedish.dueDate?.value).toBe('2026-11-13');
  });
  it('does not take the last day of a reduction for the due date, reads a hire agreement as the renter route and a deemed date of service as printed', () => {
    const f = extractFields([
      [
        'Date of this notice 15 September 2026',
        'Deemed date of service 17 September 2026',
        'The full charge must be paid',
        'within 28 days beginning with the date of service, that is by 14 October 2026. If you pay by 30 September 2026,',
        'the reduced total applies.',
        'Hire and lease companies: if the vehicle was on hire at the time, send us a copy of the signed hire agreement within',
        '21 days of the date of this notice. We will then cancel this notice and send a new one to the hirer.',
      ].join('\n'),
    ]);
    expect(f.dueDate?.value).toBe('2026-10-14');
    expect(f.doubts.dueDate).toBeUndefined();
    expect(f.redirectDeadline?.value).toBe('2026-10-06');
  });
  it('reads "eine Benennung des Fahrers ist ausgeschlossen" as a closed route', () => {
    const f = extractFields([['Datum 20.11.2026', 'Einwendungen sind nicht mehr möglich;', 'eine Benennung des Fahrers ist ausgeschlossen.'].join('\n')]);
    expect(f.redirectClause).toBeNull();
  });
});

describe('a plate after a country code', () => {
  it('is the holder\'s country\'s plate when the letter is addressed in that country, and doubted otherwise', () => {
    const toLux = extractFields([['Lux Auto Location S.à r.l.', "15, route d'Arlon", 'L-8010 Strassen', 'LUXEMBURG', 'Kennzeichen L-MK 5530'].join('\n')]);
    expect(toLux.plate).toMatchObject({ value: 'MK5530', confidence: 0.95 });
    expect(toLux.plateCountry).toBe('LU');
    expect(toLux.doubts.plate).toBeUndefined();
    const nowhere = extractFields(['Kennzeichen L-MK 5530']);
    expect(nowhere.plate?.value).toBe('MK5530');
    expect(nowhere.doubts.plate).toMatch(/German plate LMK5530/);
    expect(nowhere.trust.plate.trusted).toBe(false);
    const toBelgium = extractFields([['Vanfleet Car Rental NV', 'Industrieweg 41', '2830 Willebroek', 'BELGIË', 'Vehicle LU ZK 4172'].join('\n')]);
    expect(toBelgium.trust.plate.trusted).toBe(false);
  });
});

describe('the one amount a sentence asks for', () => {
  it('is trusted beside a scale of amounts no sentence asks for; two amounts asked leave it open', () => {
    const f = extractFields([
      [
        '1-VWX-205 eerste categorie € 58,00',
        '2. U kunt deze zaak afsluiten door € 58,00 te betalen binnen 30 dagen na de verzending van deze brief.',
        '4. Een inbreuk van de eerste categorie wordt bestraft met € 58,00, een inbreuk van de tweede categorie met € 116,00.',
      ].join('\n'),
    ]);
    expect(f.amountCents).toMatchObject({ value: 5800, confidence: 0.85 });
    const two = extractFields(['Eerste categorie € 58,00, tweede categorie € 116,00.\nBetaalt u binnen 15 dagen € 43,50, nadien betaalt u € 58,00.']);
    expect(two.amountCents!.confidence).toBeLessThan(0.8);
  });
});

describe('batch 11 shapes', () => {
  it('reads a Scottish notice on UK time', () => {
    const f = extractFields([['Glasgow City Council', 'Low Emission Zones (Scotland) Regulations', 'Date of contravention 15 September 2026', 'Time (UK) 4:37 pm'].join('\n')]);
    expect(f.offenceAt?.value).toBe('2026-09-15T15:37:00.000Z');
  });
  it('reads no rate as an amount, "Amende administrative" as its label, and no sentence ending in a label word as a value before it', () => {
    const spw = extractFields([['Amende', 'Amende administrative 1.000,00 €', 'Tarif de référence 0,1500 € par km (catégorie N3)'].join('\n')]);
    expect(spw.amountCents).toMatchObject({ value: 100000, confidence: 0.95 });
    const hasselt = extractFields([
      ['een dagforfait van €', '35,- in plaats van het uurtarief van € 2,20 per uur. Wij vragen u dit bedrag', 'over te maken binnen vijftien kalenderdagen.', 'Te betalen', '€ 35,00'].join('\n'),
    ]);
    expect(hasselt.amountCents?.value).toBe(3500);
  });
  it('reads the last amount of a row that adds up under a wrapped header naming what is left to pay', () => {
    const f = extractFields([
      ['Montant du', 'forfait (FPS)', 'Montant déjà', 'réglé au jour du', 'constat', 'Montant restant à', 'payer', 'FPS-69123-2609118 11/09/2026 14h52 GH-482-TK Rouge 60,00 € 2,50 € 57,50 €'].join('\n'),
    ]);
    expect(f.amountCents).toMatchObject({ value: 5750, confidence: 0.95 });
  });
  it('reads "Tatzeit" as a time label, a Verwarnungsgeld "bis zum" as the due date, and "erstellt am" as no letter date', () => {
    const f = extractFields([
      [
        'Datum Hamburg, 02.11.2026',
        'Tattag', '27.10.2026', 'Tatzeit', '20:14 Uhr',
        'Das Verwarnungsgeld beträgt 35,00 €. Die Verwarnung wird nur wirksam, wenn das Verwarnungsgeld bis zum 09.11.2026 bei der Kasse',
        'Hamburg eingeht.',
        'nennen Sie uns Namen und Anschrift des Fahrers oder Mieters, und zwar',
        'innerhalb von zwei Wochen nach dem Datum dieses Schreibens.',
        'erstellt am 29.10.2026 · maschinell gefertigt',
      ].join('\n'),
    ]);
    expect(f.offenceAt).toMatchObject({ value: '2026-10-27T19:14:00.000Z' });
    expect(f.dueDate?.value).toBe('2026-11-09');
    expect(f.documentDate?.value).toBe('2026-11-02');
    expect(f.redirectDeadline?.value).toBe('2026-11-16');
  });
  it('dates the letter from a table whose first column is its date, and counts "binnen zwei Wochen ab dem Ausstellungsdatum" from it', () => {
    const f = extractFields([
      ['Ausstellungs-', 'datum', 'Beleg-Nr. Kenn-zeichen Tatzeit (Datum,', 'Uhrzeit)', '09.09.2026 OM-6020-118347 HV-702-S 07.09.2026, 11.25', 'Bitte zahlen Sie den Strafbetrag von 36,00 € binnen zwei Wochen ab dem Ausstellungsdatum.'].join('\n'),
    ]);
    expect(f.documentDate?.value).toBe('2026-09-09');
    expect(f.dueDate?.value).toBe('2026-09-23');
  });
  it('reads "no more than fifteen days after the issue date" as a period, and "dans les huit jours de sa réception" as one from an unprinted date', () => {
    const pt = extractFields([['Issue date 14/09/2026', 'identify that person on the form overleaf and return it with a copy of the contract no more than fifteen days after the issue date shown', 'above. The charge will then be transferred to the renter.'].join('\n')]);
    expect(pt.redirectDeadline?.value).toBe('2026-09-29');
    const lu = extractFields([['Luxembourg, le 10 novembre 2026', 'Nous vous prions de nous communiquer, dans les huit jours de sa réception, les nom et adresse de la personne qui conduisait le véhicule.'].join('\n')]);
    expect(lu.redirectDeadline).toBeNull();
    expect(lu.doubts.redirectDeadline).toMatch(/does not print/);
  });
  it('does not take the page\'s footer for a label without a value', () => {
    const f = extractFields([['Retributie', '€ 35,00', 'Kosten herinnering', '€ 10,00', 'Totaal te betalen', '€ 45,00', 'Rekening', 'BE42 0689 0711 3254', 'Stad Hasselt — retributiereglement betalend parkeren'].join('\n')]);
    expect(f.amountCents?.value).toBe(4500);
  });
});

describe('an appeal with no period', () => {
  it('is a dispute, not a redirect route; an appeal within a period still is one', () => {
    const untimed = extractFields([['Date d\'envoi 26/11/2026', 'Une contestation motivée, accompagnée des pièces justificatives, peut être adressée au service par écrit.'].join('\n')]);
    expect(untimed.redirectClause).toBeNull();
    expect(untimed.trust.redirectDeadline.trusted).toBe(true);
    const timed = extractFields([['Date d\'envoi 26/11/2026', 'Une contestation peut être adressée au service dans le délai prévu par le règlement.'].join('\n')]);
    expect(timed.redirectClause).not.toBeNull();
    const renter = extractFields([['Date d\'envoi 26/11/2026', 'Vous pouvez contester et nous communiquer l\'identité du locataire.'].join('\n')]);
    expect(renter.redirectClause).not.toBeNull();
  });
});

describe('amounts a letter offers instead, and what it tells the holder to pay', () => {
  it('never takes the amount offered "in plaats van de boete", and doubts a labelled amount a "Betaal …" sentence contradicts', () => {
    const f = extractFields([
      [
        'Verzenddatum 23/10/2026',
        'De boete bedraagt daarom € 250,00 in plaats van € 150,00.',
        'Betaal € 250,00 vóór 07/12/2026 op BE26 0910 2160 0029.',
        'Bedrag van € 75,00 in plaats van de boete.',
      ].join('\n'),
    ]);
    expect(f.amountCents?.value).toBe(25000);
    const contradicted = extractFields([['Bedrag € 75,00', 'Betaal € 250,00 vóór 07/12/2026 op BE26 0910 2160 0029.'].join('\n')]);
    expect(contradicted.doubts.amountCents).toMatch(/candidates disagree/);
    // An offer ("you can … pay") is no contradiction.
    const offer = extractFields([['Amount to pay EUR 150.00', 'You can still register it late and pay a retribution of EUR 75.00 within 30 calendar days.'].join('\n')]);
    expect(offer.doubts.amountCents).toBeUndefined();
  });
  it('reads "AT-E 2026 / 0 45 120" as a reference\'s groups, not a German plate', () => {
    const f = extractFields(['Numéro de l\'avertissement Date d\'émission Immatriculation\nAT-E 2026 / 0 45 120 03/11/2026 1-NVB-662']);
    expect(f.plate?.value).toBe('1NVB662');
  });
});

describe('batch 12 shapes', () => {
  it('reads "Aufforderung zur Bekanntgabe des Fahrzeuglenkers" as an identification request and a ZBE notice as a fine', () => {
    expect(extractFields(['Aufforderung zur Bekanntgabe der Fahrzeuglenkerin oder des Fahrzeuglenkers\nDafür ist eine Ordnungsbusse von CHF 250.00 vorgesehen.']).kind.value).toBe('identification_request');
    const zbe = extractFields([
      ['NOTIFICATION OF COMPLAINT — LOW EMISSION ZONE', 'Date of this notice 18 September 2026', 'Amount of the fine EUR 200.00', 'Payment deadline 19 November 2026', 'If you were not driving the vehicle, you must identify the driver no later than twenty calendar days after the date of this', 'notice, using the form on page 2.'].join('\n'),
    ]);
    expect(zbe.kind.value).toBe('fine');
    expect(zbe.amountCents?.value).toBe(20000);
    expect(zbe.redirectDeadline?.value).toBe('2026-10-08');
  });
  it('reads the first column of a table under a wrapped "N° de l\'avertissement" as the reference, and a renter named as "loué ou confié" as the route', () => {
    const f = extractFields([
      [
        'Date d\'envoi : 02/10/2026',
        'N° de l\'avertis-', 'sement', 'Date et heure', 'de la consta-', 'tation',
        'AT-DI-2026-04471 28/09/2026 14 h',
        'Si le véhicule était loué ou confié à une autre personne, communiquez-nous son nom, son adresse et le numéro de son',
        'permis de conduire dans les quinze jours de la date d\'envoi.',
      ].join('\n'),
    ]);
    expect(f.reference).toMatchObject({ value: 'AT-DI-2026-04471', confidence: 0.88 });
    expect(f.redirectDeadline?.value).toBe('2026-10-17');
  });
  it('joins a plate the line break cut after its hyphen, and reads a control fee\'s issue time as its offence (not trusted)', () => {
    expect(extractFields(['mit dem Fahrzeug mit dem Kennzeichen 2-\nACM-385, dessen Halterin Ihre Gesellschaft ist']).plate?.value).toBe('2ACM385');
    const fee = extractFields(['CONTROL FEE NOTICE\nDate of this notice 17 September 2026\nIssued 11 September 2026 at 2:12 pm\nCar park P-Dokk1, Aarhus']);
    expect(fee.offenceAt?.value).toBe('2026-09-11T12:12:00.000Z');
  });
});

describe('batch 13 shapes', () => {
  it('takes a purposeless period or last day of an identification request as the naming deadline', () => {
    const form = extractFields([
      ['INLICHTINGENFORMULIER — IDENTIFICATIE VAN DE BESTUURDER', 'Verzenddatum', '06/10/2026', 'Kenteken', '1-KTR-447',
        'Vul het antwoordgedeelte hieronder volledig in en stuur het binnen vijftien dagen na de verzenddatum terug, per post.'].join('\n'),
    ]);
    expect(form.kind.value).toBe('identification_request');
    expect(form.redirectDeadline?.value).toBe('2026-10-21');
    const last = extractFields([
      ['Letztmalige Aufforderung zur Bekanntgabe des Lenkers', 'Wir fordern Sie letztmalig auf, die Auskunft', 'bis spätestens 04.12.2026 (Einlangen bei der Behörde) zu erteilen.'].join('\n'),
    ]);
    expect(last.redirectDeadline?.value).toBe('2026-12-04');
    // The same purposeless sentence in a fine is no naming deadline.
    const fine = extractFields(['AVIS DE CONTRAVENTION\nDate d\'envoi 06/10/2026\nMontant à payer 53,00 €\nRenvoyez le coupon dans les quinze jours de la date d\'envoi.']);
    expect(fine.redirectDeadline).toBeNull();
  });
  it('reads "aucune … désignation … n\'est possible", "has now passed" and "n\'est plus acceptée" as a closed naming route', () => {
    const closed = [
      'Ce jugement étant définitif, aucune contestation ni désignation d\'un autre conducteur n\'est possible auprès de nos services.',
      'The 28-day period in which you could name the driver or hirer has now passed, and we will not accept a nomination at this stage.',
      'La désignation d\'un locataire n\'est plus acceptée à ce stade de la procédure.',
      'De termijn om een huurder aan te duiden is voorbij.',
    ];
    for (const sentence of closed) expect(extractFields([`Date d'envoi 07/09/2026\n${sentence}`]).redirectClause, sentence).toBeNull();
  });
  it('does not take the name of the offence of not naming the driver for a way to name one', () => {
    const f = extractFields(['Faits Défaut de communication de l\'identité du conducteur (art. 67ter) pour\nl\'infraction du 14/05/2026 à 08h12']);
    expect(f.redirectClause).toBeNull();
  });
  it('reads no multiplicand as an amount, and the balance a part payment leaves as the amount due', () => {
    const base = extractFields([['Montants Calcul Montant', 'Amende 50,00 € × 8 (décimes', 'additionnels)', '400,00 €', 'Frais de justice 54,37 €', 'Total de la condamnation 454,37 €'].join('\n')]);
    expect(base.amountCents).toMatchObject({ value: 45437 });
    expect(base.doubts.amountCents).toBeUndefined();
    const balance = extractFields([['Total de la condamnation 678,37 €', 'Paiement reçu le 28/09/2026 - 300,00 €', 'Solde restant dû 378,37 €', 'Nous vous prions de verser le solde de 378,37 € au plus tard le 30/11/2026.'].join('\n')]);
    expect(balance.amountCents).toMatchObject({ value: 37837 });
    expect(balance.doubts.amountCents).toBeUndefined();
    // A balance that does not follow from the total and the payment is not trusted over the total.
    const odd = extractFields([['Total de la condamnation 678,37 €', 'Paiement reçu le 28/09/2026 - 300,00 €', 'Solde restant dû 400,00 €'].join('\n')]);
    expect(odd.amountCents?.value).not.toBe(40000);
  });
  it('reads "Fine EUR 300.00" as the amount and half of it for paying early as a reduction, and a SI12/RF payment model as no reference', () => {
    const f = extractFields([
      ['Number PN-NAD-2026/0418776', 'Date of issue 24.09.2026', 'PAYMENT ORDER', 'Fine EUR 300.00', 'Reference SI12 20260418776',
        'If you pay half of the fine, EUR 150.00, within eight days of', 'service of this payment order, the whole fine is considered paid.'].join('\n'),
    ]);
    expect(f.kind.value).toBe('fine');
    expect(f.amountCents).toMatchObject({ value: 30000 });
    expect(f.doubts.amountCents).toBeUndefined();
    expect(f.reference?.value).toBe('PN-NAD-2026/0418776');
  });
  it('holds a renter route counted from service in eight days, read as a legal remedy', () => {
    const f = extractFields([
      ['Date of issue 24.09.2026', 'Fine EUR 300.00', 'Legal remedy: you may file a request for judicial protection within eight days of service of this',
        'payment order. If the vehicle was rented out at the time, enclose the rental contract and the renter\'s name.'].join('\n'),
    ]);
    expect(f.redirectDeadline).toBeNull();
    expect(f.doubts.redirectDeadline).toMatch(/does not print/);
  });
  it('reads "This is not a fine" as no fine word, a field label as no title, and a day tariff as a parking charge', () => {
    const pcn = extractFields([['PARKING CHARGE NOTICE', '14/09/2026', 'Date of contravention', '2:14 pm', 'Time of contravention', 'The parking charge is EUR 100.00.', 'This is not a fine issued by a public authority.'].join('\n')]);
    expect(pcn.kind).toMatchObject({ value: 'parking_charge', confidence: 0.95 });
    const tariff = extractFields(['Herinnering betalingsverzoek\nDagtarief parkeerterrein Haven 1 € 14,50']);
    expect(tariff.kind.value).toBe('parking_charge');
  });
  it('reads the moment of a parking session told in a sentence that wraps before its time', () => {
    const nl = extractFields(['Op 12-10-2026 stuurden wij u een betalingsverzoek voor het parkeren op parkeerterrein Haven, vak 5 op 08-10-2026\nom 09:52 uur. Wij hebben uw betaling nog niet ontvangen.']);
    expect(nl.offenceAt?.value).toBe('2026-10-08T07:52:00.000Z');
    const de = extractFields(['trotz unserer Zahlungsaufforderung ist die Forderung aus dem Parkvorgang vom 12.08.2026,\n14:27 Uhr, Kundenparkplatz Bonn-Beuel, weiterhin offen']);
    expect(de.offenceAt?.value).toBe('2026-08-12T12:27:00.000Z');
  });
});

describe('batch 14 shapes', () => {
  it('reads a car park stay told in prose with the unpaid exit, later the same day, as the offence', () => {
    const f = extractFields(['Het voertuig is op maandag 14 september 2026 om 08:16 uur de garage ingereden en op dezelfde dag om\n19:42 uur zonder betaling via de uitrijdbaan vertrokken.']);
    expect(f.offenceAt?.value).toBe('2026-09-14T17:42:00.000Z');
    // Without "without paying" the later time is not taken.
    const g = extractFields(['Het voertuig is op maandag 14 september 2026 om 08:16 uur de garage ingereden en op dezelfde dag om\n19:42 uur weer vertrokken.']);
    expect(g.offenceAt?.value).toBe('2026-09-14T06:16:00.000Z');
  });
  it('counts no period from delivery ("vanaf de dag na bezorging"), and reads no early-payment tier row as the due date', () => {
    const wik = extractFields(['Datum 6 oktober 2026\nWij verzoeken u het openstaande bedrag binnen veertien dagen, te rekenen vanaf de dag na bezorging van deze brief, over te maken.']);
    expect(wik.dueDate).toBeNull();
    expect(wik.doubts.dueDate).toMatch(/does not print/);
    const tier = extractFields(["Date d'envoi 09/10/2026\nTOTAL 99,40 €\nPaiement sous 7 jours : 24,40 €\nNous vous invitons à régler le montant total dans un délai de trente jours à compter de la date d'envoi du présent avis."]);
    expect(tier.dueDate?.value).toBe('2026-11-08');
    expect(tier.amountCents?.value).toBe(9940);
  });
  it('reads "d\'ici au 7 décembre 2026" as a last day, and a toll back-charge that is to be paid as a fine', () => {
    const vd = extractFields(["Rappel – demande d'identification du conducteur\nNous vous prions de nous retourner le formulaire ci-dessous dûment complété d'ici au 7 décembre 2026."]);
    expect(vd.redirectDeadline?.value).toBe('2026-12-07');
    const toll = extractFields([['Bescheid über die Nacherhebung der Maut', 'Nacherhebungsbetrag 108,85 €', 'Der Betrag ist bis zum 05.11.2026 unter Angabe des Kassenzeichens zu überweisen.',
      'Die Benennung der Fahrerin oder des Fahrers befreit Sie nicht von der Zahlungspflicht.'].join('\n')]);
    expect(toll.kind.value).toBe('fine');
    expect(toll.amountCents).toMatchObject({ value: 10885, confidence: 0.95 });
  });
  it('reads the balance left after a part payment deducted from rows that add up', () => {
    const f = extractFields([['Forderung Betrag', 'Nacherhebungsbetrag lt. Bescheid 96,31 €', 'Säumniszuschlag 0,50 €', 'Mahngebühr 7,50 €', 'abzüglich Teilzahlung - 40,00 €', 'Noch offen 64,31 €'].join('\n')]);
    expect(f.amountCents).toMatchObject({ value: 6431 });
  });
  it('takes no amount in dispute for the amount, "Order no." as the reference, no payment model and no plate that starts like a label', () => {
    expect(extractFields(['Besitzstörungsklage (Streitwert € 600,00)']).amountCents?.value).not.toBe(60000);
    const zg = extractFields(['Order no.: ZP-DK-2026-0771420\nRegistration NL GZ-512-K\nModel / ref. HR01 0771420-26\nDAILY PARKING TICKET']);
    expect(zg.reference).toMatchObject({ value: 'ZP-DK-2026-0771420', confidence: 0.95 });
    expect(zg.kind.value).toBe('parking_charge');
    // A plain label in a list of amounts whose total OCR lost is not trusted; "Montant du péage" is no "montant dû".
    const list = extractFields([['Montant à régler', 'Montant du péage 5,20 €', 'Indemnité forfaitaire 90,00 €', 'Frais de relance 10,00 €', 'Merci de régler le total au plus tard le 18 décembre 2026.'].join('\n')]);
    expect(list.amountCents?.confidence).toBeLessThan(0.85);
    expect(list.doubts.amountCents).toMatch(/one row of a list/);
    expect(extractFields(['Montant dû : 35,00 €\nFrais 0,00 €\nTotal 35,00 €']).amountCents?.value).toBe(3500);
    // The Slovenian model as OCR reads it ("S112"): still a payment reference, not the letter's number.
    expect(extractFields(['Number PN-NAD-2026/0418776\nReference S112 20260418776']).reference?.value).toBe('PN-NAD-2026/0418776');
  });
});

describe('batch 15 shapes', () => {
  it('reads a request for the renter that says "do not pay any amount" as an identification request, and a bilingual "Ora / Time" row', () => {
    const f = extractFields([['Data / Date 14/10/2026', 'REQUEST FOR THE IDENTIFICATION OF THE RENTER / DRIVER', 'Targa / Registration 1-VFL-276', 'Data / Date 02/10/2026', 'Ora / Time 19:47',
      'As the vehicle belongs to a rental company, the record will be notified to the renter. The fine for this violation is € 83.00',
      'Please send the full name and address of the renter within 60 days from receipt of this notice.', 'Please do not pay any amount in response to this request.'].join('\n')]);
    expect(f.kind).toMatchObject({ value: 'identification_request', confidence: 0.95 });
    expect(f.kind.source?.text).toMatch(/do not pay any amount/);
    expect(f.amountCents).toBeNull();
    expect(f.offenceAt?.value).toBe('2026-10-02T17:47:00.000Z');
  });
  it('reads a complaint that asks who drove but offers to pay into a printed account as a fine, not trusted', () => {
    const f = extractFields([['NOTICE OF TRAFFIC COMPLAINT – REGULATED PARKING', 'Fine € 90.00', 'You may pay the reduced amount of € 45.00 within 20 calendar days from the day following notification of this complaint.',
      'Otherwise a sanction resolution will be issued for the full amount of € 90.00.', 'Identification of the driver: as the holder of the vehicle, you must identify the driver within 20 calendar days from the day following notification.',
      'IBAN ES72 2038 1010 6060 0101 0402'].join('\n')]);
    expect(f.kind).toMatchObject({ value: 'fine', confidence: 0.75 });
    // Without the account, nothing says the holder may pay: still a request.
    const g = extractFields([['NOTICE OF TRAFFIC COMPLAINT', 'You may pay the reduced amount of € 45.00 within 20 calendar days.', 'Identification of the driver: you must identify the driver within 20 days.'].join('\n')]);
    expect(g.kind.value).toBe('identification_request');
  });
  it('does not read the fee left unpaid in the offence as the kind, nor the addressee\'s "Traffic fines desk"', () => {
    const f = extractFields([['Bezirksverwaltungsamt · Abteilung Verwaltungsstrafen – Parkraum', 'Linz, am 21.10.2026', 'STRAFVERFÜGUNG',
      'Sie haben dieses Fahrzeug am 03.10.2026 um 12:40 Uhr in einer Kurzparkzone abgestellt, ohne die', 'Parkgebühr entrichtet zu haben.', 'Geldstrafe 60,00 €'].join('\n')]);
    expect(f.kind).toMatchObject({ value: 'fine', confidence: 0.95 });
    const g = extractFields([['Lux Auto Location S.à r.l.', 'Traffic fines desk', 'PARKING CHARGE NOTICE', 'Parking charge € 40.00'].join('\n')]);
    expect(g.kind.source?.text).not.toBe('Traffic fines desk');
  });
  it('reads "Nos références" as the letter\'s number and "Bis zu diesem Tag … Fahrer benennen" as the naming deadline of the day before it', () => {
    expect(extractFields(['Nos références : TO.43.L1.018834/2026\nVos références : —']).reference).toMatchObject({ value: 'TO.43.L1.018834/2026', confidence: 0.95 });
    const f = extractFields(['Datum 25.11.2026\nZahlen Sie das Verwarnungsgeld von 30,00 € bitte bis zum 09.12.2026. Bis zu diesem Tag können Sie uns auch\nnoch den verantwortlichen Fahrer bzw. Mieter benennen.']);
    expect(f.dueDate?.value).toBe('2026-12-09');
    expect(f.redirectDeadline).toMatchObject({ value: '2026-12-09', confidence: 0.9 });
    // A day that sentence does not refer to gives no naming deadline.
    expect(extractFields(['Datum 25.11.2026\nZahlen Sie das Verwarnungsgeld von 30,00 € bitte bis zum 09.12.2026.']).redirectDeadline).toBeNull();
  });
});

describe('batch 16 shapes', () => {
  it('does not take one of two moments of a toll journey (entry and exit, each "Date and time") as the offence with confidence', () => {
    const f = extractFields([['Data / Date of issue 26/11/2026', 'SECOND NOTICE – UNPAID TOLL', 'Stazione di entrata /', 'Entry station', 'Data e ora /', 'Date and time', 'Stazione di uscita /', 'Exit station',
      'Data e ora /', 'Date and time', 'Pedaggio dovuto /', 'Toll due', 'Genova Ovest 25/09/2026', '18:22', 'Ventimiglia 25/09/2026', '20:47', 'EUR 17.30'].join('\n')]);
    expect(f.offenceAt?.confidence ?? 0).toBeLessThan(0.8);
  });
  it('hears "den Fahrzeugführer zu benennen" as a naming route, so a letter without its deadline is not decided on the due date', () => {
    const f = extractFields([['Datum 20.11.2026', 'Erinnerung – Verwarnung mit Verwarnungsgeld', 'Wir geben Ihnen Gelegenheit, das Verwarnungsgeld von 55,00 € innerhalb von 10 Tagen ab dem Datum dieser',
      'Erinnerung zu zahlen oder uns die verantwortliche', 'Fahrzeugführerin bzw. den Fahrzeugführer zu benennen.'].join('\n')]);
    expect(f.redirectClause?.text).toMatch(/zu benennen/);
    expect(f.trust.redirectDeadline.trusted).toBe(false);
  });
  it('reads "Nos réf." under "Vos réf." in a column of labels above values, and "Invoice no." as the letter\'s number', () => {
    const f = extractFields(['Vos réf. :\nVCR/F/26-7741\nNos réf. :\nAR.22.L1.004512/2026\nDate d\'envoi :\n16/10/2026']);
    expect(f.reference?.value).toBe('AR.22.L1.004512/2026');
    expect(extractFields(['Fakturanummer / Invoice no. EP24-SE-7714025\nOCR / Payment reference 40077140253318']).reference?.value).toBe('EP24-SE-7714025');
  });
  it('gives a period after "oder" the purpose of its own choice: paying, or naming the driver', () => {
    const f = extractFields([['Datum 20.11.2026', 'Wir geben Ihnen Gelegenheit, das Verwarnungsgeld von 55,00 € innerhalb von 10 Tagen ab dem Datum dieser',
      'Erinnerung zu zahlen oder uns innerhalb von 10 Tagen ab dem Datum dieser Erinnerung die verantwortliche', 'Fahrzeugführerin bzw. den Fahrzeugführer zu benennen.'].join('\n')]);
    expect(f.dueDate?.value).toBe('2026-11-30');
    expect(f.redirectDeadline?.value).toBe('2026-11-30');
  });
  it('reads no law\'s date ("lois coordonnées du 16 mars 1968") as the letter\'s', () => {
    const f = extractFields(["Date d'envoi :\n06/11/2026\nSi vous n'étiez pas le conducteur, communiquez son identité dans les quinze jours à compter de la date d'envoi indiquée\nci-contre, au moyen du formulaire joint (article 67ter des lois coordonnées du 16 mars 1968)."]);
    expect(f.documentDate?.value).toBe('2026-11-06');
    expect(f.doubts.documentDate).toBeUndefined();
  });
  it('gives one period to each choice its sentence joins before it ("zahlen oder den Fahrer benennen, jeweils innerhalb von 14 Tagen")', () => {
    const de = extractFields(['Datum 10.11.2026\nSie können das Verwarnungsgeld zahlen oder den Fahrer benennen, jeweils innerhalb von 14 Tagen ab dem Datum dieses Schreibens.']);
    expect(de.dueDate?.value).toBe('2026-11-24');
    expect(de.redirectDeadline?.value).toBe('2026-11-24');
    const en = extractFields(['Date of this notice 10/11/2026\nYou must pay the penalty of EUR 60.00 or nominate the hirer within 28 days of the date of this notice.']);
    expect(en.dueDate?.value).toBe('2026-12-08');
    expect(en.redirectDeadline?.value).toBe('2026-12-08');
    // Two sentences are two choices of their own: the payment sentence's period does not name the driver.
    const apart = extractFields(['Date of this notice 10/11/2026\nPlease pay the penalty of EUR 60.00. If you were not the driver, nominate the hirer within 28 days of the date of this notice.']);
    expect(apart.dueDate).toBeNull();
  });
  it('reads a congestion tax as a road charge, like a toll', () => {
    expect(extractFields(['Congestion tax – debit summary\nTotal to pay / Att betala EUR 4.10\nPlease pay by the due date.']).kind.value).toBe('fine');
  });
});

describe('batch 17 shapes', () => {
  it('reads a letter that labels an amount and a day to pay it, beside an enclosed form to name the driver, as a fine, not trusted', () => {
    const f = extractFields([['Proposition de perception immédiate', 'Montant de la perception immédiate € 116,00', 'À payer au plus tard le 26/10/2026',
      "Si vous n'étiez pas le conducteur, communiquez son identité au moyen du formulaire ci-joint dans les quinze jours.", 'FORMULAIRE DE DÉSIGNATION DU CONDUCTEUR', 'Nom, prénom ....'].join('\n')]);
    expect(f.kind).toMatchObject({ value: 'fine', confidence: 0.75 });
    expect(f.amountCents?.value).toBe(11600);
    // One that says there is nothing to pay stays a request.
    const g = extractFields([['FORMULAIRE DE DÉSIGNATION DU CONDUCTEUR', 'Montant de l\'amende € 116,00', 'À payer au plus tard le 26/10/2026', "Vous n'avez rien à payer à ce stade."].join('\n')]);
    expect(g.kind.value).toBe('identification_request');
  });
  it('reads "N° FPS" as the letter\'s number, and no reference a payment instruction quotes', () => {
    const f = extractFields(['N° FPS 21231000410274455\nRéf. de paiement 4455 0274 1021 2310\nPayer en ligne : www.antai.example – référence 4455 0274 1021 2310']);
    expect(f.reference).toMatchObject({ value: '21231000410274455', confidence: 0.95 });
  });
});

describe('batch 18 shapes', () => {
  it('reads tiers stated by period: the one after a named reduction is the amount due, and its row may print its last day', () => {
    const lines = ['Violation: entry into the ZTL without authorisation (range EUR 83.00 to EUR 332.00)', 'Payment Amount incl. costs',
      'within 5 days of notification (30 % reduction) EUR 72.82', 'within 60 days of notification EUR 98.00 pagoPA valid until 31/12/2026', 'after 60 days EUR 181.00'];
    const f = extractFields([lines.join('\n')]);
    expect(f.amountCents).toMatchObject({ value: 9800 });
    expect(f.dueDate).toMatchObject({ value: '2026-12-31' });
    // No last day in the rows: the amount still, and the due date from a label of its own ("Scadenza").
    const g = extractFields([['Paid within 5 days of notification (30% reduction) EUR 72.60', 'Paid within 60 days of notification EUR 97.50',
      'Paid after 60 days EUR 180.50', 'pagoPA expiry date / Scadenza 15/12/2026'].join('\n')]);
    expect(g.amountCents?.value).toBe(9750);
    expect(g.dueDate?.value).toBe('2026-12-15');
  });
  it('reads a time written after "h." as the offence time of the date before it', () => {
    const f = extractFields(['Date of issue / Data 15/10/2026\nNOTICE OF VIOLATION – Limited Traffic Zone (ZTL)\nDate and time / Data e ora 20/09/2026, h. 10.37\nPlace / Luogo ZTL gate "Via Rizzoli"']);
    expect(f.offenceAt?.value).toBe('2026-09-20T08:37:00.000Z');
  });
  it('does not take the later, dearer tier ("If paid after that date and by …") for a rival due date', () => {
    const f = extractFields(['Date of notice 29 October 2026\nAmount payable EUR 40.00\nPay by 26 November 2026\nIf paid after that date and by 24 December 2026 EUR 60.00']);
    expect(f.dueDate?.value).toBe('2026-11-26');
    expect(f.doubts.dueDate).toBeUndefined();
  });
  it('reads "FORFAIT POST-STATIONNEMENT" as a parking charge, and an appeal period as no redirect deadline when no designation is provided for', () => {
    const f = extractFields([['AVIS DE PAIEMENT – FORFAIT POST-STATIONNEMENT', 'Montant du FPS 35,00 €', 'À payer au plus tard le 07/01/2027',
      "Le titulaire du certificat d'immatriculation est redevable du forfait ; aucune désignation de conducteur n'est prévue. Contestation :",
      "recours administratif préalable obligatoire (RAPO) dans un délai d'un mois à compter de la notification de l'avis."].join('\n')]);
    expect(f.kind.value).toBe('parking_charge');
    expect(f.redirectDeadline).toBeNull();
    expect(f.doubts.redirectDeadline).toBeUndefined();
  });
  it('reads "LU-AB-1234" as the Luxembourg plate AB1234, and "CHF 150" as no plate', () => {
    expect(findPlates('03.10.2026 13.26 LU-AB-1234 A12, Matran')).toEqual([expect.objectContaining({ plate: 'AB1234', country: 'LU' })]);
    expect(findPlates("des frais d'au moins CHF 150.- peuvent être prononcés")).toEqual([]);
  });
});

describe('leftovers of batches 12, 16 and 17', () => {
  it('reads a time before a plate ("10:09 H-274-ZK") and a table whose header has a moment column (Tijdstip naheffing)', () => {
    const f = extractFields([['Dagtekening 12-11-2026', 'Naheffingsaanslag parkeerbelasting', 'Tijdstip', 'naheffing', 'Kenteken Locatie Parkeer-', 'belasting',
      'Kosten', 'naheffing', '06-11-2026 10:09 H-274-ZK Westerhaven € 4,20 € 76,70', 'Totaal te betalen € 80,90'].join('\n')]);
    expect(f.offenceAt).toMatchObject({ value: '2026-11-06T09:09:00.000Z' });
    expect(f.offenceAt!.confidence).toBeGreaterThanOrEqual(0.85);
  });
  it('takes the moment under the FPS column, not the ticket\'s end, and the N° de FPS over the N° d\'avis', () => {
    const f = extractFields([["N° d'avis 2026-FPS-A-3318204", "Date d'envoi de l'avis 14/10/2026", 'N° de FPS 13055000026101400482137', 'Forfait de post-stationnement',
      'Immatri-', 'culation', 'Date et heure', "d'établis-", 'sement du FPS', 'Fin de', 'validité du', 'ticket', 'Lieu Montant', 'du FPS',
      'GK-318-TR 09/10/2026 14h37 09/10/2026 13h55 Rue de Rome, 13006 Marseille 35,00 €'].join('\n')]);
    expect(f.offenceAt).toMatchObject({ value: '2026-10-09T12:37:00.000Z', confidence: 0.95 });
    expect(f.reference).toMatchObject({ value: '13055000026101400482137' });
  });
  it('reads the time a history row gives after telling the offence ("24-09-2026 Naheffing Melkmarkt, 19:40 uur")', () => {
    const f = extractFields([['Dagtekening 16-11-2026', 'Datum Omschrijving Bedrag', '24-09-2026 Naheffing Melkmarkt, 19:40 uur',
      '28-09-2026 Naheffingsaanslag (belasting en kosten) € 2,85 + € 77,00', '12-10-2026 Ontvangen deelbetaling - € 20,00'].join('\n')]);
    expect(f.offenceAt?.value).toBe('2026-09-24T17:40:00.000Z');
  });
});

describe('batch 19 shapes', () => {
  const deventer = (dated: string, due: string) => ['NAHEFFINGSAANSLAG PARKEERBELASTING', 'Aanslagnummer Dagtekening Vervaldatum Kenteken', `2026.0418.5521 ${dated} ${due} GZ-841-T`,
    'Uw voertuig stond op 3 oktober 2026 om 11.47 uur geparkeerd op de Brink, zonder dat de verschuldigde parkeerbelasting was voldaan.',
    'Als kentekenhouder bent u de belasting verschuldigd.', 'Totaal te betalen € 77,30',
    'Bent u het niet eens met deze aanslag? Dien dan binnen zes weken na de dagtekening een bezwaarschrift in.'];
  it('reads a row of labels over a row of values by column: the k-th date label takes the row\'s k-th date, the first label the first value', () => {
    const f = extractFields([deventer('09-10-2026', '09-11-2026').join('\n')]);
    expect(f.documentDate?.value).toBe('2026-10-09');
    expect(f.dueDate?.value).toBe('2026-11-09');
    expect(f.reference?.value).toBe('2026.0418.5521');
  });
  it('reads a parking tax the holder owes by law as having no redirect deadline, the objection period being only that', () => {
    const f = extractFields([deventer('09-10-2026', '09-11-2026').join('\n')]);
    expect(f.redirectDeadline).toBeNull();
    expect(f.doubts.redirectDeadline).toBeUndefined();
  });
  it('takes the header row\'s date for the letter\'s, not an earlier assessment\'s date in a sentence', () => {
    const lines = deventer('24-11-2026', '08-12-2026');
    lines.splice(3, 0, 'Het bedrag van de naheffingsaanslag met dagtekening 07-10-2026 is niet binnen de termijn betaald.');
    const f = extractFields([lines.join('\n')]);
    expect(f.documentDate?.value).toBe('2026-11-24');
    expect(f.doubts.documentDate).toBeUndefined();
  });
  it('prefers the number the sender calls its own ("Ons PV-nummer") over another own-number label', () => {
    const f = extractFields(['Uw kenmerk -\nOns PV-nummer HL.55.L3.014872/2026\nDossiernummer ZV-26-004812\nHalle, 12/10/2026']);
    expect(f.reference?.value).toBe('HL.55.L3.014872/2026');
  });
  it('knows a contraordenação and a "notification of a traffic offence" for fines, and "Bitte überweisen Sie kein Geld" for nothing to pay', () => {
    expect(extractFields(['NOTICE OF PARKING OFFENCE (Notificação de contraordenação)\nAmount to pay (minimum coima) EUR 60.00']).kind.value).toBe('fine');
    expect(extractFields(['NOTIFICATION OF A TRAFFIC OFFENCE (Notificación de denuncia)\nAmount of the fine EUR 200.00']).kind.value).toBe('fine');
    const g = extractFields(['Zeugenfragebogen - Verkehrsordnungswidrigkeit\nSie werden als Zeuge befragt. Bitte teilen Sie uns Namen und Anschrift der Person mit, die das Fahrzeug geführt hat.\nBitte überweisen\nSie kein Geld.']);
    expect(g.kind).toMatchObject({ value: 'identification_request', confidence: 0.95 });
  });
  it('does not count a naming route the letter says is closed as a sign that it asks who drove', () => {
    const f = extractFields([['Erinnerung - Verwarnungsgeld nicht bezahlt', 'Ihnen wird folgende Ordnungswidrigkeit zur Last gelegt: Sie parkten in zweiter Reihe.',
      'Verwarnungsgeld 35,00 €', 'Zahlungsfrist bis 02.12.2026', 'Die Frist zur Benennung des Fahrers ist abgelaufen.'].join('\n')]);
    expect(f.kind).toMatchObject({ value: 'fine', confidence: 0.95 });
  });
});

describe('OCR joins the letter-date line to the address block beside it', () => {
  it('reads a date that starts a letterhead line and is followed by the addressee\'s name ("14 October 2026 Vanfleet Car Rental NV")', () => {
    const f = extractFields(['Galway City Council\nParking Enforcement Section, City Hall, College Road, Galway H91 X4K8 - parking@galwaycity.ie\n14 October 2026 Vanfleet Car Rental NV\nAttn. Fines\nDate 10/10/2026\nLocation Dominick Street\nTime 3:47 pm']);
    expect(f.documentDate?.value).toBe('2026-10-14');
  });
  it('reads "Place, le DATE" followed by the addressee\'s name, and "Name Place, am DATE" when the place is the sender\'s', () => {
    expect(extractFields(['Police cantonale Fribourg\nFribourg, le 12.10.2026 Lux Auto Location S.à r.l.\nN° d\'amende OB-2026-0447812']).documentDate?.value).toBe('2026-10-12');
    const f = extractFields(['Magistrat der Landeshauptstadt Klagenfurt am Wörthersee\nAbteilung Strafamt — Bahnhofstraße 35 — 9020 Klagenfurt am Wörthersee\nVanfleet Car Rental NV Klagenfurt, am 3. November 2026\nz. Hd. Abteilung Bußgelder Zahl MA-ST-2026/50922']);
    expect(f.documentDate?.value).toBe('2026-11-03');
    // A place the letterhead does not name is not the letter's.
    expect(extractFields(['Stadt Freiburg\nVanfleet Car Rental NV Willebroek, 3. November 2026\nAktenzeichen 3.41']).documentDate).toBeNull();
  });
});

describe('a plate label in a header row', () => {
  it('does not take the next column\'s label ("Kenteken Locatie 2") for the plate: the row\'s plate is read', () => {
    const f = extractFields(['Datum en tijd Kenteken Locatie 2 ] Parkeer- T Kosten\nbelasting naheffing\n26-10-2026 16:02 XN-608-T Haarlemmerstraat 210 €2,40] €77.20']);
    expect(f.plate?.value).toBe('XN608T');
  });
});

describe('batch 20 shapes', () => {
  it('reads a strip of values before their labels: the date before "datum vaststelling" takes the time before "tijdstip"', () => {
    const f = extractFields([['Roeselare, 12 oktober 2026', 'Factuur parkeerretributie', 'PR-26-044712 factuurnummer', '1-KTB-538 nummerplaat',
      '06-10-2026 datum vaststelling', 'Ooststraat plaats', '14u20 tijdstip', 'Zone Centrum parkeerzone'].join('\n')]);
    expect(f.offenceAt?.value).toBe('2026-10-06T12:20:00.000Z');
  });
  it('keeps a period\'s start to its own sentence, and holds the redirect deadline when the naming period runs from receipt', () => {
    const f = extractFields([['Roeselare, 12 oktober 2026', 'Te betalen € 35,-',
      'Gelieve te betalen binnen vijftien dagen na de datum van deze factuur op rekening BE71 0910 0020 1569. Werd het',
      'voertuig verhuurd? Deel ons dan binnen vijftien dagen na ontvangst van deze factuur de naam en het adres van de', 'huurder mee.',
      'Bezwaar kan schriftelijk bij het college van burgemeester en schepenen binnen dertig dagen.'].join('\n')]);
    expect(f.dueDate?.value).toBe('2026-10-27');
    expect(f.redirectDeadline).toBeNull();
    expect(f.doubts.redirectDeadline).toMatch(/does not print/);
  });
  it('reads "Vous disposez de quarante-cinq jours … pour régler" as a payment period, and "Te betalen" after a costs line as the amount', () => {
    const f = extractFields(["Date d'envoi 15 octobre 2026\nMontant à régler : 135 euros\nVous disposez de quarante-cinq jours suivant la date d'envoi du présent avis pour régler l'amende forfaitaire."]);
    expect(f.dueDate?.value).toBe('2026-11-29');
    const g = extractFields(['Onze factuur van 8 oktober 2026 ten bedrage van € 35,- bleef onbetaald. Wij rekenen € 10,- administratiekosten aan.\nTe betalen € 45,-']);
    expect(g.amountCents?.value).toBe(4500);
  });
  it('reads a holder hearing with nothing to pay as a request, "B-NK 4471" as the Berlin plate, and "Senden Sie … zurück" as the answer asked', () => {
    const f = extractFields([['Datum 16.10.2026', 'Anhörung im Bußgeldverfahren - Fragebogen an den Fahrzeughalter',
      'Dem Fahrer des Fahrzeugs mit dem amtlichen Kennzeichen B-NK 4471 wird vorgeworfen, am Freitag, 9. Oktober 2026 um 14.35 Uhr zu schnell gefahren zu sein.',
      'Für diesen Verstoß ist ein Bußgeld von 150 Euro vorgesehen. Sie werden als Halter angehört; eine Zahlung ist jetzt nicht zu leisten.',
      'Bitte teilen Sie uns Namen und Anschrift der Person mit, die das Fahrzeug zur Tatzeit führte.',
      'Senden Sie uns den Bogen innerhalb von vierzehn Tagen ab dem Datum dieses Schreibens zurück.'].join('\n')]);
    expect(f.kind).toMatchObject({ value: 'identification_request', confidence: 0.95 });
    expect(f.plate?.value).toBe('BNK4471');
    expect(f.amountCents).toBeNull();
    expect(f.redirectDeadline?.value).toBe('2026-10-30');
  });
  it('does not count a request the letter says it does not make ("eine Lenkerauskunft ist nicht erforderlich")', () => {
    const f = extractFields(['ANONYMVERFÜGUNG\nGemäß § 49a VStG wird eine Geldstrafe von € 50,- verhängt. Wird der Betrag binnen vier Wochen eingezahlt, wird kein Strafverfahren eingeleitet; eine\nLenkerauskunft ist nicht erforderlich.\nBetrag EUR 50,00']);
    expect(f.kind.value).toBe('fine');
  });
  it('reads a date alone under the address as the letter\'s, not a form\'s date box with a time box below, and an offence day told without its year', () => {
    const f = extractFields([['Galway City Council', 'City Hall, College Road, Galway, Ireland', 'Vanfleet Car Rental NV', 'Industrieweg 41', '14 October 2026', 'PARKING FIXED CHARGE NOTICE', 'Date 10/10/2026',
      'Location Dominick Street Lower', 'Time 3:47 pm',
      'On Saturday 10 October at 3:47 pm a traffic warden observed the vehicle above parked in a pay parking area without displaying a valid ticket.',
      'If the vehicle was on hire, send us the name and address of the hirer within 28 days of receiving this notice.'].join('\n')]);
    expect(f.documentDate?.value).toBe('2026-10-14');
    expect(f.offenceAt?.value).toBe('2026-10-10T14:47:00.000Z');
    expect(f.redirectDeadline).toBeNull();
  });
});

describe('batch 21 shapes', () => {
  it('takes the total a reminder asks for over the fine it quotes, when the costs are added in prose', () => {
    const f = extractFields([['Date 20/11/2026', 'Notre courrier du 10/10/2026 concernant une amende de 40,00 € reste impayé.',
      'Frais de rappel: 5,00 €. Total à payer: 45,00 €, au plus tard le 04/12/2026.'].join('\n')]);
    expect(f.amountCents).toMatchObject({ value: 4500 });
    expect(f.trust.amountCents.trusted).toBe(true);
    // A total that does not add up is still a rival: the amount is not trusted.
    const g = extractFields([['Date 20/11/2026', 'Notre courrier du 10/10/2026 concernant une amende de 40,00 € reste impayé.',
      'Frais de rappel: 5,00 €. Total à payer: 47,00 €, au plus tard le 04/12/2026.'].join('\n')]);
    expect(g.trust.amountCents.trusted).toBe(false);
    expect(g.doubts.amountCents).toMatch(/disagree/);
  });
  it('reads sums written out in a sentence: "samen", "totaal", "betaalt u nu", "please pay" equal to the amounts before them', () => {
    const a = extractFields(['Datum 20 november 2026\nHet bedrag is nu € 50,00 vermeerderd met € 15,00 kosten, samen € 65,00, te betalen uiterlijk op 4 december 2026.']);
    expect(a.amountCents?.value).toBe(6500);
    expect(a.dueDate?.value).toBe('2026-12-04');
    const b = extractFields(['Dagtekening 12 oktober 2026\nParkeerbelasting € 3,10 en kosten naheffingsaanslag € 70,00, totaal € 73,10. Betaal uiterlijk op 9 november 2026.']);
    expect(b.amountCents?.value).toBe(7310);
    const c = extractFields(['Dagtekening 20 november 2026\nDe naheffingsaanslag van € 73,10 is niet betaald.\nMet de aanmaningskosten van € 7,00 betaalt u nu € 80,10, uiterlijk op 4 december 2026.']);
    expect(c.amountCents?.value).toBe(8010);
    expect(c.dueDate?.value).toBe('2026-12-04');
    const d = extractFields(['Invoice date 27/11/2026\nOur invoice of 15/10/2026 for EUR 40.00 is still unpaid.\nAn administration fee of EUR 12.50 is added: please pay EUR 52.50 by 11/12/2026.']);
    expect(d.amountCents?.value).toBe(5250);
  });
  it('does not take a parking tax objection that never speaks of a renter for the redirect deadline', () => {
    const text = (extra: string) => ['Dagtekening 12 oktober 2026', 'Naheffingsaanslag parkeerbelasting',
      'Parkeerbelasting € 3,10 en kosten naheffingsaanslag € 70,00, totaal € 73,10. Betaal uiterlijk op 9 november 2026.',
      'Bent u het niet eens met deze aanslag, dan kunt u binnen zes weken na de dagtekening bezwaar maken.', extra].join('\n');
    const plain = extractFields([text('')]);
    expect(plain.redirectDeadline).toBeNull();
    expect(plain.trust.redirectDeadline.trusted).toBe(true);
    // With a renter named as the reason to object, the objection is the way to the renter.
    const renter = extractFields([text('Was het voertuig verhuurd, stuur dan binnen dezelfde termijn de huurovereenkomst mee.')]);
    expect(renter.redirectDeadline?.value).toBe('2026-11-23');
  });
  it('reads a standard amount and its last day beside a bracketed reduced offer', () => {
    const f = extractFields(['Invoice date 14/10/2026\nParking Charge Notice\nParking charge: EUR 50.00, payable by 13/11/2026 (EUR 30.00 only if paid within ten days).']);
    expect(f.amountCents?.value).toBe(5000);
    expect(f.dueDate?.value).toBe('2026-11-13');
  });
  it('reads the increased charge a final notice demands, and not a period the first notice let pass', () => {
    const f = extractFields([['Date of notice 24/11/2026', 'Final Notice - Increased Fixed Charge',
      'Our notice dated 14/10/2026 (vehicle 07-KK-1234, parked on 13/10/2026 at 11:05 am) was not paid',
      'within 28 days.', 'The increased fixed charge of EUR 80.00 must be paid by 08/12/2026.'].join('\n')]);
    expect(f.amountCents?.value).toBe(8000);
    expect(f.dueDate?.value).toBe('2026-12-08');
  });
  it('does not take a last day counted from the letter\'s date ("… na" / "dagtekening, dus uiterlijk op …") for that date', () => {
    const f = extractFields(['Dagtekening 04-11-2026\nNaheffingsaanslag parkeerbelasting\nTotaal € 74,40, te betalen binnen een maand na\ndagtekening, dus uiterlijk op 04-12-2026.']);
    expect(f.documentDate?.value).toBe('2026-11-04');
    expect(f.doubts.documentDate).toBeUndefined();
    expect(f.dueDate?.value).toBe('2026-12-04');
  });
  it('reads a reminder with no kind words that asks to be paid as a fine, untrusted; "inbreuk", "parkten" and a bare "Dossier" label', () => {
    const f = extractFields(['Datum 25.11.2026\nErinnerung\nAuf unser Schreiben vom 14.10.2026 ist keine Zahlung eingegangen.\nZahlen Sie 35,00 € bis zum 09.12.2026.']);
    expect(f.kind).toMatchObject({ value: 'fine', confidence: 0.75 });
    const g = extractFields(['Datum 13.10.26\nAm Mittwoch, 7. Oktober 2026 um 9.05 Uhr parkten Sie mit dem Fahrzeug KI-AB 1204 im Haltverbot.']);
    expect(g.offenceAt).toMatchObject({ value: '2026-10-07T07:05:00.000Z' });
    expect(g.offenceAt!.confidence).toBeGreaterThanOrEqual(0.8);
    const h = extractFields(['Dossier SAC/XYZ/2026/0871\nDate 19 octobre 2026\nAmende administrative - stationnement']);
    expect(h.reference?.value).toBe('SAC/XYZ/2026/0871');
  });
});
