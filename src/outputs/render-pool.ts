// A small pool of worker threads that draw PDFs (the parse pool's pattern, src/reading/parse-pool.ts):
// laying out text is CPU work, and on the event loop it would delay BullMQ's lock renewals and the
// web server's answers. One thread is enough: a pack takes a few milliseconds.
import { Piscina } from 'piscina';
import type { PrintModel } from './output-facts.js';

/** Compiled (dist/*.js) → the compiled thread entry; from sources (*.ts under tsx or vitest) → the tsx shim. */
const THREAD_ENTRY = import.meta.url.endsWith('.js') ? './render-thread.js' : './render-thread-dev.mjs';

export class RenderPool {
  private readonly pool: Piscina;

  constructor(private readonly options: { threads: number; timeoutMs: number }) {
    this.pool = new Piscina({
      filename: new URL(THREAD_ENTRY, import.meta.url).href,
      minThreads: 0,
      maxThreads: options.threads,
      idleTimeout: 30_000,
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
  }

  async render(model: PrintModel): Promise<Buffer> {
    const bytes = (await this.pool.run(model, { signal: AbortSignal.timeout(this.options.timeoutMs) })) as Uint8Array;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
