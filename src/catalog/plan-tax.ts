import { Injectable } from '@nestjs/common';
import type { PlanTaxResponseDto } from './catalog.dto';

/** A plan's current price, as the tax module needs it to show the GST inside it. */
export interface TaxablePrice {
  amountMinor: number;
  currency: string;
}

/** The GST breakdown of a price, or null when none applies (no tax settings, another currency). */
export type PlanTaxer = (price: TaxablePrice) => PlanTaxResponseDto | null;

/**
 * `GET /v1/plans` shows the GST inside each price, which the tax module knows. Tax imports the catalog, never the
 * reverse, so it registers here when it starts; it also drops the catalog's rendering when its settings change.
 */
@Injectable()
export class PlanTax {
  private loader: (() => Promise<PlanTaxer | null>) | null = null;

  provide(loader: () => Promise<PlanTaxer | null>): void {
    this.loader = loader;
  }

  /** The taxer for one rendering (the settings read once), or null when plans show no tax. */
  taxer(): Promise<PlanTaxer | null> {
    return this.loader ? this.loader() : Promise.resolve(null);
  }
}
