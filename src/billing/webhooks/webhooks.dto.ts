import { Optional } from '../../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { LimitQueryDto } from '../../common/paging.dto';

export const WEBHOOK_EVENT_STATUSES = ['received', 'processed', 'failed', 'ignored'] as const;

export class WebhookReceiptResponseDto {
  @ApiProperty({ example: true }) received: true;
  @ApiProperty({ example: 'evt_1PgafmB7WZ01zgkW6dKueIc5' }) eventId: string;
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
  @ApiProperty({ description: "Stripe's event id" }) id: string;
  @ApiProperty({ example: 'customer.subscription.updated' }) type: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String, description: 'The Stripe object the event names' }) objectId: string | null;
  @ApiProperty({ description: 'Processing attempts so far' }) attempts: number;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last attempt failed (no secrets)' }) lastError: string | null;
  @ApiProperty({ format: 'date-time' }) stripeCreatedAt: string;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) processedAt: string | null;
}

export class WebhookEventListResponseDto {
  @ApiProperty({ type: [WebhookEventResponseDto], description: 'Newest first' }) events: WebhookEventResponseDto[];
}
