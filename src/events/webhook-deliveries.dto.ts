import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Optional } from '../common/validation';
import { EVENT_TYPES } from './domain/event-types';
import { DELIVERY_STATUSES, type DeliveryStatus } from './webhook-delivery.entity';

export class WebhookDeliveryListQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, description: 'Only deliveries in this state' })
  @Optional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

export class WebhookDeliveryResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'evt_5f1c0a9e3b7d2c4a8e6f0b1d', description: "The event id (the body's id and the Tollgate-Event-Id header)" })
  eventId: string;

  @ApiProperty({ example: 'subscription.created' })
  eventType: string;

  @ApiProperty({
    enum: DELIVERY_STATUSES,
    description: 'pending: to be sent or retried; succeeded: a 2xx came back; failed: retried for three days in vain',
  })
  status: DeliveryStatus;

  @ApiProperty({ description: 'Attempts made so far' })
  attempts: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the next attempt is due (null once succeeded or failed)' })
  nextAttemptAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastAttemptAt: string | null;

  @ApiProperty({ type: Number, nullable: true, description: "The receiver's last HTTP status (null: no answer)" })
  lastStatusCode: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'HTTP 500', description: 'Why the last attempt failed' })
  lastError: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveredAt: string | null;
}

export class WebhookDeliveryListResponseDto {
  @ApiProperty({ type: [WebhookDeliveryResponseDto], description: 'Newest first, at most 100' })
  deliveries: WebhookDeliveryResponseDto[];
}

const EVENT_DATA = [
  'subscription.*: {userId, subscription} (subscription as GET /v1/users/{id}/subscription; plan_changed adds previousPlanCode)',
  'invoice.paid, invoice.payment_failed: {userId, stripeSubscriptionId, invoice} (invoice as GET /v1/users/{id}/invoices)',
  'grant.created, grant.revoked: {userId, grant}',
  'entitlements.changed: {userId, cause, subscriptionId | grantId} (read GET /v1/users/{id}/entitlements)',
  'offer.redeemed: {userId, offerCode, offerKind, promotionCode, stripeSubscriptionId, redeemedAt}',
  'tax_invoice.issued: {userId, taxInvoice} (as the tax invoice API)',
].join('; ');

/** What each delivery POSTs to an endpoint (signed with Tollgate-Signature; its id also in Tollgate-Event-Id). */
export class WebhookEventBodyDto {
  @ApiProperty({ example: 'evt_5f1c0a9e3b7d2c4a8e6f0b1d', description: 'Unique per event: receivers deduplicate on it (delivery is at least once)' })
  id: string;

  @ApiProperty({ enum: EVENT_TYPES })
  type: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: `By type (dates ISO 8601, amounts as Money): ${EVENT_DATA}` })
  data: Record<string, unknown>;
}
