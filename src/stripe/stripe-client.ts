import { Inject, Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { DomainError } from '../common/errors';
import { ENV, type EnvDto } from '../config/env.schema';

/** Stripe object types, re-exported so no other file needs to import the SDK. */
export type StripeSubscription = Stripe.Subscription;
export type StripeSubscriptionItem = Stripe.SubscriptionItem;
export type StripeInvoice = Stripe.Invoice;
export type StripePrice = Stripe.Price;
export type StripeCheckoutSession = Stripe.Checkout.Session;
export type StripeEvent = Stripe.Event;
export type StripeSubscriptionUpdate = Stripe.SubscriptionUpdateParams;
export type StripeCheckoutSessionCreate = Stripe.Checkout.SessionCreateParams;
export type StripePriceCreate = Stripe.PriceCreateParams;
export type StripeCoupon = Stripe.Coupon;
export type StripeCouponCreate = Stripe.CouponCreateParams;
export type StripePromotionCode = Stripe.PromotionCode;
export type StripePromotionCodeCreate = Stripe.PromotionCodeCreateParams;
export type StripeCharge = Stripe.Charge;
export type StripeRefund = Stripe.Refund;

/** What a subscription is read with: its discounts and their coupons, so an offer shows on the subscription. */
const SUBSCRIPTION_EXPAND = ['discounts.source.coupon'];

/** Signature tolerance for webhooks, in seconds (Stripe's own default, made explicit). */
const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * The one seam to Stripe: the only file that imports the SDK. Built from the validated environment;
 * without STRIPE_SECRET_KEY every call answers 503 STRIPE_NOT_CONFIGURED, and the service still runs.
 */
@Injectable()
export class StripeClient {
  private readonly logger = new Logger(StripeClient.name);
  private readonly sdk: Stripe | null;
  private readonly webhookSecret: string | null;

  constructor(@Inject(ENV) env: EnvDto) {
    this.webhookSecret = env.STRIPE_WEBHOOK_SECRET ?? null;
    if (!env.STRIPE_SECRET_KEY) {
      this.sdk = null;
      return;
    }
    const url = env.STRIPE_API_URL ? new URL(env.STRIPE_API_URL) : null;
    this.sdk = new Stripe(env.STRIPE_SECRET_KEY, {
      // Few retries: a webhook that fails is retried by Stripe itself for three days.
      maxNetworkRetries: 1,
      timeout: 20_000,
      ...(url
        ? {
            host: url.hostname,
            port: url.port || (url.protocol === 'https:' ? 443 : 80),
            protocol: url.protocol === 'https:' ? 'https' : 'http',
          }
        : {}),
    });
  }

  get configured(): boolean {
    return this.sdk !== null;
  }

  private get api(): Stripe {
    if (!this.sdk) throw new DomainError('STRIPE_NOT_CONFIGURED', 'Stripe is not configured (set STRIPE_SECRET_KEY)');
    return this.sdk;
  }

  /** Throws 503 unless both the API key and the webhook secret are set. */
  assertWebhooksConfigured(): void {
    if (!this.sdk || !this.webhookSecret) {
      throw new DomainError('STRIPE_NOT_CONFIGURED', 'Stripe webhooks are not configured (set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET)');
    }
  }

  /** Verifies the signature over the raw body (300 s tolerance) and parses the event; 400 INVALID_WEBHOOK otherwise. */
  constructEvent(rawBody: Buffer | undefined, signature: string | undefined): StripeEvent {
    this.assertWebhooksConfigured();
    if (!rawBody || !rawBody.length) throw new DomainError('INVALID_WEBHOOK', 'Empty body');
    if (!signature) throw new DomainError('INVALID_WEBHOOK', 'Missing Stripe-Signature header');
    let parsed: unknown;
    try {
      parsed = this.api.webhooks.constructEvent(rawBody, signature, this.webhookSecret!, WEBHOOK_TOLERANCE_SECONDS);
    } catch (e) {
      const type = (e as { type?: string }).type;
      throw new DomainError(
        'INVALID_WEBHOOK',
        type === 'StripeSignatureVerificationError'
          ? 'The Stripe signature does not verify (wrong secret, altered body or stale timestamp)'
          : 'The body is not a Stripe event',
      );
    }
    return asStripeEvent(parsed);
  }

  retrieveSubscription(id: string): Promise<StripeSubscription> {
    return this.call('subscriptions.retrieve', () => this.api.subscriptions.retrieve(id, { expand: SUBSCRIPTION_EXPAND }));
  }

  updateSubscription(id: string, params: StripeSubscriptionUpdate): Promise<StripeSubscription> {
    return this.call('subscriptions.update', () => this.api.subscriptions.update(id, { ...params, expand: SUBSCRIPTION_EXPAND }));
  }

  /** The coupon with this id, or null when Stripe has none. */
  async retrieveCoupon(id: string): Promise<StripeCoupon | null> {
    try {
      return await this.api.coupons.retrieve(id);
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404) return null;
      return this.call('coupons.retrieve', () => Promise.reject(e as Error));
    }
  }

  createCoupon(params: StripeCouponCreate, idempotencyKey: string): Promise<StripeCoupon> {
    return this.call('coupons.create', () => this.api.coupons.create(params, { idempotencyKey }));
  }

  /** The active promotion code with this customer-facing code, or null. */
  async findPromotionCode(code: string): Promise<StripePromotionCode | null> {
    const list = await this.call('promotionCodes.list', () => this.api.promotionCodes.list({ code, active: true, limit: 1 }));
    return list.data[0] ?? null;
  }

  createPromotionCode(params: StripePromotionCodeCreate, idempotencyKey: string): Promise<StripePromotionCode> {
    return this.call('promotionCodes.create', () => this.api.promotionCodes.create(params, { idempotencyKey }));
  }

  deactivatePromotionCode(id: string): Promise<StripePromotionCode> {
    return this.call('promotionCodes.update', () => this.api.promotionCodes.update(id, { active: false }));
  }

  /** Ends a subscription now (no proration refund): the admin/immediate path. */
  cancelSubscriptionNow(id: string): Promise<StripeSubscription> {
    return this.call('subscriptions.cancel', () => this.api.subscriptions.cancel(id));
  }

  retrieveInvoice(id: string): Promise<StripeInvoice> {
    return this.call('invoices.retrieve', () => this.api.invoices.retrieve(id));
  }

  retrieveCharge(id: string): Promise<StripeCharge> {
    return this.call('charges.retrieve', () => this.api.charges.retrieve(id));
  }

  /** Every refund of a charge (auto-paginated). */
  listRefunds(chargeId: string): Promise<StripeRefund[]> {
    return this.call('refunds.list', () => collect<StripeRefund>(this.api.refunds.list({ charge: chargeId, limit: 100 })));
  }

  /** The invoice a PaymentIntent paid, or null: found through its invoice payment (charges name no invoice now). */
  async invoiceOfPaymentIntent(paymentIntent: string): Promise<string | null> {
    const list = await this.call('invoicePayments.list', () =>
      this.api.invoicePayments.list({ payment: { type: 'payment_intent', payment_intent: paymentIntent }, limit: 1 }),
    );
    const invoice = list.data[0]?.invoice ?? null;
    return typeof invoice === 'string' ? invoice : (invoice?.id ?? null);
  }

  retrieveCheckoutSession(id: string): Promise<StripeCheckoutSession> {
    return this.call('checkout.sessions.retrieve', () => this.api.checkout.sessions.retrieve(id));
  }

  createCheckoutSession(params: StripeCheckoutSessionCreate, idempotencyKey?: string): Promise<StripeCheckoutSession> {
    return this.call('checkout.sessions.create', () => this.api.checkout.sessions.create(params, idempotencyKey ? { idempotencyKey } : undefined));
  }

  createBillingPortalSession(customer: string, returnUrl: string): Promise<{ id: string; url: string }> {
    return this.call('billingPortal.sessions.create', () => this.api.billingPortal.sessions.create({ customer, return_url: returnUrl }));
  }

  async createCustomer(params: { email?: string; userId: string }, idempotencyKey: string): Promise<string> {
    const c = await this.call('customers.create', () =>
      this.api.customers.create({ ...(params.email ? { email: params.email } : {}), metadata: { user_id: params.userId } }, { idempotencyKey }),
    );
    return c.id;
  }

  async createProduct(params: { name: string; planCode: string }, idempotencyKey: string): Promise<string> {
    const p = await this.call('products.create', () =>
      this.api.products.create({ name: params.name, metadata: { plan_code: params.planCode } }, { idempotencyKey }),
    );
    return p.id;
  }

  createPrice(params: StripePriceCreate, idempotencyKey: string): Promise<StripePrice> {
    return this.call('prices.create', () => this.api.prices.create(params, { idempotencyKey }));
  }

  retrievePrice(id: string): Promise<StripePrice> {
    return this.call('prices.retrieve', () => this.api.prices.retrieve(id));
  }

  /** A subscription's invoices (auto-paginated), for reconciliation. */
  async listInvoices(subscriptionId: string): Promise<StripeInvoice[]> {
    return this.call('invoices.list', () => collect<StripeInvoice>(this.api.invoices.list({ subscription: subscriptionId, limit: 100 })));
  }

  /** Every subscription of the account (auto-paginated), for reconciliation. */
  async listSubscriptions(): Promise<StripeSubscription[]> {
    return this.call('subscriptions.list', () => collect<StripeSubscription>(this.api.subscriptions.list({ status: 'all', limit: 100 })));
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof DomainError) throw e;
      const err = e as { statusCode?: number; message?: string; type?: string };
      this.logger.warn(`Stripe ${what} failed: ${err.type ?? 'error'} ${err.statusCode ?? ''} ${redact(err.message ?? '')}`);
      // 502 for API callers; the webhook intake turns any processing failure into a 500 so that Stripe retries.
      throw new DomainError('STRIPE_ERROR', `Stripe ${what} failed: ${redact(err.message ?? String(e))}`);
    }
  }
}

/** Walks every page of a Stripe list (autoPagingToArray caps at 10,000 items). */
async function collect<T>(list: { autoPagingEach(fn: (item: T) => void): Promise<void> }): Promise<T[]> {
  const items: T[] = [];
  await list.autoPagingEach((item) => {
    items.push(item);
  });
  return items;
}

/**
 * A webhook body verified earlier (and stored), parsed again as constructEvent parses it: UTF-8 with a leading BOM
 * dropped, then JSON. For replay, which has no fresh signature to check.
 */
export function parseStripeEvent(rawBody: Uint8Array): StripeEvent {
  return asStripeEvent(JSON.parse(new TextDecoder().decode(rawBody)));
}

/**
 * The parsed body of a verified webhook as a Stripe event, or 400 INVALID_WEBHOOK. The signature covers any bytes,
 * so a signed `null`, array or number parses and must still be refused here.
 */
function asStripeEvent(value: unknown): StripeEvent {
  const e = value as Record<string, unknown> | null;
  const obj = (e?.data as { object?: unknown } | undefined)?.object;
  if (
    e === null ||
    typeof e !== 'object' ||
    Array.isArray(e) ||
    e.object !== 'event' ||
    typeof e.id !== 'string' ||
    !e.id ||
    typeof e.type !== 'string' ||
    typeof e.created !== 'number' ||
    !obj ||
    typeof obj !== 'object'
  ) {
    throw new DomainError('INVALID_WEBHOOK', 'The body is not a Stripe event');
  }
  return value as StripeEvent;
}

/** Strips anything shaped like a Stripe secret from a message before it is logged or stored. */
export function redact(message: string): string {
  return message.replace(/\b(sk|rk|whsec)_[A-Za-z0-9_]+/g, '$1_***').slice(0, 500);
}
