import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { Invoice } from '../billing/invoice.entity';
import { Plan } from '../catalog/plan.entity';
import { DomainError } from '../common/errors';
import { money } from '../common/money';
import { pickRelevantSubscription } from './domain/subscription-status';
import { type SubscriptionView, toSubscriptionView } from './domain/subscription-view';
import { Subscription } from './subscription.entity';
import type { InvoiceResponseDto, SubscriptionAdminQueryDto, SubscriptionAdminResponseDto } from './subscriptions.dto';

export type { SubscriptionView };

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Read side of subscriptions: the user's subscription view (used by other modules), invoices, the admin listing. */
@Injectable()
export class SubscriptionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The user's most relevant subscription row: a live one first, else the most recent; null when none. */
  async findRelevant(userId: string, em: EntityManager = this.dataSource.manager): Promise<Subscription | null> {
    return pickRelevantSubscription(await em.find(Subscription, { where: { userId } }));
  }

  /** The user's subscription as the API shows it, or null. Other modules (entitlements) build on this. */
  async getView(userId: string): Promise<SubscriptionView | null> {
    const row = await this.findRelevant(userId);
    return row ? this.toView(row) : null;
  }

  async getViewOrThrow(userId: string): Promise<SubscriptionView> {
    const view = await this.getView(userId);
    if (!view) throw notFound(userId);
    return view;
  }

  async toView(row: Subscription, em: EntityManager = this.dataSource.manager): Promise<SubscriptionView> {
    const plan = row.planId ? await em.findOne(Plan, { where: { id: row.planId }, select: { id: true, code: true } }) : null;
    return toSubscriptionView(row, plan?.code ?? null);
  }

  /** The user's invoices, newest first. */
  async listInvoices(userId: string): Promise<InvoiceResponseDto[]> {
    const rows = await this.dataSource.getRepository(Invoice).find({ where: { userId }, order: { stripeCreatedAt: 'DESC', id: 'ASC' } });
    return rows.map((r) => ({
      id: r.id,
      stripeInvoiceId: r.stripeInvoiceId,
      status: r.status,
      total: money(r.totalMinor, r.currency),
      amountPaid: money(r.amountPaidMinor, r.currency),
      billingReason: r.billingReason,
      periodStart: iso(r.periodStart),
      periodEnd: iso(r.periodEnd),
      hostedInvoiceUrl: r.hostedInvoiceUrl,
      paidAt: iso(r.paidAt),
    }));
  }

  /** Admin listing; `linked=false` shows the subscriptions that could not be tied to a user or a plan. */
  async listAdmin(query: SubscriptionAdminQueryDto): Promise<SubscriptionAdminResponseDto[]> {
    const status = query.status ? { status: query.status } : {};
    const where =
      query.linked === 'false'
        ? [
            { userId: IsNull(), ...status },
            { planId: IsNull(), ...status },
          ]
        : { ...status };
    let rows = await this.dataSource.getRepository(Subscription).find({ where, order: { createdAt: 'DESC' }, take: 500 });
    if (query.linked === 'true') rows = rows.filter((r) => r.userId && r.planId);
    const planIds = [...new Set(rows.map((r) => r.planId).filter((id): id is string => !!id))];
    const plans = planIds.length
      ? await this.dataSource.getRepository(Plan).find({ where: { id: In(planIds) }, select: { id: true, code: true } })
      : [];
    const codes = new Map(plans.map((p) => [p.id, p.code]));
    return rows.map((r) => ({
      ...toSubscriptionView(r, r.planId ? (codes.get(r.planId) ?? null) : null),
      userId: r.userId,
      stripeCustomerId: r.stripeCustomerId,
      stripePriceId: r.stripePriceId,
      createdAt: r.createdAt.toISOString(),
    }));
  }
}

export function notFound(userId: string): DomainError {
  return new DomainError('SUBSCRIPTION_NOT_FOUND', `User ${userId} has no subscription`);
}
