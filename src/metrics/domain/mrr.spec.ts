import fc from 'fast-check';
import { SUBSCRIPTION_STATUSES } from '../../stripe/subscription-statuses';
import { arpuMinor, BillingState, monthlyRevenueMinor, mrrMinor, percentOf } from './mrr';

const AT = new Date('2026-11-15T00:00:00Z');
const LATER = new Date('2027-01-01T00:00:00Z');
const base: BillingState = { status: 'active', amountMinor: 90_000, currency: 'INR', intervalMonths: 3, discount: null };

describe('monthlyRevenueMinor', () => {
  it.each<[string, Partial<BillingState>, number]>([
    ['quarterly ₹900: ₹300 a month', {}, 30_000],
    ['monthly ₹199', { amountMinor: 19_900, intervalMonths: 1 }, 19_900],
    ['yearly ₹1,999: floored to the paisa', { amountMinor: 199_900, intervalMonths: 12 }, 16_658],
    ['past_due still counts', { status: 'past_due' }, 30_000],
    ['trialing adds nothing', { status: 'trialing' }, 0],
    ...(['canceled', 'unpaid', 'paused', 'incomplete', 'incomplete_expired'] as const).map((status): [string, Partial<BillingState>, number] => [
      `${status} adds nothing`,
      { status },
      0,
    ]),
    ['10% off', { discount: { kind: 'percent_off', percent: 10, endsAt: null } }, 27_000],
    ['33% off, floored once', { amountMinor: 19_900, intervalMonths: 1, discount: { kind: 'percent_off', percent: 33, endsAt: null } }, 13_333],
    ['100% off', { discount: { kind: 'percent_off', percent: 100, endsAt: null } }, 0],
    ['discount still running', { discount: { kind: 'percent_off', percent: 50, endsAt: LATER } }, 15_000],
    ['discount ended at `at`', { discount: { kind: 'percent_off', percent: 50, endsAt: AT } }, 30_000],
    ['introductory price ₹1 for a quarter', { discount: { kind: 'intro_price', amountMinor: 100, endsAt: LATER } }, 33],
    ['introductory price over', { discount: { kind: 'intro_price', amountMinor: 100, endsAt: new Date('2026-11-01T00:00:00Z') } }, 30_000],
    ['unknown price', { amountMinor: null }, 0],
    ['unknown interval', { intervalMonths: null }, 0],
    ['another currency', { currency: 'USD' }, 0],
  ])('%s', (_name, over, expected) => {
    expect(monthlyRevenueMinor({ ...base, ...over }, AT)).toBe(expected);
  });

  it('never exceeds the undiscounted monthly price nor goes below 0, and sums floor per subscription', () => {
    const state = fc.record({
      status: fc.constantFrom(...SUBSCRIPTION_STATUSES),
      amountMinor: fc.integer({ min: 0, max: 10_000_000_000 }),
      currency: fc.constantFrom('INR', 'USD'),
      intervalMonths: fc.integer({ min: 1, max: 36 }),
      discount: fc.option(
        fc.oneof(
          fc.record({ kind: fc.constant('percent_off' as const), percent: fc.integer({ min: 1, max: 100 }), endsAt: fc.constant(null) }),
          fc.record({
            kind: fc.constant('intro_price' as const),
            amountMinor: fc.integer({ min: 0, max: 10_000_000_000 }),
            endsAt: fc.constant(null),
          }),
        ),
      ),
    });
    fc.assert(
      fc.property(fc.array(state, { maxLength: 20 }), (states) => {
        let sum = 0;
        for (const s of states) {
          const share = monthlyRevenueMinor(s, AT);
          expect(Number.isInteger(share)).toBe(true);
          expect(share).toBeGreaterThanOrEqual(0);
          expect(share).toBeLessThanOrEqual(Math.floor(s.amountMinor / s.intervalMonths));
          if (s.status === 'trialing') expect(share).toBe(0);
          sum += share;
        }
        expect(mrrMinor(states, AT)).toBe(sum);
      }),
    );
  });
});

describe('arpuMinor and percentOf', () => {
  it.each([
    [60_000, 2, 30_000],
    [100, 3, 33],
    [0, 0, 0],
    [500, 0, 0],
  ])('arpu of %i over %i paying is %i', (mrr, paying, expected) => expect(arpuMinor(mrr, paying)).toBe(expected));

  it.each([
    [1, 3, 33.33],
    [2, 3, 66.67],
    [1, 8, 12.5],
    [0, 5, 0],
    [3, 0, 0],
    [5, 5, 100],
  ])('%i of %i is %d%%', (part, whole, expected) => expect(percentOf(part, whole)).toBe(expected));
});
