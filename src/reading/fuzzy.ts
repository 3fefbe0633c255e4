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

/** Whether `text` is one of `words` up to one edit per four letters (letters and digits only compared). */
export function nearlyOneOf(text: string, words: readonly string[]): boolean {
  const t = text.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (t.length < 4) return false;
  return words.some((w) => editDistance(t, w, Math.max(1, Math.floor(w.length / 4))) <= Math.max(1, Math.floor(w.length / 4)));
}
