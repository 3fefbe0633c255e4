// Reading accuracy, decision safety and speed, on two corpora kept apart:
// - developed-on: the generated layouts the reader was written against (fixtures/fine-truth.ts), as a
//   text PDF, a grey scan, an office black-and-white (1-bit) scan, a phone photo and a poor photo;
// - first-sight: letters written by a helper who had not read the reader (fixtures/first-sight/),
//   as text PDFs, grey scans and photos. Their figure, taken before the reader was changed for
//   them, is the one that predicts real letters.
// Every document is read by the product's reader in this process (one at a time: OCR uses one core)
// and put through the product's decision gate (fixtures/gate-check.ts). Per row: documents with
// every field right, documents decided automatically, UNSAFE ones (decided on a wrong plate, offence
// time, due date, redirect deadline, amount, kind, deadline basis or latestDeliveryDate: must be 0),
// decided ones with a wrong reference (not a decisive field, but the redirect pack quotes it), over-cautious ones (every decisive field right and still held), time per page.
//
//   node --expose-gc --import tsx bench/reading.ts [--seeds N] [--corpus developed,first-sight] [--only VARIANT,…]
//        [--memory-docs N] [--memory-ocr-docs N] [--failures]
//   (defaults: 3 seeds, every corpus (developed and each letter set), every variant, no memory runs; e.g. --only "text,scan")
import { FIRST_SIGHT_BATCHES } from '../fixtures/first-sight-batches.js';
import type { FirstSightLetter } from '../fixtures/first-sight/types.js';
import { LAYOUTS, letterTruth, makeFine } from '../fixtures/fine-truth.js';
import { checkGate, COMPARED_FIELDS, wrongFields, type LetterTruth } from '../fixtures/gate-check.js';
import { renderFinePdf } from '../fixtures/render-fine-pdf.js';
import { renderBlackAndWhiteScanPdf, renderPhotoJpeg, renderScanPdf } from '../fixtures/render-scan.js';
import { closeOcr } from '../src/reading/ocr.js';
import { readDocument } from '../src/reading/read-document.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? (process.argv[i + 1] as string) : fallback;
};
const SEEDS = Number(arg('--seeds', '3'));
const MEMORY_DOCS = Number(arg('--memory-docs', '0'));
const MEMORY_OCR_DOCS = Number(arg('--memory-ocr-docs', '0'));
// Every corpus when none is named: `developed` and each letter set below (a new batch is listed once, there).
const CORPORA_ASKED = process.argv.includes('--corpus') ? arg('--corpus', '').split(',') : null;
const inCorpora = (corpus: string) => CORPORA_ASKED === null || CORPORA_ASKED.includes(corpus);
const ONLY = process.argv.includes('--only') ? arg('--only', '').split(',') : null;
const SHOW_FAILURES = process.argv.includes('--failures');

type Variant = 'text' | 'scan' | 'bw scan' | 'photo' | 'poor photo';
type Row = { corpus: string; variant: Variant };
type Tally = {
  docs: number; allRight: number; rightDecided: number; decided: number; unsafe: number; wrongReferenceDecided: number; overCautious: number; unreadable: number;
  fieldRight: Record<string, number>; msPerPage: number[];
};
const tallies = new Map<string, Tally & Row>();
const failures: string[] = [];

function tallyFor(row: Row): Tally & Row {
  const key = `${row.corpus}/${row.variant}`;
  let t = tallies.get(key);
  if (!t) {
    t = { ...row, docs: 0, allRight: 0, rightDecided: 0, decided: 0, unsafe: 0, wrongReferenceDecided: 0, overCautious: 0, unreadable: 0, fieldRight: Object.fromEntries(COMPARED_FIELDS.map((f) => [f, 0])), msPerPage: [] };
    tallies.set(key, t);
  }
  return t;
}

async function measure(row: Row, truth: LetterTruth, render: () => Promise<Buffer>) {
  if (ONLY && !ONLY.includes(row.variant)) return;
  const bytes = await render();
  const t = tallyFor(row);
  const started = performance.now();
  const result = await readDocument(bytes, { maxPages: 20 });
  const ms = performance.now() - started;
  t.docs += 1;
  if (result.status !== 'read') {
    t.unreadable += 1;
    failures.push(`${row.corpus} ${row.variant} ${truth.id}: unreadable (${result.cause})`);
    return;
  }
  t.msPerPage.push(ms / result.pageCount);
  const wrong = new Set(wrongFields(result, truth));
  for (const f of COMPARED_FIELDS) if (!wrong.has(f)) t.fieldRight[f]! += 1;
  const verdict = checkGate(result, truth);
  if (verdict.allRight) t.allRight += 1;
  if (verdict.decided) t.decided += 1;
  if (verdict.allRight && verdict.decided) t.rightDecided += 1;
  if (verdict.overCautious) t.overCautious += 1;
  // Not unsafe (the reference is not a decisive field), but a redirect pack that quotes it is sent wrong.
  if (verdict.decided && wrong.has('reference')) t.wrongReferenceDecided += 1;
  if (verdict.unsafe) {
    t.unsafe += 1;
    failures.push(`${row.corpus} ${row.variant} ${truth.id}: UNSAFE ${verdict.unsafe}`);
  } else if (!verdict.allRight || verdict.overCautious) {
    const values = result.fields;
    const shown = [...wrong].map((f) => `${f}=${JSON.stringify((values as Record<string, { value?: unknown } | null>)[f]?.value ?? null)} (want ${JSON.stringify(truth[f as keyof LetterTruth])})`);
    failures.push(`${row.corpus} ${row.variant} ${truth.id}: ${verdict.decided ? 'decided' : 'held'}; ${shown.join(', ') || 'all right'}${verdict.overCautious ? `; held on ${verdict.held.join(' | ')}` : ''}`);
  }
}

if (inCorpora('developed')) {
  for (const layout of LAYOUTS) {
    for (let s = 1; s <= SEEDS; s++) {
      const fine = makeFine(layout, 104_729 * s + 17);
      const truth = letterTruth(fine);
      const pdf = await renderFinePdf(fine);
      const row = (variant: Variant) => ({ corpus: 'developed-on', variant });
      await measure(row('text'), truth, async () => pdf);
      await measure(row('scan'), truth, () => renderScanPdf(pdf, s));
      await measure(row('bw scan'), truth, () => renderBlackAndWhiteScanPdf(pdf, s));
      await measure(row('photo'), truth, () => renderPhotoJpeg(pdf, s));
      await measure(row('poor photo'), truth, () => renderPhotoJpeg(pdf, s, { poor: true }));
    }
    process.stderr.write('.');
  }
}
// Each batch was read once at first sight (README: the commit and the figure) and, once the reader
// has been changed for its misses, is reported as seen (fixtures/first-sight-batches.ts says which).
const LETTER_SETS = FIRST_SIGHT_BATCHES.map((b) => ({ corpus: b.corpus, name: `batch-${b.batch} (${b.tuned ? 'seen' : 'first sight'})`, letters: b.letters }));
for (const set of LETTER_SETS.filter((s) => inCorpora(s.corpus))) {
  for (const [i, letter] of set.letters.entries()) {
    const pdf = await letter.renderPdf();
    const row = (variant: Variant) => ({ corpus: set.name, variant });
    await measure(row('text'), letter.truth, async () => pdf);
    await measure(row('scan'), letter.truth, () => renderScanPdf(pdf, i + 1));
    await measure(row('photo'), letter.truth, () => renderPhotoJpeg(pdf, i + 1));
    if (i % 4 === 3) process.stderr.write('.');
  }
}
process.stderr.write('\n');

const pct = (n: number, d: number) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);
const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

const layoutsOf = (letters: readonly FirstSightLetter[]) => new Set(letters.map((l) => l.truth.layout)).size;
console.log(`\ncorpora: developed-on = ${LAYOUTS.length} generated layouts × ${SEEDS} seeds; ${LETTER_SETS.map((s) => `${s.name} = ${s.letters.length} letters over ${layoutsOf(s.letters)} layouts`).join('; ')}`);
const head = ['corpus', 'variant', 'docs', 'all right', 'decided', 'UNSAFE', 'decided, wrong ref', 'over-cautious', 'right→decided', 'unreadable', 'median ms/page', 'p95'];
console.log(head.join(' | '));
for (const t of tallies.values()) {
  console.log(
    [t.corpus, t.variant, t.docs, `${pct(t.allRight, t.docs)} (${t.allRight})`, t.decided, t.unsafe, t.wrongReferenceDecided, t.overCautious, pct(t.rightDecided, t.allRight), t.unreadable,
      quantile(t.msPerPage, 0.5).toFixed(0), quantile(t.msPerPage, 0.95).toFixed(0)].join(' | '),
  );
}
console.log('\nper field (share right)');
console.log(['corpus', 'variant', ...COMPARED_FIELDS].join(' | '));
for (const t of tallies.values()) console.log([t.corpus, t.variant, ...COMPARED_FIELDS.map((f) => pct(t.fieldRight[f]!, t.docs))].join(' | '));
const unsafe = failures.filter((f) => f.includes('UNSAFE'));
if (unsafe.length > 0) console.log(`\nUNSAFE (${unsafe.length}):\n  ${unsafe.join('\n  ')}`);
if (SHOW_FAILURES && failures.length > 0) console.log(`\nnot all right or held (${failures.length}):\n  ${failures.join('\n  ')}`);

/**
 * Resident memory, and with --expose-gc the JavaScript heap after a full collection too: without one,
 * V8 lets the heap grow a little with every document before it collects, which looks like a leak.
 */
const gc = (globalThis as { gc?: () => void }).gc;
function memory(): string {
  gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
  return gc ? `RSS ${mb(rss)}, heap ${mb(heapUsed)}` : mb(rss);
}
if (MEMORY_OCR_DOCS > 0) {
  const photos = await Promise.all(LAYOUTS.map(async (layout, i) => renderPhotoJpeg(await renderFinePdf(makeFine(layout, 7 + i)), i)));
  const samples: string[] = [];
  for (let i = 1; i <= MEMORY_OCR_DOCS; i++) {
    await readDocument(photos[i % photos.length]!, { maxPages: 20 });
    if (i % Math.max(1, Math.floor(MEMORY_OCR_DOCS / 5)) === 0) samples.push(`${i}: ${memory()}`);
  }
  console.log(`\nmemory while reading ${MEMORY_OCR_DOCS} photos with OCR: ${samples.join(' · ')}`);
}
await closeOcr();
if (MEMORY_DOCS > 0) {
  const samples: string[] = [];
  const pdfs = await Promise.all(LAYOUTS.map((layout) => renderFinePdf(makeFine(layout, 1))));
  for (let i = 1; i <= MEMORY_DOCS; i++) {
    await readDocument(pdfs[i % pdfs.length]!, { maxPages: 20 });
    if (i % Math.max(1, Math.floor(MEMORY_DOCS / 4)) === 0) samples.push(`${i}: ${memory()}`);
  }
  console.log(`\nmemory while reading ${MEMORY_DOCS} text PDFs: ${samples.join(' · ')}`);
}
