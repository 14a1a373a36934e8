import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Not, Repository } from 'typeorm';
import { CatalogEvents, type PriceVersionCreated } from './catalog.events';
import { PlanPrice } from './plan-price.entity';
import { Plan } from './plan.entity';
import { DomainError } from '../common/errors';
import { redact, StripeClient } from '../stripe/stripe-client';

export interface StripePriceCreated {
  planCode: string;
  planPriceId: string;
  version: number;
  stripeProductId: string;
  stripePriceId: string;
  productCreated: boolean;
}

/** Stripe's recurring interval for a plan: years when the months divide by 12 (Stripe caps month counts). */
function stripeRecurring(intervalMonths: number): { interval: 'month' | 'year'; interval_count: number } {
  return intervalMonths % 12 === 0
    ? { interval: 'year', interval_count: intervalMonths / 12 }
    : { interval: 'month', interval_count: intervalMonths };
}

/**
 * Keeps plans and Stripe in step: gives a plan's price version its Stripe Product and Price, with the plan code as
 * lookup_key (transferred from the previous version, so old subscribers keep the old Price). Stripe calls carry
 * idempotency keys derived from our row ids, so a retry after a crash cannot create a second Price.
 */
@Injectable()
export class StripeCatalogService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(StripeCatalogService.name);
  private unsubscribe: (() => void) | null = null;

  constructor(
    @InjectRepository(Plan) private readonly plans: Repository<Plan>,
    @InjectRepository(PlanPrice) private readonly prices: Repository<PlanPrice>,
    private readonly stripe: StripeClient,
    private readonly catalogEvents: CatalogEvents,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.catalogEvents.onPriceVersionCreated((e) => this.onPriceVersionCreated(e));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /**
   * After a plan or price version commits: create its Stripe Price unless the admin linked one. A Stripe failure
   * does not fail the admin's write (the version is committed either way): the row keeps stripePriceId null, the
   * next Checkout for the plan or `stripe:sync-catalog` creates it.
   */
  private async onPriceVersionCreated(e: PriceVersionCreated): Promise<void> {
    if (e.stripePriceId || !this.stripe.configured) return;
    try {
      const plan = await this.plans.findOneByOrFail({ id: e.planId });
      const price = await this.prices.findOneByOrFail({ id: e.priceId });
      await this.createStripePrice(plan, price);
    } catch (err) {
      this.logger.warn(
        `No Stripe price yet for ${e.planCode} v${e.version}: ${redact((err as Error)?.message ?? String(err))}; stripe:sync-catalog will create it`,
      );
    }
  }

  /** The Stripe price id of a plan's current price, created on first use. */
  async ensureCurrentPrice(plan: Plan): Promise<string> {
    if (!plan.currentPriceId) throw new DomainError('PLAN_NOT_ACTIVE', `Plan ${plan.code} has no price`);
    const price = await this.prices.findOneByOrFail({ id: plan.currentPriceId });
    if (price.stripePriceId) return price.stripePriceId;
    return (await this.createStripePrice(plan, price)).stripePriceId;
  }

  /**
   * Creates the Stripe Product (once per plan) and Price for one price version and stores their ids.
   * Called after the catalog transaction commits; if Stripe fails, the row keeps a null stripePriceId and
   * `stripe:sync-catalog` repairs it later.
   */
  async createStripePrice(plan: Plan, price: PlanPrice): Promise<StripePriceCreated> {
    let productId = plan.stripeProductId;
    const productCreated = !productId;
    if (!productId) {
      productId = await this.stripe.createProduct({ name: plan.name, planCode: plan.code }, `tollgate:product:${plan.id}`);
      await this.plans.update({ id: plan.id, stripeProductId: IsNull() }, { stripeProductId: productId });
      productId = (await this.plans.findOneByOrFail({ id: plan.id })).stripeProductId!;
    }
    const isCurrent = plan.currentPriceId === price.id;
    const created = await this.stripe.createPrice(
      {
        product: productId,
        currency: price.currency.toLowerCase(),
        unit_amount: price.amountMinor,
        recurring: stripeRecurring(plan.intervalMonths),
        // Only the current version carries the plan code: new checkouts find it, old subscribers keep theirs.
        ...(isCurrent ? { lookup_key: plan.code, transfer_lookup_key: true } : {}),
        metadata: { plan_code: plan.code, plan_price_id: price.id, version: String(price.version) },
      },
      `tollgate:price:${price.id}`,
    );
    await this.prices.update({ id: price.id, stripePriceId: IsNull() }, { stripePriceId: created.id });
    const stored = await this.prices.findOneByOrFail({ id: price.id });
    return {
      planCode: plan.code,
      planPriceId: price.id,
      version: price.version,
      stripeProductId: productId,
      stripePriceId: stored.stripePriceId!,
      productCreated,
    };
  }

  /** Every non-archived plan whose current price has no Stripe Price gets one. Idempotent: a second run creates nothing. */
  async syncCatalog(): Promise<StripePriceCreated[]> {
    if (!this.stripe.configured) throw new DomainError('STRIPE_NOT_CONFIGURED', 'Stripe is not configured (set STRIPE_SECRET_KEY)');
    const plans = await this.plans.find({
      where: { status: Not('archived'), currentPriceId: Not(IsNull()) },
      relations: { currentPrice: true },
      order: { sortOrder: 'ASC', code: 'ASC' },
    });
    const created: StripePriceCreated[] = [];
    for (const plan of plans) {
      if (plan.currentPrice && !plan.currentPrice.stripePriceId) created.push(await this.createStripePrice(plan, plan.currentPrice));
    }
    return created;
  }
}
