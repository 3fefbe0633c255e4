// The text readPdfText gives for every PDF of fixtures/pdf-text-corpus.ts, pinned as a SHA-256 of
// the pages (or of the error's code and message). Written once with the pdf-parse call it replaced
// (BOETE_UPDATE_GOLDEN=1 rewrites it); a difference names the letters whose text changed.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pdfTextCorpus } from '../../fixtures/pdf-text-corpus.js';
import { PermanentError } from '../../src/errors.js';
import { readPdfText } from '../../src/reading/pdf-text.js';

const GOLDEN = new URL('./pdf-text-golden.json', import.meta.url);

async function outcome(bytes: Buffer, maxPages: number): Promise<string> {
  try {
    const { pageCount, pages } = await readPdfText(bytes, maxPages);
    return `${pageCount} ${createHash('sha256').update(JSON.stringify(pages)).digest('hex')}`;
  } catch (error) {
    if (!(error instanceof PermanentError)) throw error;
    return `${error.code}: ${createHash('sha256').update(error.message).digest('hex').slice(0, 16)}`;
  }
}

describe('PDF text layer', () => {
  it('gives the same text for every known PDF', async () => {
    const got: Record<string, string> = {};
    for (const c of pdfTextCorpus()) got[c.name] = await outcome(await c.render(), c.maxPages);
    if (process.env.BOETE_UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, `${JSON.stringify(got, null, 1)}\n`);
    const want = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, string>;
    expect(Object.keys(got).length).toBeGreaterThan(100);
    expect(got).toEqual(want);
  }, 300_000);
});
