import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { Transactions } from '../database/transactions';
import { DeliveryWorker } from './delivery-worker';
import type { WebhookDeliveryResponseDto } from './webhook-deliveries.dto';
import { type DeliveryRow, WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { type DeliveryStatus, WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { isoOrNull } from '../common/iso';

function deliveryView(d: DeliveryRow): WebhookDeliveryResponseDto {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? isoOrNull(d.nextAttemptAt) : null,
    lastAttemptAt: isoOrNull(d.lastAttemptAt),
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: isoOrNull(d.deliveredAt),
  };
}

/** The deliveries' admin side: an endpoint's history, and sending a delivery again. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: WebhookDeliveriesRepository,
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly audit: AuditService,
    private readonly worker: DeliveryWorker,
    private readonly clock: Clock,
  ) {}

  async list(endpointId: string, status: DeliveryStatus | undefined): Promise<WebhookDeliveryResponseDto[]> {
    await this.endpoints.get(endpointId);
    return (await this.repo.listForEndpoint(endpointId, status)).map(deliveryView);
  }

  /**
   * Makes a delivery pending and due now, whatever its state (a replay of one that succeeded, another go at one that
   * failed): one more attempt, and the backoff again if it fails within the three days of the event.
   */
  async retry(actor: Actor, id: string): Promise<WebhookDeliveryResponseDto> {
    const view = await this.tx.run(async (em) => {
      const d = await this.repo.get(em, id);
      const before = deliveryView(d);
      const change = { status: 'pending' as const, nextAttemptAt: this.clock.now(), leaseUntil: null };
      await em.update(WebhookDelivery, { id: d.id }, change);
      Object.assign(d, change);
      const after = deliveryView(d);
      await this.audit.record(em, actor, 'webhook_delivery.retry', 'webhook_delivery', id, before, after);
      return after;
    });
    this.worker.nudge();
    return view;
  }
}
