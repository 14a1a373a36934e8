import { meterWindow } from './meter-window';

describe('meterWindow', () => {
  it.each([
    // Asia/Kolkata (UTC+05:30, no DST): the month boundary is 18:30 UTC on the last day.
    {
      tz: 'Asia/Kolkata',
      at: '2026-11-30T18:29:59.999Z',
      period: '2026-11',
      startsAt: '2026-10-31T18:30:00.000Z',
      resetsAt: '2026-11-30T18:30:00.000Z',
    },
    {
      tz: 'Asia/Kolkata',
      at: '2026-11-30T18:29:59.000Z',
      period: '2026-11',
      startsAt: '2026-10-31T18:30:00.000Z',
      resetsAt: '2026-11-30T18:30:00.000Z',
    },
    {
      tz: 'Asia/Kolkata',
      at: '2026-11-30T18:30:00.000Z',
      period: '2026-12',
      startsAt: '2026-11-30T18:30:00.000Z',
      resetsAt: '2026-12-31T18:30:00.000Z',
    },
    {
      tz: 'Asia/Kolkata',
      at: '2026-12-31T18:30:00.000Z',
      period: '2027-01',
      startsAt: '2026-12-31T18:30:00.000Z',
      resetsAt: '2027-01-31T18:30:00.000Z',
    },
    {
      tz: 'Asia/Kolkata',
      at: '2028-02-15T00:00:00.000Z',
      period: '2028-02',
      startsAt: '2028-01-31T18:30:00.000Z',
      resetsAt: '2028-02-29T18:30:00.000Z',
    },
    { tz: 'UTC', at: '2026-11-30T23:59:59.999Z', period: '2026-11', startsAt: '2026-11-01T00:00:00.000Z', resetsAt: '2026-12-01T00:00:00.000Z' },
    { tz: 'UTC', at: '2026-12-01T00:00:00.000Z', period: '2026-12', startsAt: '2026-12-01T00:00:00.000Z', resetsAt: '2027-01-01T00:00:00.000Z' },
    // Asia/Kathmandu (UTC+05:45): a quarter-hour offset.
    {
      tz: 'Asia/Kathmandu',
      at: '2026-11-30T18:14:59.000Z',
      period: '2026-11',
      startsAt: '2026-10-31T18:15:00.000Z',
      resetsAt: '2026-11-30T18:15:00.000Z',
    },
    {
      tz: 'Asia/Kathmandu',
      at: '2026-11-30T18:15:00.000Z',
      period: '2026-12',
      startsAt: '2026-11-30T18:15:00.000Z',
      resetsAt: '2026-12-31T18:15:00.000Z',
    },
    // America/New_York: DST ends 2026-11-01 06:00Z, so November starts at EDT (-4) and ends at EST (-5).
    {
      tz: 'America/New_York',
      at: '2026-11-15T12:00:00.000Z',
      period: '2026-11',
      startsAt: '2026-11-01T04:00:00.000Z',
      resetsAt: '2026-12-01T05:00:00.000Z',
    },
    {
      tz: 'America/New_York',
      at: '2026-11-01T03:59:59.000Z',
      period: '2026-10',
      startsAt: '2026-10-01T04:00:00.000Z',
      resetsAt: '2026-11-01T04:00:00.000Z',
    },
    // DST starts 2026-03-08: March starts at EST, April at EDT.
    {
      tz: 'America/New_York',
      at: '2026-03-20T00:00:00.000Z',
      period: '2026-03',
      startsAt: '2026-03-01T05:00:00.000Z',
      resetsAt: '2026-04-01T04:00:00.000Z',
    },
    // Europe/London: GMT in winter, BST from 2026-03-29.
    {
      tz: 'Europe/London',
      at: '2026-03-31T23:00:00.000Z',
      period: '2026-04',
      startsAt: '2026-03-31T23:00:00.000Z',
      resetsAt: '2026-04-30T23:00:00.000Z',
    },
    {
      tz: 'Europe/London',
      at: '2026-03-31T22:59:59.000Z',
      period: '2026-03',
      startsAt: '2026-03-01T00:00:00.000Z',
      resetsAt: '2026-03-31T23:00:00.000Z',
    },
    // Australia/Sydney: southern-hemisphere DST (AEDT +11 from 2026-10-04).
    {
      tz: 'Australia/Sydney',
      at: '2026-11-30T13:00:00.000Z',
      period: '2026-12',
      startsAt: '2026-11-30T13:00:00.000Z',
      resetsAt: '2026-12-31T13:00:00.000Z',
    },
    {
      tz: 'Australia/Sydney',
      at: '2026-10-15T00:00:00.000Z',
      period: '2026-10',
      startsAt: '2026-09-30T14:00:00.000Z',
      resetsAt: '2026-10-31T13:00:00.000Z',
    },
    // Pacific/Kiritimati (+14) and Pacific/Pago_Pago (-11): the extremes.
    {
      tz: 'Pacific/Kiritimati',
      at: '2026-11-30T10:00:00.000Z',
      period: '2026-12',
      startsAt: '2026-11-30T10:00:00.000Z',
      resetsAt: '2026-12-31T10:00:00.000Z',
    },
    {
      tz: 'Pacific/Pago_Pago',
      at: '2026-12-01T10:59:59.000Z',
      period: '2026-11',
      startsAt: '2026-11-01T11:00:00.000Z',
      resetsAt: '2026-12-01T11:00:00.000Z',
    },
  ])('$tz: $at is in $period, which resets at $resetsAt', ({ tz, at, period, startsAt, resetsAt }) => {
    const w = meterWindow(new Date(at), tz);
    expect({ period: w.period, startsAt: w.startsAt.toISOString(), resetsAt: w.resetsAt.toISOString() }).toEqual({ period, startsAt, resetsAt });
  });

  it('starts a month whose local midnight DST skips at the end of the gap (America/Asuncion, 2017-10-01 00:00 → 01:00)', () => {
    const w = meterWindow(new Date('2017-10-15T00:00:00Z'), 'America/Asuncion');
    expect({ startsAt: w.startsAt.toISOString(), resetsAt: w.resetsAt.toISOString() }).toEqual({
      startsAt: '2017-10-01T04:00:00.000Z',
      resetsAt: '2017-11-01T03:00:00.000Z',
    });
  });

  it('every month starts at the first instant showing it and resets at the first instant of the next, 2010-2030', () => {
    for (const tz of ['Asia/Kolkata', 'America/Santiago', 'America/Havana', 'America/Asuncion', 'Asia/Beirut', 'Europe/Berlin']) {
      for (let year = 2010; year <= 2030; year++) {
        for (let month = 0; month < 12; month++) {
          const w = meterWindow(new Date(Date.UTC(year, month, 15)), tz);
          expect(meterWindow(w.startsAt, tz).period).toBe(w.period);
          expect(meterWindow(new Date(w.startsAt.getTime() - 1000), tz).period).not.toBe(w.period);
          expect(meterWindow(w.resetsAt, tz).period).not.toBe(w.period);
          expect(meterWindow(new Date(w.resetsAt.getTime() - 1000), tz).period).toBe(w.period);
        }
      }
    }
  });
});
