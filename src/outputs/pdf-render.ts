// Draws a PrintModel as a PDF with pdfkit. Deterministic on purpose: the creation date comes from
// the model (the decision's time), pdfkit derives the file ID from the metadata, and the standard
// fonts are not subset, so the same model always gives the same bytes (and the same SHA-256).
// Runs in a render thread (render-pool.ts), never on the event loop.
import PDFDocument from 'pdfkit';
import type { PrintModel } from './output-facts.js';

// The standard fonts encode WinAnsi only: letters outside it are written without their accent
// rather than as a wrong glyph (the data stays exact in the database and the CSVs).
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
// Letters that have no decomposition to a base letter (Polish Ł, Croatian Đ, Turkish ı).
const NO_DECOMPOSITION: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', ı: 'i', Ħ: 'H', ħ: 'h', ŀ: 'l', Ŀ: 'L' };
function printable(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code === 0x0a || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else out += NO_DECOMPOSITION[ch] ?? (ch.normalize('NFKD').replace(/[^\x20-\x7e]/g, '') || '?');
  }
  return out;
}

export async function renderPdf(model: PrintModel): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: printable(model.info.title), Subject: printable(model.info.subject), Creator: 'boete', Producer: 'boete', CreationDate: new Date(model.info.creationDate) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(10);
  for (const line of model.sender) doc.text(printable(line), 50, doc.y);
  const top = 130;
  doc.font('Helvetica').fontSize(10);
  doc.y = top;
  for (const line of model.addressee) doc.text(printable(line), 320, doc.y, { width: 225 });
  doc.y = Math.max(doc.y, top + 60) + 20;
  doc.font('Helvetica-Bold').fontSize(14).text(printable(model.title), 50, doc.y, { width: 495 });
  doc.moveDown(0.8);
  for (const block of model.blocks) {
    if (block.type === 'heading') {
      doc.moveDown(0.4);
      doc.font('Helvetica-Bold').fontSize(11).text(printable(block.text), 50, doc.y, { width: 495 });
      doc.moveDown(0.3);
    } else if (block.type === 'paragraph') {
      doc.font('Helvetica').fontSize(10).text(printable(block.text), 50, doc.y, { width: 495 });
      doc.moveDown(0.6);
    } else {
      for (const [label, value] of block.rows) {
        const y = doc.y;
        doc.font('Helvetica-Bold').fontSize(10).text(printable(label), 50, y, { width: 190 });
        const afterLabel = doc.y;
        doc.font('Helvetica').fontSize(10).text(printable(value), 250, y, { width: 295 });
        doc.y = Math.max(doc.y, afterLabel);
        doc.moveDown(0.25);
      }
      doc.moveDown(0.5);
    }
  }
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
