// How many pages a file has, from its structure alone, before anything is rendered or read: what a
// mail costs to read is known when it arrives (src/reading/read-budget.ts), and one mail cannot buy
// hundreds of OCR pages with a few kilobytes of blank PDFs. A PDF's page tree says its own count
// (/Type /Pages … /Count N), also when it sits in a compressed object stream; the reader counts
// again exactly (BOETE_MAX_PAGES) and the read budget is charged with the exact count.
import { inflateSync } from 'node:zlib';
import type { DocumentType } from '../reading/document-type.js';

const MiB = 1024 * 1024;
/** Object streams inflated to look for the page tree, in total: enough for any real PDF, bounded for a zip bomb. */
const MAX_INFLATED_BYTES = 16 * MiB;

const PAGE_OBJECT = /\/Type\s*\/Page(?![A-Za-z0-9#])/g;
const PAGES_NODE = /\/Type\s*\/Pages(?![A-Za-z0-9#])/g;
const COUNT = /\/Count\s+(\d{1,9})/;
const OBJECT_STREAM = /\/Type\s*\/ObjStm\b/g;

export function estimatePages(content: Buffer, type: DocumentType): number {
  if (type !== 'pdf') return 1; // the reader reads the first frame of an image
  return Math.max(1, estimatePdfPages(content));
}

function countIn(text: string): { tree: number; objects: number } {
  let tree = 0;
  for (const m of text.matchAll(PAGES_NODE)) {
    // The /Count of a page-tree node sits in the same dictionary: look around the /Type entry.
    const window = text.slice(Math.max(0, m.index - 400), m.index + 400);
    const count = COUNT.exec(window);
    if (count) tree = Math.max(tree, Number(count[1]));
  }
  return { tree, objects: text.match(PAGE_OBJECT)?.length ?? 0 };
}

export function estimatePdfPages(content: Buffer): number {
  const text = content.toString('latin1');
  let { tree, objects } = countIn(text);
  let inflated = 0;
  for (const m of text.matchAll(OBJECT_STREAM)) {
    if (inflated >= MAX_INFLATED_BYTES) break;
    const start = text.indexOf('stream', m.index);
    if (start < 0) continue;
    const dataStart = start + (text[start + 6] === '\r' ? 8 : 7);
    const end = text.indexOf('endstream', dataStart);
    if (end < 0) continue;
    try {
      const data = inflateSync(content.subarray(dataStart, end), { maxOutputLength: MAX_INFLATED_BYTES - inflated });
      inflated += data.length;
      const inner = countIn(data.toString('latin1'));
      tree = Math.max(tree, inner.tree);
      objects += inner.objects;
    } catch {
      // Not Flate, damaged, or larger than what is left to inflate: the reader's own count decides.
    }
  }
  // The root's /Count is the number of pages; page objects are counted as well, so that a tree that
  // understates its count buys nothing (an edited PDF's old page objects may count twice: harmless).
  return Math.max(tree, objects);
}
