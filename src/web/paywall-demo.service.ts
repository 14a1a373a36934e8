import { Injectable } from '@nestjs/common';
import { MeteringService, MeterReadView } from '../metering/metering.service';
import { CheckoutService } from '../subscriptions/checkout.service';

/** The one reader the public demo page acts for. Real readers' meters and subscriptions are never reachable here. */
export const DEMO_VIEWER_ID = 'demo-viewer';

/**
 * What the public /paywall demo page needs that the API only offers to paywall-role keys (a meter read, starting
 * Checkout). A browser must never hold a server key, so the page calls these public routes, which run the real
 * services server-side for the fixed demo reader only.
 */
@Injectable()
export class PaywallDemoService {
  constructor(
    private readonly metering: MeteringService,
    private readonly checkout: CheckoutService,
  ) {}

  meterRead(articleId: string): Promise<MeterReadView> {
    return this.metering.read(DEMO_VIEWER_ID, articleId);
  }

  /** Checkout for the demo reader; Stripe sends the reader back to /paywall on the origin the page was served from. */
  startCheckout(planCode: string, origin: string): Promise<{ id: string; url: string }> {
    return this.checkout.createCheckoutSession(DEMO_VIEWER_ID, {
      planCode,
      successUrl: `${origin}/paywall?checkout=success`,
      cancelUrl: `${origin}/paywall?checkout=cancel`,
    });
  }
}
