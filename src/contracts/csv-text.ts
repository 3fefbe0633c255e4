// Bytes of a CSV file as a client's office software writes them, turned into text as a stream.
// The spec asks for UTF-8, but a Belgian back office exporting "CSV (gescheiden door
// lijstscheidingsteken)" from Excel gets Windows-1252: "Françoise" as the single byte 0xE7. A file
// that is not valid UTF-8 from start to end is read as Windows-1252 (every byte is a character
// there, so nothing is lost); a byte-order mark says UTF-8 or UTF-16 outright.
import { createReadStream } from 'node:fs';
import { InputError } from '../errors.js';

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export const ENCODING_NAMES: Record<CsvEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Windows-1252',
};

/** Where the bytes come from; `open` may be called more than once (one streaming pass each). */
export type ByteSource = { name: string; open: () => AsyncIterable<Uint8Array> };

export function fileSource(file: string): ByteSource {
  return { name: file, open: () => createReadStream(file, { highWaterMark: 256 * 1024 }) };
}

export function bytesSource(name: string, bytes: Uint8Array | string): ByteSource {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return {
    name,
    open: async function* () {
      yield buf;
    },
  };
}

/** Opens the source, turning a file that cannot be read into an InputError naming it. */
async function* readBytes(source: ByteSource): AsyncGenerator<Uint8Array> {
  try {
    yield* source.open();
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (typeof e.code === 'string' && e.syscall) throw new InputError(`${source.name}: cannot read: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
    throw error;
  }
}

/**
 * Decides the encoding from the bytes fed to it in order: a UTF-8 or UTF-16 byte-order mark
 * decides; otherwise UTF-8 when every byte sequence is valid UTF-8, else Windows-1252.
 */
export class EncodingSniffer {
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  private first = true;
  private utf8Bom = false;
  private offset = 0;
  constructor(private readonly name: string) {}

  /** The encoding once it is certain, else null (feed more). */
  feed(chunk: Uint8Array): CsvEncoding | null {
    if (this.first && chunk.length > 0) {
      this.first = false;
      if (chunk[0] === 0xff && chunk[1] === 0xfe) return 'utf-16le';
      if (chunk[0] === 0xfe && chunk[1] === 0xff) return 'utf-16be';
      this.utf8Bom = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
      // UTF-16 without a mark: every other byte of the header's ASCII is zero.
      if (!this.utf8Bom && chunk.length >= 4 && (chunk[1] === 0 || chunk[0] === 0) && (chunk[3] === 0 || chunk[2] === 0)) {
        throw new InputError(`${this.name}: looks like UTF-16 text without a byte-order mark; save it as "CSV UTF-8" (or CSV) instead`);
      }
    }
    try {
      this.utf8.decode(chunk, { stream: true });
    } catch {
      return this.notUtf8();
    }
    this.offset += chunk.length;
    return null;
  }

  end(): CsvEncoding {
    try {
      this.utf8.decode();
    } catch {
      return this.notUtf8();
    }
    return 'utf-8';
  }

  private notUtf8(): CsvEncoding {
    if (this.utf8Bom) throw notUtf8(this.name, this.offset);
    return 'windows-1252';
  }
}

/** One pass over the bytes (see EncodingSniffer); stops early once a byte decides. */
export async function detectEncoding(source: ByteSource): Promise<CsvEncoding> {
  const sniffer = new EncodingSniffer(source.name);
  for await (const chunk of readBytes(source)) {
    const decided = sniffer.feed(chunk);
    if (decided) return decided;
  }
  return sniffer.end();
}

const notUtf8 = (name: string, near: number) =>
  new InputError(`${name}: starts with a UTF-8 byte-order mark but is not UTF-8 (after byte ${near}); save it again as "CSV UTF-8"`);

/** The source as text in `encoding`, without its byte-order mark. */
export async function* decodeText(source: ByteSource, encoding: CsvEncoding): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding); // consumes a leading byte-order mark
  for await (const chunk of readBytes(source)) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}
