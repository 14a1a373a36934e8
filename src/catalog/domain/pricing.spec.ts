import fc from 'fast-check';
import { formatMinor, groupIndian } from '../../common/money';
import { effectiveMonthlyMinor, highestEffectiveMonthly, periodLabel, priceCatalog, pricePlan, savingsPercent } from './pricing';

const RUPEES_10_LAKH = 100_000_000; // ₹10,00,000 in paise
const interval = fc.integer({ min: 1, max: 36 });
const amount = fc.integer({ min: 0, max: RUPEES_10_LAKH });

describe('pricing: the demo catalog', () => {
  it('prices the three demo plans exactly as API.md shows', () => {
    const plans = [
      { intervalMonths: 3, amountMinor: 90_000, currency: 'INR' },
      { intervalMonths: 12, amountMinor: 270_000, currency: 'INR' },
      { intervalMonths: 24, amountMinor: 390_000, currency: 'INR' },
    ];
    expect(priceCatalog(plans)).toEqual([
      {
        periodLabel: '3 Months',
        price: { amountMinor: 90_000, currency: 'INR', formatted: '₹900' },
        effectiveMonthly: { amountMinor: 30_000, currency: 'INR', formatted: '₹300' },
        savingsPercent: 0,
      },
      {
        periodLabel: '1 Year',
        price: { amountMinor: 270_000, currency: 'INR', formatted: '₹2,700' },
        effectiveMonthly: { amountMinor: 22_500, currency: 'INR', formatted: '₹225' },
        savingsPercent: 25,
      },
      {
        periodLabel: '2 Years',
        price: { amountMinor: 390_000, currency: 'INR', formatted: '₹3,900' },
        effectiveMonthly: { amountMinor: 16_250, currency: 'INR', formatted: '₹162' },
        savingsPercent: 45,
      },
    ]);
  });
});

describe('effectiveMonthlyMinor', () => {
  it.each([
    [90_000, 3, 30_000],
    [270_000, 12, 22_500],
    [390_000, 24, 16_250],
    [100, 3, 33],
    [0, 12, 0],
    [1, 36, 0],
    [RUPEES_10_LAKH, 36, 2_777_777],
    [10_000_000_000, 7, 1_428_571_428],
  ])('%i paise over %i months → %i paise a month', (amountMinor, months, expected) => {
    expect(effectiveMonthlyMinor(amountMinor, months)).toBe(expected);
  });

  it.each([
    [100, 0],
    [100, 37],
    [100, 1.5],
    [-1, 3],
    [10.5, 3],
    [Number.NaN, 3],
  ])('rejects amount %p over %p months', (amountMinor, months) => {
    expect(() => effectiveMonthlyMinor(amountMinor, months)).toThrow(RangeError);
  });

  it('is floor(amount / months) in integer paise for every interval 1-36 and amounts up to ₹10,00,000', () => {
    fc.assert(
      fc.property(amount, interval, (a, m) => {
        const e = effectiveMonthlyMinor(a, m);
        return Number.isInteger(e) && e * m <= a && a < (e + 1) * m;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('periodLabel', () => {
  it.each([
    [1, '1 Month'],
    [2, '2 Months'],
    [3, '3 Months'],
    [11, '11 Months'],
    [12, '1 Year'],
    [18, '18 Months'],
    [24, '2 Years'],
    [30, '30 Months'],
    [36, '3 Years'],
  ])('%i → %s', (months, label) => {
    expect(periodLabel(months)).toBe(label);
  });

  it.each([0, 37, -12, 2.5])('rejects %p', (months) => {
    expect(() => periodLabel(months)).toThrow(RangeError);
  });

  it('labels every interval 1-36 in years when whole, else months, singular for one', () => {
    for (let m = 1; m <= 36; m++) {
      const label = periodLabel(m);
      const n = m % 12 === 0 ? m / 12 : m;
      const unit = m % 12 === 0 ? 'Year' : 'Month';
      expect(label).toBe(n === 1 ? `1 ${unit}` : `${n} ${unit}s`);
    }
  });
});

describe('formatting (src/common/money.ts)', () => {
  it.each([
    [0, '₹0'],
    [99, '₹0'],
    [16_250, '₹162'],
    [90_000, '₹900'],
    [270_000, '₹2,700'],
    [1_234_599, '₹12,345'],
    [10_000_000, '₹1,00,000'],
    [123_456_789, '₹12,34,567'],
    [RUPEES_10_LAKH, '₹10,00,000'],
    [10_000_000_000, '₹10,00,00,000'],
  ])('%i paise → %s', (amountMinor, formatted) => {
    expect(formatMinor(amountMinor, 'INR')).toBe(formatted);
  });

  it('rounds down to the whole rupee with Indian grouping, for any amount up to ₹10,00,000', () => {
    fc.assert(
      fc.property(amount, (a) => {
        const formatted = formatMinor(a, 'INR');
        const shape = /^₹(\d{1,3}|\d{1,2}(,\d{2})*,\d{3})$/.test(formatted);
        return shape && Number(formatted.slice(1).replaceAll(',', '')) === Math.floor(a / 100);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [99_999, '99,999'],
    [100_000, '1,00,000'],
    [1_234_567, '12,34,567'],
    [123_456_789, '12,34,56,789'],
  ])('groupIndian(%i) = %s', (n, s) => {
    expect(groupIndian(n)).toBe(s);
  });
});

describe('savingsPercent', () => {
  it.each([
    [30_000, 30_000, 0],
    [22_500, 30_000, 25],
    [16_250, 30_000, 45], // 45.83… rounds down
    [0, 30_000, 100],
    [29_999, 30_000, 0], // 0.003 % rounds down to 0
    [1, 3, 66],
    [2, 3, 33],
    [40_000, 30_000, 0], // dearer than the reference (a draft preview): no negative savings
    [0, 0, 0], // all plans free
  ])('%i against %i → %i %%', (monthly, highest, expected) => {
    expect(savingsPercent(monthly, highest)).toBe(expected);
  });

  it('is the exact integer floor of 100 × (1 − monthly / highest) for any pair of plans', () => {
    fc.assert(
      fc.property(amount, interval, amount, interval, (a1, m1, a2, m2) => {
        const monthly = effectiveMonthlyMinor(a1, m1);
        const highest = Math.max(monthly, effectiveMonthlyMinor(a2, m2));
        const s = savingsPercent(monthly, highest);
        if (highest === 0) return s === 0;
        // s ≤ 100·(h − e)/h < s + 1, checked in BigInt: no float anywhere.
        const [e, h, p] = [BigInt(monthly), BigInt(highest), BigInt(s)];
        return Number.isInteger(s) && s >= 0 && s <= 100 && p * h <= 100n * (h - e) && 100n * (h - e) < (p + 1n) * h;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('priceCatalog', () => {
  it('measures savings per currency against the dearest monthly price of that currency', () => {
    const priced = priceCatalog([
      { intervalMonths: 1, amountMinor: 1_000, currency: 'USD' },
      { intervalMonths: 3, amountMinor: 90_000, currency: 'INR' },
      { intervalMonths: 12, amountMinor: 6_000, currency: 'USD' },
      { intervalMonths: 12, amountMinor: 270_000, currency: 'INR' },
    ]);
    expect(priced.map((p) => [p.price.formatted, p.savingsPercent])).toEqual([
      ['$10', 0],
      ['₹900', 0],
      ['$60', 50],
      ['₹2,700', 25],
    ]);
  });

  it('prices a plan outside the list (a draft) against the given reference', () => {
    const highest = highestEffectiveMonthly([{ intervalMonths: 3, amountMinor: 90_000, currency: 'INR' }]);
    expect(pricePlan({ intervalMonths: 6, amountMinor: 120_000, currency: 'INR' }, highest).savingsPercent).toBe(33);
    expect(pricePlan({ intervalMonths: 1, amountMinor: 40_000, currency: 'INR' }, highest).savingsPercent).toBe(0);
    expect(pricePlan({ intervalMonths: 1, amountMinor: 500, currency: 'EUR' }, highest).savingsPercent).toBe(0);
  });

  it('gives the dearest plan of each currency 0 and every plan an integer 0-100, over random catalogs', () => {
    const plan = fc.record({ intervalMonths: interval, amountMinor: amount, currency: fc.constantFrom('INR', 'USD') });
    fc.assert(
      fc.property(fc.array(plan, { minLength: 1, maxLength: 8 }), (plans) => {
        const priced = priceCatalog(plans);
        const highest = highestEffectiveMonthly(plans);
        return priced.every((p, i) => {
          const monthly = p.effectiveMonthly.amountMinor;
          const okRange = Number.isInteger(p.savingsPercent) && p.savingsPercent >= 0 && p.savingsPercent <= 100;
          const dearest = monthly === highest.get(plans[i].currency);
          return okRange && (!dearest || p.savingsPercent === 0) && Number.isInteger(p.price.amountMinor);
        });
      }),
    );
  });
});
