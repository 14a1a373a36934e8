import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { USER_ID_DESCRIPTION, USER_ID_PATTERN } from '../common/user-id.pipe';

export const METER_REASONS = ['entitled', 'free_quota', 'limit_reached'] as const;
export type MeterReason = (typeof METER_REASONS)[number];

export class MeterReadCreateDto {
  @ApiProperty({ example: 'u1', description: `A user id, or an anonymous device id: ${USER_ID_DESCRIPTION}` })
  @IsString()
  @Matches(USER_ID_PATTERN, { message: `viewerId must be ${USER_ID_DESCRIPTION}` })
  viewerId: string;

  @ApiProperty({ example: 'markets/2026/11/rbi-holds-rates', description: '1-300 characters, no whitespace' })
  @IsString()
  @Matches(/^\S{1,300}$/, { message: 'articleId must be 1-300 characters without whitespace' })
  articleId: string;
}

export class MeterReadResponseDto {
  @ApiProperty() allowed: boolean;
  @ApiProperty({ enum: METER_REASONS }) reason: MeterReason;
  @ApiProperty({ example: 5, description: 'The free-article limit per month now in force' }) freeLimit: number;
  @ApiProperty({ example: 3, description: 'Distinct articles counted for this viewer this month' }) used: number;
  @ApiProperty({ example: 2, description: 'max(0, freeLimit − used)' }) remaining: number;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T18:30:00.000Z', description: "Next month's start in METER_TIMEZONE, as a UTC instant" })
  resetsAt: string;
}
