/* Offers for FakeStripe: Stripe's coupons, promotion codes and the discounts they become on subscriptions — when
 * one may be redeemed, which discounts an invoice sees and what they take off, and how `expand[]` shows them.
 * FakeStripe answers the HTTP and owns subscriptions and invoices; it hands this the few things it needs (OffersHost),
 * so the two files do not import each other's values. */
import { randomBytes } from 'node:crypto';
import type { StripeObj } from './fake-stripe';

/** What the offers need from the rest of the fake. */
export interface OffersHost {
  now(): number;
  id(prefix: string): string;
  /** A Stripe API error to throw: `invalid_request_error` with this HTTP status, message and code. */
  refuse(status: number, message: string, code?: string): Error;
  /** Adds calendar months to a unix timestamp, as Stripe's billing anchor does. */
  addMonths(ts: number, months: number): number;
  hasProduct(id: string): boolean;
  /** Whether the customer has paid an invoice (promotion codes for first-time customers refuse them). */
  hasPaid(customer: string): boolean;
}

/** A coupon to redeem, and the promotion code it was reached by (if any). */
export interface Offer {
  coupon: StripeObj;
  promotionCode: StripeObj | null;
}

const COUPON_DURATIONS = ['once', 'repeating', 'forever'];
/** Customer-facing codes: letters, digits and dashes, unique regardless of case among active codes. */
const PROMOTION_CODE_PATTERN = /^[A-Za-z0-9-]+$/;
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const optionalNumber = (v: unknown): number | null => (v === undefined || v === '' ? null : Number(v));
const isPositiveInteger = (n: number | null): boolean => n !== null && Number.isInteger(n) && n > 0;

/** An id or code like the ones Stripe makes up (coupon `Z4OV52SU`). */
function randomCode(length = 8): string {
  return [...randomBytes(length)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

/** The `expand` parameter as a list, however it arrived (`expand[0]=x`, `expand[]=x`, or absent). */
export function expandList(expand: unknown): string[] {
  if (expand === undefined || expand === '') return [];
  return Array.isArray(expand) ? expand.map(String) : [String(expand)];
}

/** Why a coupon cannot be redeemed at `now`, or null when it can (Stripe's `valid`). */
function couponRefusal(coupon: StripeObj, now: number): string | null {
  if (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions)
    return `Coupon ${coupon.id} has reached its max_redemptions.`;
  if (coupon.redeem_by !== null && now > coupon.redeem_by) return `Coupon ${coupon.id} has expired.`;
  return null;
}

/** Why a promotion code cannot be redeemed at `now` (by a customer who has `paidBefore`), or null when it can. */
function promotionCodeRefusal(code: StripeObj, coupon: StripeObj, now: number, paidBefore: boolean): string | null {
  if (!code.active) return `This promotion code is inactive: '${code.code}'.`;
  if (code.max_redemptions !== null && code.times_redeemed >= code.max_redemptions)
    return `This promotion code has reached its max_redemptions: '${code.code}'.`;
  if (code.expires_at !== null && now > code.expires_at) return `This promotion code has expired: '${code.code}'.`;
  if (code.restrictions.first_time_transaction && paidBefore) return `This promotion code is for first-time customers only: '${code.code}'.`;
  return couponRefusal(coupon, now);
}

/** Whether a discount counts at `at`: started, not ended, and (for `once`) not yet spent on an invoice. */
function discountLive(discount: StripeObj, coupon: StripeObj, at: number, spent: boolean): boolean {
  if (coupon.duration === 'once' && spent) return false;
  return discount.start <= at && (discount.end === null || at < discount.end);
}

/**
 * What each discount takes off a subtotal, in order, each from what the ones before it left. A coupon limited to
 * products takes nothing off another product. Stripe rounds a percentage to the nearest minor unit.
 */
function discountAmounts(subtotal: number, product: string, discounts: { discount: StripeObj; coupon: StripeObj }[]): StripeObj[] {
  const out: StripeObj[] = [];
  let left = subtotal;
  for (const { discount, coupon } of discounts) {
    const products: string[] | undefined = coupon.applies_to?.products;
    if (products && !products.includes(product)) continue;
    const amount = Math.min(left, coupon.amount_off ?? Math.round((left * coupon.percent_off) / 100));
    out.push({ amount, discount: discount.id });
    left -= amount;
  }
  return out;
}

export class FakeOffers {
  /** Coupons by id; a deleted coupon leaves this map but still counts for the discounts made from it. */
  readonly coupons = new Map<string, StripeObj>();
  readonly promotionCodes = new Map<string, StripeObj>();
  /** Discounts by id (a subscription's `discounts` lists their ids). */
  readonly discounts = new Map<string, StripeObj>();
  private readonly deletedCoupons = new Map<string, StripeObj>();
  /** `once` discounts an invoice has already used. */
  private readonly spent = new Set<string>();

  constructor(private readonly host: OffersHost) {}

  // ---- coupons ---------------------------------------------------------------------------------------------------

  createCoupon(p: StripeObj): StripeObj {
    const fail = (message: string, code?: string) => this.host.refuse(400, message, code);
    const id: string = p.id || randomCode();
    if (this.coupons.has(id) || this.deletedCoupons.has(id)) throw fail('Coupon already exists.', 'resource_already_exists');
    const amountOff = optionalNumber(p.amount_off);
    const percentOff = optionalNumber(p.percent_off);
    if ((amountOff === null) === (percentOff === null)) throw fail('You must pass exactly one of amount_off or percent_off.');
    if (amountOff !== null && !isPositiveInteger(amountOff)) throw fail('amount_off must be a positive integer.');
    if (amountOff !== null && !p.currency) throw fail('You must pass currency when passing amount_off.');
    if (percentOff !== null && !(percentOff > 0 && percentOff <= 100)) throw fail('percent_off must be greater than 0 and at most 100.');
    const duration: string = p.duration ?? 'once';
    if (!COUPON_DURATIONS.includes(duration)) throw fail(`Invalid duration: ${duration}`);
    const months = optionalNumber(p.duration_in_months);
    if (duration === 'repeating' && !isPositiveInteger(months))
      throw fail('duration_in_months must be a positive integer when duration is repeating.');
    if (duration !== 'repeating' && months !== null) throw fail('duration_in_months may only be passed when duration is repeating.');
    const products: string[] | null = p.applies_to?.products ?? null;
    for (const product of products ?? []) if (!this.host.hasProduct(product)) throw fail(`No such product: '${product}'`, 'resource_missing');
    const maxRedemptions = optionalNumber(p.max_redemptions);
    if (maxRedemptions !== null && !isPositiveInteger(maxRedemptions)) throw fail('max_redemptions must be a positive integer.');
    const redeemBy = optionalNumber(p.redeem_by);
    if (redeemBy !== null && redeemBy <= this.host.now()) throw fail('redeem_by must be in the future.');
    const coupon: StripeObj = {
      id,
      object: 'coupon',
      amount_off: amountOff,
      created: this.host.now(),
      currency: amountOff === null ? null : String(p.currency).toLowerCase(),
      duration,
      duration_in_months: months,
      livemode: false,
      max_redemptions: maxRedemptions,
      metadata: p.metadata || {},
      name: p.name ?? null,
      percent_off: percentOff,
      redeem_by: redeemBy,
      times_redeemed: 0,
      valid: true,
      ...(products ? { applies_to: { products } } : {}),
    };
    this.coupons.set(id, coupon);
    return coupon;
  }

  /** A coupon, deleted ones included (their discounts live on). */
  coupon(id: string): StripeObj {
    const c = this.coupons.get(id) ?? this.deletedCoupons.get(id);
    if (!c) throw this.host.refuse(404, `No such coupon: '${id}'`, 'resource_missing');
    return c;
  }

  deleteCoupon(id: string): StripeObj {
    const coupon = this.coupons.get(id);
    if (!coupon) throw this.host.refuse(404, `No such coupon: '${id}'`, 'resource_missing');
    this.coupons.delete(id);
    this.deletedCoupons.set(id, coupon);
    return { id, object: 'coupon', deleted: true };
  }

  /** The coupon as the API shows it: `applies_to` only when expanded, as Stripe does; `valid` as of now. */
  couponView(coupon: StripeObj, withAppliesTo = false): StripeObj {
    const { applies_to, ...rest } = structuredClone(coupon);
    return { ...rest, valid: couponRefusal(coupon, this.host.now()) === null, ...(withAppliesTo && applies_to ? { applies_to } : {}) };
  }

  // ---- promotion codes -------------------------------------------------------------------------------------------

  createPromotionCode(p: StripeObj): StripeObj {
    const fail = (message: string, code?: string) => this.host.refuse(400, message, code);
    if (p.promotion?.type !== 'coupon' || !p.promotion.coupon) throw fail('Missing required param: promotion[coupon].');
    const coupon = this.coupons.get(p.promotion.coupon);
    if (!coupon) throw fail(`No such coupon: '${p.promotion.coupon}'`, 'resource_missing');
    const code: string = p.code || randomCode();
    if (!PROMOTION_CODE_PATTERN.test(code)) throw fail(`Invalid code: '${code}' (letters, digits and dashes only).`);
    const active = p.active === undefined || String(p.active) === 'true';
    if (active) this.assertCodeFree(code);
    const maxRedemptions = optionalNumber(p.max_redemptions);
    if (maxRedemptions !== null && !isPositiveInteger(maxRedemptions)) throw fail('max_redemptions must be a positive integer.');
    if (maxRedemptions !== null && coupon.max_redemptions !== null && maxRedemptions > coupon.max_redemptions)
      throw fail("max_redemptions cannot be greater than the coupon's max_redemptions.");
    const expiresAt = optionalNumber(p.expires_at);
    if (expiresAt !== null && coupon.redeem_by !== null && expiresAt > coupon.redeem_by)
      throw fail("expires_at cannot be after the coupon's redeem_by.");
    const promo = {
      id: this.host.id('promo'),
      object: 'promotion_code',
      active,
      code,
      created: this.host.now(),
      customer: null,
      customer_account: null,
      expires_at: expiresAt,
      livemode: false,
      max_redemptions: maxRedemptions,
      metadata: p.metadata || {},
      promotion: { type: 'coupon', coupon: coupon.id },
      restrictions: {
        currency_options: {},
        first_time_transaction: String(p.restrictions?.first_time_transaction) === 'true',
        minimum_amount: null,
        minimum_amount_currency: null,
      },
      times_redeemed: 0,
    };
    this.promotionCodes.set(promo.id, promo);
    return promo;
  }

  updatePromotionCode(id: string, p: StripeObj): StripeObj {
    const promo = this.promotionCode(id);
    if (p.active !== undefined) {
      const active = String(p.active) === 'true';
      if (active && !promo.active) this.assertCodeFree(promo.code);
      promo.active = active;
    }
    if (p.metadata) promo.metadata = { ...promo.metadata, ...p.metadata };
    return promo;
  }

  promotionCode(id: string): StripeObj {
    const promo = this.promotionCodes.get(id);
    if (!promo) throw this.host.refuse(404, `No such promotion code: '${id}'`, 'resource_missing');
    return promo;
  }

  /** The active promotion code a customer types (any case), or null. */
  activeCode(code: string): StripeObj | null {
    return [...this.promotionCodes.values()].find((x) => x.active && x.code.toLowerCase() === code.toLowerCase()) ?? null;
  }

  /** `GET /v1/promotion_codes`: filtered by `code` (any case), `active` and `coupon`. */
  listPromotionCodes(p: StripeObj): StripeObj[] {
    return [...this.promotionCodes.values()].filter(
      (x) =>
        (p.code === undefined || x.code.toLowerCase() === String(p.code).toLowerCase()) &&
        (p.active === undefined || x.active === (String(p.active) === 'true')) &&
        (p.coupon === undefined || x.promotion.coupon === p.coupon),
    );
  }

  /** The promotion code as the API shows it (`expand[]=promotion.coupon` gives the coupon object). */
  promotionCodeView(promo: StripeObj, expand: string[]): StripeObj {
    if (!expand.includes('promotion.coupon')) return structuredClone(promo);
    return structuredClone({ ...promo, promotion: { ...promo.promotion, coupon: this.couponView(this.coupon(promo.promotion.coupon)) } });
  }

  private assertCodeFree(code: string): void {
    if (this.activeCode(code)) throw this.host.refuse(400, `An active promotion code with \`code: ${code}\` already exists.`);
  }

  // ---- discounts -------------------------------------------------------------------------------------------------

  /**
   * The offer a `discounts[]` entry (`{coupon}` or `{promotion_code}`) names, refused (400) when Stripe would not
   * redeem it now for this customer. `customer` null: a customer yet to be made, who has paid nothing.
   */
  offerFor(entry: StripeObj, customer: string | null): Offer {
    const fail = (message: string, code?: string) => this.host.refuse(400, message, code);
    if (entry.promotion_code) {
      const promo = this.promotionCodes.get(entry.promotion_code);
      if (!promo) throw fail(`No such promotion code: '${entry.promotion_code}'`, 'resource_missing');
      const coupon = this.coupon(promo.promotion.coupon);
      const refusal = promotionCodeRefusal(promo, coupon, this.host.now(), customer !== null && this.host.hasPaid(customer));
      if (refusal) throw fail(refusal);
      return { coupon, promotionCode: promo };
    }
    if (!entry.coupon) throw fail('A discount needs a coupon or a promotion_code.');
    const coupon = this.coupons.get(entry.coupon);
    if (!coupon) throw fail(`No such coupon: '${entry.coupon}'`, 'resource_missing');
    const refusal = couponRefusal(coupon, this.host.now());
    if (refusal) throw fail(refusal);
    return { coupon, promotionCode: null };
  }

  /**
   * Redeems an offer into a discount on a subscription from `start`, counting the redemption; returns the discount's
   * id. A `repeating` discount ends duration_in_months after it starts; `forever` and `once` have no end (`once` is
   * spent by the first invoice it reduces).
   */
  redeem(sub: StripeObj, offer: Offer, start: number, checkoutSession: string | null = null): string {
    const { coupon, promotionCode } = offer;
    const discount = {
      id: this.host.id('di'),
      object: 'discount',
      checkout_session: checkoutSession,
      customer: sub.customer,
      customer_account: null,
      end: coupon.duration === 'repeating' ? this.host.addMonths(start, coupon.duration_in_months) : null,
      invoice: null,
      invoice_item: null,
      promotion_code: promotionCode?.id ?? null,
      source: { type: 'coupon', coupon: coupon.id },
      start,
      subscription: sub.id,
      subscription_item: null,
    };
    this.discounts.set(discount.id, discount);
    coupon.times_redeemed += 1;
    coupon.valid = couponRefusal(coupon, start) === null;
    if (promotionCode) promotionCode.times_redeemed += 1;
    return discount.id;
  }

  /** What the subscription's live discounts take off an invoice made at `at` (`{amount, discount}`); spends `once` ones. */
  spend(sub: StripeObj, product: string, subtotal: number, at: number): StripeObj[] {
    if (subtotal <= 0) return [];
    const live = this.withCoupons(sub).filter(({ discount, coupon }) => discountLive(discount, coupon, at, this.spent.has(discount.id)));
    const reductions = discountAmounts(subtotal, product, live);
    for (const r of reductions) this.spent.add(r.discount);
    return reductions;
  }

  /** The subscription's discount ids without those over by `at` (ended, or `once` and spent): Stripe removes them. */
  remaining(sub: StripeObj, at: number): string[] {
    return this.withCoupons(sub)
      .filter(({ discount, coupon }) => discount.start > at || discountLive(discount, coupon, at, this.spent.has(discount.id)))
      .map(({ discount }) => discount.id);
  }

  private withCoupons(sub: StripeObj): { discount: StripeObj; coupon: StripeObj }[] {
    return (sub.discounts as string[]).map((id) => {
      const discount = this.discounts.get(id)!;
      return { discount, coupon: this.coupon(discount.source.coupon) };
    });
  }

  /**
   * A subscription as the API answers it: `discounts` stay ids unless `expand[]` names them (`discounts`,
   * `discounts.source.coupon`, `discounts.promotion_code`; a list's paths start with `data.`). Expanding a nested
   * field expands its parents too, as Stripe does.
   */
  subscriptionView(sub: StripeObj, expand: string[], prefix = ''): StripeObj {
    const asked = (path: string) => expand.some((e) => e === `${prefix}${path}` || e.startsWith(`${prefix}${path}.`));
    if (!asked('discounts')) return structuredClone(sub);
    const discounts = (sub.discounts as string[]).map((id) => {
      const d = this.discounts.get(id)!;
      return {
        ...d,
        source: { ...d.source, coupon: asked('discounts.source.coupon') ? this.couponView(this.coupon(d.source.coupon)) : d.source.coupon },
        promotion_code: d.promotion_code && asked('discounts.promotion_code') ? this.promotionCode(d.promotion_code) : d.promotion_code,
      };
    });
    return structuredClone({ ...sub, discounts });
  }
}
