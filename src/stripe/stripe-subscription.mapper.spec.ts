import type { StripeSubscription } from './stripe-client';
import { mapStripeSubscription, mapSubscriptionStatus } from './stripe-subscription.mapper';

/** A Stripe subscription shaped like API 2026-10-28 (periods on items), trimmed to what the mapper reads. */
function stripeSub(over: Record<string, unknown> = {}, item: Record<string, unknown> = {}): StripeSubscription {
  return {
    id: 'sub_1',
    object: 'subscription',
    customer: 'cus_1',
    status: 'active',
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    ended_at: null,
    created: 1_780_000_000,
    metadata: { user_id: 'u1' },
    items: {
      object: 'list',
      data: [
        {
          id: 'si_1',
          object: 'subscription_item',
          current_period_start: 1_780_000_000,
          current_period_end: 1_787_776_000,
          quantity: 1,
          price: { id: 'price_1', object: 'price', currency: 'inr', unit_amount: 90_000, lookup_key: 'smart_quarterly' },
          ...item,
        },
      ],
    },
    ...over,
  } as unknown as StripeSubscription;
}

describe('mapStripeSubscription', () => {
  it.each([
    ['incomplete', 'incomplete'],
    ['incomplete_expired', 'incomplete_expired'],
    ['trialing', 'trialing'],
    ['active', 'active'],
    ['past_due', 'past_due'],
    ['canceled', 'canceled'],
    ['unpaid', 'unpaid'],
    ['paused', 'paused'],
  ])('maps Stripe status %s to %s', (stripe, local) => {
    expect(mapStripeSubscription(stripeSub({ status: stripe })).status).toBe(local);
  });

  it('refuses a status it does not know, rather than guessing', () => {
    expect(() => mapSubscriptionStatus('frozen')).toThrow(/Unknown Stripe subscription status/);
  });

  it('takes the period, price and amount from the item, currency upper-cased', () => {
    expect(mapStripeSubscription(stripeSub())).toEqual({
      stripeSubscriptionId: 'sub_1',
      stripeCustomerId: 'cus_1',
      status: 'active',
      stripeItemId: 'si_1',
      stripePriceId: 'price_1',
      priceLookupKey: 'smart_quarterly',
      amountMinor: 90_000,
      currency: 'INR',
      currentPeriodStart: new Date(1_780_000_000_000),
      currentPeriodEnd: new Date(1_787_776_000_000),
      cancelAtPeriodEnd: false,
      canceledAt: null,
      endedAt: null,
      stripeCreatedAt: new Date(1_780_000_000_000),
      metadata: { user_id: 'u1' },
      trialEnd: null,
      offer: null,
    });
  });

  const coupon = (metadata: Record<string, string>) => ({ id: 'tg_x', object: 'coupon', metadata });
  const discount = (c: unknown, end: number | null) => ({ id: 'di_1', object: 'discount', end, source: { type: 'coupon', coupon: c } });
  it.each([
    ['no discount, no trial', {}, null],
    [
      "a discount from an offer's coupon",
      { discounts: [discount(coupon({ offer_code: 'intro', offer_kind: 'intro_price' }), 1_787_776_000)] },
      { code: 'intro', kind: 'intro_price', endsAt: new Date(1_787_776_000_000) },
    ],
    [
      'a forever discount',
      { discounts: [discount(coupon({ offer_code: 'ten', offer_kind: 'percent_off' }), null)] },
      { code: 'ten', kind: 'percent_off', endsAt: null },
    ],
    ['a discount Tollgate did not make', { discounts: [discount(coupon({}), null)] }, null],
    ['discounts not expanded: unknown', { discounts: ['di_1'] }, undefined],
    ['a coupon not expanded: unknown', { discounts: [discount('tg_x', null)] }, undefined],
    [
      'a running trial started by an offer',
      { status: 'trialing', trial_end: 1_781_000_000, metadata: { user_id: 'u1', offer_code: 'try14' } },
      { code: 'try14', kind: 'trial', endsAt: new Date(1_781_000_000_000) },
    ],
    ['a trial over', { status: 'active', trial_end: 1_781_000_000, metadata: { user_id: 'u1', offer_code: 'try14' } }, null],
    ['a trial made in Stripe, no offer', { status: 'trialing', trial_end: 1_781_000_000 }, null],
  ])('offer: %s', (_name, over, expected) => {
    expect(mapStripeSubscription(stripeSub(over)).offer).toEqual(expected);
  });

  it.each([
    { name: 'cancel_at_period_end', over: { cancel_at_period_end: true }, expected: true },
    { name: 'cancel_at on the period end', over: { cancel_at: 1_787_776_000 }, expected: true },
    { name: 'cancel_at after the period end', over: { cancel_at: 1_797_776_000 }, expected: false },
    { name: 'neither', over: {}, expected: false },
  ])('cancelAtPeriodEnd from $name', ({ over, expected }) => {
    expect(mapStripeSubscription(stripeSub(over)).cancelAtPeriodEnd).toBe(expected);
  });

  it('multiplies the unit amount by the quantity and reads an expanded customer', () => {
    const m = mapStripeSubscription(stripeSub({ customer: { id: 'cus_9' } }, { quantity: 2 }));
    expect(m.amountMinor).toBe(180_000);
    expect(m.stripeCustomerId).toBe('cus_9');
  });

  it('keeps the ending times', () => {
    const m = mapStripeSubscription(stripeSub({ status: 'canceled', canceled_at: 1_781_000_000, ended_at: 1_782_000_000 }));
    expect(m.canceledAt).toEqual(new Date(1_781_000_000_000));
    expect(m.endedAt).toEqual(new Date(1_782_000_000_000));
  });
});
