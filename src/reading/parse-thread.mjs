// Worker-thread entry for the parse pool. Plain JS so that a fresh thread can load it without a
// loader; it then loads the TypeScript reader through tsx.
import { tsImport } from 'tsx/esm/api';

const { readDocument } = await tsImport('./read-document.ts', import.meta.url);

export default function parse({ bytes, maxPages }) {
  return readDocument(bytes, { maxPages });
}
