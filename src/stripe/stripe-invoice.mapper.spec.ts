import type { StripeInvoice } from './stripe-client';
import { ledgerInvoiceStatus, mapStripeInvoice } from './stripe-invoice.mapper';

function stripeInvoice(over: Record<string, unknown> = {}): StripeInvoice {
  return {
    id: 'in_1',
    object: 'invoice',
    customer: 'cus_1',
    status: 'paid',
    total: 90_000,
    amount_paid: 90_000,
    currency: 'inr',
    billing_reason: 'subscription_cycle',
    created: 1_787_776_000,
    attempted: true,
    period_start: 1_780_000_000,
    period_end: 1_787_776_000,
    hosted_invoice_url: 'https://invoice.example/in_1',
    status_transitions: { paid_at: 1_787_776_100 },
    parent: { type: 'subscription_details', subscription_details: { subscription: 'sub_1', metadata: {} } },
    lines: {
      data: [
        {
          period: { start: 1_787_776_000, end: 1_795_724_800 },
          parent: { type: 'subscription_item_details', subscription_item_details: { subscription: 'sub_1', subscription_item: 'si_1' } },
        },
      ],
    },
    ...over,
  } as unknown as StripeInvoice;
}

describe('mapStripeInvoice', () => {
  it('reads the subscription from parent.subscription_details and the service period from the line', () => {
    expect(mapStripeInvoice(stripeInvoice())).toEqual({
      stripeInvoiceId: 'in_1',
      stripeSubscriptionId: 'sub_1',
      stripeCustomerId: 'cus_1',
      stripeStatus: 'paid',
      totalMinor: 90_000,
      amountPaidMinor: 90_000,
      currency: 'INR',
      billingReason: 'subscription_cycle',
      periodStart: new Date(1_787_776_000_000),
      periodEnd: new Date(1_795_724_800_000),
      hostedInvoiceUrl: 'https://invoice.example/in_1',
      paidAt: new Date(1_787_776_100_000),
      stripeCreatedAt: new Date(1_787_776_000_000),
      attempted: true,
    });
  });

  it('falls back to the line parent for the subscription and to the invoice period without lines', () => {
    const m = mapStripeInvoice(stripeInvoice({ parent: null }));
    expect(m.stripeSubscriptionId).toBe('sub_1');
    const bare = mapStripeInvoice(stripeInvoice({ parent: null, lines: { data: [] } }));
    expect(bare.stripeSubscriptionId).toBeNull();
    expect(bare.periodStart).toEqual(new Date(1_780_000_000_000));
  });
});

describe('ledgerInvoiceStatus', () => {
  it.each([
    // stripe status, attempted, event type, previous ledger status → ledger status
    ['paid', true, 'invoice.payment_failed', 'payment_failed', 'paid'],
    ['void', false, null, 'open', 'void'],
    ['draft', false, null, null, 'draft'],
    ['uncollectible', true, null, 'payment_failed', 'uncollectible'],
    ['open', true, 'invoice.payment_failed', null, 'payment_failed'],
    ['open', true, 'invoice.payment_action_required', 'payment_failed', 'action_required'],
    ['open', true, 'invoice.paid', 'action_required', 'action_required'],
    ['open', true, null, null, 'payment_failed'],
    ['open', false, null, null, 'open'],
  ])('%s attempted=%s on %s (was %s) → %s', (status, attempted, eventType, previous, expected) => {
    expect(ledgerInvoiceStatus(status as string, attempted as boolean, eventType as string | null, previous as string | null)).toBe(expected);
  });
});
