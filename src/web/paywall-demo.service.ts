import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service';
import type { OfferViewResponseDto } from '../catalog/catalog.dto';
import { OfferRedemptionsService } from '../offers/offer-redemptions.service';
import { SettingsService } from '../settings/settings.service';
import { CheckoutService } from '../subscriptions/checkout.service';
import type { DemoAccessDecisionBody, DemoAccessDecisionResponseDto, DemoCheckoutSessionCreateDto } from './web.dto';

/** The one device the public demo page reads on. Real readers' meters and subscriptions are never reachable here. */
export const DEMO_VIEWER_ID = 'demo-viewer';
/** The one user the demo page signs in as (on the demo device); a subscription belongs to a user, so Checkout is for them. */
export const DEMO_USER_ID = 'demo-reader';

/**
 * What the public /paywall demo page needs that the API only offers to paywall-role keys (an access decision, starting
 * Checkout). A browser must never hold a server key, so the page calls these public routes, which run the real
 * services server-side for the fixed demo device and demo user only.
 */
@Injectable()
export class PaywallDemoService {
  constructor(
    private readonly access: AccessService,
    private readonly settings: SettingsService,
    private readonly checkout: CheckoutService,
    private readonly offers: OfferRedemptionsService,
  ) {}

  /** POST /v1/access/decisions for the demo device, signed in as the demo user or not, with the registered limit. */
  async decide({ articleId, access, signedIn }: DemoAccessDecisionBody): Promise<DemoAccessDecisionResponseDto> {
    const userId = signedIn ? DEMO_USER_ID : undefined;
    const decision = await this.access.decide({ viewerId: DEMO_VIEWER_ID, userId, articleId, access });
    const { freeArticleLimit } = await this.settings.get();
    return { ...decision, userId: userId ?? null, registeredLimit: freeArticleLimit };
  }

  /** GET /v1/offers/{promotionCode} for the demo user: the offer on the plan, or why it is refused. */
  lookupOffer(promotionCode: string, planCode: string): Promise<OfferViewResponseDto> {
    return this.offers.lookup(promotionCode, planCode, DEMO_USER_ID);
  }

  /** Checkout for the demo user, with the offer the page names; Stripe sends the reader back to /paywall on the page's origin. */
  startCheckout(dto: DemoCheckoutSessionCreateDto, origin: string): Promise<{ id: string; url: string }> {
    return this.checkout.createCheckoutSession(DEMO_USER_ID, {
      ...dto,
      successUrl: `${origin}/paywall?checkout=success`,
      cancelUrl: `${origin}/paywall?checkout=cancel`,
    });
  }
}
