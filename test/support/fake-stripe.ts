/* A stateful in-memory Stripe for tests and the bench: speaks enough of Stripe's form-encoded HTTP API for the
 * real SDK (pointed here with STRIPE_API_URL), shapes objects like API version 2026-10-28 (periods on subscription
 * items, invoice.parent.subscription_details.subscription), and emits the events Stripe would, signed like Stripe.
 * Offers: coupons, promotion codes, discounts on subscriptions and invoices (rules in fake-stripe-offers.ts), trials.
 * Payments: a charge per paid invoice, refunds and charge.refunded (fake-stripe-refunds.ts). */
import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { expandList, FakeOffers } from './fake-stripe-offers';
import { FakePayments } from './fake-stripe-refunds';

export type StripeObj = Record<string, any>;

export interface RecordedRequest {
  method: string;
  path: string;
  params: StripeObj;
}

/** How a delivery is signed: Stripe's timestamp (default now) and secret (default the fake's). */
export interface SignOptions {
  timestamp?: number;
  secret?: string;
}

export interface SignedDelivery {
  payload: string;
  header: string;
}

const API_VERSION = '2026-10-28.endive';

/** Decodes Stripe's bracket form encoding (`items[0][price]=x&metadata[k]=v`) into nested objects and arrays. */
export function parseStripeForm(encoded: string): StripeObj {
  const root: StripeObj = {};
  for (const [key, value] of new URLSearchParams(encoded)) {
    const path = key.replace(/\]/g, '').split('[');
    let cur = root;
    for (let i = 0; i < path.length - 1; i++) cur = cur[path[i]] ??= {};
    const last = path[path.length - 1];
    // `expand[]=a&expand[]=b`: an empty index is the next one.
    cur[last === '' ? String(Object.keys(cur).length) : last] = value;
  }
  return arrayify(root) as StripeObj;
}

function arrayify(v: unknown): unknown {
  if (!v || typeof v !== 'object') return v;
  const o = v as StripeObj;
  const keys = Object.keys(o);
  for (const k of keys) o[k] = arrayify(o[k]);
  if (keys.length && keys.every((k) => /^\d+$/.test(k))) return keys.sort((a, b) => Number(a) - Number(b)).map((k) => o[k]);
  return o;
}

/** Adds n months (or years) to a unix timestamp, in UTC, as Stripe's billing anchor does. */
export function addInterval(ts: number, recurring: { interval: string; interval_count: number }): number {
  const d = new Date(ts * 1000);
  const months = recurring.interval === 'year' ? 12 * recurring.interval_count : recurring.interval_count;
  d.setUTCMonth(d.getUTCMonth() + months);
  return Math.floor(d.getTime() / 1000);
}

class StripeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export class FakeStripe {
  url = '';
  readonly webhookSecret: string;
  readonly customers = new Map<string, StripeObj>();
  readonly products = new Map<string, StripeObj>();
  readonly prices = new Map<string, StripeObj>();
  readonly sessions = new Map<string, StripeObj>();
  readonly subscriptions = new Map<string, StripeObj>();
  readonly invoices = new Map<string, StripeObj>();
  private readonly offers = new FakeOffers({
    now: () => this.now(),
    id: (prefix) => this.id(prefix),
    refuse: (status, message, code) => new StripeHttpError(status, 'invalid_request_error', message, code),
    addMonths: (ts, months) => addInterval(ts, { interval: 'month', interval_count: months }),
    hasProduct: (id) => this.products.has(id),
    hasPaid: (customer) => [...this.invoices.values()].some((i) => i.customer === customer && i.amount_paid > 0),
  });
  /** Charges, refunds and invoice payments. */
  readonly payments = new FakePayments({
    now: () => this.now(),
    id: (prefix) => this.id(prefix),
    refuse: (status, message, code) => new StripeHttpError(status, 'invalid_request_error', message, code),
    emit: (type, object) => this.emit(type, object),
  });
  /** Coupons by id (a deleted coupon leaves the map, and its discounts live on). */
  readonly coupons = this.offers.coupons;
  readonly promotionCodes = this.offers.promotionCodes;
  /** Discounts by id (a subscription's `discounts` lists their ids). */
  readonly discounts = this.offers.discounts;
  /** Every API request the SDK made, in order (tests assert what Tollgate asked of Stripe). */
  readonly requests: RecordedRequest[] = [];
  /** Every event emitted so far. */
  readonly events: StripeObj[] = [];
  /** While true, every API call answers 500 (fault tests). */
  failing = false;
  /** Runs before each API answer: fault tests cut the database here, mid-way through a webhook. */
  beforeRespond: ((req: RecordedRequest) => Promise<void> | void) | null = null;
  private pending: StripeObj[] = [];
  private readonly idempotent = new Map<string, { status: number; body: string }>();
  private nowOverride: number | null = null;
  private server: Server;

  private constructor(webhookSecret: string) {
    this.webhookSecret = webhookSecret;
  }

  /** Starts the fake on 127.0.0.1 on a free port. */
  static async start(opts: { webhookSecret?: string } = {}): Promise<FakeStripe> {
    const fake = new FakeStripe(opts.webhookSecret ?? 'whsec_x');
    fake.server = createServer((req, res) => void fake.handle(req, res));
    fake.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Stripe's "now" in unix seconds: real time unless pinned. */
  now(): number {
    return this.nowOverride ?? Math.floor(Date.now() / 1000);
  }

  setNow(unixSeconds: number | null): void {
    this.nowOverride = unixSeconds;
  }

  /** Events emitted since the last call (what Stripe would now deliver). */
  takeEvents(): StripeObj[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** Signs an event like Stripe does (Stripe-Signature header over the exact payload). */
  sign(event: StripeObj, opts: SignOptions = {}): SignedDelivery {
    return this.signPayload(JSON.stringify(event), opts);
  }

  /** Signs exact bytes (a body JSON.stringify would not write, or one that is not an event at all). */
  signPayload(payload: string, opts: SignOptions = {}): SignedDelivery {
    const header = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: opts.secret ?? this.webhookSecret,
      ...(opts.timestamp !== undefined ? { timestamp: opts.timestamp } : {}),
    });
    return { payload, header };
  }

  private id(prefix: string): string {
    return `${prefix}_${randomBytes(9).toString('hex')}`;
  }

  private emit(type: string, object: StripeObj, previous?: StripeObj): StripeObj {
    const event = {
      id: this.id('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: this.now(),
      data: { object: clone(object), ...(previous ? { previous_attributes: previous } : {}) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
    this.events.push(event);
    this.pending.push(event);
    return event;
  }

  // ---- objects -------------------------------------------------------------------------------------------------

  createCustomer(params: { email?: string | null; metadata?: StripeObj }): StripeObj {
    const c = {
      id: this.id('cus'),
      object: 'customer',
      created: this.now(),
      email: params.email ?? null,
      livemode: false,
      metadata: params.metadata ?? {},
      name: null,
    };
    this.customers.set(c.id, c);
    return c;
  }

  createProduct(params: StripeObj): StripeObj {
    const p = {
      id: this.id('prod'),
      object: 'product',
      active: true,
      created: this.now(),
      livemode: false,
      metadata: params.metadata ?? {},
      name: params.name,
    };
    this.products.set(p.id, p);
    return p;
  }

  createPrice(params: StripeObj): StripeObj {
    if (!params.currency || params.unit_amount === undefined || !params.product) {
      throw new StripeHttpError(400, 'invalid_request_error', 'Missing required param: currency, unit_amount or product');
    }
    if (!this.products.has(params.product))
      throw new StripeHttpError(400, 'invalid_request_error', `No such product: '${params.product}'`, 'resource_missing');
    const lookupKey: string | null = params.lookup_key || null;
    if (lookupKey) {
      const holder = [...this.prices.values()].find((p) => p.lookup_key === lookupKey);
      if (holder && String(params.transfer_lookup_key) !== 'true') {
        throw new StripeHttpError(400, 'invalid_request_error', `A price (\`${holder.id}\`) already uses that lookup key.`, 'lookup_key_exists');
      }
      if (holder) holder.lookup_key = null;
    }
    const price = {
      id: this.id('price'),
      object: 'price',
      active: true,
      billing_scheme: 'per_unit',
      created: this.now(),
      currency: String(params.currency).toLowerCase(),
      custom_unit_amount: null,
      livemode: false,
      lookup_key: lookupKey,
      metadata: params.metadata ?? {},
      nickname: params.nickname ?? null,
      product: params.product,
      recurring: params.recurring
        ? {
            interval: params.recurring.interval,
            interval_count: Number(params.recurring.interval_count ?? 1),
            meter: null,
            trial_period_days: null,
            usage_type: 'licensed',
          }
        : null,
      tax_behavior: 'unspecified',
      tiers_mode: null,
      transform_quantity: null,
      type: params.recurring ? 'recurring' : 'one_time',
      unit_amount: Number(params.unit_amount),
      unit_amount_decimal: String(params.unit_amount),
    };
    this.prices.set(price.id, price);
    return price;
  }

  /** Test convenience: a product and a recurring price in one go. */
  createRecurringPrice(opts: { amount: number; currency?: string; months: number; lookupKey?: string; metadata?: StripeObj }): StripeObj {
    const product = this.createProduct({ name: `Product ${opts.lookupKey ?? ''}`.trim() });
    const byYear = opts.months % 12 === 0;
    return this.createPrice({
      currency: opts.currency ?? 'inr',
      unit_amount: opts.amount,
      product: product.id,
      recurring: { interval: byYear ? 'year' : 'month', interval_count: byYear ? opts.months / 12 : opts.months },
      lookup_key: opts.lookupKey,
      transfer_lookup_key: 'true',
      metadata: opts.metadata,
    });
  }

  private price(id: string): StripeObj {
    const p = this.prices.get(id);
    if (!p) throw new StripeHttpError(400, 'invalid_request_error', `No such price: '${id}'`, 'resource_missing');
    return p;
  }

  private subscription(id: string): StripeObj {
    const s = this.subscriptions.get(id);
    if (!s) throw new StripeHttpError(404, 'invalid_request_error', `No such subscription: '${id}'`, 'resource_missing');
    return s;
  }

  private item(sub: StripeObj): StripeObj {
    return sub.items.data[0];
  }

  /** A new subscription; with `trialEnd`, its first period is the trial and billing starts when the trial ends. */
  private newSubscription(customer: string, price: StripeObj, metadata: StripeObj, status: string, trialEnd: number | null = null): StripeObj {
    const now = this.now();
    const id = this.id('sub');
    const sub: StripeObj = {
      id,
      object: 'subscription',
      billing_cycle_anchor: trialEnd ?? now,
      cancel_at: null,
      cancel_at_period_end: false,
      canceled_at: null,
      cancellation_details: { comment: null, feedback: null, reason: null },
      collection_method: 'charge_automatically',
      created: now,
      currency: price.currency,
      customer,
      default_payment_method: null,
      description: null,
      discounts: [],
      ended_at: null,
      items: {
        object: 'list',
        data: [
          {
            id: this.id('si'),
            object: 'subscription_item',
            created: now,
            current_period_start: now,
            current_period_end: trialEnd ?? addInterval(now, price.recurring),
            discounts: [],
            metadata: {},
            price: clone(price),
            quantity: 1,
            subscription: id,
            tax_rates: [],
          },
        ],
        has_more: false,
        url: `/v1/subscription_items?subscription=${id}`,
      },
      latest_invoice: null as string | null,
      livemode: false,
      metadata,
      pause_collection: null,
      schedule: null,
      start_date: now,
      status,
      test_clock: null,
      trial_end: trialEnd,
      trial_start: trialEnd === null ? null : now,
    };
    if (trialEnd !== null) sub.trial_settings = { end_behavior: { missing_payment_method: 'create_invoice' } };
    this.subscriptions.set(id, sub);
    return sub;
  }

  /** An invoice for the item's current period: the price (or `amount`, which no discount touches) less live discounts. */
  private newInvoice(sub: StripeObj, billingReason: string, paid: boolean, amount?: number): StripeObj {
    const item = this.item(sub);
    const subtotal = amount ?? item.price.unit_amount * item.quantity;
    // A renewal invoice is made when the new period starts, which may be ahead of the fake's clock.
    const now = Math.max(this.now(), billingReason === 'subscription_cycle' ? item.current_period_start : 0);
    const reductions = amount === undefined ? this.offers.spend(sub, item.price.product, subtotal, now) : [];
    const total = subtotal - reductions.reduce((sum, d) => sum + d.amount, 0);
    const id = this.id('in');
    const inv = {
      id,
      object: 'invoice',
      amount_due: total,
      amount_paid: paid ? total : 0,
      amount_remaining: paid ? 0 : total,
      attempt_count: 1,
      attempted: true,
      auto_advance: !paid,
      billing_reason: billingReason,
      collection_method: 'charge_automatically',
      created: now,
      currency: sub.currency,
      customer: sub.customer,
      discounts: reductions.map((d) => d.discount),
      hosted_invoice_url: `${this.url}/invoices/${id}`,
      invoice_pdf: `${this.url}/invoices/${id}/pdf`,
      lines: {
        object: 'list',
        data: [
          {
            id: this.id('il'),
            object: 'line_item',
            amount: subtotal,
            currency: sub.currency,
            description: `1 × ${item.price.id}`,
            discount_amounts: clone(reductions),
            discountable: true,
            discounts: [],
            invoice: id,
            metadata: {},
            parent: {
              type: 'subscription_item_details',
              invoice_item_details: null,
              subscription_item_details: {
                invoice_item: null,
                proration: false,
                proration_details: { credited_items: null },
                subscription: sub.id,
                subscription_item: item.id,
              },
            },
            period: { start: item.current_period_start, end: item.current_period_end },
            pricing: {
              type: 'price_details',
              price_details: { price: item.price.id, product: item.price.product },
              unit_amount_decimal: String(subtotal),
            },
            quantity: 1,
          },
        ],
        has_more: false,
        url: `/v1/invoices/${id}/lines`,
      },
      livemode: false,
      metadata: {},
      next_payment_attempt: paid ? null : now + 3 * 86400,
      number: `FAKE-${this.invoices.size + 1}`,
      parent: { type: 'subscription_details', quote_details: null, subscription_details: { metadata: clone(sub.metadata), subscription: sub.id } },
      period_start: item.current_period_start,
      period_end: item.current_period_start,
      status: paid ? 'paid' : 'open',
      status_transitions: { finalized_at: now, marked_uncollectible_at: null, paid_at: paid ? now : null, voided_at: null },
      subtotal,
      total,
      total_discount_amounts: reductions,
    };
    this.invoices.set(id, inv);
    sub.latest_invoice = id;
    if (paid) this.payments.recordPayment(inv);
    return inv;
  }

  /** Moves the item to its next period and drops the discounts over by then (as Stripe removes them); previous_attributes. */
  private startNextPeriod(sub: StripeObj): StripeObj {
    const item = this.item(sub);
    const previous: StripeObj = { items: clone(sub.items) };
    item.current_period_start = item.current_period_end;
    item.current_period_end = addInterval(item.current_period_start, item.price.recurring);
    const remaining = this.offers.remaining(sub, Math.max(this.now(), item.current_period_start));
    if (remaining.length !== sub.discounts.length) {
      previous.discounts = sub.discounts;
      sub.discounts = remaining;
    }
    return previous;
  }

  private payInvoice(inv: StripeObj): void {
    inv.status = 'paid';
    inv.attempt_count += 1;
    inv.amount_paid = inv.total;
    inv.amount_remaining = 0;
    inv.next_payment_attempt = null;
    inv.status_transitions.paid_at = Math.max(this.now(), inv.created);
    this.payments.recordPayment(inv);
  }

  // ---- test controls: what happens on Stripe's side -----------------------------------------------------------

  /**
   * The customer pays the Checkout Session (or the first payment fails: the subscription stays incomplete). The
   * session's coupon or promotion code becomes a discount on the subscription; `promotionCode` is a code the customer
   * types on a session that allows promotion codes. Throws when the session has expired or the offer cannot be redeemed.
   * With a trial nothing is charged: the subscription is trialing and its first invoice is 0.
   */
  completeCheckout(
    sessionId: string,
    opts: { pay?: boolean; promotionCode?: string } = {},
  ): { subscription: StripeObj; invoice: StripeObj; events: StripeObj[] } {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`fake: no session ${sessionId}`);
    if (session.status === 'expired') throw new Error(`fake: session ${sessionId} has expired`);
    const trialDays: number | null = session._trial_period_days ?? null;
    if (trialDays !== null && opts.pay === false) throw new Error('fake: a trial charges nothing at checkout, so there is no payment to fail');
    const pay = opts.pay ?? true;
    let discounts: StripeObj[] = session.discounts ?? [];
    if (opts.promotionCode !== undefined) {
      if (!session.allow_promotion_codes) throw new Error(`fake: session ${sessionId} does not allow promotion codes`);
      const promo = this.offers.activeCode(opts.promotionCode);
      if (!promo) throw new Error(`fake: no active promotion code '${opts.promotionCode}'`);
      discounts = [{ coupon: null, promotion_code: promo.id }];
    }
    const offer = discounts.length ? this.offers.offerFor(discounts[0], session.customer) : null;
    const customer = session.customer ?? this.createCustomer({ email: session.customer_email ?? `${sessionId}@example.com` }).id;
    const price = this.price(session._line_items[0].price);
    const trialEnd = trialDays === null ? null : this.now() + trialDays * 86400;
    const status = trialEnd !== null ? 'trialing' : pay ? 'active' : 'incomplete';
    const sub = this.newSubscription(customer, price, clone(session._subscription_metadata ?? {}), status, trialEnd);
    // The discount starts with the subscription, so a repeating one covers whole billing periods.
    if (offer) sub.discounts = [this.offers.redeem(sub, offer, sub.start_date, session.id)];
    const invoice = this.newInvoice(sub, 'subscription_create', pay, trialEnd !== null ? 0 : undefined);
    Object.assign(session, {
      customer,
      subscription: sub.id,
      status: pay ? 'complete' : 'open',
      payment_status: trialEnd !== null ? 'no_payment_required' : pay ? 'paid' : 'unpaid',
      invoice: invoice.id,
      ...(offer ? { discounts } : {}),
    });
    const before = this.pending.length;
    if (pay) this.emit('checkout.session.completed', session);
    this.emit('customer.subscription.created', sub);
    this.emit(pay ? 'invoice.paid' : 'invoice.payment_failed', invoice);
    return { subscription: clone(sub), invoice: clone(invoice), events: this.pending.slice(before) };
  }

  /** A subscription made in Stripe's dashboard for a customer Tollgate has never seen. */
  createExternalSubscription(priceId: string, opts: { metadata?: StripeObj } = {}): { subscription: StripeObj; events: StripeObj[] } {
    const customer = this.createCustomer({ email: 'walk-in@example.com' });
    const sub = this.newSubscription(customer.id, this.price(priceId), opts.metadata ?? {}, 'active');
    const invoice = this.newInvoice(sub, 'subscription_create', true);
    const before = this.pending.length;
    this.emit('customer.subscription.created', sub);
    this.emit('invoice.paid', invoice);
    return { subscription: clone(sub), events: this.pending.slice(before) };
  }

  /** The period ends and Stripe bills the next one: paid (→ active) or failed (→ past_due). */
  renew(subId: string, opts: { pay?: boolean } = {}): { invoice: StripeObj; events: StripeObj[] } {
    const pay = opts.pay ?? true;
    const sub = this.subscription(subId);
    const item = this.item(sub);
    const previous: StripeObj = { ...this.startNextPeriod(sub), status: sub.status };
    sub.status = pay ? 'active' : 'past_due';
    const invoice = this.newInvoice(sub, 'subscription_cycle', pay);
    invoice.period_start = previous.items.data[0].current_period_start;
    invoice.period_end = item.current_period_start;
    const before = this.pending.length;
    this.emit('customer.subscription.updated', sub, previous);
    this.emit(pay ? 'invoice.paid' : 'invoice.payment_failed', invoice);
    return { invoice: clone(invoice), events: this.pending.slice(before) };
  }

  /** The trial ends and Stripe bills the first paid period (the trial is the first period, so this is a renewal). */
  endTrial(subId: string, opts: { pay?: boolean } = {}): { invoice: StripeObj; events: StripeObj[] } {
    if (this.subscription(subId).status !== 'trialing') throw new Error('fake: subscription is not trialing');
    return this.renew(subId, opts);
  }

  /** Three days before a trial ends Stripe announces it (customer.subscription.trial_will_end). */
  trialWillEnd(subId: string): { events: StripeObj[] } {
    const sub = this.subscription(subId);
    if (sub.status !== 'trialing') throw new Error('fake: subscription is not trialing');
    const before = this.pending.length;
    this.emit('customer.subscription.trial_will_end', sub);
    return { events: this.pending.slice(before) };
  }

  /** The Checkout Session expires unpaid (its 24 hours, or its expires_at, have passed). */
  expireCheckout(sessionId: string): { session: StripeObj; events: StripeObj[] } {
    const before = this.pending.length;
    const session = this.expireSession(sessionId);
    return { session, events: this.pending.slice(before) };
  }

  /** The renewal needs the customer to authenticate (3-D Secure, an RBI e-mandate): the invoice stays open. */
  requirePaymentAction(subId: string): { invoice: StripeObj; events: StripeObj[] } {
    const sub = this.subscription(subId);
    const previous = this.startNextPeriod(sub);
    const invoice = this.newInvoice(sub, 'subscription_cycle', false);
    sub.status = 'past_due';
    const before = this.pending.length;
    this.emit('customer.subscription.updated', sub, previous);
    this.emit('invoice.payment_action_required', invoice);
    return { invoice: clone(invoice), events: this.pending.slice(before) };
  }

  /** A retry of the open invoice succeeds: the invoice is paid and the subscription active again. */
  recover(subId: string): { events: StripeObj[] } {
    const sub = this.subscription(subId);
    const inv = this.invoices.get(sub.latest_invoice);
    if (!inv || inv.status !== 'open') throw new Error('fake: nothing to recover');
    this.payInvoice(inv);
    const previous = { status: sub.status };
    sub.status = 'active';
    const before = this.pending.length;
    this.emit('invoice.paid', inv);
    this.emit('customer.subscription.updated', sub, previous);
    return { events: this.pending.slice(before) };
  }

  /** Staff refund (part of) the payment of an invoice in the dashboard: charge.refunded. */
  refund(invoiceId: string, amount?: number): { refund: StripeObj; events: StripeObj[] } {
    const before = this.pending.length;
    const { refund } = this.payments.refund(invoiceId, amount);
    return { refund, events: this.pending.slice(before) };
  }

  /** The customer cancels in Stripe's billing portal: cancel at period end (or undoes it). */
  setCancelAtPeriodEnd(subId: string, on = true): { events: StripeObj[] } {
    const before = this.pending.length;
    this.updateSubscription(subId, { cancel_at_period_end: String(on) });
    return { events: this.pending.slice(before) };
  }

  /** The period of a subscription set to cancel at period end is over: it ends. */
  endPeriod(subId: string): { events: StripeObj[] } {
    const sub = this.subscription(subId);
    if (!sub.cancel_at_period_end) throw new Error('fake: subscription is not set to cancel at period end');
    sub.status = 'canceled';
    sub.ended_at = this.item(sub).current_period_end;
    const before = this.pending.length;
    this.emit('customer.subscription.deleted', sub, { status: 'active' });
    return { events: this.pending.slice(before) };
  }

  /** The first payment never succeeded within Stripe's 23 hours: incomplete → incomplete_expired. */
  expireIncomplete(subId: string): { events: StripeObj[] } {
    const sub = this.subscription(subId);
    if (sub.status !== 'incomplete') throw new Error('fake: subscription is not incomplete');
    sub.status = 'incomplete_expired';
    sub.ended_at = this.now();
    const inv = this.invoices.get(sub.latest_invoice);
    if (inv) {
      inv.status = 'void';
      inv.status_transitions.voided_at = this.now();
    }
    const before = this.pending.length;
    this.emit('customer.subscription.updated', sub, { status: 'incomplete' });
    return { events: this.pending.slice(before) };
  }

  // ---- HTTP --------------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const params = parseStripeForm(method === 'GET' || method === 'DELETE' ? url.search.slice(1) : Buffer.concat(chunks).toString('utf8'));
    const recorded = { method, path: url.pathname, params };
    this.requests.push(recorded);
    const send = (status: number, body: string) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'request-id': this.id('req'),
        ...(status >= 500 ? { 'stripe-should-retry': 'false' } : {}),
      });
      res.end(body);
    };
    try {
      if (this.beforeRespond) await this.beforeRespond(recorded);
      if (this.failing) throw new StripeHttpError(500, 'api_error', 'Fake Stripe is failing on purpose');
      const key = req.headers['idempotency-key'];
      const idemKey = method === 'POST' && typeof key === 'string' ? `${url.pathname} ${key}` : null;
      const replay = idemKey ? this.idempotent.get(idemKey) : undefined;
      if (replay) return send(replay.status, replay.body);
      const body = JSON.stringify(this.route(method, url.pathname, params));
      if (idemKey) this.idempotent.set(idemKey, { status: 200, body });
      send(200, body);
    } catch (e) {
      const err = e instanceof StripeHttpError ? e : new StripeHttpError(500, 'api_error', (e as Error).message);
      send(err.status, JSON.stringify({ error: { type: err.type, message: err.message, ...(err.code ? { code: err.code } : {}) } }));
    }
  }

  private list(data: StripeObj[], url: string): StripeObj {
    return { object: 'list', data: clone(data), has_more: false, url };
  }

  private route(method: string, path: string, p: StripeObj): StripeObj {
    const seg = path.split('/').filter(Boolean); // ['v1', 'subscriptions', 'sub_x']
    const [, resource, id, sub, action] = seg;
    const route = `${method} ${resource}${id ? (resource === 'checkout' || resource === 'billing_portal' ? `/${id}` : '/:id') : ''}${sub ? '/:id' : ''}${action ? `/${action}` : ''}`;
    const expand = expandList(p.expand);
    switch (route) {
      case 'POST customers':
        return this.createCustomer({ email: p.email, metadata: p.metadata });
      case 'GET customers/:id':
        return this.get(this.customers, id, 'customer');
      case 'POST products':
        return this.createProduct(p);
      case 'GET products/:id':
        return this.get(this.products, id, 'product');
      case 'POST prices':
        return clone(this.createPrice(p));
      case 'GET prices/:id':
        return this.get(this.prices, id, 'price');
      case 'GET prices': {
        const keys: string[] = p.lookup_keys ?? [];
        return this.list(
          [...this.prices.values()].filter((x) => !keys.length || keys.includes(x.lookup_key)),
          '/v1/prices',
        );
      }
      case 'POST checkout/sessions':
        return clone(this.createSession(p));
      case 'GET checkout/sessions/:id':
        return this.publicSession(this.get(this.sessions, sub, 'checkout.session'));
      case 'POST checkout/sessions/:id/expire':
        return clone(this.expireSession(sub));
      case 'POST coupons':
        return this.offers.couponView(this.offers.createCoupon(p), expand.includes('applies_to'));
      case 'GET coupons':
        return this.list(
          [...this.coupons.values()].map((c) => this.offers.couponView(c, expand.includes('data.applies_to'))),
          '/v1/coupons',
        );
      case 'GET coupons/:id':
        return this.offers.couponView(this.get(this.coupons, id, 'coupon'), expand.includes('applies_to'));
      case 'DELETE coupons/:id':
        return this.offers.deleteCoupon(id);
      case 'POST promotion_codes':
        return this.offers.promotionCodeView(this.offers.createPromotionCode(p), expand);
      case 'GET promotion_codes':
        return this.list(this.offers.listPromotionCodes(p), '/v1/promotion_codes');
      case 'GET promotion_codes/:id':
        return this.offers.promotionCodeView(this.offers.promotionCode(id), expand);
      case 'POST promotion_codes/:id':
        return this.offers.promotionCodeView(this.offers.updatePromotionCode(id, p), expand);
      case 'POST billing_portal/sessions': {
        if (!this.customers.has(p.customer))
          throw new StripeHttpError(400, 'invalid_request_error', `No such customer: '${p.customer}'`, 'resource_missing');
        const sid = this.id('bps');
        return {
          id: sid,
          object: 'billing_portal.session',
          customer: p.customer,
          return_url: p.return_url,
          url: `${this.url}/portal/${sid}`,
          created: this.now(),
          livemode: false,
        };
      }
      case 'GET subscriptions':
        return this.list(
          [...this.subscriptions.values()]
            .filter((s) => (!p.customer || s.customer === p.customer) && (p.status === 'all' || !p.status || s.status === p.status))
            .map((s) => this.offers.subscriptionView(s, expand, 'data.')),
          '/v1/subscriptions',
        );
      case 'GET subscriptions/:id':
        return this.offers.subscriptionView(this.subscription(id), expand);
      case 'POST subscriptions/:id':
        return this.offers.subscriptionView(this.updateSubscription(id, p), expand);
      case 'DELETE subscriptions/:id':
        return clone(this.cancelNow(id));
      case 'GET invoices':
        return this.list(
          [...this.invoices.values()].filter(
            (i) => (!p.customer || i.customer === p.customer) && (!p.subscription || i.parent?.subscription_details?.subscription === p.subscription),
          ),
          '/v1/invoices',
        );
      case 'GET invoices/:id':
        return this.get(this.invoices, id, 'invoice');
      case 'GET charges/:id':
        return this.payments.charge(id);
      case 'GET refunds':
        return this.list(this.payments.listRefunds(p), '/v1/refunds');
      case 'GET invoice_payments':
        return this.list(this.payments.listInvoicePayments(p), '/v1/invoice_payments');
      default:
        throw new StripeHttpError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}).`);
    }
  }

  private get(map: Map<string, StripeObj>, id: string, kind: string): StripeObj {
    const o = map.get(id);
    if (!o) throw new StripeHttpError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, 'resource_missing');
    return clone(o);
  }

  /** A session without the fake's own `_` fields (what Stripe keeps but does not show). */
  private publicSession(s: StripeObj): StripeObj {
    return Object.fromEntries(Object.entries(s).filter(([key]) => !key.startsWith('_')));
  }

  private expireSession(id: string): StripeObj {
    const session = this.sessions.get(id);
    if (!session) throw new StripeHttpError(404, 'invalid_request_error', `No such checkout.session: '${id}'`, 'resource_missing');
    if (session.status !== 'open')
      throw new StripeHttpError(400, 'invalid_request_error', 'Only Checkout Sessions with a status in ["open"] can be expired.');
    Object.assign(session, { status: 'expired', url: null });
    this.emit('checkout.session.expired', this.publicSession(session));
    return this.publicSession(session);
  }

  private createSession(p: StripeObj): StripeObj {
    if (p.mode !== 'subscription') throw new StripeHttpError(400, 'invalid_request_error', 'Only subscription mode is faked');
    const items: StripeObj[] = p.line_items ?? [];
    if (items.length !== 1) throw new StripeHttpError(400, 'invalid_request_error', 'Exactly one line item is faked');
    this.price(items[0].price);
    if (p.customer && !this.customers.has(p.customer))
      throw new StripeHttpError(400, 'invalid_request_error', `No such customer: '${p.customer}'`, 'resource_missing');
    if (p.customer && p.customer_email)
      throw new StripeHttpError(400, 'invalid_request_error', 'You may only specify one of these parameters: customer, customer_email.');
    const discounts: StripeObj[] | null = p.discounts
      ? (p.discounts as StripeObj[]).map((d) => ({ coupon: d.coupon ?? null, promotion_code: d.promotion_code ?? null }))
      : null;
    const allowPromotionCodes = p.allow_promotion_codes === undefined ? null : String(p.allow_promotion_codes) === 'true';
    if (discounts && p.allow_promotion_codes !== undefined)
      throw new StripeHttpError(400, 'invalid_request_error', 'You may only specify one of these parameters: allow_promotion_codes, discounts.');
    if (discounts && discounts.length > 1) throw new StripeHttpError(400, 'invalid_request_error', 'Checkout accepts at most one discount.');
    for (const d of discounts ?? []) this.offers.offerFor(d, p.customer ?? null);
    const trialDays = p.subscription_data?.trial_period_days === undefined ? null : Number(p.subscription_data.trial_period_days);
    if (trialDays !== null && !(Number.isInteger(trialDays) && trialDays >= 1 && trialDays <= 730))
      throw new StripeHttpError(400, 'invalid_request_error', 'subscription_data[trial_period_days] must be an integer from 1 to 730.');
    const expiresAt = p.expires_at === undefined ? this.now() + 86400 : Number(p.expires_at);
    if (!(expiresAt >= this.now() + 1800 && expiresAt <= this.now() + 86400))
      throw new StripeHttpError(400, 'invalid_request_error', 'expires_at must be between 30 minutes and 24 hours after the session is created.');
    const id = `cs_test_${randomBytes(12).toString('hex')}`;
    const s = {
      id,
      object: 'checkout.session',
      allow_promotion_codes: allowPromotionCodes,
      cancel_url: p.cancel_url ?? null,
      client_reference_id: p.client_reference_id ?? null,
      created: this.now(),
      customer: p.customer ?? null,
      customer_email: p.customer_email ?? null,
      discounts,
      expires_at: expiresAt,
      invoice: null,
      livemode: false,
      metadata: p.metadata ?? {},
      mode: 'subscription',
      payment_status: 'unpaid',
      status: 'open',
      subscription: null,
      success_url: p.success_url ?? null,
      url: `${this.url}/pay/${id}`,
      _line_items: items,
      _subscription_metadata: p.subscription_data?.metadata ?? {},
      _trial_period_days: trialDays,
    };
    this.sessions.set(id, s);
    return this.publicSession(s);
  }

  private updateSubscription(id: string, p: StripeObj): StripeObj {
    const sub = this.subscription(id);
    if (sub.status === 'canceled' || sub.status === 'incomplete_expired') {
      throw new StripeHttpError(400, 'invalid_request_error', 'A canceled subscription can only update its cancellation_details and metadata.');
    }
    // Every offer is checked before anything changes: a refused discount leaves the subscription as it was.
    const entries: StripeObj[] | null = p.discounts === undefined ? null : p.discounts === '' ? [] : p.discounts;
    const wanted = (entries ?? []).map((e) => {
      if (!e.discount) return this.offers.offerFor(e, sub.customer);
      if (!sub.discounts.includes(e.discount))
        throw new StripeHttpError(400, 'invalid_request_error', `No such discount: '${e.discount}'`, 'resource_missing');
      return e.discount as string;
    });
    const previous: StripeObj = {};
    if (entries) {
      const discounts = wanted.map((o) => (typeof o === 'string' ? o : this.offers.redeem(sub, o, this.now())));
      if (discounts.join() !== sub.discounts.join()) previous.discounts = sub.discounts;
      sub.discounts = discounts;
    }
    if (p.cancel_at_period_end !== undefined) {
      previous.cancel_at_period_end = sub.cancel_at_period_end;
      const on = String(p.cancel_at_period_end) === 'true';
      sub.cancel_at_period_end = on;
      sub.canceled_at = on ? this.now() : null;
      sub.cancel_at = on ? this.item(sub).current_period_end : null;
    }
    if (p.items) {
      for (const change of p.items as StripeObj[]) {
        const item = sub.items.data.find((i: StripeObj) => i.id === change.id);
        if (!item) throw new StripeHttpError(400, 'invalid_request_error', `No such subscription item: '${change.id}'`);
        if (change.price) {
          previous.items = clone(sub.items);
          item.price = clone(this.price(change.price));
        }
      }
    }
    if (p.metadata) sub.metadata = { ...sub.metadata, ...p.metadata };
    this.emit('customer.subscription.updated', sub, previous);
    return sub;
  }

  /** Ends a subscription now (Stripe dashboard or API cancel). */
  cancelNow(id: string): StripeObj {
    const sub = this.subscription(id);
    if (sub.status === 'canceled') throw new StripeHttpError(400, 'invalid_request_error', 'This subscription is already canceled.');
    sub.status = 'canceled';
    sub.canceled_at = this.now();
    sub.ended_at = this.now();
    this.emit('customer.subscription.deleted', sub, { status: 'active' });
    return sub;
  }
}
