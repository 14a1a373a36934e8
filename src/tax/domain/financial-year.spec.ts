import fc from 'fast-check';
import { financialYear, indianDate } from './financial-year';

describe('financialYear (Asia/Kolkata)', () => {
  it.each([
    // 23:59 IST on 31 March 2027 is 18:29 UTC; 00:00 IST on 1 April 2027 is 18:30 UTC on 31 March.
    ['2027-03-31T18:29:00.000Z', '2026-27'],
    ['2027-03-31T18:29:59.999Z', '2026-27'],
    ['2027-03-31T18:30:00.000Z', '2027-28'],
    ['2026-04-01T00:00:00.000Z', '2026-27'],
    ['2026-03-31T18:29:59.999Z', '2025-26'],
    ['2026-12-05T10:00:00.000Z', '2026-27'],
    ['2027-01-01T00:00:00.000Z', '2026-27'],
    ['2099-06-01T00:00:00.000Z', '2099-00'],
    ['2000-01-15T00:00:00.000Z', '1999-00'],
  ])('%s → %s', (at, fy) => {
    expect(financialYear(new Date(at))).toBe(fy);
  });

  it('an invoice paid at 23:59 IST on 31 March and one at 00:00 IST on 1 April fall in different years', () => {
    const lastMinute = new Date('2027-03-31T23:59:00+05:30');
    const firstMinute = new Date('2027-04-01T00:00:00+05:30');
    expect(financialYear(lastMinute)).toBe('2026-27');
    expect(financialYear(firstMinute)).toBe('2027-28');
  });

  it('changes only at 1 April 00:00 IST, and then by one year', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2001-01-01Z'), max: new Date('2098-12-31Z'), noInvalidDate: true }), (at) => {
        const fy = financialYear(at);
        const ist = new Date(at.getTime() + 5.5 * 3600_000);
        const start = ist.getUTCMonth() >= 3 ? ist.getUTCFullYear() : ist.getUTCFullYear() - 1;
        expect(fy).toBe(`${start}-${String((start + 1) % 100).padStart(2, '0')}`);
      }),
    );
  });
});

describe('indianDate', () => {
  it.each([
    ['2026-12-05T10:00:00.000Z', '05-Dec-2026'],
    ['2027-03-31T18:29:00.000Z', '31-Mar-2027'],
    ['2027-03-31T18:30:00.000Z', '01-Apr-2027'],
  ])('%s → %s', (at, text) => {
    expect(indianDate(new Date(at))).toBe(text);
  });
});
