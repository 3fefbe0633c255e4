// Parse-pool thread entry when the product runs from its TypeScript sources (tests, `tsx`): a fresh
// thread has no loader, so it loads the real entry through tsx. The built product (dist/) uses the
// compiled parse-thread.js directly, which loads far less: tsx transforms pdf.js on every thread.
import { tsImport } from 'tsx/esm/api';

const { default: parse, renderPage, lineBoxes, warmUp } = await tsImport('./parse-thread.ts', import.meta.url);

export default parse;
export { renderPage, lineBoxes, warmUp };
