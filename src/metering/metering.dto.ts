import { ApiProperty } from '@nestjs/swagger';
import { BodyShape, JsonSchemaPipe } from '../common/json-schema.pipe';
import { ARTICLE_ID_DESCRIPTION, ARTICLE_ID_PATTERN, USER_ID_DESCRIPTION, USER_ID_PATTERN } from '../common/ids';
import { METER_REASONS, type MeterReason } from './domain/meter-decision';

/** The meter read's body; validated by `meterReadBodyPipe` (JSON Schema), not class-validator: the page-view hot path. */
export interface MeterReadBody {
  viewerId: string;
  articleId: string;
}

/** The same body for the OpenAPI spec. */
export class MeterReadCreateDto implements MeterReadBody {
  @ApiProperty({ example: 'u1', pattern: USER_ID_PATTERN.source, description: `A user id, or an anonymous device id: ${USER_ID_DESCRIPTION}` })
  viewerId: string;

  @ApiProperty({ example: 'markets/2026/11/rbi-holds-rates', pattern: ARTICLE_ID_PATTERN.source, description: ARTICLE_ID_DESCRIPTION })
  articleId: string;
}

export const meterReadBody: BodyShape<MeterReadBody> = {
  properties: {
    viewerId: { schema: { type: 'string', pattern: USER_ID_PATTERN.source }, message: `viewerId must be ${USER_ID_DESCRIPTION}` },
    articleId: { schema: { type: 'string', pattern: ARTICLE_ID_PATTERN.source }, message: 'articleId must be 1-300 characters without whitespace' },
  },
  required: ['viewerId', 'articleId'],
};
export const meterReadBodyPipe = new JsonSchemaPipe(meterReadBody);

export class MeterReadResponseDto {
  @ApiProperty() allowed: boolean;
  @ApiProperty({ enum: METER_REASONS }) reason: MeterReason;
  @ApiProperty({ example: 5, description: 'The free-article limit per month now in force' }) freeLimit: number;
  @ApiProperty({ example: 3, description: 'Distinct articles counted for this viewer this month' }) used: number;
  @ApiProperty({ example: 2, description: 'max(0, freeLimit − used)' }) remaining: number;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T18:30:00.000Z', description: "Next month's start in METER_TIMEZONE, as a UTC instant" })
  resetsAt: string;
}
