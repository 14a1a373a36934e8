import { Injectable } from '@nestjs/common';

/** Live subscriptions per plan id (plans without any may be absent). */
export type SubscriberCounter = (planIds: string[]) => Promise<Map<string, number>>;

/**
 * The admin plan view shows each plan's live subscribers, which the subscriptions module knows. Subscriptions imports
 * the catalog, never the reverse, so it registers its counter here when it starts (SubscriptionsService).
 */
@Injectable()
export class PlanSubscribers {
  private counter: SubscriberCounter | null = null;

  provide(counter: SubscriberCounter): void {
    this.counter = counter;
  }

  counts(planIds: string[]): Promise<Map<string, number>> {
    if (!this.counter) throw new Error('No subscriber counter: SubscriptionsModule registers it');
    return planIds.length ? this.counter(planIds) : Promise.resolve(new Map());
  }
}
