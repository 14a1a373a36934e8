/** Which meter months the read history keeps: pure period arithmetic on "YYYY-MM" keys. */

/**
 * The oldest meter month kept when `months` months are kept, the month in force included: ("2026-11", 3) → "2026-09".
 * Every period before it (a plain string comparison: "YYYY-MM" sorts as time) is deleted.
 */
export function oldestKeptPeriod(period: string, months: number): string {
  const [year, month] = period.split('-').map(Number);
  const index = year * 12 + (month - 1) - (months - 1);
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
