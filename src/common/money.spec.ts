import { formatMinorExact, formatMinorFixed } from './money';

describe('formatMinorFixed: money as an invoice prints it', () => {
  it.each([
    [12_345_678, 'INR', '₹1,23,456.78'],
    [90_000, 'INR', '₹900.00'],
    [76_271, 'INR', '₹762.71'],
    [5, 'INR', '₹0.05'],
    [0, 'INR', '₹0.00'],
    [-59_000, 'INR', '-₹590.00'],
    [10_000_000_000, 'INR', '₹10,00,00,000.00'],
    [1_500, 'JPY', 'JP¥1,500'],
  ])('%i %s → %s', (minor, currency, text) => {
    expect(formatMinorFixed(minor, currency)).toBe(text);
  });

  it('differs from formatMinorExact only on whole amounts', () => {
    expect(formatMinorExact(90_000, 'INR')).toBe('₹900');
    expect(formatMinorExact(76_271, 'INR')).toBe('₹762.71');
  });
});
