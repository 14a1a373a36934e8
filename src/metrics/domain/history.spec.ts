import { changesMetrics, TrackedFields } from './history';

const row: TrackedFields = {
  status: 'active',
  planId: 'p1',
  planPriceId: 'v1',
  amountMinor: 90_000,
  currency: 'INR',
  cancelAtPeriodEnd: false,
  offerCode: null,
  offerKind: null,
  offerEndsAt: null,
  currentPeriodStart: new Date('2026-11-01T00:00:00Z'),
  currentPeriodEnd: new Date('2027-02-01T00:00:00Z'),
};

describe('changesMetrics', () => {
  it('records a new subscription', () => expect(changesMetrics(null, row)).toBe(true));
  it('skips a write that changes nothing tracked (equal dates as other objects)', () =>
    expect(changesMetrics(row, { ...row, currentPeriodEnd: new Date(row.currentPeriodEnd!.getTime()) })).toBe(false));
  it.each<[string, Partial<TrackedFields>]>([
    ['status', { status: 'past_due' }],
    ['plan', { planId: 'p2' }],
    ['price version', { planPriceId: 'v2' }],
    ['amount', { amountMinor: 99_900 }],
    ['currency', { currency: 'USD' }],
    ['pending cancellation', { cancelAtPeriodEnd: true }],
    ['offer', { offerCode: 'diwali', offerKind: 'percent_off' }],
    ['offer end', { offerEndsAt: new Date('2027-01-01T00:00:00Z') }],
    ['period', { currentPeriodEnd: new Date('2027-05-01T00:00:00Z') }],
    ['period start cleared', { currentPeriodStart: null }],
  ])('records a change of %s', (_name, over) => expect(changesMetrics(row, { ...row, ...over })).toBe(true));
});
