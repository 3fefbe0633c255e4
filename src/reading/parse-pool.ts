// A bounded pool of worker threads for reading documents. PDF parsing (and later OCR) is CPU-heavy;
// on the main thread it would stall the event loop, BullMQ could not renew job locks, and jobs
// would be handed to another worker while still running.
import { Piscina } from 'piscina';
import type { PageBox } from './line-positions.js';
import type { ReadResult } from './read-result.js';

export type ParsePoolOptions = { threads: number; timeoutMs: number; maxPages: number; maxHeapMb?: number };

/** Compiled (dist/*.js) → the compiled thread entry; from sources (*.ts under tsx or vitest) → the tsx shim. */
const THREAD_ENTRY = import.meta.url.endsWith('.js') ? './parse-thread.js' : './parse-thread-dev.mjs';

export class ParsePool {
  private readonly pool: Piscina;
  /** Documents waiting for a free thread. Each gets its thread before its timeout starts. */
  private readonly waiting: (() => void)[] = [];
  private running = 0;

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
    // The timeout bounds the reading, not the wait: handed to piscina at once, a document queued
    // behind long OCR jobs would spend its timeout in piscina's queue and be recorded as a
    // permanent `timeout` without ever being read. So the queue is here, and a document goes to
    // piscina only when a thread is free for it (at most `threads` at a time, as piscina runs).
    await this.acquire();
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
    } finally {
      this.release();
    }
  }

  /**
   * One page of a document as a PNG (the web server's document view), in a pool thread: pdf.js and
   * sharp would stall the server's event loop. Same timeout as reading; null when it cannot be drawn.
   */
  async renderPage(bytes: Uint8Array, page: number, widthPx: number): Promise<Buffer | null> {
    await this.acquire();
    try {
      const png = (await this.pool.run({ bytes, page, widthPx }, { name: 'renderPage', signal: AbortSignal.timeout(this.options.timeoutMs) })) as Uint8Array;
      return Buffer.from(png.buffer, png.byteOffset, png.byteLength);
    } catch {
      // A damaged file, a page bomb, a timeout: the document view offers the download instead.
      return null;
    } finally {
      this.release();
    }
  }

  /**
   * Where each quoted line sits on page `page` of a text PDF (fractions of the page), in a pool
   * thread like renderPage; null for a quote not found there. Null altogether when the page cannot
   * be read (a damaged file, a timeout): the view then says the position is unknown.
   */
  async lineBoxes(bytes: Uint8Array, page: number, quotes: string[]): Promise<(PageBox | null)[] | null> {
    await this.acquire();
    try {
      return (await this.pool.run({ bytes, page, quotes }, { name: 'lineBoxes', signal: AbortSignal.timeout(this.options.timeoutMs) })) as (PageBox | null)[];
    } catch {
      return null;
    } finally {
      this.release();
    }
  }

  /**
   * Starts every thread now: each loads pdf.js and the reader (about half a second of one core), so
   * the first documents do not wait for that while the main thread is still connecting and fetching.
   */
  warmUp(): void {
    for (let i = 0; i < this.options.threads; i++) void this.pool.run(null, { name: 'warmUp' }).catch(() => undefined);
  }

  private async acquire(): Promise<void> {
    if (this.running < this.options.threads) {
      this.running += 1;
      return;
    }
    // The slot is handed over by release(): `running` stays counted for the next in line.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
