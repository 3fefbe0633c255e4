// The OCR models are joined into one directory of links (src/reading/ocr.ts). A link another
// installation left there (an older release, another checkout) may point at files that are gone;
// Tesseract then waits for them forever, so every scan times out. The directory is repaired.
import { existsSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { languageDirectory } from '../../src/reading/ocr.js';

const tmpdir = process.env.TMPDIR;
afterEach(() => {
  if (tmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = tmpdir;
});

describe('the OCR model directory', () => {
  it('points links left by a removed installation at this one', () => {
    process.env.TMPDIR = mkdtempSync(path.join(os.tmpdir(), 'boete-ocr-models-'));
    const first = languageDirectory();
    const stale = path.join(first, 'nld.traineddata.gz');
    // What a checkout that has since been deleted leaves behind.
    const gone = path.join(process.env.TMPDIR, 'removed-checkout', 'nld.traineddata.gz');
    mkdirSync(path.dirname(gone), { recursive: true });
    expect(existsSync(gone)).toBe(false);
    rmSync(stale);
    symlinkSync(gone, stale);
    const again = languageDirectory();
    expect(again).toBe(first);
    for (const code of ['nld', 'fra', 'deu', 'eng']) {
      const link = path.join(again, `${code}.traineddata.gz`);
      expect(existsSync(link)).toBe(true); // the link resolves to a model file
      expect(readlinkSync(link)).toContain(`@tesseract.js-data/${code}/`);
    }
  });
});
