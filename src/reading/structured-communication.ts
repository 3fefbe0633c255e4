// Belgian structured communication (gestructureerde mededeling): +++123/4567/89002+++, where the
// last two digits are the first ten modulo 97 (97 when that is 0).

const STRUCTURED = /(?:\+{3}|\*{3})\s*(\d{3})\s*\/\s*(\d{4})\s*\/\s*(\d{5})\s*(?:\+{3}|\*{3})/;

export function isValidStructuredCommunication(digits: string): boolean {
  if (!/^\d{12}$/.test(digits)) return false;
  const base = Number(digits.slice(0, 10));
  const check = Number(digits.slice(10));
  const expected = base % 97 === 0 ? 97 : base % 97;
  return check === expected;
}

export function formatStructuredCommunication(digits: string): string {
  return `+++${digits.slice(0, 3)}/${digits.slice(3, 7)}/${digits.slice(7)}+++`;
}

/** The structured communication in a line, with whether its check digits hold. */
export function findStructuredCommunication(text: string): { value: string; valid: boolean; index: number } | null {
  const m = STRUCTURED.exec(text);
  if (!m) return null;
  const digits = `${m[1]}${m[2]}${m[3]}`;
  return { value: formatStructuredCommunication(digits), valid: isValidStructuredCommunication(digits), index: m.index };
}

/** Builds a valid communication from ten digits (used by the fixture generator). */
export function structuredCommunicationFor(tenDigits: string): string {
  const base = Number(tenDigits);
  const check = base % 97 === 0 ? 97 : base % 97;
  return formatStructuredCommunication(`${tenDigits}${String(check).padStart(2, '0')}`);
}
