import { oldestKeptPeriod } from './retention';

describe('oldestKeptPeriod', () => {
  it.each([
    ['2026-11', 3, '2026-09'],
    ['2026-11', 1, '2026-11'],
    ['2026-01', 3, '2025-11'],
    ['2026-03', 3, '2026-01'],
    ['2026-02', 3, '2025-12'],
    ['2026-12', 12, '2026-01'],
    ['2026-12', 13, '2025-12'],
    ['2026-01', 120, '2016-02'],
  ])('%s keeping %i months: oldest kept %s', (period, months, oldest) => {
    expect(oldestKeptPeriod(period, months)).toBe(oldest);
  });

  it('sorts as time, so `period < oldest` selects exactly the months to delete', () => {
    const periods = ['2025-10', '2025-11', '2025-12', '2026-01', '2026-02'];
    expect(periods.filter((p) => p < oldestKeptPeriod('2026-02', 3))).toEqual(['2025-10', '2025-11']);
  });
});
