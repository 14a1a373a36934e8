/** Calendar months as the metrics name them ("2026-11"), with no I/O; which instants a month spans is meterWindow's. */

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The longest timeseries asked for at once, in months (ten years). */
export const MAX_RANGE_MONTHS = 120;

const index = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const fromIndex = (i: number): string => `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;

/** `month` moved by `delta` months. */
export function addMonths(month: string, delta: number): string {
  return fromIndex(index(month) + delta);
}

/** Every month from `from` to `to`, both included, oldest first (empty when `to` is before `from`). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = index(from); i <= index(to); i++) out.push(fromIndex(i));
  return out;
}

/** An instant inside `month` in every time zone (the 15th, noon UTC), for finding the month's window in a zone. */
export function instantIn(month: string): Date {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 15, 12));
}
