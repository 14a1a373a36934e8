import fc from 'fast-check';
import { formatMinorExact } from '../../common/money';
import {
  couponTerms,
  everyInterval,
  firstPeriodMinor,
  type OfferDraft,
  offerDisclosure,
  offerTermsProblem,
  type OfferTerms,
  percentDiscountMinor,
} from './offer-terms';

const QUARTERLY = { amountMinor: 90_000, currency: 'INR', intervalMonths: 3 };
const YEARLY = { amountMinor: 270_000, currency: 'INR', intervalMonths: 12 };
const TWO_YEARS = { amountMinor: 390_000, currency: 'INR', intervalMonths: 24 };
const MONTHLY = { amountMinor: 29_900, currency: 'INR', intervalMonths: 1 };

const terms = (t: Partial<OfferTerms> & Pick<OfferTerms, 'kind'>): OfferTerms => ({
  trialDays: null,
  introPriceMinor: null,
  introPeriods: null,
  percentOff: null,
  ...t,
});
const trial = (days: number) => terms({ kind: 'trial', trialDays: days });
const intro = (minor: number, periods: number) => terms({ kind: 'intro_price', introPriceMinor: minor, introPeriods: periods });
const percent = (pct: number, periods: number | null) => terms({ kind: 'percent_off', percentOff: pct, introPeriods: periods });

describe('offerDisclosure: the full price, in Indian formatting', () => {
  it.each([
    [trial(14), YEARLY, 'Free for 14 days, then ₹2,700 every year. Renews automatically; cancel anytime.'],
    [trial(1), QUARTERLY, 'Free for 1 day, then ₹900 every 3 months. Renews automatically; cancel anytime.'],
    [intro(100, 1), QUARTERLY, '₹1 for the first 3 months, then ₹900 every 3 months. Renews automatically; cancel anytime.'],
    [intro(100, 1), MONTHLY, '₹1 for the first month, then ₹299 every month. Renews automatically; cancel anytime.'],
    [intro(49_950, 2), QUARTERLY, '₹499.50 every 3 months for the first 6 months, then ₹900 every 3 months. Renews automatically; cancel anytime.'],
    [intro(9_900, 12), MONTHLY, '₹99 every month for the first year, then ₹299 every month. Renews automatically; cancel anytime.'],
    [percent(50, 1), TWO_YEARS, '50% off for the first 2 years: ₹1,950, then ₹3,900 every 2 years. Renews automatically; cancel anytime.'],
    [
      percent(25, 3),
      QUARTERLY,
      '25% off for the first 9 months: ₹675 every 3 months, then ₹900 every 3 months. Renews automatically; cancel anytime.',
    ],
    [
      percent(10, null),
      YEARLY,
      '10% off ₹2,700 every year for as long as you stay subscribed: you pay ₹2,430 every year. Renews automatically; cancel anytime.',
    ],
    [percent(100, 1), MONTHLY, '100% off for the first month: ₹0, then ₹299 every month. Renews automatically; cancel anytime.'],
    [
      intro(1_00_00_000, 1),
      { amountMinor: 1_50_00_000, currency: 'INR', intervalMonths: 36 },
      '₹1,00,000 for the first 3 years, then ₹1,50,000 every 3 years. Renews automatically; cancel anytime.',
    ],
  ])('%j on %j', (t, price, expected) => {
    expect(offerDisclosure(t, price)).toBe(expected);
  });
});

describe('firstPeriodMinor and couponTerms', () => {
  it.each([
    [trial(14), YEARLY, 0, null],
    [intro(100, 1), QUARTERLY, 100, { amountOff: 89_900, percentOff: null, currency: 'INR', duration: 'repeating', durationInMonths: 3 }],
    [intro(100, 4), QUARTERLY, 100, { amountOff: 89_900, percentOff: null, currency: 'INR', duration: 'repeating', durationInMonths: 12 }],
    [percent(50, 1), TWO_YEARS, 195_000, { amountOff: null, percentOff: 50, currency: null, duration: 'repeating', durationInMonths: 24 }],
    [
      percent(33, null),
      { amountMinor: 101, currency: 'INR', intervalMonths: 1 },
      68,
      { amountOff: null, percentOff: 33, currency: null, duration: 'forever', durationInMonths: null },
    ],
  ])('%j on %j → first %i, coupon %j', (t, price, first, coupon) => {
    expect(firstPeriodMinor(t, price)).toBe(first);
    expect(couponTerms(t, price)).toEqual(coupon);
  });

  it.each([
    [101, 50, 51],
    [1, 50, 1],
    [3, 50, 2],
    [90_000, 33, 29_700],
    [99, 1, 1],
    [49, 1, 0],
    [50, 1, 1],
  ])('percentDiscountMinor(%i, %i%%) = %i (half a paisa rounds up)', (amount, pct, expected) => {
    expect(percentDiscountMinor(amount, pct)).toBe(expected);
  });
});

const price = fc.record({
  amountMinor: fc.integer({ min: 2, max: 10_000_000_000 }),
  currency: fc.constantFrom('INR', 'USD', 'JPY'),
  intervalMonths: fc.integer({ min: 1, max: 36 }),
});
const anyTerms = (amountMinor: number): fc.Arbitrary<OfferTerms> =>
  fc.oneof(
    fc.integer({ min: 1, max: 90 }).map(trial),
    fc.tuple(fc.integer({ min: 0, max: amountMinor - 1 }), fc.integer({ min: 1, max: 12 })).map(([m, n]) => intro(m, n)),
    fc.tuple(fc.integer({ min: 1, max: 100 }), fc.option(fc.integer({ min: 1, max: 12 }), { nil: null })).map(([p, n]) => percent(p, n)),
  );
const priced = price.chain((p) => anyTerms(p.amountMinor).map((t) => [t, p] as const));

describe('offer properties', () => {
  it('the disclosure always states the full price and its period, and that it renews', () => {
    fc.assert(
      fc.property(priced, ([t, p]) => {
        const text = offerDisclosure(t, p);
        expect(text).toContain(`${formatMinorExact(p.amountMinor, p.currency)} ${everyInterval(p.intervalMonths)}`);
        expect(text.endsWith('Renews automatically; cancel anytime.')).toBe(true);
        if (t.kind === 'trial') expect(text.startsWith(`Free for ${t.trialDays} day`)).toBe(true);
        else expect(text).toContain(formatMinorExact(firstPeriodMinor(t, p), p.currency));
      }),
    );
  });

  it('the first period is never dearer than the price, and an introductory price is always below it', () => {
    fc.assert(
      fc.property(priced, ([t, p]) => {
        const first = firstPeriodMinor(t, p);
        expect(Number.isSafeInteger(first)).toBe(true);
        expect(first).toBeGreaterThanOrEqual(0);
        expect(first).toBeLessThanOrEqual(p.amountMinor);
        if (t.kind === 'intro_price') expect(first).toBeLessThan(p.amountMinor);
      }),
    );
  });

  it('the coupon makes Stripe charge exactly the first-period price, over periods × intervalMonths months', () => {
    fc.assert(
      fc.property(priced, ([t, p]) => {
        const c = couponTerms(t, p);
        if (!c) return expect(t.kind).toBe('trial');
        const charged = c.amountOff !== null ? p.amountMinor - c.amountOff : p.amountMinor - percentDiscountMinor(p.amountMinor, c.percentOff!);
        expect(charged).toBe(firstPeriodMinor(t, p));
        expect(c.durationInMonths).toBe(t.introPeriods === null ? null : t.introPeriods * p.intervalMonths);
      }),
    );
  });

  it('offerTermsProblem refuses every introductory price at or above a plan price', () => {
    fc.assert(
      fc.property(price, fc.integer({ min: 0, max: 100 }), (p, extra) => {
        const draft: OfferDraft = {
          ...intro(p.amountMinor + extra, 1),
          redemption: 'signup',
          startsAt: null,
          endsAt: null,
          prices: [{ ...p, planCode: 'p' }],
        };
        expect(offerTermsProblem(draft)?.code).toBe('INTRO_PRICE_NOT_BELOW_PRICE');
      }),
    );
  });
});

describe('offerTermsProblem: each bad combination has its code', () => {
  const base = { redemption: 'signup' as const, startsAt: null, endsAt: null, prices: [{ ...QUARTERLY, planCode: 'smart_quarterly' }] };
  it.each([
    ['a good trial', { ...trial(14) }, null],
    ['a good intro price', { ...intro(100, 1) }, null],
    ['a good forever percent', { ...percent(20, null) }, null],
    ['trialDays on a percent_off', { ...percent(20, 1), trialDays: 7 }, ['OFFER_TERMS_INVALID', 'trialDays']],
    ['percentOff on an intro_price', { ...intro(100, 1), percentOff: 5 }, ['OFFER_TERMS_INVALID', 'percentOff']],
    ['introPeriods on a trial', { ...trial(7), introPeriods: 1 }, ['OFFER_TERMS_INVALID', 'introPeriods']],
    ['a trial of 0 days', { ...trial(0) }, ['OFFER_TERMS_INVALID', 'trialDays']],
    ['a trial of 91 days', { ...trial(91) }, ['OFFER_TERMS_INVALID', 'trialDays']],
    ['an intro price without periods', { ...terms({ kind: 'intro_price', introPriceMinor: 100 }) }, ['OFFER_TERMS_INVALID', 'introPeriods']],
    ['an intro price without the price', { ...terms({ kind: 'intro_price', introPeriods: 1 }) }, ['OFFER_TERMS_INVALID', 'introPriceMinor']],
    ['13 periods', { ...intro(100, 13) }, ['OFFER_TERMS_INVALID', 'introPeriods']],
    ['0 percent', { ...percent(0, 1) }, ['OFFER_TERMS_INVALID', 'percentOff']],
    ['101 percent', { ...percent(101, 1) }, ['OFFER_TERMS_INVALID', 'percentOff']],
    ['an intro price equal to the price', { ...intro(90_000, 1) }, ['INTRO_PRICE_NOT_BELOW_PRICE', 'introPriceMinor']],
    ['a retention trial', { ...trial(7), redemption: 'retention' }, ['OFFER_TERMS_INVALID', 'kind']],
    ['endsAt before startsAt', { ...trial(7), startsAt: new Date('2026-12-10'), endsAt: new Date('2026-12-01') }, ['OFFER_DATES_INVALID', 'endsAt']],
    [
      'endsAt equal to startsAt',
      { ...trial(7), startsAt: new Date('2026-12-10'), endsAt: new Date('2026-12-10') },
      ['OFFER_DATES_INVALID', 'endsAt'],
    ],
    [
      'an intro price across currencies',
      {
        ...intro(100, 1),
        prices: [
          { ...QUARTERLY, planCode: 'a' },
          { ...QUARTERLY, currency: 'USD', planCode: 'b' },
        ],
      },
      ['CURRENCY_MISMATCH', 'planCodes'],
    ],
    [
      'an intro price below one plan but not another',
      {
        ...intro(50_000, 1),
        prices: [
          { ...QUARTERLY, planCode: 'a' },
          { ...QUARTERLY, amountMinor: 40_000, planCode: 'b' },
        ],
      },
      ['INTRO_PRICE_NOT_BELOW_PRICE', 'introPriceMinor'],
    ],
  ])('%s', (_name, draft, expected) => {
    const problem = offerTermsProblem({ ...base, ...draft } as OfferDraft);
    expect(problem ? [problem.code, problem.field] : null).toEqual(expected);
  });
});
