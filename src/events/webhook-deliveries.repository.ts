import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { DomainError } from '../common/errors';
import { UUID_PATTERN } from '../common/ids';
import { type EventType, subscribesTo } from './domain/event-types';
import { OutboxEvent } from './outbox-event.entity';
import { type DeliveryStatus, WebhookDelivery } from './webhook-delivery.entity';

/** A claimed attempt: what the worker needs to send it. */
export interface ClaimedAttempt {
  id: string;
  attempt: number;
  createdAt: Date;
  endpointId: string;
  url: string;
  secretEncrypted: string;
  eventId: string;
  eventType: string;
  eventCreatedAt: Date;
  data: Record<string, unknown>;
}

/** A delivery as the admin API lists it. */
export interface DeliveryRow extends WebhookDelivery {
  eventType: string;
}

export interface AttemptOutcome {
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  statusCode: number | null;
  error: string | null;
  deliveredAt: Date | null;
}

/** Most deliveries one listing shows. */
const LIST_LIMIT = 100;

/** The outbox's and the deliveries' SQL: fan-out, claiming under SKIP LOCKED and a lease, recording outcomes. */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(@InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>) {}

  /**
   * Gives up to `limit` events not yet fanned out one pending delivery per endpoint enabled and subscribed now, due at
   * once. Events another instance is fanning out are skipped (SKIP LOCKED); the unique (event, endpoint) stops copies.
   * Returns how many events it handled.
   */
  async fanOut(em: EntityManager, now: Date, limit: number): Promise<number> {
    const events: { id: string; type: string }[] = await em.query(
      `SELECT id, type FROM outbox_events WHERE fanned_out = false ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    if (!events.length) return 0;
    const endpoints: { id: string; events: string[] }[] = await em.query(`SELECT id, events FROM webhook_endpoints WHERE status = 'enabled'`);
    const eventIds: string[] = [];
    const endpointIds: string[] = [];
    for (const event of events) {
      for (const endpoint of endpoints) {
        if (!subscribesTo(endpoint.events, event.type as EventType)) continue;
        eventIds.push(event.id);
        endpointIds.push(endpoint.id);
      }
    }
    if (eventIds.length) {
      await em.query(
        `INSERT INTO webhook_deliveries (event_id, endpoint_id, next_attempt_at, created_at)
         SELECT e, p, $3, $3 FROM unnest($1::text[], $2::uuid[]) AS t(e, p)
         ON CONFLICT (event_id, endpoint_id) DO NOTHING`,
        [eventIds, endpointIds, now],
      );
    }
    await em.query(`UPDATE outbox_events SET fanned_out = true WHERE id = ANY($1::text[])`, [events.map((e) => e.id)]);
    return events.length;
  }

  /**
   * Takes up to `limit` due attempts of enabled endpoints: each gets the next attempt number and a lease until
   * `leaseUntil`, so no other instance takes it meanwhile (rows being claimed elsewhere are skipped, not waited for).
   */
  async claim(em: EntityManager, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedAttempt[]> {
    const rows: Record<string, unknown>[] = await em.query(
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.status = 'enabled'
          WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.lease_until IS NULL OR d.lease_until <= $1)
          ORDER BY d.next_attempt_at, d.id LIMIT $3 FOR UPDATE OF d SKIP LOCKED),
       claimed AS (
         UPDATE webhook_deliveries d SET attempts = d.attempts + 1, lease_until = $2, last_attempt_at = $1
           FROM due WHERE d.id = due.id
         RETURNING d.id, d.attempts, d.created_at, d.endpoint_id, d.event_id)
       SELECT c.id, c.attempts, c.created_at, c.endpoint_id, e.url, e.secret_encrypted, c.event_id, ev.type, ev.created_at AS event_created_at, ev.data
         FROM claimed c JOIN webhook_endpoints e ON e.id = c.endpoint_id JOIN outbox_events ev ON ev.id = c.event_id`,
      [now, leaseUntil, limit],
    );
    return rows.map((r) => ({
      id: r.id as string,
      attempt: r.attempts as number,
      createdAt: r.created_at as Date,
      endpointId: r.endpoint_id as string,
      url: r.url as string,
      secretEncrypted: r.secret_encrypted as string,
      eventId: r.event_id as string,
      eventType: r.type as string,
      eventCreatedAt: r.event_created_at as Date,
      data: r.data as Record<string, unknown>,
    }));
  }

  /** Records an attempt's outcome, unless the attempt is no longer the delivery's latest (its lease ran out, or staff retried it). */
  async finish(em: EntityManager, id: string, attempt: number, o: AttemptOutcome): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `UPDATE webhook_deliveries SET status = $3, next_attempt_at = $4, lease_until = NULL, last_status_code = $5, last_error = $6,
              delivered_at = coalesce($7, delivered_at)
        WHERE id = $1 AND attempts = $2 AND status = 'pending' RETURNING id`,
      [id, attempt, o.status, o.nextAttemptAt, o.statusCode, o.error, o.deliveredAt],
    );
    return flatRows(rows).length > 0;
  }

  /** The endpoint answered: its failing streak (if any) ends. */
  async endpointSucceeded(em: EntityManager, endpointId: string): Promise<void> {
    await em.query(`UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`, [endpointId]);
  }

  /** The endpoint failed: its failing streak starts now unless it already runs; returns the streak's start and its status. */
  async endpointFailed(em: EntityManager, endpointId: string, now: Date): Promise<{ failingSince: Date; status: string } | null> {
    const rows = flatRows(
      await em.query(`UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, $2) WHERE id = $1 RETURNING failing_since, status`, [
        endpointId,
        now,
      ]),
    ) as { failing_since: Date; status: string }[];
    return rows[0] ? { failingSince: rows[0].failing_since, status: rows[0].status } : null;
  }

  /** An endpoint's deliveries, newest first, at most LIST_LIMIT. */
  async listForEndpoint(endpointId: string, status: DeliveryStatus | undefined): Promise<DeliveryRow[]> {
    const qb = this.deliveries
      .createQueryBuilder('d')
      .innerJoin(OutboxEvent, 'ev', 'ev.id = d.event_id')
      .addSelect('ev.type', 'event_type')
      .where('d.endpoint_id = :endpointId', { endpointId });
    if (status) qb.andWhere('d.status = :status', { status });
    const { entities, raw } = await qb.orderBy('d.created_at', 'DESC').addOrderBy('d.id', 'DESC').limit(LIST_LIMIT).getRawAndEntities();
    return entities.map((d, i) => Object.assign(d, { eventType: (raw[i] as { event_type: string }).event_type }));
  }

  /** The delivery and its event's type, locked for the write; an id that is no UUID names none. */
  async get(em: EntityManager, id: string): Promise<DeliveryRow> {
    const found = UUID_PATTERN.test(id) ? await em.findOne(WebhookDelivery, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!found) throw new DomainError('WEBHOOK_DELIVERY_NOT_FOUND', `No webhook delivery with id "${id}"`);
    const event = await em.findOneOrFail(OutboxEvent, { where: { id: found.eventId }, select: { id: true, type: true } });
    return Object.assign(found, { eventType: event.type });
  }
}

/** node-postgres answers an UPDATE … RETURNING as [rows, count]; PGlite's adapter as rows. */
function flatRows(result: unknown[]): unknown[] {
  return result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result;
}
