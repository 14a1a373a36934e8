import { Injectable } from '@nestjs/common';
import { CatalogRepository } from '../catalog/catalog.repository';
import { Clock } from '../common/clock';
import { OfferRedemptionsService } from '../offers/offer-redemptions.service';
import { SubscriptionEvents, type SubscriptionStored } from '../subscriptions/subscription.events';
import { changesMetrics } from './domain/history';
import { SubscriptionHistoryRepository } from './subscription-history.repository';
import type { SubscriptionChange } from './subscription-change.entity';

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
      discountKind: null,
      discountValue: null,
      discountEndsAt: null,
      currentPeriodStart: current.currentPeriodStart,
      currentPeriodEnd: current.currentPeriodEnd,
    };
    // A discount's terms are the offer's (a trial is no discount): kept on the row, so a later edit changes no past figure.
    const offer = current.offerCode && current.offerKind !== 'trial' ? await this.offers.byCode(current.offerCode, em) : null;
    if (offer?.kind === 'percent_off' && offer.percentOff !== null)
      Object.assign(row, { discountKind: 'percent_off', discountValue: offer.percentOff });
    if (offer?.kind === 'intro_price' && offer.introPriceMinor !== null)
      Object.assign(row, { discountKind: 'intro_price', discountValue: offer.introPriceMinor });
    if (offer) row.discountEndsAt = current.offerEndsAt;
    await this.history.append(em, row);
  }
}
