import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { money } from '../common/money';
import { SubscriptionEvents } from '../subscriptions/subscription.events';
import { Invoice } from './invoice.entity';
import type { InvoiceResponseDto } from './invoices.dto';
import { isoOrNull } from '../common/iso';

/** The invoice ledger's read side; and, when a subscription gets its user, the invoices recorded before then follow it. */
@Injectable()
export class InvoicesService {
  constructor(
    @InjectRepository(Invoice) private readonly invoices: Repository<Invoice>,
    subscriptionEvents: SubscriptionEvents,
  ) {
    subscriptionEvents.onStored(async ({ em, stripeSubscriptionId, userId, previousUserId }) => {
      if (!userId || userId === previousUserId) return;
      await em.update(Invoice, { stripeSubscriptionId, userId: IsNull() }, { userId });
    });
  }

  /** The user's invoices, newest first. */
  async listForUser(userId: string): Promise<InvoiceResponseDto[]> {
    const rows = await this.invoices.find({ where: { userId }, order: { stripeCreatedAt: 'DESC', id: 'ASC' } });
    return rows.map(toInvoiceView);
  }
}

/** A ledger row as the API (and the invoice.* events) show it. */
export function toInvoiceView(r: Invoice): InvoiceResponseDto {
  return {
    id: r.id,
    stripeInvoiceId: r.stripeInvoiceId,
    status: r.status,
    total: money(r.totalMinor, r.currency),
    amountPaid: money(r.amountPaidMinor, r.currency),
    billingReason: r.billingReason,
    periodStart: isoOrNull(r.periodStart),
    periodEnd: isoOrNull(r.periodEnd),
    hostedInvoiceUrl: r.hostedInvoiceUrl,
    paidAt: isoOrNull(r.paidAt),
  };
}
