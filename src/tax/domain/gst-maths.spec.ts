import fc from 'fast-check';
import { formatRate, inclusiveLabel, inclusiveTax, placeOfSupply, splitGst } from './gst-maths';

describe('inclusiveTax: taxable value and GST inside a tax-inclusive amount', () => {
  it.each([
    // amount, rate, taxable, gst
    [90_000, 18, 76_271, 13_729], // 76271.186… → 76271
    [270_000, 18, 228_814, 41_186], // 228813.559… → 228814
    [390_000, 18, 330_508, 59_492], // 330508.474… → 330508
    [118, 18, 100, 18],
    [59, 18, 50, 9], // exactly 50
    [1, 18, 1, 0], // 0.847 → 1
    [3, 18, 3, 0], // 2.54 → 3
    [59_000, 18, 50_000, 9_000],
    [10_000_000_000, 18, 8_474_576_271, 1_525_423_729],
    [100, 0, 100, 0],
    [105, 5, 100, 5],
    [1_025, 2.5, 1_000, 25],
    [1_000, 28, 781, 219], // 781.25 → 781
    [0, 18, 0, 0],
  ])('%i paise at %d%% → taxable %i, GST %i', (amount, rate, taxable, gst) => {
    expect(inclusiveTax(amount, rate)).toEqual({ taxable, gst });
  });

  it('rounds exactly half a paisa up', () => {
    // 1000 × 100 / 128 = 781.25; 625 × 100 / 125 = 500; 1 × 100 / 200 = 0.5 → 1
    expect(inclusiveTax(1, 100)).toEqual({ taxable: 1, gst: 0 });
    expect(inclusiveTax(3, 100)).toEqual({ taxable: 2, gst: 1 });
  });

  it('refuses fractional or negative amounts and odd rates', () => {
    expect(() => inclusiveTax(1.5, 18)).toThrow(RangeError);
    expect(() => inclusiveTax(-1, 18)).toThrow(RangeError);
    expect(() => inclusiveTax(100, 18.005)).toThrow(RangeError);
    expect(() => inclusiveTax(100, -1)).toThrow(RangeError);
  });
});

describe('splitGst', () => {
  it.each([
    [90_000, true, { taxable: 76_271, gst: 13_729, cgst: 6_864, sgst: 6_865, igst: 0 }],
    [90_000, false, { taxable: 76_271, gst: 13_729, cgst: 0, sgst: 0, igst: 13_729 }],
    [59_000, true, { taxable: 50_000, gst: 9_000, cgst: 4_500, sgst: 4_500, igst: 0 }],
    [270_000, true, { taxable: 228_814, gst: 41_186, cgst: 20_593, sgst: 20_593, igst: 0 }],
    [1, true, { taxable: 1, gst: 0, cgst: 0, sgst: 0, igst: 0 }],
  ])('%i paise, intra-state %s', (amount, intra, split) => {
    expect(splitGst(amount, 18, intra)).toEqual(split);
  });

  const amount = fc.integer({ min: 1, max: 10_000_000_000 });
  const rate = fc.constantFrom(0, 0.25, 3, 5, 12, 18, 28, 40);

  it('the parts always sum to the amount, from 1 paisa to 10^10 paise', () => {
    fc.assert(
      fc.property(amount, rate, fc.boolean(), (a, r, intra) => {
        const s = splitGst(a, r, intra);
        expect(s.taxable + s.cgst + s.sgst + s.igst).toBe(a);
        expect(s.cgst + s.sgst + s.igst).toBe(s.gst);
        for (const part of Object.values(s)) expect(Number.isSafeInteger(part) && part >= 0).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('taxable is the nearest paisa to amount × 100 / (100 + rate), half up', () => {
    fc.assert(
      fc.property(amount, rate, (a, r) => {
        const { taxable } = inclusiveTax(a, r);
        // |taxable × (100 + r) − a × 100| ≤ (100 + r) / 2, in exact integers (×100 for two-decimal rates).
        const den = BigInt(Math.round((100 + r) * 100));
        const diff = BigInt(taxable) * den - BigInt(a) * 10_000n;
        expect(diff * 2n <= den && diff * 2n > -den).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('intra-state: CGST is floor(gst / 2) and SGST never below it', () => {
    fc.assert(
      fc.property(amount, (a) => {
        const s = splitGst(a, 18, true);
        expect(s.cgst).toBe(Math.floor(s.gst / 2));
        expect(s.sgst - s.cgst === 0 || s.sgst - s.cgst === 1).toBe(true);
      }),
    );
  });
});

describe('labels and place of supply', () => {
  it.each([
    [18, 'incl. 18% GST'],
    [0.25, 'incl. 0.25% GST'],
    [2.5, 'incl. 2.5% GST'],
  ])('%d%% → %s', (rate, label) => {
    expect(inclusiveLabel(rate)).toBe(label);
  });

  it('formats half rates for the CGST/SGST columns', () => {
    expect(formatRate(18 / 2)).toBe('9');
    expect(formatRate(5 / 2)).toBe('2.5');
  });

  it.each([
    ['29', '27', '29'],
    [null, '27', '27'],
    [undefined, '27', '27'],
  ])('reader %s, supplier %s → %s', (reader, supplier, pos) => {
    expect(placeOfSupply(reader, supplier)).toBe(pos);
  });
});
