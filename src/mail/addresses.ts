// Who a mail is for and who sent it, in the terms the spec uses: recipients from Delivered-To,
// X-Original-To, To and Cc (in that order of trust); senders allowed by address or domain.

const ADDRESS = /[^\s<>,;:"'()[\]]+@[^\s<>,;:"'()[\]]+\.[a-z0-9-]+/gi;
export const RECIPIENT_HEADERS = ['delivered-to', 'x-original-to', 'to', 'cc'] as const;

export function addressesIn(text: string): string[] {
  return [...text.matchAll(ADDRESS)].map((m) => m[0].toLowerCase());
}

/** The client whose personalized address (plus-tag included) appears first among the recipients. */
export function attributeClient(
  recipientsByHeader: ReadonlyMap<string, readonly string[]>,
  clients: readonly { code: string; addresses: readonly string[] }[],
): string | null {
  const byAddress = new Map<string, string>();
  for (const c of clients) for (const a of c.addresses) byAddress.set(a.toLowerCase(), c.code);
  for (const header of RECIPIENT_HEADERS) {
    for (const address of recipientsByHeader.get(header) ?? []) {
      const code = byAddress.get(address.toLowerCase());
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
