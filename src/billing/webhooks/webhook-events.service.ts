import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import { DomainError } from '../../common/errors';
import { WebhookEvent } from './webhook-event.entity';
import { WebhookIntakeService, WebhookProcessingError } from './webhook-intake.service';
import type { WebhookEventListQueryDto, WebhookEventResponseDto } from './webhooks.dto';

/** Admin view of stored Stripe events, and replay of one that did not finish. */
@Injectable()
export class WebhookEventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly intake: WebhookIntakeService,
    private readonly audit: AuditService,
  ) {}

  async list(query: WebhookEventListQueryDto): Promise<WebhookEventResponseDto[]> {
    const rows = await this.dataSource.getRepository(WebhookEvent).find({
      where: query.status ? { status: query.status } : {},
      order: { receivedAt: 'DESC', id: 'ASC' },
      take: query.limit ?? 100,
    });
    return rows.map(toView);
  }

  /**
   * Processes a stored event again (re-reading its object from Stripe). Answers the event afterwards: a replay that
   * fails again comes back with status "failed" and lastError rather than as an error, so the admin sees why.
   */
  async replay(actor: Actor, id: string): Promise<WebhookEventResponseDto> {
    const repo = this.dataSource.getRepository(WebhookEvent);
    const before = await repo.findOneBy({ id });
    if (!before) throw new DomainError('WEBHOOK_EVENT_NOT_FOUND', `No stored Stripe event ${id}`);
    try {
      await this.intake.process(id, undefined, { force: true });
    } catch (e) {
      if (!(e instanceof WebhookProcessingError)) throw e;
    }
    // The entry goes in under the event's row lock, as every audited write's does, so the log's order for this event
    // is the order of its changes and the newest entry shows the state it holds.
    const after = await this.dataSource.transaction(async (em) => {
      const locked = await em.findOneOrFail(WebhookEvent, { where: { id }, lock: { mode: 'pessimistic_write' } });
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
