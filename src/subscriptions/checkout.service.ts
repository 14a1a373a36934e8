import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, Repository } from 'typeorm';
import { CatalogRepository } from '../catalog/catalog.repository';
import { CustomersRepository } from './customers.repository';
import { StripeClient } from '../stripe/stripe-client';
import { StripeCatalogService } from '../catalog/stripe-catalog.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { OfferRedemptionsService } from '../offers/offer-redemptions.service';
import { isLive } from './domain/subscription-status';
import { CheckoutStart } from './checkout-start.entity';
import { Subscription } from './subscription.entity';
import type { BillingPortalSessionResponseDto, CheckoutSessionCreateDto, CheckoutSessionResponseDto } from './subscriptions.dto';

/** How long a Checkout Session stays open; an offer's reservation lasts as long (Stripe allows 30 minutes to 24 hours). */
const SESSION_LIFETIME_MS = 60 * 60 * 1000;
/** Time for the expiry's webhook to release a reservation before it lapses by itself. */
const RESERVATION_MARGIN_MS = 10 * 60 * 1000;

/** Starts Stripe Checkout for a plan, and the Stripe billing portal for a subscriber. */
@Injectable()
export class CheckoutService {
  constructor(
    @InjectRepository(Subscription) private readonly subscriptions: Repository<Subscription>,
    @InjectRepository(CheckoutStart) private readonly starts: Repository<CheckoutStart>,
    private readonly customers: CustomersRepository,
    private readonly plans: CatalogRepository,
    private readonly stripe: StripeClient,
    private readonly catalog: StripeCatalogService,
    private readonly offers: OfferRedemptionsService,
    private readonly clock: Clock,
  ) {}

  /**
   * A Checkout Session in subscription mode for the plan's current price (its Stripe Price is created on first use).
   * The user id travels as client_reference_id and subscription metadata, so the webhooks can link it.
   */
  async createCheckoutSession(userId: string, dto: CheckoutSessionCreateDto): Promise<CheckoutSessionResponseDto> {
    this.assertConfigured();
    const plan = await this.plans.findPlanByCode(dto.planCode);
    if (!plan) throw new DomainError('PLAN_NOT_FOUND', `No plan ${dto.planCode}`);
    if (plan.status !== 'active' || !plan.currentPriceId) throw new DomainError('PLAN_NOT_ACTIVE', `Plan ${dto.planCode} is not on sale`);
    if (dto.offerCode && dto.promotionCode) {
      const message = 'Name an offer by offerCode or by promotionCode, not both';
      throw new DomainError('VALIDATION_FAILED', message, [{ field: 'promotionCode', message }]);
    }
    const subs = await this.subscriptions.find({ where: { userId } });
    const live = subs.find((s) => isLive(s.status));
    if (live) throw new DomainError('ALREADY_SUBSCRIBED', `User ${userId} already has a ${live.status} subscription (${live.stripeSubscriptionId})`);
    const offer = dto.offerCode || dto.promotionCode ? await this.offers.eligible(dto, plan.code, userId) : null;
    const price = await this.catalog.ensureCurrentPrice(plan);
    // After the price: the coupon of an introductory price names the plan's Stripe product.
    const coupon = offer ? await this.offers.couponFor({ ...offer, plan: await this.plans.getPlan(plan.code) }) : null;
    const customer = await this.customerOf(userId);
    const metadata = { user_id: userId, plan_code: plan.code, ...(offer ? { offer_code: offer.offer.code } : {}) };
    const expiresAt = new Date(this.clock.now().getTime() + SESSION_LIFETIME_MS);
    // The redemption is held until the Session expires (plus a margin for the expiry's webhook), never past it.
    const reservation = offer ? await this.offers.reserve(offer.offer, userId, new Date(expiresAt.getTime() + RESERVATION_MARGIN_MS)) : null;
    let session: { id: string; url: string | null };
    try {
      session = await this.stripe.createCheckoutSession({
        mode: 'subscription',
        line_items: [{ price, quantity: 1 }],
        success_url: dto.successUrl,
        cancel_url: dto.cancelUrl,
        client_reference_id: userId,
        metadata,
        expires_at: Math.floor(expiresAt.getTime() / 1000),
        subscription_data: { metadata, ...(offer?.trialDays ? { trial_period_days: offer.trialDays } : {}) },
        ...(coupon ? { discounts: [{ coupon }] } : {}),
        // Reuse the user's Stripe customer; else let Checkout create one, prefilled with the email when given.
        ...(customer ? { customer } : dto.email ? { customer_email: dto.email } : {}),
      });
    } catch (e) {
      if (reservation) await this.offers.release(reservation);
      throw e;
    }
    if (reservation) await this.offers.attachSession(reservation, session.id);
    await this.starts.insert({ stripeSessionId: session.id, userId, planId: plan.id, startedAt: this.clock.now() });
    if (!session.url) throw new DomainError('STRIPE_ERROR', 'Stripe returned a Checkout Session without a URL');
    return { id: session.id, url: session.url };
  }

  /** Checkout Sessions created in [from, to] (the paywall funnel's checkouts started). */
  checkoutsStarted(from: Date, to: Date): Promise<number> {
    return this.starts.count({ where: { startedAt: Between(from, to) } });
  }

  async createPortalSession(userId: string, returnUrl: string): Promise<BillingPortalSessionResponseDto> {
    this.assertConfigured();
    const customer = await this.customerOf(userId);
    if (!customer) throw new DomainError('BILLING_CUSTOMER_NOT_FOUND', `User ${userId} has no Stripe customer yet`);
    const session = await this.stripe.createBillingPortalSession(customer, returnUrl);
    return { url: session.url };
  }

  /** The Stripe customer linked to the user, else the one on their latest subscription. */
  private async customerOf(userId: string): Promise<string | null> {
    const linked = await this.customers.customerOf(userId);
    if (linked) return linked;
    const sub = await this.subscriptions.findOne({ where: { userId }, order: { createdAt: 'DESC' } });
    return sub?.stripeCustomerId ?? null;
  }

  private assertConfigured(): void {
    if (!this.stripe.configured) throw new DomainError('STRIPE_NOT_CONFIGURED', 'Stripe is not configured (set STRIPE_SECRET_KEY)');
  }
}
