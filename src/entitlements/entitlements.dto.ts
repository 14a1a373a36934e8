import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { DateTimeWithZone } from '../common/validation';
import { SubscriptionResponseDto } from '../subscriptions/subscriptions.dto';

const SOURCES = ['subscription', 'grant'];

export class EntitlementBenefitResponseDto {
  @ApiProperty({ example: 'premium_stories' }) code: string;
  @ApiProperty({ enum: SOURCES, description: 'Where the latest-expiring right to this benefit comes from' }) source: 'subscription' | 'grant';
  @ApiProperty({ format: 'date-time', description: 'Access ends at this instant (exclusive)' }) expiresAt: string;
}

export class EntitlementsResponseDto {
  @ApiProperty({ example: 'u1' }) userId: string;
  @ApiProperty({ description: 'The user holds at least one benefit now' }) active: boolean;
  @ApiProperty({ type: [EntitlementBenefitResponseDto], description: 'Sorted by code' }) benefits: EntitlementBenefitResponseDto[];
  @ApiProperty({
    type: SubscriptionResponseDto,
    nullable: true,
    description: 'The subscription giving access (the longest-lasting one), else the most recent one, else null',
  })
  subscription: SubscriptionResponseDto | null;
}

export class EntitlementCheckResponseDto {
  @ApiProperty() granted: boolean;
  @ApiProperty({ enum: SOURCES, nullable: true, type: String }) source: 'subscription' | 'grant' | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expiresAt: string | null;
}

export class GrantCreateDto {
  @ApiProperty({ example: 'premium_stories', description: 'Code of an existing benefit' })
  @IsString()
  @Length(1, 100)
  benefitCode: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-31T18:30:00.000Z', description: 'Must be in the future' })
  @DateTimeWithZone()
  expiresAt: string;

  @ApiProperty({ example: 'Goodwill: delivery failure complaint #4411' })
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class GrantResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() userId: string;
  @ApiProperty() benefitCode: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ description: 'Name of the API key that made the grant' }) createdBy: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: 'Set once revoked' }) revokedAt: string | null;
}

export class GrantListResponseDto {
  @ApiProperty({ type: [GrantResponseDto], description: 'Newest first, including expired and revoked ones' }) grants: GrantResponseDto[];
}
