// Raw mails built by hand, the way an attacker would write them: nesting, part counts and header
// bytes that no mail composer produces.
import { randomBytes } from 'node:crypto';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';

const CRLF = '\r\n';
const b64 = (content: Buffer) => content.toString('base64').replace(/.{76}/g, `$&${CRLF}`);

export type RawPart = { contentType: string; filename?: string; content: Buffer; disposition?: 'attachment' | 'inline'; encoding?: 'base64' | '8bit' };

/** A multipart/mixed mail; headers are written as given (latin1: one byte per char), so they may hold any byte. */
export function rawMail(headers: Record<string, string>, parts: RawPart[]): Buffer {
  const boundary = `b${randomBytes(8).toString('hex')}`;
  const head = Object.entries({ 'MIME-Version': '1.0', ...headers, 'Content-Type': `multipart/mixed; boundary="${boundary}"` })
    .map(([k, v]) => `${k}: ${v}`)
    .join(CRLF);
  const chunks: Buffer[] = [Buffer.from(`${head}${CRLF}${CRLF}`, 'latin1'), Buffer.from(`--${boundary}${CRLF}Content-Type: text/plain; charset=utf-8${CRLF}${CRLF}Zie bijlage.${CRLF}`)];
  for (const p of parts) {
    const encoding = p.encoding ?? 'base64';
    const name = p.filename === undefined ? '' : `; filename="${p.filename}"`;
    const partHead = `--${boundary}${CRLF}Content-Type: ${p.contentType}${CRLF}Content-Disposition: ${p.disposition ?? 'attachment'}${name}${CRLF}Content-Transfer-Encoding: ${encoding}${CRLF}${CRLF}`;
    chunks.push(Buffer.from(partHead, 'latin1'), encoding === 'base64' ? Buffer.from(b64(p.content)) : p.content, Buffer.from(CRLF));
  }
  chunks.push(Buffer.from(`--${boundary}--${CRLF}`));
  return Buffer.concat(chunks);
}

/** `inner` forwarded `depth` times, each time as a message/rfc822 attachment (what mail clients send). */
export function nestedForwards(inner: Buffer, depth: number, headers: Record<string, string>): Buffer {
  let mail = inner;
  for (let i = 0; i < depth; i += 1) {
    mail = rawMail({ ...headers, Subject: `Fwd: level ${depth - i}` }, [{ contentType: 'message/rfc822', filename: 'forwarded.eml', content: mail, encoding: '8bit' }]);
  }
  return mail;
}

/** A PDF of `pages` empty pages: a few hundred bytes a page, and every page needs OCR to find nothing. */
export function blankPdf(pages: number): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false, compress: true });
  for (let i = 0; i < pages; i += 1) doc.addPage({ size: 'A4' });
  return collect(doc);
}

/** The smallest valid one-page PDF with a unique text line (so each is its own document). */
export function tinyPdf(label: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A6' });
  doc.fontSize(8).text(label);
  return collect(doc);
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.end();
  return done;
}

/** A stored ZIP archive (no compression) whose first entry is `content`: "%PDF-" then sits at byte 30 + name length. */
export function zipWithEntry(name: string, content: Buffer): Buffer {
  const nameBytes = Buffer.from(name);
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt32LE(content.length, 18);
  header.writeUInt32LE(content.length, 22);
  header.writeUInt16LE(nameBytes.length, 26);
  return Buffer.concat([header, nameBytes, content, Buffer.from('PK\u0005\u0006'), Buffer.alloc(18)]);
}

/** A photo as TIFF (sharp writes it). */
export const toTiff = (jpeg: Buffer) => sharp(jpeg).tiff({ compression: 'lzw' }).toBuffer();

/** The first bytes of an iPhone HEIC photo (ftyp box, brand heic) and noise: enough to be recognised, not decodable here anyway. */
export function heicLike(): Buffer {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.from([0, 0, 0, 0]), Buffer.from('mif1heic')]);
  return Buffer.concat([ftyp, randomBytes(4000)]);
}
