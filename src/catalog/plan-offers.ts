import { Injectable } from '@nestjs/common';
import type { OfferViewResponseDto } from './catalog.dto';
import type { PriceablePlan } from './domain/pricing';

/** A plan as the offers module needs it to show its offers: its code and current price. */
export interface OfferablePlan extends PriceablePlan {
  id: string;
  code: string;
}

/** The live automatic signup offers per plan id, and when that list next changes (an offer starts or ends). */
export interface PlanOfferListing {
  byPlanId: Map<string, OfferViewResponseDto[]>;
  changesAt: Date | null;
}

export type PlanOfferLister = (plans: OfferablePlan[], now: Date) => Promise<PlanOfferListing>;

/**
 * `GET /v1/plans` shows each plan's offers, which the offers module knows. Offers imports the catalog, never the
 * reverse, so it registers its lister here when it starts (OffersService); without it plans show no offers.
 */
@Injectable()
export class PlanOffers {
  private lister: PlanOfferLister | null = null;

  provide(lister: PlanOfferLister): void {
    this.lister = lister;
  }

  list(plans: OfferablePlan[], now: Date): Promise<PlanOfferListing> {
    if (!this.lister || plans.length === 0) return Promise.resolve({ byPlanId: new Map(), changesAt: null });
    return this.lister(plans, now);
  }
}
