// Text from a mail (headers, names) is the sender's: it may hold what PostgreSQL refuses to store
// (NUL, which text and jsonb columns reject; lone UTF-16 surrogates from broken encoded words) and
// what misleads a reader (C0/C1 control characters, bidi overrides that make "fdp.exe" look like
// "exe.pdf"). Cleaned once, at the edge, before anything is stored or shown.

/** C0 controls but tab/LF/CR, DEL, and C1 controls. */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/** Bidi embeddings, overrides and isolates, and the marks that steer them; zero-width characters and the BOM. */
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
/** A surrogate that is not part of a pair: not a character, not encodable as UTF-8. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A one-line value (subject, address, file name): no controls of any kind, at most `max` characters. */
export function storableLine(value: string, max = 500): string {
  return cut(
    value
      .replace(LONE_SURROGATE, '\ufffd')
      .replace(/[\t\r\n]+/g, ' ')
      .replace(CONTROLS, '')
      .replace(INVISIBLE, '')
      .trim(),
    max,
  );
}

export const storableLineOrNull = (value: string | null | undefined, max = 500): string | null => {
  if (value === null || value === undefined) return null;
  const cleaned = storableLine(value, max);
  return cleaned === '' ? null : cleaned;
};

/** Free text (a detail message): line breaks kept, every other control removed. */
export function storableText(value: string, max = 2000): string {
  return cut(value.replace(LONE_SURROGATE, '\ufffd').replace(CONTROLS, '').replace(INVISIBLE, ''), max);
}

/** At most `max` UTF-16 units, never cutting a surrogate pair in half. */
function cut(value: string, max: number): string {
  if (value.length <= max) return value;
  const end = /[\ud800-\udbff]/.test(value[max - 1] ?? '') ? max - 1 : max;
  return value.slice(0, end);
}
