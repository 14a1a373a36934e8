import { Injectable } from '@nestjs/common';
import { CatalogRepository } from '../catalog/catalog.repository';
import { Clock } from '../common/clock';
import type { Offer } from '../offers/offer.entity';
import { OfferRedemptionsService } from '../offers/offer-redemptions.service';
import { SubscriptionEvents, type SubscriptionStored } from '../subscriptions/subscription.events';
import { changesMetrics } from './domain/history';
import { SubscriptionHistoryRepository } from './subscription-history.repository';
import type { SubscriptionChange } from './subscription-change.entity';

type Discount = Pick<SubscriptionChange, 'discountKind' | 'discountValue' | 'discountEndsAt'>;

/** The discount an offer gives each period: a percentage off, or an introductory price; none for a trial. */
function discountOf(offer: Offer | null, endsAt: Date | null): Discount {
  if (offer?.kind === 'percent_off' && offer.percentOff !== null)
    return { discountKind: 'percent_off', discountValue: offer.percentOff, discountEndsAt: endsAt };
  if (offer?.kind === 'intro_price' && offer.introPriceMinor !== null)
    return { discountKind: 'intro_price', discountValue: offer.introPriceMinor, discountEndsAt: endsAt };
  return { discountKind: null, discountValue: null, discountEndsAt: null };
}

/**
 * Appends a subscription's new state to the history whenever the sync writes a change the metrics read, in the same
 * transaction (a rolled-back write records nothing), with the clock's time: a late webhook counts in the month it is
 * recorded, never in a month already reported.
 */
@Injectable()
export class SubscriptionHistoryRecorder {
  constructor(
    events: SubscriptionEvents,
    private readonly history: SubscriptionHistoryRepository,
    private readonly catalog: CatalogRepository,
    private readonly offers: OfferRedemptionsService,
    private readonly clock: Clock,
  ) {
    events.onStored((e) => this.stored(e));
  }

  private async stored({ em, previous, current }: SubscriptionStored): Promise<void> {
    if (!changesMetrics(previous, current)) return;
    const plan = current.planId ? await this.catalog.planById(current.planId, em) : null;
    // A discount's terms are the offer's (a trial is no discount), kept on the row: a later edit changes no past figure.
    const offer = current.offerCode && current.offerKind !== 'trial' ? await this.offers.byCode(current.offerCode, em) : null;
    const row: Omit<SubscriptionChange, 'seq'> = {
      subscriptionId: current.id,
      recordedAt: this.clock.now(),
      status: current.status,
      planId: current.planId,
      planPriceId: current.planPriceId,
      amountMinor: current.amountMinor,
      currency: current.currency,
      intervalMonths: plan?.intervalMonths ?? null,
      cancelAtPeriodEnd: current.cancelAtPeriodEnd,
      offerCode: current.offerCode,
      ...discountOf(offer, current.offerEndsAt),
      currentPeriodStart: current.currentPeriodStart,
      currentPeriodEnd: current.currentPeriodEnd,
    };
    await this.history.append(em, row);
  }
}
