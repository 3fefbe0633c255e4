// Text of a PDF's pages through pdf-parse (pdf.js). Runs inside a worker thread (see parse-pool.ts).
import { PDFParse } from 'pdf-parse';
import { PermanentError } from '../errors.js';

export type PdfText = { pageCount: number; pages: string[] };

export async function readPdfText(bytes: Uint8Array, maxPages: number): Promise<PdfText> {
  // pdf.js takes ownership of (and detaches) the buffer it is given: hand it a copy.
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0 });
  try {
    const info = await parser.getInfo();
    const pageCount = info.total;
    if (pageCount > maxPages) {
      throw new PermanentError(`the PDF has ${pageCount} pages; at most ${maxPages} are read`, 'too_many_pages');
    }
    const text = await parser.getText({ pageJoiner: '' });
    return { pageCount, pages: text.pages.map((p) => p.text) };
  } catch (error) {
    if (error instanceof PermanentError) throw error;
    const name = (error as { name?: string }).name ?? '';
    const message = (error as Error).message ?? String(error);
    if (name === 'PasswordException' || /password/i.test(message)) {
      throw new PermanentError('the PDF is password-protected', 'password_protected', { cause: error });
    }
    throw new PermanentError(`the PDF cannot be opened: ${message}`, 'corrupt_pdf', { cause: error });
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}
