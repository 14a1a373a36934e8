/**
 * The Indian financial year (1 April to 31 March) and dates as India writes them, both on the wall clock of
 * Asia/Kolkata: an invoice paid at 23:59 IST on 31 March belongs to the year that ends then, one paid a minute
 * later to the next, whatever the UTC date says.
 */

const GST_TIME_ZONE = 'Asia/Kolkata';

const dateParts = new Intl.DateTimeFormat('en-GB', { timeZone: GST_TIME_ZONE, year: 'numeric', month: 'numeric', day: 'numeric' });
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function istDate(at: Date): { year: number; month: number; day: number } {
  const parts: Record<string, number> = {};
  for (const p of dateParts.formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day };
}

/** "2026-27" for any instant from 1 April 2026 00:00 IST to 31 March 2027 23:59:59.999 IST. */
export function financialYear(at: Date): string {
  const { year, month } = istDate(at);
  const start = month >= 4 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** "05-Dec-2026": the date in India, as GSTR-1 and Indian invoices print it. */
export function indianDate(at: Date): string {
  const { year, month, day } = istDate(at);
  return `${String(day).padStart(2, '0')}-${MONTHS[month - 1]}-${year}`;
}
