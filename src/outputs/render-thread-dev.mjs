// Render-pool thread entry when the product runs from its TypeScript sources (tests, `tsx`): a fresh
// thread has no loader, so it loads the real entry through tsx. The built product uses render-thread.js.
import { tsImport } from 'tsx/esm/api';

const { default: render } = await tsImport('./render-thread.ts', import.meta.url);

export default render;
