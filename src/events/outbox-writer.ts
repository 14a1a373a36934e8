import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { afterCommit } from '../common/after-commit';
import { Clock } from '../common/clock';
import type { EventType } from './domain/event-types';
import { OutboxEvent } from './outbox-event.entity';

/**
 * Writes events into the outbox in the caller's transaction: they exist exactly when the change they report committed.
 * After such a commit the delivery worker on this instance is nudged (the others find them on their next poll).
 */
@Injectable()
export class OutboxWriter {
  private readonly committedListeners: (() => void)[] = [];

  constructor(private readonly clock: Clock) {}

  async write(em: EntityManager, type: EventType, data: object): Promise<string> {
    const id = `evt_${randomBytes(12).toString('hex')}`;
    await em.insert(OutboxEvent, { id, type, data, createdAt: this.clock.now(), fannedOut: false });
    afterCommit(em, () => {
      for (const listener of this.committedListeners) listener();
    });
    return id;
  }

  /** Called after each commit that wrote events here. */
  onCommitted(listener: () => void): void {
    this.committedListeners.push(listener);
  }
}
