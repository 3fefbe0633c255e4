// A licence plate's identity is its letters and digits: `1-ABC-123`, `1 abc 123` and `1ABC123` are
// the same vehicle. Matching fines to contracts always compares normalised plates.

export function normalisePlate(raw: string): string {
  return raw
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}
