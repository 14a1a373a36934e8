import { Injectable } from '@nestjs/common';

/** A new immutable price version of a plan, committed and now the plan's current price. */
export interface PriceVersionCreated {
  planId: string;
  planCode: string;
  intervalMonths: number;
  priceId: string;
  version: number;
  amountMinor: number;
  currency: string;
  /** Set when the admin linked an existing Stripe Price; null when one still has to be created. */
  stripePriceId: string | null;
}

export type PriceVersionListener = (event: PriceVersionCreated) => Promise<void>;

/**
 * The catalog's seam for side effects of its writes. Billing (the only code that talks to Stripe) subscribes in
 * its module's onModuleInit — `catalogEvents.onPriceVersionCreated(e => ...)` — to create the Stripe Price when
 * `stripePriceId` is null and store its id on the plan_prices row (a version's amount is immutable; its
 * stripe_price_id may be filled in once).
 *
 * Listeners run AFTER the catalog transaction commits, one after another, and are awaited: the admin's response
 * is rendered after them, so it shows the Stripe price id they stored. A listener that throws fails the request
 * with its error, but the committed version stays (a retry is the listener's business).
 */
@Injectable()
export class CatalogEvents {
  private readonly priceVersionListeners: PriceVersionListener[] = [];

  /** Registers a listener; returns the function that removes it. */
  onPriceVersionCreated(listener: PriceVersionListener): () => void {
    this.priceVersionListeners.push(listener);
    return () => {
      const i = this.priceVersionListeners.indexOf(listener);
      if (i >= 0) this.priceVersionListeners.splice(i, 1);
    };
  }

  async priceVersionCreated(event: PriceVersionCreated): Promise<void> {
    for (const listener of this.priceVersionListeners) await listener(event);
  }
}
