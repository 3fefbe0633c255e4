// Scans and photos read with OCR (tesseract.js, in this process), and hostile files that must end in
// a specific outcome within bounded time and memory. The full accuracy figures are in bench/reading.ts;
// here: scans and photos are read, and a field OCR could have misread is never trusted.
import zlib from 'node:zlib';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { expectedFields, letterTruth, makeFine, readValues, type FineTruth } from '../../fixtures/fine-truth.js';
import { renderFinePdf } from '../../fixtures/render-fine-pdf.js';
import { renderBlackAndWhiteScanPdf, renderNonFineJpeg, renderPhotoJpeg, renderScanPdf } from '../../fixtures/render-scan.js';
import { checkGate } from '../../fixtures/gate-check.js';
import { isConfident, type ExtractedFields } from '../../src/reading/fields.js';
import { cellsOf, closeOcr, headerColumns, wrappedCells, isBorderSpeck, isNoiseLine, isRuleNoise, splitSideColumns, transposeLabelRows, type OcrLine } from '../../src/reading/ocr.js';
import { confirmByRereading, ocrFactor, resolveLostPlateDigit, showsValue, weighByOcr } from '../../src/reading/ocr-confidence.js';
import { readDocument, repairOcrText } from '../../src/reading/read-document.js';
import { findAmounts } from '../../src/reading/amounts.js';
import { findTimes } from '../../src/reading/dates.js';
import { editDistance, nearlyOneOf } from '../../src/reading/fuzzy.js';

afterAll(closeOcr);
const OPTIONS = { maxPages: 20 };

function pdfWith(pages: number, size: [number, number] = [595, 842], text = ''): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size, autoFirstPage: false });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    for (let i = 0; i < pages; i++) {
      doc.addPage({ size });
      if (text) doc.text(text);
    }
    doc.end();
  });
}

const DECISIVE = ['plate', 'offenceAt', 'dueDate', 'redirectDeadline', 'amountCents'] as const;

function trustedButWrong(fields: ExtractedFields, truth: FineTruth): string[] {
  const expected = expectedFields(truth) as Record<string, unknown>;
  return DECISIVE.filter((name) => {
    const f = fields[name];
    return f !== null && isConfident(f) && JSON.stringify(f.value) !== JSON.stringify(expected[name]);
  });
}


/** Words set side by side, one small gap apart (their place on the line is not what these tests are about). */
const at = <W extends { text: string; confidence: number }>(w: W, k: number) => ({ ...w, x0: k * 10, x1: k * 10 + 8 });

describe('scans and photos (OCR)', () => {
  const cases: [string, FineTruth, (pdf: Buffer) => Promise<Buffer>][] = [
    ['a scanned Dutch police fine', makeFine('be-police-nl', 42), (pdf) => renderScanPdf(pdf, 42)],
    ['a photographed German Verwarnung', makeFine('de-verwarnung', 42), (pdf) => renderPhotoJpeg(pdf, 42)],
    // A 1-bit image, as office scanners store black-and-white scans.
    ['a black-and-white scan of a parking charge', makeFine('be-parking-nl', 42), (pdf) => renderBlackAndWhiteScanPdf(pdf, 42)],
    // Not just one image on the page: rendered with pdf.js instead of taking the image's pixels.
    ['a scanned page with a box drawn over it', makeFine('be-police-fr', 42), (pdf) => renderScanPdf(pdf, 42, { overlay: true })],
  ];
  it.each(cases)('reads %s with every field right', async (_name, truth, degrade) => {
    const result = await readDocument(await degrade(await renderFinePdf(truth)), OPTIONS);
    expect(result).toMatchObject({ status: 'read', method: 'ocr' });
    if (result.status !== 'read') return;
    const f = result.fields;
    expect(readValues(f)).toEqual(expectedFields(truth));
    // Every input trusted: the decision gate lets it be decided automatically, and rightly.
    expect(checkGate(result, letterTruth(truth))).toMatchObject({ decided: true, unsafe: null });
    expect(f.plate?.source?.page).toBe(1);
    // Where each line is on the page, kept for the operators' view to outline it: inside the page,
    // the plate's line above the amount's in these layouts' reading order or on the same row.
    for (const field of [f.plate, f.offenceAt, f.amountCents]) {
      const box = field?.source?.box;
      expect(box).toBeDefined();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.y).toBeGreaterThan(0);
      expect(box!.x + box!.w).toBeLessThanOrEqual(1.01);
      expect(box!.y + box!.h).toBeLessThan(1);
      expect(box!.h).toBeLessThan(0.1); // one line, not the page
    }
  }, 60_000);

  it('never trusts a misread: a photo whose plate OCR gets wrong goes to review', async () => {
    // In this photo Tesseract reads the plate 1-LFN-842 as 1 LEN 842 (measured); the second reading disagrees.
    const truth = makeFine('be-parking-nl', 42);
    const result = await readDocument(await renderPhotoJpeg(await renderFinePdf(truth), 42), OPTIONS);
    expect(result.status).toBe('read');
    if (result.status !== 'read') return;
    expect(trustedButWrong(result.fields, truth)).toEqual([]);
    expect(checkGate(result, letterTruth(truth)).unsafe).toBeNull();
  }, 60_000);

  it('reads a JPEG that is not a fine as unreadable, not as a fine', async () => {
    expect(await readDocument(await renderNonFineJpeg(), OPTIONS)).toMatchObject({ status: 'unreadable', cause: 'no_text' });
  }, 30_000);
});

describe('second reading (pure)', () => {
  it('lowers a field whose value the second reading does not show', () => {
    const source = { page: 1, text: 'Nummerplaat 1-LEN-842' };
    const fields = { plate: { value: '1LEN842', confidence: 0.95, source } } as unknown as ExtractedFields;
    expect(confirmByRereading(fields, () => 'Nummerplaat 1-LFN-842').plate?.confidence).toBe(0.5);
    expect(confirmByRereading(fields, () => 'Nummerplaat 1-LEN-842').plate?.confidence).toBe(0.95);
  });
  it('checks a deadline counted from the document date by the numbers on its line', () => {
    const line = { page: 1, text: 'binnen 45 dagen vanaf de datum van verzending' };
    const fields = {
      documentDate: { value: '2026-11-20', confidence: 0.95, source: { page: 1, text: 'Datum van verzending 20/11/2026' } },
      redirectDeadline: { value: '2027-01-04', confidence: 0.9, source: line },
    } as unknown as ExtractedFields;
    const reread = (_p: number, text: string) => (text === line.text ? 'binnen 46 dagen vanaf de datum van verzending' : text);
    expect(confirmByRereading(fields, reread).redirectDeadline?.confidence).toBe(0.5);
    expect(confirmByRereading(fields, (_p, text) => text).redirectDeadline?.confidence).toBe(0.9);
  });
  it('knows when a line shows a value literally', () => {
    expect(showsValue('amountCents', 13500, 'Montant 135,00 €')).toBe(true);
    expect(showsValue('dueDate', '2026-12-20', 'Vervaldatum 20-12-2026')).toBe(true);
    expect(showsValue('dueDate', '2026-12-20', 'binnen 30 dagen')).toBe(false);
  });
  it('weighs a plate by its weakest word, letters-only words included', () => {
    // "MF-982-EJ" read as "M-982- EJ": the digit word looks sure, the "EJ" beside it is not.
    const text = 'Immatriculation M-982-EJ';
    const words = [{ text: 'Immatriculation', confidence: 96 }, { text: 'M-982-', confidence: 90 }, { text: 'EJ', confidence: 72 }].map(at);
    const line = { text, confidence: 88, weakestNumberWord: 90, box: { x0: 0, y0: 0, x1: 100, y1: 10 }, words };
    const fields = { plate: { value: 'M982EJ', confidence: 0.95, source: { page: 1, text } } } as unknown as ExtractedFields;
    const weighed = weighByOcr(fields, [[line]]);
    expect(weighed.plate!.confidence).toBeCloseTo(0.95 * ocrFactor(72), 3);
    expect(isConfident(weighed.plate!)).toBe(false);
    const sure = weighByOcr(fields, [[{ ...line, words: words.map((w) => ({ ...w, confidence: 96 })), weakestNumberWord: 96, confidence: 96 }]]);
    expect(isConfident(sure.plate!)).toBe(true);
  });
  it('weighs a date or amount by the words that print it, not by a doubtful number beside it', () => {
    const text = 'PV 61.LL.4471/2026 du 09/11/2026 à 10:29 Montant 116,00 EUR';
    const words = [
      { text: 'PV', confidence: 95 }, { text: '61.LL.4471/2026', confidence: 52 }, { text: 'du', confidence: 93 },
      { text: '09/11/2026', confidence: 94 }, { text: 'à', confidence: 90 }, { text: '10:29', confidence: 92 },
      { text: 'Montant', confidence: 95 }, { text: '116,00', confidence: 93 }, { text: 'EUR', confidence: 96 },
    ].map(at);
    const line = { text, confidence: 89, weakestNumberWord: 52, box: { x0: 0, y0: 0, x1: 100, y1: 10 }, words };
    const source = { page: 1, text };
    const fields = {
      offenceAt: { value: '2026-11-09T09:29:00.000Z', confidence: 0.95, source },
      amountCents: { value: 11600, confidence: 0.95, source },
    } as unknown as ExtractedFields;
    const weighed = weighByOcr(fields, [[line]]);
    expect(weighed.offenceAt!.confidence).toBeCloseTo(0.95 * ocrFactor(92), 3);
    expect(weighed.amountCents!.confidence).toBeCloseTo(0.95 * ocrFactor(93), 3);
    // The value's own word doubtful ("116,00" read at 61): the amount is not trusted.
    const doubtful = words.map((w) => (w.text === '116,00' ? { ...w, confidence: 61 } : w));
    expect(isConfident(weighByOcr(fields, [[{ ...line, words: doubtful }]]).amountCents!)).toBe(false);
    // A value derived from its line (a period) has no word of its own: every number on the line counts.
    const period = { redirectDeadline: { value: '2027-01-04', confidence: 0.95, source } } as unknown as ExtractedFields;
    expect(weighByOcr(period, [[line]]).redirectDeadline!.confidence).toBeCloseTo(0.95 * ocrFactor(52), 3);
  });
  it('puts back a Belgian plate\'s leading 1 that OCR read as a bar, trusted only if the second reading shows it', () => {
    const plateOn = (text: string, value: string, second?: string) =>
      resolveLostPlateDigit({ plate: { value, confidence: 0.95, source: { page: 1, text } } } as unknown as ExtractedFields, () => second).plate;
    const line = 'reed het voertuig met nummerplaat | KMG 418 de zone binnen';
    expect(plateOn(line, 'KMG418')).toMatchObject({ value: '1KMG418', confidence: 0.5 });
    expect(plateOn(line, 'KMG418', 'reed het voertuig met nummerplaat | KMG 418 de zone')).toMatchObject({ value: '1KMG418', confidence: 0.5 });
    expect(plateOn(line, 'KMG418', 'reed het voertuig met nummerplaat 1 KMG 418 de zone')).toMatchObject({ value: '1KMG418', confidence: 0.95 });
    expect(plateOn('met nummerplaat l KMG-418', 'KMG418')).toMatchObject({ value: '1KMG418', confidence: 0.5 });
    expect(plateOn('met nummerplaat KMG 418', 'KMG418')).toMatchObject({ value: 'KMG418', confidence: 0.95 });
    expect(plateOn('met nummerplaat 1 KMG 418', '1KMG418')).toMatchObject({ value: '1KMG418', confidence: 0.95 });
  });
  it('repairs OCR habits in numbers and codes, not in values it cannot know', () => {
    expect(repairOcrText('Date d\'envoi 20/ 11/ 2026 à 08: 31')).toBe("Date d'envoi 20/11/2026 à 08:31");
    expect(repairOcrText('PV-nummer AN.70.1.5.614885/2026')).toBe('PV-nummer AN.70.L5.614885/2026');
    // A Belgian plate's last digit split off: joined, when that makes three digits.
    expect(repairOcrText('le véhicule immatriculé 1-VFL-61 1, dont')).toBe('le véhicule immatriculé 1-VFL-611, dont');
    expect(repairOcrText('1-VFL-611 12 km/h')).toBe('1-VFL-611 12 km/h');
    expect(repairOcrText('PV-nummer BR.69.19.778500/2026')).toBe('PV-nummer BR.69.L9.778500/2026');
    expect(repairOcrText('PV-nummer LG.95.L.7.626397/2026')).toBe('PV-nummer LG.95.L7.626397/2026');
    expect(repairOcrText('Ons kenmerk: BR. 69.L5.762639/2026')).toBe('Ons kenmerk: BR.69.L5.762639/2026');
    expect(repairOcrText('Ons kenmerk: BR 69.L5.762639/2026')).toBe('Ons kenmerk: BR.69.L5.762639/2026');
    expect(repairOcrText('PV-nummer BR.36.L9 949163/2026')).toBe('PV-nummer BR.36.L9.949163/2026');
    expect(repairOcrText('N° BR.69.1.9.7785002026')).toBe('N° BR.69.L9.778500/2026');
    expect(repairOcrText('Montant 35,00 € 20/11/2026')).toBe('Montant 35,00 € 20/11/2026');
    expect(repairOcrText('Kenteken GZ- 123- KL')).toBe('Kenteken GZ-123-KL');
    expect(repairOcrText('Rückantwort bis: 04.12 2026')).toBe('Rückantwort bis: 04.12.2026');
  });
  it('weighs OCR word confidence', () => {
    expect(ocrFactor(95)).toBe(1);
    expect(ocrFactor(40)).toBe(0);
    expect(ocrFactor(70)).toBeCloseTo(0.667, 2);
  });
  it('matches labels OCR garbled by a letter or two, and nothing else', () => {
    expect(editDistance('factuurnummer', 'factuunummer')).toBe(1);
    expect(nearlyOneOf('Fachnunummer:', ['factuurnummer'])).toBe(true);
    expect(nearlyOneOf('CJ IB-nummer', ['cjibnummer'])).toBe(true);
    expect(nearlyOneOf('Telefoon', ['factuurnummer', 'dossiernummer'])).toBe(false);
  });
});

describe('hostile files end in a specific outcome', () => {
  it('refuses a PDF with 5,000 pages without rendering any', async () => {
    expect(await readDocument(await pdfWith(5000), OPTIONS)).toMatchObject({ status: 'unreadable', cause: 'too_many_pages', pageCount: null });
  }, 60_000);
  it('refuses a 40-page PDF (at most 20 pages are read)', async () => {
    expect(await readDocument(await pdfWith(40, undefined, 'Bijlage'), OPTIONS)).toMatchObject({ status: 'unreadable', cause: 'too_many_pages' });
  });
  it('refuses to render a scanned page of 5 × 5 metres', async () => {
    expect(await readDocument(await pdfWith(1, [14_000, 14_000]), OPTIONS)).toMatchObject({ status: 'unreadable', cause: 'page_too_large' });
  });
  it('reads a 12,000 × 12,000 pixel image shrunk, not at full size', async () => {
    const huge = await sharp({ create: { width: 12_000, height: 12_000, channels: 3, background: '#ffffff' } }).jpeg().toBuffer();
    expect(await readDocument(huge, OPTIONS)).toMatchObject({ status: 'unreadable', cause: 'no_text' });
  }, 60_000);
  it('refuses an image of more than 200 megapixels from its header alone', async () => {
    // A decompression bomb: a 300-byte PNG whose header claims 50,000 × 50,000 pixels.
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(zlib.crc32(body));
      return Buffer.concat([length, body, crc]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(50_000, 0);
    ihdr.writeUInt32BE(50_000, 4);
    ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
    const bomb = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', zlib.deflateSync(Buffer.alloc(1000))),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    expect(await readDocument(bomb, OPTIONS)).toMatchObject({ status: 'unreadable', cause: 'image_too_large' });
  }, 60_000);
  it('calls a damaged JPEG a damaged image', async () => {
    const jpeg = await renderNonFineJpeg();
    expect(await readDocument(jpeg.subarray(0, 600), OPTIONS)).toMatchObject({ status: 'unreadable', cause: 'corrupt_image' });
  });
});

describe('a strip of values over their labels, as OCR reads it', () => {
  const word = (text: string, x0: number) => ({ text, confidence: 90, x0, x1: x0 + text.length * 20 });
  // Words of a cell set one small gap apart.
  const cell = (text: string, x0: number) => {
    let x = x0;
    return text.split(' ').map((t) => {
      const w = word(t, x);
      x = w.x1 + 10;
      return w;
    });
  };
  const line = (words: ReturnType<typeof word>[], y0: number): OcrLine => ({
    text: words.map((w) => w.text).join(' '),
    confidence: 90,
    weakestNumberWord: 90,
    box: { x0: words[0]!.x0, y0, x1: words[words.length - 1]!.x1, y1: y0 + 40 },
    words,
  });
  it('puts each label back beside its value, with the value\'s box', () => {
    const values = line([word('06/10/2026', 100), word('RS/2026/048213', 600), word('25,00', 1200), word('€', 1310)], 500);
    const labels = line([word('date', 100), word("d'envoi", 190), word('numéro', 600), word('de', 730), word('dossier', 780), word('montant', 1200)], 545);
    const out = transposeLabelRows([values, labels]);
    expect(out.map((l) => l.text)).toEqual(["date d'envoi 06/10/2026", 'numéro de dossier RS/2026/048213', 'montant 25,00 €']);
    expect(out[0]!.box).toEqual({ x0: 100, y0: 500, x1: 300, y1: 540 });
  });
  it('reads a side column of values beside the body text column by column, and leaves a label-value table as rows', () => {
    const row = (leftText: string, rightText: string, y0: number) => line([...cell(leftText, 100), ...cell(rightText, 900)], y0);
    const rows = [
      row('15/09/2026', 'Op de datum en het tijdstip', 100),
      row('LEZ-2026-0815377', 'er was voor die dag geen', 150),
      row('07:52', 'kopie van de huurovereenkomst', 200),
    ];
    expect(splitSideColumns(rows).map((l) => l.text)).toEqual([
      '15/09/2026', 'LEZ-2026-0815377', '07:52', 'Op de datum en het tijdstip', 'er was voor die dag geen', 'kopie van de huurovereenkomst',
    ]);
    const table = [row('Geldbuße', '70,00 €', 100), row('Gebühr', '28,50 €', 150), row('Gesamtbetrag', '98,50 €', 200)];
    expect(splitSideColumns(table).map((l) => l.text)).toEqual(table.map((l) => l.text));
  });
  it('reads a panel of two columns of label-value pairs column by column', () => {
    const row = (texts: string[], y0: number) => line(texts.flatMap((t, k) => cell(t, [100, 600, 1100, 1600][k]!)), y0);
    const rows = [
      row(['PCN number', 'MG26PCN0418772', 'Date of crossing', '9 September 2026'], 100),
      row(['Vehicle registration', '1-HSV-604', 'Time (UK)', '2:12 pm'], 150),
      row(['Deemed date of service', '17 September 2026'], 200),
    ];
    expect(splitSideColumns(rows).map((l) => l.text)).toEqual([
      'PCN number MG26PCN0418772', 'Vehicle registration 1-HSV-604', 'Deemed date of service 17 September 2026', 'Date of crossing 9 September 2026', 'Time (UK) 2:12 pm',
    ]);
  });
  it('reads a header wrapped over rows across narrow columns column by column, as a text layer gives it', () => {
    const header = [
      line([...cell("N° de l'avertis-", 180), word('|', 434), ...cell('Date et heure', 448), ...cell('Numero', 651), ...cell('Montant de', 1420)], 700),
      line([...cell('sement', 183), word('|', 434), ...cell('de la consta-', 447), ...cell("d'imma-", 651), ...cell("l'avertis-sement", 1421)], 745),
      line([...cell('tation', 443), ...cell('triculation', 650), ...cell('taxé', 1420)], 790),
    ];
    const row = line([...cell('AT-DI-2026-04471', 182), ...cell('28/09/2026 14 h', 448), ...cell('LW 7781', 656), ...cell('49 euros', 1420)], 830);
    expect(headerColumns([...header, row]).map((l) => l.text)).toEqual([
      "N° de l'avertis-", 'sement', 'Date et heure', 'de la consta-', 'tation', 'Numero', "d'imma-", 'triculation', 'Montant de', "l'avertis-sement", 'taxé', row.text,
    ]);
    // A sentence just above the header stays whole.
    const sentence = line(cell('Le détail de l\'infraction figure dans le tableau ci-dessous', 180), 650);
    expect(headerColumns([sentence, ...header, row])[0]!.text).toBe(sentence.text);
    // Two lines of prose above a row with numbers are no header.
    const prose = [line(cell('Un agent municipal a constaté', 180), 700), line(cell("l'infraction décrite ci-dessous", 180), 745)];
    expect(headerColumns([...prose, row]).map((l) => l.text)).toEqual([...prose, row].map((l) => l.text));
  });
  it('drops "words" made of a ruled line and the doubtful scraps left beside them', () => {
    expect(isRuleNoise({ text: 'ee', confidence: 32, bbox: { x0: 170, x1: 591 } }, 50)).toBe(true);
    expect(isRuleNoise({ text: 'AT-DI-2026-04471', confidence: 91, bbox: { x0: 182, x1: 377 } }, 53)).toBe(false);
    expect(isRuleNoise({ text: '—', confidence: 40, bbox: { x0: 482, x1: 505 } }, 41)).toBe(false); // a dash is as wide as a letter
    expect(isRuleNoise({ text: 'a', confidence: 67, bbox: { x0: 508, x1: 570 } }, 29)).toBe(true); // a border read surely as "a"
    const w = (text: string, confidence: number, x0: number, x1: number) => ({ text, confidence, bbox: { x0, x1 } });
    expect(isBorderSpeck(w('a', 44, 545, 571), w('fine', 96, 413, 449), w('EUR', 96, 716, 755), 37)).toBe(true);
    expect(isBorderSpeck(w('5', 93, 560, 569), w('vak', 96, 500, 540), w('op', 96, 580, 600), 37)).toBe(false); // "vak 5 op"
    expect(isBorderSpeck(w('h', 45, 611, 623), w('14', 93, 578, 602), w('05', 93, 640, 660), 37)).toBe(false); // close to its neighbours
    expect(isNoiseLine([{ text: 'TH', confidence: 36 }, { text: 'oe', confidence: 43 }])).toBe(true);
    expect(isNoiseLine([{ text: 'TH', confidence: 36 }, { text: '05', confidence: 93 }])).toBe(false);
  });
  it('puts the second lines of a row\'s wrapped cells back in their cells', () => {
    const row = line([...cell('AT-DI-2026-04471', 100), ...cell('28/09/2026 14 h', 600), ...cell('Avenue de la Liberté,', 1000), ...cell('49 euros', 1600)], 825);
    const wrap = line([...cell('05', 600), ...cell('face au n° 52', 1000)], 860);
    expect(wrappedCells([row, wrap]).map((l) => l.text)).toEqual(['AT-DI-2026-04471 28/09/2026 14 h 05 Avenue de la Liberté, face au n° 52 49 euros']);
    // The next record of a table fills its first column: a row of its own.
    const next = line([...cell('AT-DI-2026-04472', 100), ...cell('29/09/2026 9 h', 600)], 860);
    expect(wrappedCells([row, next])).toHaveLength(2);
    // The next label of a two-column panel starts with a capital: a row of its own.
    const panel = line([...cell('Country', 100), ...cell('Belgium (B)', 300), ...cell('Payment deadline', 900), ...cell('24.10.2026', 1250)], 767);
    const label = line([...cell('Reference', 900), ...cell('SI12 20260418776', 1250)], 818);
    expect(wrappedCells([panel, label])).toHaveLength(2);
  });
  it('ends a cell at a ruled border however close the next word is', () => {
    const bordered = line([word('Date', 448), word('|', 640), word('Numero', 651)], 700);
    expect(cellsOf(bordered).map((c) => c.text)).toEqual(['Date', 'Numero']);
  });
  it('does not take a letterhead beside a label panel for a strip of values over labels', () => {
    const head = line([...cell('Königreich Belgien', 214), ...cell('Unser Zeichen', 1050), ...cell('EU.55.L1.021844/26', 1280)], 132);
    const next = line([...cell('Staatsanwaltschaft Eupen', 214), ...cell('Sachbearbeiterin', 1049), ...cell('Fr. M. Kessel', 1279)], 167);
    expect(transposeLabelRows([head, next]).map((l) => l.text)).toEqual([head.text, next.text]);
  });
  it('leaves rows alone when the cells do not pair up, or the lower row holds a number', () => {
    const values = line([word('06/10/2026', 100), word('RS/2026/048213', 600)], 500);
    const sentence = line([word('Le', 100), word('véhicule', 150), word('stationnait', 330)], 545);
    expect(transposeLabelRows([values, sentence]).map((l) => l.text)).toEqual([values.text, sentence.text]);
    const numbered = line([word('date', 100), word('plaque', 600), word('2', 700)], 545);
    expect(transposeLabelRows([values, numbered])).toHaveLength(2);
  });
});

describe('OCR habits repaired before reading', () => {
  it('drops ruled table borders and leading specks, and reads a capital O among digits as a zero', () => {
    expect(repairOcrText('| 17.09.2026 | 14.05 Nordhordlandsbrua | 1-RWT-809 (B) |')).toBe('17.09.2026 14.05 Nordhordlandsbrua 1-RWT-809 (B)');
    expect(repairOcrText('Le 29/09/2026 à 14 h O5, le véhicule')).toBe('Le 29/09/2026 à 14 h 05, le véhicule');
    expect(repairOcrText('AT-E 2026 / O 41 877')).toBe('AT-E 2026 / 0 41 877');
    expect(repairOcrText('; Aalst, 12 oktober 2026')).toBe('Aalst, 12 oktober 2026');
    expect(repairOcrText('OVERTREDING Oostende')).toBe('OVERTREDING Oostende'); // an O in a word stays
    expect(repairOcrText('Zentrale BuBgeldstelle, auBerhalb')).toBe('Zentrale Bußgeldstelle, außerhalb');
    expect(repairOcrText('BAB A3, BMW, Bonn')).toBe('BAB A3, BMW, Bonn');
    expect(repairOcrText('1500972026 09u47 E40 Aalter')).toBe('15/09/2026 09u47 E40 Aalter');
    expect(repairOcrText('Referentie 1500972026 voor betaling')).toBe('Referentie 1500972026 voor betaling'); // no time after it: a number
    expect(repairOcrText('Unser Zeichen EU.S5.L1.021844/26')).toBe('Unser Zeichen EU.55.L1.021844/26');
    expect(repairOcrText('File number zBE-2026-0318452')).toBe('File number ZBE-2026-0318452');
    expect(repairOcrText('op 12 oktober, code s 12')).toBe('op 12 oktober, code s 12');
    expect(repairOcrText('Kenteken S-123 Straße 5')).toBe('Kenteken S-123 Straße 5'); // a short number keeps its S
  });
});

describe('OCR habits of batches 18 and 19', () => {
  it('repairs a code\'s slash read as I ("VVI2026/118834") and a time whose separator was lost before "Uhr"', () => {
    expect(repairOcrText('Référence VVI2026/118834')).toBe('Référence VV/2026/118834');
    expect(repairOcrText('13.10.2026 1026 Uhr Oldenburg')).toBe('13.10.2026 10.26 Uhr Oldenburg');
    // A year before "Uhr" is left as it is only when it is no time: 2026 is none (hours stop at 23).
    expect(repairOcrText('seit 2026 Uhrzeit')).toBe('seit 2026 Uhrzeit');
  });
  it('gives the sign to the amount with cents before it, not to a speck read as a digit after it', () => {
    expect(findAmounts('au plus tard le 20/11/2026 (amende forfaitaire) 135,00 € 1').map((a) => a.cents)).toEqual([13500]);
    expect(findAmounts('Tol doortocht cat. 1 € 6,80').map((a) => a.cents)).toEqual([680]);
  });
  it('reads a time with its "h" glued on ("17:45h")', () => {
    expect(findTimes('Date / time 01/10/2026 - 17:45h')).toEqual([expect.objectContaining({ hours: 17, minutes: 45 })]);
  });
});
