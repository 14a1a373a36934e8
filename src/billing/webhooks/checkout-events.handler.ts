import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OfferRedemptionsService } from '../../offers/offer-redemptions.service';
import { CustomersRepository } from '../../subscriptions/customers.repository';
import { StripeClient, type StripeEvent } from '../../stripe/stripe-client';
import { SubscriptionSyncService } from '../../subscriptions/subscription-sync.service';
import { eventObjectId, WebhookHandler } from './webhook-handler';

/**
 * checkout.session.completed: links the Stripe customer to the user and syncs the new subscription;
 * checkout.session.expired: releases the offer redemption the Session held.
 */
@Injectable()
export class CheckoutEventsHandler implements WebhookHandler {
  readonly types = ['checkout.session.completed', 'checkout.session.async_payment_succeeded', 'checkout.session.expired'];

  constructor(
    private readonly stripe: StripeClient,
    private readonly sync: SubscriptionSyncService,
    private readonly customers: CustomersRepository,
    private readonly offers: OfferRedemptionsService,
  ) {}

  async handle(em: EntityManager, event: StripeEvent): Promise<void> {
    const session = await this.stripe.retrieveCheckoutSession(eventObjectId(event));
    // An abandoned Checkout gives back the offer redemption it held (the Session, re-read, is the truth).
    if (session.status === 'expired') {
      await this.offers.releaseSession(em, session.id);
      return;
    }
    if (session.mode !== 'subscription') return;
    const customer = typeof session.customer === 'string' ? session.customer : (session.customer?.id ?? null);
    const userId = session.client_reference_id?.trim() || null;
    if (customer && userId) await this.customers.link(em, userId, customer);
    const subscription = typeof session.subscription === 'string' ? session.subscription : (session.subscription?.id ?? null);
    if (subscription) await this.sync.syncFromStripe(em, subscription, { clientReferenceId: userId });
  }
}
