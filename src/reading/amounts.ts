// Amounts in euro: € 116,00 · 58,00 EUR · 1.234,50 · EUR 1 234,50 · 116,00 € · € 116 · € 58,- ·
// EUR 1,234.50 (English thousands) · 135 euros.
export type FoundAmount = { cents: number; index: number; length: number; hasCurrency: boolean };

const NUMBER = String.raw`\d{1,3}(?:,\d{3})+\.\d{2}(?!\d)|\d{1,3}(?:[. \u00a0]\d{3})+(?:,\d{2})?(?![\d,])|\d+(?:,\d{2})(?!\d)|\d+(?:\.\d{2})(?!\d)|\d+`;
const CURRENCY_BEFORE = new RegExp(String.raw`(?:€|\beur\b|\beuros?\b)\s*(${NUMBER})(?:,-|,--)?`, 'gi');
const CURRENCY_AFTER = new RegExp(String.raw`(${NUMBER})\s*(?:€|\beur\b|\beuros?\b)`, 'gi');
const BARE_DECIMAL = /(?<![\d.,/])(\d{1,3}(?:\.\d{3})*,\d{2})(?![\d.,/])/g;

export function parseAmountCents(text: string): number | null {
  const t = text.replace(/[\s\u00a0]/g, '');
  let euros: string;
  let cents = '00';
  if (/^\d{1,3}(?:,\d{3})+\.\d{2}$/.test(t)) {
    [euros, cents] = t.replace(/,/g, '').split('.') as [string, string];
  } else if (/^\d+\.\d{2}$/.test(t)) {
    [euros, cents] = t.split('.') as [string, string];
  } else {
    const [intPart, decPart] = t.split(',');
    euros = (intPart ?? '').replace(/\./g, '');
    if (decPart !== undefined) cents = decPart;
  }
  if (!/^\d+$/.test(euros) || !/^\d{2}$/.test(cents)) return null;
  return Number(euros) * 100 + Number(cents);
}

export function findAmounts(text: string): FoundAmount[] {
  const found: FoundAmount[] = [];
  const seen = new Set<number>();
  for (const re of [CURRENCY_BEFORE, CURRENCY_AFTER]) {
    for (const m of text.matchAll(re)) {
      const cents = parseAmountCents(m[1] as string);
      // "Tol doortocht cat. 1 € 6,80": one sign between two numbers belongs to the one it is printed
      // with (the amount after it), not to the category number before it.
      const shared = re === CURRENCY_AFTER ? found.findIndex((f) => f.index >= m.index && f.index < m.index + m[0].length) : -1;
      // Unless the number before has cents and the one after none: "135,00 € 1" (a speck read as a
      // digit after the sign) is 135,00 €.
      const before = m[1] as string;
      const after = shared >= 0 ? text.slice(found[shared]!.index, found[shared]!.index + found[shared]!.length) : '';
      const numberTaken = found.some((f) => f.index < m.index + before.length && m.index < f.index + f.length && f.index !== found[shared]?.index);
      const takesSign = shared >= 0 && !numberTaken && /[.,]\d{2}$/.test(before) && !/\d[.,]\d{2}/.test(after);
      if (takesSign) {
        seen.delete(found[shared]!.index);
        found.splice(shared, 1);
      }
      const sharesSign = shared >= 0 && !takesSign;
      if (cents !== null && !seen.has(m.index) && !sharesSign) {
        seen.add(m.index);
        found.push({ cents, index: m.index, length: m[0].length, hasCurrency: true });
      }
    }
  }
  for (const m of text.matchAll(BARE_DECIMAL)) {
    const overlaps = found.some((f) => m.index < f.index + f.length && f.index < m.index + m[0].length);
    const cents = parseAmountCents(m[1] as string);
    if (!overlaps && cents !== null) found.push({ cents, index: m.index, length: m[0].length, hasCurrency: false });
  }
  return found.sort((a, b) => a.index - b.index);
}
