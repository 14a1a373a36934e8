import type { SubscriptionStatus } from '../../stripe/subscription-statuses';
import { isLive, pickRelevantSubscription } from './subscription-status';

describe('subscription status rules', () => {
  it.each<[SubscriptionStatus, boolean]>([
    ['active', true],
    ['trialing', true],
    ['past_due', true],
    ['unpaid', true],
    ['paused', true],
    ['incomplete', false],
    ['incomplete_expired', false],
    ['canceled', false],
  ])('%s: live %s (blocks a second Checkout)', (status, live) => {
    expect(isLive(status)).toBe(live);
  });

  const sub = (id: string, status: SubscriptionStatus, created: string) => ({
    id,
    status,
    stripeCreatedAt: new Date(created),
    createdAt: new Date(created),
    currentPeriodEnd: null,
  });

  it.each([
    { name: 'nothing', subs: [], expected: null },
    { name: 'a live one beats a newer ended one', subs: [sub('a', 'active', '2026-01-01'), sub('b', 'canceled', '2026-06-01')], expected: 'a' },
    { name: 'past_due is live', subs: [sub('a', 'incomplete_expired', '2026-06-01'), sub('b', 'past_due', '2026-01-01')], expected: 'b' },
    { name: 'else the most recent', subs: [sub('a', 'canceled', '2026-01-01'), sub('b', 'incomplete_expired', '2026-06-01')], expected: 'b' },
    { name: 'two live: the most recent', subs: [sub('a', 'active', '2026-01-01'), sub('b', 'trialing', '2026-02-01')], expected: 'b' },
  ])('picks $name', ({ subs, expected }) => {
    expect(pickRelevantSubscription(subs)?.id ?? null).toBe(expected);
  });
});
