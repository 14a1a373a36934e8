import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { COUNTS_AS_SUBSCRIBER } from './domain/subscription-status';
import { Subscription } from './subscription.entity';

/** The subscriptions table's aggregate queries. */
@Injectable()
export class SubscriptionsRepository {
  constructor(@InjectRepository(Subscription) private readonly subscriptions: Repository<Subscription>) {}

  /** Subscriptions that count as subscribers, per plan id (plans without any are absent). */
  async subscriberCounts(planIds: string[]): Promise<Map<string, number>> {
    if (!planIds.length) return new Map();
    const rows = await this.subscriptions
      .createQueryBuilder('s')
      .select('s.plan_id', 'planId')
      .addSelect('count(*)::int', 'n')
      .where('s.plan_id IN (:...planIds)', { planIds })
      .andWhere('s.status IN (:...statuses)', { statuses: COUNTS_AS_SUBSCRIBER })
      .groupBy('s.plan_id')
      .getRawMany<{ planId: string; n: number }>();
    return new Map(rows.map((r) => [r.planId, Number(r.n)]));
  }
}
