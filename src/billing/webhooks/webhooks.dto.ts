import { Optional } from '../../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { LimitQueryDto } from '../../common/paging.dto';

export const WEBHOOK_EVENT_STATUSES = ['received', 'processed', 'failed', 'ignored'] as const;

const EVENT_KEY_DESCRIPTION =
  "The key the event is stored under (the admin replay's id): Stripe's event id, or `sha256:` and a digest of it when it holds a NUL or an unpaired UTF-16 surrogate";
const UNSTORABLE_TEXT_NOTE = 'A NUL or unpaired UTF-16 surrogate in it is shown as U+FFFD (the stored raw body keeps the original)';

export class WebhookReceiptResponseDto {
  @ApiProperty({ example: true }) received: true;
  @ApiProperty({ example: 'evt_1PgafmB7WZ01zgkW6dKueIc5', description: EVENT_KEY_DESCRIPTION }) eventId: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_STATUSES, description: 'Status of the stored event after this delivery' }) status: string;
  @ApiProperty({ description: 'True when the event id was already stored (the delivery changed nothing if it was finished)' })
  duplicate: boolean;
}

export class WebhookEventListQueryDto extends LimitQueryDto {
  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_STATUSES })
  @Optional()
  @IsIn(WEBHOOK_EVENT_STATUSES)
  status?: (typeof WEBHOOK_EVENT_STATUSES)[number];
}

export class WebhookEventResponseDto {
  @ApiProperty({ description: EVENT_KEY_DESCRIPTION }) id: string;
  @ApiProperty({ example: 'customer.subscription.updated', description: UNSTORABLE_TEXT_NOTE }) type: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String, description: `The Stripe object the event names. ${UNSTORABLE_TEXT_NOTE}` }) objectId: string | null;
  @ApiProperty({ description: 'Processing attempts so far' }) attempts: number;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last attempt failed (no secrets)' }) lastError: string | null;
  @ApiProperty({ example: 1_787_776_000, description: "Stripe's `created` (unix seconds) exactly as received" }) stripeCreated: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: '`created` as a time; null when it lies outside years 1-9999' })
  stripeCreatedAt: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) processedAt: string | null;
}

export class WebhookEventListResponseDto {
  @ApiProperty({ type: [WebhookEventResponseDto], description: 'Newest first' }) events: WebhookEventResponseDto[];
}
