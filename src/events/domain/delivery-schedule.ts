/** How long a delivery is retried, and how long an endpoint may fail before it is disabled (API.md: three days). */
export const RETRY_WINDOW_MS = 3 * 24 * 3_600_000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_DELAY_MS = 12 * 3_600_000;

/** The wait after the `attempts`-th failed attempt: 30 s, 1 min, 2 min, … doubling, at most 12 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
}

/**
 * When a delivery created at `createdAt` that just failed its `attempts`-th attempt at `now` is tried again: after the
 * backoff, but never past the end of the three days (one last attempt then); null once those three days are over.
 */
export function nextRetryAt(createdAt: Date, attempts: number, now: Date): Date | null {
  const end = createdAt.getTime() + RETRY_WINDOW_MS;
  if (now.getTime() >= end) return null;
  return new Date(Math.min(now.getTime() + retryDelayMs(attempts), end));
}

/** An endpoint whose attempts have all failed since `failingSince` is disabled once that is three days ago. */
export function failedTooLong(failingSince: Date | null, now: Date): boolean {
  return failingSince !== null && now.getTime() - failingSince.getTime() >= RETRY_WINDOW_MS;
}
