// Takes the documents out of a raw mail. Attachments are recognised by content, wherever they sit:
// declared as application/octet-stream, inline, upper-case .PDF, or inside forwarded messages at any
// depth. The body is not read for instructions (the spec: mail text is not an instruction channel).
//
// The parse is bounded, not the nesting: every forwarded message is parsed again on its own, so the
// bytes handed to the parser over all levels (PARSE_BUDGET_BYTES) and the MIME parts over all levels
// (MAX_PARTS) and the forwarded messages opened (MAX_NESTED_MESSAGES) are what is limited. A mail past either is `unparseable`, with its raw bytes kept.
import { createHash } from 'node:crypto';
import { simpleParser, type Attachment, type ParsedMail } from 'mailparser';
import { PermanentError } from '../errors.js';
import { MIME_TYPES, sniffDocumentType, type DocumentType } from '../reading/document-type.js';
import { addressesIn, RECIPIENT_HEADERS } from './addresses.js';
import { estimatePages } from './page-estimate.js';
import { safeFilename } from './safe-filename.js';
import { storableLineOrNull } from './storable-text.js';

export type MailDocument = {
  filename: string;
  type: DocumentType;
  contentType: string;
  content: Buffer;
  sha256: string;
  /** Pages counted from the file's structure without rendering it (src/mail/page-estimate.ts). */
  pageEstimate: number;
};

export type ParsedFineMail = {
  messageId: string | null;
  from: string | null;
  subject: string | null;
  recipientsByHeader: Map<string, string[]>;
  documents: MailDocument[];
  /** Attachments that are not documents (signatures, logos, .docx, …): counted, not kept. */
  skippedAttachments: number;
  /** Forwarded messages followed, over all levels. */
  nestedMessages: number;
};

const MiB = 1024 * 1024;
/** Bytes parsed over all levels of forwarding: a forward of a forward of a 20 MiB mail fits; 200 copies of it do not. */
const PARSE_BUDGET_BYTES = 96 * MiB;
/** Forwarded messages opened, over all levels: each costs a parse of its own (~20 ms however small), so 500 take ~10 s. */
const MAX_NESTED_MESSAGES = 500;
/** MIME parts over all levels (mailparser's own default is 1,000 per message, which a mail with 2,000 logos passes). */
const MAX_PARTS = 20_000;
/** Inline images this small that the HTML body references are logos and signatures, not photos of fines. */
const DECORATION_MAX_BYTES = 64 * 1024;

const PARSER_OPTIONS = {
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  checksumAlgo: false,
  // Parsed again below as a message of its own, so that an attachment-disposition forward (what
  // mail clients send) is followed as well as an inline one.
  ignoreEmbedded: true,
} as const;

const EMBEDDED_MESSAGE_TYPES = new Set(['message/rfc822', 'message/global']);

function recipients(parsed: ParsedMail): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const { key, line } of parsed.headerLines) {
    const k = key.toLowerCase();
    if (!(RECIPIENT_HEADERS as readonly string[]).includes(k)) continue;
    const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ');
    result.set(k, [...(result.get(k) ?? []), ...addressesIn(value)]);
  }
  return result;
}

/**
 * The type an attachment claims by its declared MIME type or file name. Used only when the bytes
 * are not recognisable: an empty or damaged "boete.pdf" is still the client's document and must
 * reach review as unreadable, not vanish as "no document".
 */
function claimedType(att: Attachment): DocumentType | null {
  const name = (att.filename ?? '').toLowerCase();
  const type = att.contentType.toLowerCase();
  if (type === 'application/pdf' || name.endsWith('.pdf')) return 'pdf';
  if (type === 'image/jpeg' || /\.jpe?g$/.test(name)) return 'jpeg';
  if (type === 'image/png' || name.endsWith('.png')) return 'png';
  if (type === 'image/tiff' || /\.tiff?$/.test(name)) return 'tiff';
  if (type === 'image/webp' || name.endsWith('.webp')) return 'webp';
  if (type === 'image/heic' || type === 'image/heif' || /\.hei[cf]$/.test(name)) return 'heic';
  return null;
}

type Walk = { documents: MailDocument[]; skipped: number; nested: number; parsedBytes: number; parts: number };

async function parseBounded(bytes: Buffer, walk: Walk): Promise<ParsedMail> {
  walk.parsedBytes += bytes.length;
  if (walk.parsedBytes > PARSE_BUDGET_BYTES) {
    throw new PermanentError(
      `the mail's forwarded messages (${walk.nested} levels or parts so far) add up to more than ${PARSE_BUDGET_BYTES / MiB} MiB to parse`,
      'unparseable',
    );
  }
  const parsed = await simpleParser(bytes, { ...PARSER_OPTIONS, maxChildNodes: MAX_PARTS });
  walk.parts += parsed.attachments.length;
  if (walk.parts > MAX_PARTS) throw new PermanentError(`the mail has more than ${MAX_PARTS} attachments over all its forwarded messages`, 'unparseable');
  return parsed;
}

async function collect(attachments: Attachment[], walk: Walk): Promise<void> {
  for (const att of attachments) {
    const content = att.content;
    if (EMBEDDED_MESSAGE_TYPES.has(att.contentType.toLowerCase())) {
      walk.nested += 1;
      if (walk.nested > MAX_NESTED_MESSAGES) {
        throw new PermanentError(`the mail holds more than ${MAX_NESTED_MESSAGES} forwarded messages`, 'unparseable');
      }
      let inner: ParsedMail;
      try {
        inner = await parseBounded(content, walk);
      } catch (error) {
        if (error instanceof PermanentError) throw error;
        // A forwarded part that is not a message after all: counted, the rest of the mail still read.
        walk.skipped += 1;
        continue;
      }
      await collect(inner.attachments, walk);
      continue;
    }
    const type = sniffDocumentType(content) ?? claimedType(att);
    const decoration = type !== 'pdf' && att.related === true && content.length <= DECORATION_MAX_BYTES;
    if (type === null || decoration) {
      walk.skipped += 1;
      continue;
    }
    walk.documents.push({
      filename: safeFilename(att.filename, type),
      type,
      contentType: MIME_TYPES[type],
      content,
      sha256: createHash('sha256').update(content).digest('hex'),
      pageEstimate: estimatePages(content, type),
    });
  }
}

export async function parseFineMail(raw: Buffer): Promise<ParsedFineMail> {
  const walk: Walk = { documents: [], skipped: 0, nested: 0, parsedBytes: 0, parts: 0 };
  let parsed: ParsedMail;
  try {
    parsed = await parseBounded(raw, walk);
    await collect(parsed.attachments, walk);
  } catch (error) {
    if (error instanceof PermanentError) throw error;
    throw new PermanentError(`the mail cannot be parsed: ${(error as Error).message}`, 'unparseable', { cause: error });
  }
  const from = parsed.from?.value[0]?.address?.toLowerCase() ?? null;
  return {
    messageId: storableLineOrNull(parsed.messageId, 500),
    from: storableLineOrNull(from, 320),
    subject: storableLineOrNull(parsed.subject, 500),
    recipientsByHeader: recipients(parsed),
    documents: walk.documents,
    skippedAttachments: walk.skipped,
    nestedMessages: walk.nested,
  };
}
