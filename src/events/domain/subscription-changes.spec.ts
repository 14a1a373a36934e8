import { subscriptionEventTypes, type SubscriptionChangeFacts } from './subscription-changes';

const P1 = new Date('2026-01-01T00:00:00Z');
const P2 = new Date('2026-02-01T00:00:00Z');
const row = (over: Partial<SubscriptionChangeFacts> = {}): SubscriptionChangeFacts => ({
  userId: 'u1',
  planId: 'plan-a',
  status: 'active',
  currentPeriodStart: P1,
  cancelAtPeriodEnd: false,
  ...over,
});

describe('subscriptionEventTypes: which subscription.* events one write reports', () => {
  it.each<[string, SubscriptionChangeFacts | null, SubscriptionChangeFacts, string[]]>([
    ['a new active row', null, row(), ['subscription.created']],
    ['a new trialing row', null, row({ status: 'trialing' }), ['subscription.created']],
    ['a new incomplete row (first payment pending)', null, row({ status: 'incomplete' }), []],
    ['incomplete → active: it starts', row({ status: 'incomplete' }), row(), ['subscription.created']],
    ['incomplete → incomplete_expired: it never started', row({ status: 'incomplete' }), row({ status: 'incomplete_expired' }), []],
    ['a new row with no user', null, row({ userId: null }), []],
    ['linked to its user later: created then', row({ userId: null }), row(), ['subscription.created']],
    ['a new row already canceled', null, row({ status: 'canceled' }), []],
    ['the same row written again', row(), row(), []],
    ['the period advanced', row(), row({ currentPeriodStart: P2 }), ['subscription.renewed']],
    ['trial → active with a new period', row({ status: 'trialing' }), row({ currentPeriodStart: P2 }), ['subscription.renewed']],
    ['active → past_due', row(), row({ status: 'past_due' }), ['subscription.past_due']],
    [
      'renewal attempted and failed: new period, past_due',
      row(),
      row({ status: 'past_due', currentPeriodStart: P2 }),
      ['subscription.renewed', 'subscription.past_due'],
    ],
    ['past_due → past_due', row({ status: 'past_due' }), row({ status: 'past_due' }), []],
    ['past_due → active (paid)', row({ status: 'past_due' }), row(), []],
    ['cancellation requested', row(), row({ cancelAtPeriodEnd: true }), ['subscription.canceled']],
    ['cancellation withdrawn', row({ cancelAtPeriodEnd: true }), row(), ['subscription.resumed']],
    ['active → canceled (ended)', row(), row({ status: 'canceled' }), ['subscription.ended']],
    [
      'pending cancellation takes effect',
      row({ cancelAtPeriodEnd: true }),
      row({ status: 'canceled', cancelAtPeriodEnd: true }),
      ['subscription.ended'],
    ],
    ['past_due → canceled', row({ status: 'past_due' }), row({ status: 'canceled' }), ['subscription.ended']],
    ['canceled written again', row({ status: 'canceled' }), row({ status: 'canceled' }), []],
    ['plan changed (new period too)', row(), row({ planId: 'plan-b', currentPeriodStart: P2 }), ['subscription.plan_changed']],
    [
      'plan changed and cancellation requested',
      row(),
      row({ planId: 'plan-b', cancelAtPeriodEnd: true }),
      ['subscription.plan_changed', 'subscription.canceled'],
    ],
    ['moved to another user: created for the new one', row({ userId: 'u0' }), row(), ['subscription.created']],
    ['unlinked from its user', row(), row({ userId: null }), []],
  ])('%s', (_name, before, after, expected) => {
    expect(subscriptionEventTypes(before, after)).toEqual(expected);
  });
});
