// Worker-thread entry of the render pool: one task is one PrintModel drawn as a PDF.
import { renderPdf } from './pdf-render.js';
import type { PrintModel } from './output-facts.js';

export default function render(model: PrintModel): Promise<Uint8Array> {
  return renderPdf(model);
}
