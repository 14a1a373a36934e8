/**
 * The meter's calendar month in a time zone, with Intl only: which month an instant falls in ("2026-11") and the
 * UTC instants where that month starts and the next one starts (resetsAt).
 */

export interface MeterWindow {
  /** "YYYY-MM" of the month in the zone: the key article_reads and meter_counters are stored under. */
  period: string;
  startsAt: Date;
  resetsAt: Date;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallTime(instantMs: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** The zone's offset from UTC at an instant, in ms (whole seconds: sub-second offsets do not exist in tzdata since 1972). */
function offsetMs(instantMs: number, timeZone: string): number {
  const w = wallTime(instantMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The first instant at which the zone's wall clock reads the first day of (year, month) 00:00:00 or later.
 * Usually local midnight; where a DST jump skips midnight (e.g. America/Santiago in some years), the end of the gap.
 */
function startOfMonth(year: number, month: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, 1);
  // Try the offsets in force around that wall time; keep the earliest candidate that really shows the month's start.
  const candidates = [offsetMs(wall - 36 * 3_600_000, timeZone), offsetMs(wall + 36 * 3_600_000, timeZone), offsetMs(wall, timeZone)]
    .map((off) => wall - off)
    .filter((t) => {
      const w = wallTime(t, timeZone);
      return w.year === year && w.month === month && w.day === 1;
    })
    .sort((a, b) => a - b);
  const exact = candidates.find((t) => {
    const w = wallTime(t, timeZone);
    return w.hour === 0 && w.minute === 0 && w.second === 0;
  });
  if (exact !== undefined) return new Date(exact);
  // Midnight does not exist that day: walk back to the last instant of the previous month and step into the gap end.
  let t = candidates[0] ?? wall - offsetMs(wall, timeZone);
  while (wallTime(t - 60_000, timeZone).month === month) t -= 60_000;
  return new Date(t);
}

/** The meter month containing `at` in `timeZone` (an IANA name, e.g. Asia/Kolkata). */
export function meterWindow(at: Date, timeZone: string): MeterWindow {
  const w = wallTime(at.getTime(), timeZone);
  const next = w.month === 12 ? { year: w.year + 1, month: 1 } : { year: w.year, month: w.month + 1 };
  return {
    period: `${w.year}-${String(w.month).padStart(2, '0')}`,
    startsAt: startOfMonth(w.year, w.month, timeZone),
    resetsAt: startOfMonth(next.year, next.month, timeZone),
  };
}
