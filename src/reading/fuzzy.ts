// Edit distance for label words misread by OCR ("Fachnumummer", "CJ IB-nummer"). Pure.

export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** Edits allowed for a label word: one per four letters, one per three from ten letters on (measured on
 *  our scans: bold labels lose up to four letters of "factuurnummer"; short words must stay strict). */
const allowedEdits = (word: string) => Math.max(1, Math.floor(word.length / (word.length >= 10 ? 3 : 4)));

/** Whether `text` is nearly one of `words` (letters and digits only compared). */
export function nearlyOneOf(text: string, words: readonly string[]): boolean {
  const t = text.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (t.length < 4) return false;
  return words.some((w) => editDistance(t, w, allowedEdits(w)) <= allowedEdits(w));
}
