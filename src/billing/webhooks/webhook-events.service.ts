import { Injectable } from '@nestjs/common';
import type { Actor } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import { DomainError } from '../../common/errors';
import { Transactions } from '../../database/transactions';
import type { WebhookEvent } from './webhook-event.entity';
import { WebhookEventsRepository } from './webhook-events.repository';
import { WebhookIntakeService, WebhookProcessingError } from './webhook-intake.service';
import type { WebhookEventListQueryDto, WebhookEventResponseDto } from './webhooks.dto';

/** Admin view of stored Stripe events, and replay of one that did not finish. */
@Injectable()
export class WebhookEventsService {
  constructor(
    private readonly tx: Transactions,
    private readonly events: WebhookEventsRepository,
    private readonly intake: WebhookIntakeService,
    private readonly audit: AuditService,
  ) {}

  async list(query: WebhookEventListQueryDto): Promise<WebhookEventResponseDto[]> {
    const rows = await this.events.list(query.status, query.limit ?? 100);
    return rows.map(toView);
  }

  /**
   * Processes a stored event again (re-reading its object from Stripe). Answers the event afterwards: a replay that
   * fails again comes back with status "failed" and lastError rather than as an error, so the admin sees why.
   */
  async replay(actor: Actor, id: string): Promise<WebhookEventResponseDto> {
    const before = await this.events.findOne(id);
    if (!before) throw new DomainError('WEBHOOK_EVENT_NOT_FOUND', `No stored Stripe event ${id}`);
    try {
      await this.intake.process(id, undefined, { force: true });
    } catch (e) {
      if (!(e instanceof WebhookProcessingError)) throw e;
    }
    // The entry goes in under the event's row lock, as every audited write's does, so the log's order for this event
    // is the order of its changes and the newest entry shows the state it holds.
    const after = await this.tx.run(async (em) => {
      const locked = await this.events.lockRow(em, id);
      await this.audit.record(em, actor, 'webhook_event.replay', 'webhook_event', id, brief(before), brief(locked));
      return locked;
    });
    return toView(after);
  }
}

const brief = (e: WebhookEvent) => ({ status: e.status, attempts: e.attempts, lastError: e.lastError });

function toView(e: WebhookEvent): WebhookEventResponseDto {
  return {
    id: e.id,
    type: e.type,
    status: e.status,
    objectId: e.objectId,
    attempts: e.attempts,
    lastError: e.lastError,
    stripeCreated: e.stripeCreated,
    stripeCreatedAt: e.stripeCreatedAt?.toISOString() ?? null,
    receivedAt: e.receivedAt.toISOString(),
    processedAt: e.processedAt?.toISOString() ?? null,
  };
}
