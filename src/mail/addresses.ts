// Who a mail is for and who sent it, in the terms the spec uses: recipients from Delivered-To,
// X-Original-To, To and Cc (in that order of trust); senders allowed by address or domain.
// Only parsed addresses count: a display name is the sender's free text, and
// `"boetes+acme@…" <boetes+beta@…>` is a mail for beta.
import addressparser from 'nodemailer/lib/addressparser/index.js';

export const RECIPIENT_HEADERS = ['delivered-to', 'x-original-to', 'to', 'cc'] as const;

const PLAIN_ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+\.[a-z0-9-]+$/i;

/** The addresses (lower case) of one address header's value, group members included, display names ignored. */
export function addressesIn(headerValue: string): string[] {
  const out: string[] = [];
  const walk = (list: addressparser.AddressOrGroup[]) => {
    for (const entry of list) {
      if ('group' in entry && Array.isArray(entry.group)) walk(entry.group);
      else if ('address' in entry && entry.address) {
        const address = entry.address.trim().toLowerCase();
        if (PLAIN_ADDRESS.test(address)) out.push(address);
      }
    }
  };
  try {
    walk(addressparser(headerValue));
  } catch {
    // An address header addressparser cannot make sense of names no one.
  }
  return out;
}

/** `boetes+acme@x` → `boetes@x`; an address without a plus-tag is returned as it is. */
export function withoutPlusTag(address: string): string {
  const at = address.lastIndexOf('@');
  const plus = address.indexOf('+');
  return plus > 0 && plus < at ? address.slice(0, plus) + address.slice(at) : address;
}

/**
 * The client a mail is for: the first recipient (in header order of trust) that is a client's
 * personalized address, compared case-insensitively. A recipient with a plus-tag matches a client
 * address with that tag (`boetes+acme@…`); failing that, the same address without the tag, so
 * `acme+invoices@…` still reaches the client of `acme@…`.
 */
export function attributeClient(
  recipientsByHeader: ReadonlyMap<string, readonly string[]>,
  clients: readonly { code: string; addresses: readonly string[] }[],
): string | null {
  const byAddress = new Map<string, string>();
  for (const c of clients) for (const a of c.addresses) byAddress.set(a.toLowerCase(), c.code);
  for (const header of RECIPIENT_HEADERS) {
    for (const address of recipientsByHeader.get(header) ?? []) {
      const a = address.toLowerCase();
      const code = byAddress.get(a) ?? byAddress.get(withoutPlusTag(a));
      if (code) return code;
    }
  }
  return null;
}

/** An allowed sender is an exact address, or a domain (with or without "@") and its subdomains. */
export function senderAllowed(from: string | null, allowedSenders: readonly string[]): boolean {
  if (!from) return false;
  const address = from.toLowerCase();
  const domain = address.split('@')[1] ?? '';
  return allowedSenders.some((entry) => {
    const e = entry.toLowerCase().trim();
    if (e.includes('@') && !e.startsWith('@')) return e === address;
    const d = e.replace(/^@/, '');
    return domain === d || domain.endsWith(`.${d}`);
  });
}
