import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { DomainError } from '../common/errors';
import { UUID_PATTERN } from '../common/ids';
import { WebhookEndpoint } from './webhook-endpoint.entity';

/** The webhook endpoints' queries; each takes an optional EntityManager so services can call it inside a transaction. */
@Injectable()
export class WebhookEndpointsRepository {
  constructor(@InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>) {}

  /** Every endpoint, newest first. */
  find(): Promise<WebhookEndpoint[]> {
    return this.endpoints.find({ order: { createdAt: 'DESC', id: 'ASC' } });
  }

  /** The endpoint, locked for the write when inside a transaction; an id that is no UUID names none. */
  async get(id: string, em?: EntityManager): Promise<WebhookEndpoint> {
    const found = UUID_PATTERN.test(id)
      ? await (em ?? this.endpoints.manager).findOne(WebhookEndpoint, {
          where: { id },
          ...(em ? { lock: { mode: 'pessimistic_write' as const } } : {}),
        })
      : null;
    if (!found) throw new DomainError('WEBHOOK_ENDPOINT_NOT_FOUND', `No webhook endpoint with id "${id}"`);
    return found;
  }
}
