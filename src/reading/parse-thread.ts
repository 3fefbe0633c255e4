// Worker-thread entry of the parse pool: one task is one file to read.
import { readDocument } from './read-document.js';
import type { ReadResult } from './read-result.js';

export type ParseTask = { bytes: Uint8Array; maxPages: number };

export default function parse({ bytes, maxPages }: ParseTask): Promise<ReadResult> {
  return readDocument(bytes, { maxPages });
}
