// Takes the documents out of a raw mail. Attachments are recognised by content, wherever they sit:
// declared as application/octet-stream, inline, upper-case .PDF, or inside a forwarded message.
// The body is not read for instructions (the spec: mail text is not an instruction channel).
import { createHash } from 'node:crypto';
import { simpleParser, type Attachment, type ParsedMail } from 'mailparser';
import { PermanentError } from '../errors.js';
import { MIME_TYPES, sniffDocumentType, type DocumentType } from '../reading/document-type.js';
import { addressesIn, RECIPIENT_HEADERS } from './addresses.js';
import { safeFilename } from './safe-filename.js';

export type MailDocument = { filename: string; type: DocumentType; contentType: string; content: Buffer; sha256: string };

export type ParsedFineMail = {
  messageId: string | null;
  from: string | null;
  subject: string | null;
  recipientsByHeader: Map<string, string[]>;
  documents: MailDocument[];
  /** Attachments that are not documents (signatures, logos, .docx, …): counted, not kept. */
  skippedAttachments: number;
};

const MAX_NESTING = 5;
/** Inline images this small that the HTML body references are logos and signatures, not photos of fines. */
const DECORATION_MAX_BYTES = 64 * 1024;

const PARSER_OPTIONS = { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true } as const;

function recipients(parsed: ParsedMail): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const { key, line } of parsed.headerLines) {
    const k = key.toLowerCase();
    if (!(RECIPIENT_HEADERS as readonly string[]).includes(k)) continue;
    const value = line.slice(line.indexOf(':') + 1);
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
  return null;
}

async function collect(attachments: Attachment[], depth: number, out: MailDocument[], skipped: { n: number }) {
  for (const att of attachments) {
    const content = att.content;
    if (att.contentType === 'message/rfc822' && depth < MAX_NESTING) {
      const inner = await simpleParser(content, PARSER_OPTIONS);
      await collect(inner.attachments, depth + 1, out, skipped);
      continue;
    }
    const type = sniffDocumentType(content) ?? claimedType(att);
    const decoration = type !== 'pdf' && att.related === true && content.length <= DECORATION_MAX_BYTES;
    if (type === null || decoration) {
      skipped.n += 1;
      continue;
    }
    out.push({
      filename: safeFilename(att.filename, type),
      type,
      contentType: MIME_TYPES[type],
      content,
      sha256: createHash('sha256').update(content).digest('hex'),
    });
  }
}

export async function parseFineMail(raw: Buffer): Promise<ParsedFineMail> {
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, PARSER_OPTIONS);
  } catch (error) {
    throw new PermanentError(`the mail cannot be parsed: ${(error as Error).message}`, 'unparseable', { cause: error });
  }
  const documents: MailDocument[] = [];
  const skipped = { n: 0 };
  await collect(parsed.attachments, 0, documents, skipped);
  const from = parsed.from?.value[0]?.address?.toLowerCase() ?? null;
  return {
    messageId: parsed.messageId ?? null,
    from,
    subject: parsed.subject ?? null,
    recipientsByHeader: recipients(parsed),
    documents,
    skippedAttachments: skipped.n,
  };
}
