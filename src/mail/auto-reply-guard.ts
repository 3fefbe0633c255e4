// Loop protection for the automatic reply to a mail without a document (RFC 3834): never answer a
// machine. A mail that says it was generated or auto-replied, a bounce or delivery report, a list
// mail, a mail-system sender, or one from our own addresses gets no reply; otherwise two
// auto-responders would mail each other for ever. Our own replies carry `Auto-Submitted:
// auto-replied` so that the other side's responder stays quiet too.

const HEADER_BYTES = 64 * 1024;

/** The header block of a raw mail, unfolded, as lower-case name → values. */
function headersOf(raw: Buffer): Map<string, string[]> {
  const text = raw.subarray(0, HEADER_BYTES).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string[]>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return headers;
}

const SYSTEM_SENDER = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?|daemon|auto-?reply)([+._-].*)?$/i;

/** Why the mail must not be answered, or null when a reply is fine. */
export function replyRefusal(raw: Buffer | null, from: string | null, ownAddresses: readonly string[]): string | null {
  if (!from || !from.includes('@')) return 'no sender address';
  const sender = from.toLowerCase();
  if (ownAddresses.some((a) => a.toLowerCase() === sender)) return 'sent from one of our own addresses';
  if (SYSTEM_SENDER.test(sender.split('@')[0] ?? '')) return `sender ${sender} is a mail system`;
  if (!raw) return 'the mail is not kept, so it cannot be checked for loop protection';
  const h = headersOf(raw);
  const first = (name: string) => h.get(name)?.[0]?.toLowerCase() ?? null;
  const auto = first('auto-submitted');
  if (auto && auto !== 'no') return `Auto-Submitted: ${auto}`;
  const precedence = first('precedence');
  if (precedence && /bulk|junk|list|auto_reply/.test(precedence)) return `Precedence: ${precedence}`;
  if (h.has('list-id') || h.has('list-unsubscribe')) return 'a mailing-list mail';
  const suppress = first('x-auto-response-suppress');
  if (suppress && /all|autoreply|oof/.test(suppress)) return `X-Auto-Response-Suppress: ${suppress}`;
  if (h.has('x-autoreply') || h.has('x-autorespond') || h.has('x-autoresponse')) return 'an auto-responder’s mail';
  if (first('return-path') === '<>') return 'a bounce (empty Return-Path)';
  if (/multipart\/report|message\/delivery-status/.test(first('content-type') ?? '')) return 'a delivery report';
  return null;
}
