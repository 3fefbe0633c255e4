// A bounded pool of worker threads for reading documents. PDF parsing (and later OCR) is CPU-heavy;
// on the main thread it would stall the event loop, BullMQ could not renew job locks, and jobs
// would be handed to another worker while still running.
import { Piscina } from 'piscina';
import type { ReadResult } from './read-result.js';

export type ParsePoolOptions = { threads: number; timeoutMs: number; maxPages: number; maxHeapMb?: number };

/** Compiled (dist/*.js) → the compiled thread entry; from sources (*.ts under tsx or vitest) → the tsx shim. */
const THREAD_ENTRY = import.meta.url.endsWith('.js') ? './parse-thread.js' : './parse-thread-dev.mjs';

export class ParsePool {
  private readonly pool: Piscina;

  constructor(private readonly options: ParsePoolOptions) {
    this.pool = new Piscina({
      filename: new URL(THREAD_ENTRY, import.meta.url).href,
      minThreads: 0,
      maxThreads: options.threads,
      idleTimeout: 30_000,
      // A PDF bomb must kill its thread, not the process.
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 768 },
    });
  }

  async read(bytes: Uint8Array): Promise<ReadResult> {
    try {
      return (await this.pool.run(
        { bytes, maxPages: this.options.maxPages },
        { signal: AbortSignal.timeout(this.options.timeoutMs) },
      )) as ReadResult;
    } catch (error) {
      const name = (error as { name?: string }).name;
      const code = (error as { code?: string }).code;
      if (name === 'AbortError' || name === 'TimeoutError') {
        return { status: 'unreadable', cause: 'timeout', detail: `reading took longer than ${this.options.timeoutMs} ms`, pageCount: null };
      }
      if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
        return { status: 'unreadable', cause: 'too_large', detail: 'reading the file needed more memory than allowed', pageCount: null };
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
