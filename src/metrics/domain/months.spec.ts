import { addMonths, instantIn, monthsBetween } from './months';

describe('months', () => {
  it.each([
    ['2026-11', 1, '2026-12'],
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-11', -11, '2025-12'],
  ])('%s moved by %i is %s', (month, delta, expected) => expect(addMonths(month, delta)).toBe(expected));

  it.each<[string, string, string[]]>([
    ['2026-11', '2027-02', ['2026-11', '2026-12', '2027-01', '2027-02']],
    ['2026-11', '2026-11', ['2026-11']],
    ['2026-12', '2026-11', []],
  ])('%s to %s', (from, to, expected) => expect(monthsBetween(from, to)).toEqual(expected));

  it('gives an instant inside the month', () => expect(instantIn('2026-02').toISOString()).toBe('2026-02-15T12:00:00.000Z'));
});
