import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { Optional } from '../common/validation';
import { EVENT_PATTERNS } from './domain/event-types';
import type { WebhookEndpointStatus } from './webhook-endpoint.entity';

const STATUSES: WebhookEndpointStatus[] = ['enabled', 'disabled'];
const MAX_URL_LENGTH = 2048;
const NOT_BLANK = /\S/;

function UrlField(optional: boolean) {
  return (target: object, key: string) => {
    (optional ? ApiPropertyOptional : ApiProperty)({
      example: 'https://crm.example.com/hooks/tollgate',
      maxLength: MAX_URL_LENGTH,
      description: 'http(s); private, loopback and link-local hosts are refused (WEBHOOK_URL_NOT_ALLOWED) unless WEBHOOK_ALLOW_PRIVATE_URLS=true',
    })(target, key);
    if (optional) Optional()(target, key);
    IsString()(target, key);
    Length(1, MAX_URL_LENGTH)(target, key);
  };
}

function EventsField(optional: boolean) {
  return (target: object, key: string) => {
    (optional ? ApiPropertyOptional : ApiProperty)({
      example: ['subscription.*', 'grant.created'],
      type: [String],
      enum: EVENT_PATTERNS,
      description: 'Event types, or a family wildcard such as subscription.*',
    })(target, key);
    if (optional) Optional()(target, key);
    IsArray()(target, key);
    ArrayMinSize(1)(target, key);
    ArrayMaxSize(EVENT_PATTERNS.length)(target, key);
    ArrayUnique()(target, key);
    IsIn(EVENT_PATTERNS, { each: true, message: '$property must hold event types or family wildcards such as subscription.*' })(target, key);
  };
}

function DescriptionField() {
  return (target: object, key: string) => {
    ApiPropertyOptional({ example: 'CRM: failed payments', maxLength: 500, nullable: true, type: String })(target, key);
    ValidateIf((_o: object, v: unknown) => v !== undefined && v !== null)(target, key);
    IsString()(target, key);
    Length(1, 500)(target, key);
    Matches(NOT_BLANK, { message: '$property must not be blank' })(target, key);
  };
}

export class WebhookEndpointCreateDto {
  @UrlField(false)
  url: string;

  @EventsField(false)
  events: string[];

  @DescriptionField()
  description?: string | null;
}

export class WebhookEndpointUpdateDto {
  @UrlField(true)
  url?: string;

  @EventsField(true)
  events?: string[];

  @DescriptionField()
  description?: string | null;

  @ApiPropertyOptional({ enum: STATUSES })
  @Optional()
  @IsIn(STATUSES)
  status?: WebhookEndpointStatus;
}

export class WebhookEndpointResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  url: string;

  @ApiProperty({ type: [String], example: ['subscription.*', 'grant.created'] })
  events: string[];

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ enum: STATUSES })
  status: WebhookEndpointStatus;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class WebhookEndpointWithSecretResponseDto extends WebhookEndpointResponseDto {
  @ApiProperty({ description: 'The signing secret: shown this once, in this answer only', example: 'tgwhsec_3f9a…' })
  secret: string;
}

export class WebhookEndpointListResponseDto {
  @ApiProperty({ type: [WebhookEndpointResponseDto] })
  webhookEndpoints: WebhookEndpointResponseDto[];
}
