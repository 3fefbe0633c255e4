// Reading accuracy and speed on the generated corpus: every layout rendered as a text PDF, as a
// simulated scan (grey, no text layer), as an office black-and-white (1-bit) scan, as a phone photo
// and as a poor photo (out of focus, at an angle, further away), read by the product's reader in
// this process (one document at a time: OCR uses one core). Prints per-field accuracy per variant,
// documents with every field right, documents that would be decided on a wrong plate/date/amount,
// time per page, and memory over long runs of text PDFs and of photos.
//
//   node --expose-gc --import tsx bench/reading.ts [--seeds N] [--memory-docs N] [--memory-ocr-docs N] [--only VARIANT,…]
//   (defaults: 3 seeds, 1000, 0, every variant; e.g. --only "photo,poor photo")
import { expectedFields, LAYOUTS, makeFine, readValues, type FineTruth } from '../fixtures/fine-truth.js';
import { renderFinePdf } from '../fixtures/render-fine-pdf.js';
import { renderBlackAndWhiteScanPdf, renderPhotoJpeg, renderScanPdf } from '../fixtures/render-scan.js';
import { isConfident, requiredFieldsConfident } from '../src/reading/fields.js';
import { closeOcr } from '../src/reading/ocr.js';
import { readDocument } from '../src/reading/read-document.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SEEDS = arg('--seeds', 3);
const MEMORY_DOCS = arg('--memory-docs', 1000);
const MEMORY_OCR_DOCS = arg('--memory-ocr-docs', 0);

const FIELDS = ['kind', 'plate', 'offenceAt', 'dueDate', 'redirectDeadline', 'amountCents', 'reference'] as const;
/** A wrong one of these, trusted, would be a wrong automatic decision. */
const DECISIVE = ['plate', 'offenceAt', 'dueDate', 'redirectDeadline', 'amountCents'] as const;
type Variant = 'text' | 'scan' | 'bw scan' | 'photo' | 'poor photo';


type Tally = { docs: number; allRight: number; wrongDecisive: number; unreadable: number; fieldRight: Record<string, number>; msPerPage: number[] };
const tally = (): Tally => ({ docs: 0, allRight: 0, wrongDecisive: 0, unreadable: 0, fieldRight: Object.fromEntries(FIELDS.map((f) => [f, 0])), msPerPage: [] });
const tallies: Record<Variant, Tally> = { text: tally(), scan: tally(), 'bw scan': tally(), photo: tally(), 'poor photo': tally() };
const failures: string[] = [];

const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]!.split(',') : null;

async function measure(variant: Variant, truth: FineTruth, render: () => Promise<Buffer>) {
  if (ONLY && !ONLY.includes(variant)) return;
  const bytes = await render();
  const t = tallies[variant];
  const started = performance.now();
  const result = await readDocument(bytes, { maxPages: 20 });
  const ms = performance.now() - started;
  t.docs += 1;
  if (result.status !== 'read') {
    t.unreadable += 1;
    failures.push(`${variant} ${truth.id}: unreadable (${result.cause})`);
    return;
  }
  t.msPerPage.push(ms / result.pageCount);
  const expected = expectedFields(truth) as Record<string, unknown>;
  const wrong: string[] = [];
  const values = readValues(result.fields);
  for (const name of FIELDS) {
    const got = values[name];
    if (JSON.stringify(got) === JSON.stringify(expected[name])) t.fieldRight[name]! += 1;
    else wrong.push(`${name}=${JSON.stringify(got)} (want ${JSON.stringify(expected[name])})`);
  }
  if (wrong.length === 0) t.allRight += 1;
  else failures.push(`${variant} ${truth.id}: ${wrong.join(', ')}`);
  // Decided automatically only when the required fields are confident; then no decisive field may be wrong.
  const trustedWrong = DECISIVE.filter((name) => {
    const field = result.fields[name];
    return field && isConfident(field) && JSON.stringify(field.value) !== JSON.stringify(expected[name]);
  });
  if (requiredFieldsConfident(result.fields) && trustedWrong.length > 0) {
    t.wrongDecisive += 1;
    failures.push(`${variant} ${truth.id}: WOULD BE DECIDED WRONGLY on ${trustedWrong.join(', ')}`);
  }
}

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

const pct = (n: number, d: number) => (d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

console.log(`corpus: ${LAYOUTS.length} layouts × ${SEEDS} seeds × text / scan / black-and-white scan / photo / poor photo`);
for (const layout of LAYOUTS) {
  for (let s = 1; s <= SEEDS; s++) {
    const truth = makeFine(layout, 104_729 * s + 17);
    const pdf = await renderFinePdf(truth);
    await measure('text', truth, async () => pdf);
    await measure('scan', truth, () => renderScanPdf(pdf, s));
    await measure('bw scan', truth, () => renderBlackAndWhiteScanPdf(pdf, s));
    await measure('photo', truth, () => renderPhotoJpeg(pdf, s));
    await measure('poor photo', truth, () => renderPhotoJpeg(pdf, s, { poor: true }));
  }
  process.stderr.write('.');
}
process.stderr.write('\n');

console.log(`\n${'variant'.padEnd(10)} ${'docs'.padStart(5)} ${'all right'.padStart(10)} ${'decided wrong'.padStart(14)} ${'unreadable'.padStart(10)}  ${FIELDS.map((f) => f.padStart(9)).join(' ')}`);
for (const [variant, t] of Object.entries(tallies)) {
  console.log(
    `${variant.padEnd(10)} ${String(t.docs).padStart(5)} ${pct(t.allRight, t.docs).padStart(10)} ${String(t.wrongDecisive).padStart(14)} ${String(t.unreadable).padStart(10)}  ` +
      FIELDS.map((f) => pct(t.fieldRight[f]!, t.docs).padStart(9)).join(' '),
  );
}
console.log('\ntime per page (ms)     median      p95');
for (const [variant, t] of Object.entries(tallies)) {
  console.log(`${variant.padEnd(20)} ${quantile(t.msPerPage, 0.5).toFixed(0).padStart(8)} ${quantile(t.msPerPage, 0.95).toFixed(0).padStart(8)}`);
}
if (failures.length > 0) console.log(`\nnot all right (${failures.length}):\n  ${failures.join('\n  ')}`);

// Memory over a long run of photos (OCR): resident memory should level off, not grow per document.
if (MEMORY_OCR_DOCS > 0) {
  const photos = await Promise.all(LAYOUTS.map(async (layout, i) => renderPhotoJpeg(await renderFinePdf(makeFine(layout, 7 + i)), i)));
  const ocrSamples: string[] = [];
  for (let i = 1; i <= MEMORY_OCR_DOCS; i++) {
    await readDocument(photos[i % photos.length]!, { maxPages: 20 });
    if (i % Math.max(1, Math.floor(MEMORY_OCR_DOCS / 5)) === 0) ocrSamples.push(`${i}: ${memory()}`);
  }
  console.log(`\nRSS while reading ${MEMORY_OCR_DOCS} photos with OCR: ${ocrSamples.join(' · ')}`);
}
await closeOcr();

// Memory over a long run: text PDFs read one after another; resident memory should level off.
const samples: string[] = [];
const pdfs = await Promise.all(LAYOUTS.map((layout) => renderFinePdf(makeFine(layout, 1))));
for (let i = 1; i <= MEMORY_DOCS; i++) {
  await readDocument(pdfs[i % pdfs.length]!, { maxPages: 20 });
  if (i % Math.max(1, Math.floor(MEMORY_DOCS / 4)) === 0) samples.push(`${i}: ${memory()}`);
}
console.log(`\nRSS while reading ${MEMORY_DOCS} text PDFs: ${samples.join(' · ')}`);
