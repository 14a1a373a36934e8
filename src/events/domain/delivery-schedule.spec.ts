import fc from 'fast-check';
import { failedTooLong, nextRetryAt, RETRY_WINDOW_MS, retryDelayMs } from './delivery-schedule';

const T0 = new Date('2026-03-01T00:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('delivery schedule', () => {
  it.each([
    [1, 30_000],
    [2, MIN],
    [3, 2 * MIN],
    [6, 16 * MIN],
    [11, 512 * MIN],
    [12, 12 * HOUR],
    [40, 12 * HOUR],
  ])('after %i failed attempts the wait is %i ms', (attempts, ms) => {
    expect(retryDelayMs(attempts)).toBe(ms);
  });

  it.each<[string, number, number, Date | null]>([
    ['first failure: retried within a minute', 1, 0, at(30_000)],
    ['third failure an hour in', 3, HOUR, at(HOUR + 2 * MIN)],
    ['a late failure: the last attempt is at the end of the three days', 20, RETRY_WINDOW_MS - HOUR, at(RETRY_WINDOW_MS)],
    ['failed at the end of the three days: no more attempts', 21, RETRY_WINDOW_MS, null],
    ['failed after them (a retry by staff): no more attempts', 3, RETRY_WINDOW_MS + HOUR, null],
  ])('%s', (_name, attempts, sinceCreated, expected) => {
    expect(nextRetryAt(T0, attempts, at(sinceCreated))).toEqual(expected);
  });

  it('a retry is always later than the failure and never past the three days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: RETRY_WINDOW_MS - 1 }), (attempts, since) => {
        const next = nextRetryAt(T0, attempts, at(since))!;
        expect(next.getTime()).toBeGreaterThan(at(since).getTime());
        expect(next.getTime()).toBeLessThanOrEqual(T0.getTime() + RETRY_WINDOW_MS);
      }),
    );
  });

  it('enough failed attempts span the three days', () => {
    let now = T0;
    let attempts = 0;
    for (let next: Date | null = T0; next; next = nextRetryAt(T0, ++attempts, now)) now = next;
    expect(now.getTime() - T0.getTime()).toBe(RETRY_WINDOW_MS);
    expect(attempts).toBeLessThan(30);
  });

  it.each<[string, Date | null, number, boolean]>([
    ['never failed', null, RETRY_WINDOW_MS * 2, false],
    ['failing for a day', T0, 24 * HOUR, false],
    ['failing for just under three days', T0, RETRY_WINDOW_MS - 1, false],
    ['failing for three days', T0, RETRY_WINDOW_MS, true],
  ])('disable an endpoint %s: %s', (_name, since, elapsed, expected) => {
    expect(failedTooLong(since, at(elapsed))).toBe(expected);
  });
});
