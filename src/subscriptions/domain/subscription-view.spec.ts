import { SubscriptionViewSource, toSubscriptionView } from './subscription-view';

const base: SubscriptionViewSource = {
  id: '7b1c1f43-7a0e-4d0c-9f55-2f7b0c0e7a11',
  stripeSubscriptionId: 'sub_123',
  status: 'active',
  amountMinor: 90000,
  currency: 'INR',
  currentPeriodStart: new Date('2026-09-01T00:00:00Z'),
  currentPeriodEnd: new Date('2026-12-01T00:00:00Z'),
  cancelAtPeriodEnd: false,
  canceledAt: null,
  endedAt: null,
  offerCode: null,
  offerKind: null,
  offerEndsAt: null,
  trialEnd: null,
};

describe('toSubscriptionView', () => {
  it('maps a row to the API shape with Money and ISO instants', () => {
    expect(toSubscriptionView(base, 'smart_quarterly')).toEqual({
      id: base.id,
      stripeSubscriptionId: 'sub_123',
      planCode: 'smart_quarterly',
      status: 'active',
      price: { amountMinor: 90000, currency: 'INR', formatted: '₹900' },
      currentPeriodStart: '2026-09-01T00:00:00.000Z',
      currentPeriodEnd: '2026-12-01T00:00:00.000Z',
      cancelAtPeriodEnd: false,
      canceledAt: null,
      endedAt: null,
      autoRenews: true,
      offer: null,
      trialEnd: null,
    });
  });

  it('shows the offer in force and the trial end', () => {
    const v = toSubscriptionView(
      {
        ...base,
        status: 'trialing',
        offerCode: 'try14',
        offerKind: 'trial',
        offerEndsAt: new Date('2026-09-15T00:00:00Z'),
        trialEnd: new Date('2026-09-15T00:00:00Z'),
      },
      'p',
    );
    expect([v.offer, v.trialEnd]).toEqual([{ code: 'try14', kind: 'trial', endsAt: '2026-09-15T00:00:00.000Z' }, '2026-09-15T00:00:00.000Z']);
  });

  it.each([
    { status: 'active', cancelAtPeriodEnd: false, autoRenews: true },
    { status: 'trialing', cancelAtPeriodEnd: false, autoRenews: true },
    { status: 'past_due', cancelAtPeriodEnd: false, autoRenews: true },
    { status: 'active', cancelAtPeriodEnd: true, autoRenews: false },
    { status: 'trialing', cancelAtPeriodEnd: true, autoRenews: false },
    { status: 'canceled', cancelAtPeriodEnd: false, autoRenews: false },
    { status: 'unpaid', cancelAtPeriodEnd: false, autoRenews: false },
    { status: 'incomplete', cancelAtPeriodEnd: false, autoRenews: false },
    { status: 'incomplete_expired', cancelAtPeriodEnd: false, autoRenews: false },
    { status: 'paused', cancelAtPeriodEnd: false, autoRenews: false },
  ])('autoRenews is $autoRenews for $status with cancelAtPeriodEnd=$cancelAtPeriodEnd', ({ status, cancelAtPeriodEnd, autoRenews }) => {
    expect(toSubscriptionView({ ...base, status, cancelAtPeriodEnd }, 'p').autoRenews).toBe(autoRenews);
  });

  it('shows no price and no plan for an unlinked row, and keeps canceledAt/endedAt', () => {
    const v = toSubscriptionView(
      {
        ...base,
        status: 'canceled',
        amountMinor: null,
        currency: null,
        canceledAt: new Date('2026-10-01T10:00:00Z'),
        endedAt: new Date('2026-10-02T00:00:00Z'),
      },
      null,
    );
    expect(v).toMatchObject({ planCode: null, price: null, canceledAt: '2026-10-01T10:00:00.000Z', endedAt: '2026-10-02T00:00:00.000Z' });
  });
});
