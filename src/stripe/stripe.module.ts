import { Module } from '@nestjs/common';
import { StripeClient } from './stripe-client';

/**
 * Stripe itself: the SDK seam (StripeClient, the only importer of the SDK), the advisory lock on a Stripe object id and
 * the mappers from Stripe's objects to what Tollgate stores. It imports no feature; every feature that talks to Stripe
 * imports it.
 */
@Module({ providers: [StripeClient], exports: [StripeClient] })
export class StripeModule {}
