import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ARTICLE_ID_DESCRIPTION, ARTICLE_ID_PATTERN, USER_ID_DESCRIPTION, USER_ID_PATTERN } from '../common/ids';
import { BodyShape, JsonSchemaPipe } from '../common/json-schema.pipe';
import { meterReadBody } from '../metering/metering.dto';
import {
  ACCESS_LEVELS,
  ACCESS_REASONS,
  type AccessLevel,
  type AccessReason,
  METER_KINDS,
  type MeterKind,
  type Wall,
  WALLS,
} from './domain/access-decision';

/** The decision's body; validated by `accessDecisionBodyPipe` (JSON Schema): like the meter read, a page-view hot path. */
export interface AccessDecisionBody {
  viewerId: string;
  userId?: string;
  articleId: string;
  access: AccessLevel;
}

/** The same body for the OpenAPI spec. */
export class AccessDecisionCreateDto implements AccessDecisionBody {
  @ApiProperty({
    example: 'dev-7f3a9c',
    pattern: USER_ID_PATTERN.source,
    description: `The reader's device (a first-party cookie id): ${USER_ID_DESCRIPTION}`,
  })
  viewerId: string;

  @ApiPropertyOptional({
    example: 'auth0|abc123',
    pattern: USER_ID_PATTERN.source,
    description: `The signed-in reader's user id; left out while anonymous (null is refused): ${USER_ID_DESCRIPTION}`,
  })
  userId?: string;

  @ApiProperty({ example: 'markets/2026/11/rbi-holds-rates', pattern: ARTICLE_ID_PATTERN.source, description: ARTICLE_ID_DESCRIPTION })
  articleId: string;

  @ApiProperty({
    enum: ACCESS_LEVELS,
    example: 'metered',
    description:
      "The article's level, from the CMS: free (always granted, nothing counted), metered (the free-article meter), " +
      'premium (only with premiumBenefitCode, nothing counted)',
  })
  access: AccessLevel;
}

/** Its fields' rules, each defined once: the demo page's route takes articleId and access from here. */
export const accessDecisionBody: BodyShape<AccessDecisionBody> = {
  properties: {
    viewerId: meterReadBody.properties.viewerId,
    // Optional, yet a string when present: null is a wrong type here as everywhere (README, input rules).
    userId: { schema: { type: 'string', pattern: USER_ID_PATTERN.source } as never, message: `userId must be ${USER_ID_DESCRIPTION}` },
    articleId: meterReadBody.properties.articleId,
    access: { schema: { type: 'string', enum: [...ACCESS_LEVELS] }, message: `access must be one of ${ACCESS_LEVELS.join(', ')}` },
  },
  required: ['viewerId', 'articleId', 'access'],
};
export const accessDecisionBodyPipe = new JsonSchemaPipe(accessDecisionBody);

export class AccessMeterDto {
  @ApiProperty({ enum: METER_KINDS, description: "anonymous: the device's meter (no userId); registered: the signed-in user's own" })
  kind: MeterKind;

  @ApiProperty({ example: 3, description: "This meter's monthly limit now in force (anonymousArticleLimit, or freeArticleLimit)" })
  freeLimit: number;

  @ApiProperty({ example: 3, description: 'Distinct articles counted on this meter this month' }) used: number;
  @ApiProperty({ example: 0, description: 'max(0, freeLimit − used)' }) remaining: number;
  @ApiProperty({ format: 'date-time', example: '2026-12-31T18:30:00.000Z', description: "Next month's start in METER_TIMEZONE, as a UTC instant" })
  resetsAt: string;
}

export class AccessDecisionResponseDto {
  @ApiProperty() granted: boolean;

  @ApiProperty({
    enum: ACCESS_REASONS,
    description:
      'free_article: a free article. entitled: the signed-in reader holds the benefit (metered: meteredBenefitCode; premium: ' +
      'premiumBenefitCode). free_quota: a metered article within the free quota (a re-read this month, or a new one now ' +
      'counted). registration_required: an anonymous reader at anonymousArticleLimit while freeArticleLimit is higher ' +
      '(signing up opens more). limit_reached: a new metered article past the limit in force, not counted. ' +
      'subscription_required: a premium article without premiumBenefitCode.',
  })
  reason: AccessReason;

  @ApiProperty({ enum: WALLS, description: 'none when granted; registration (sign up for more free articles); subscription' })
  wall: Wall;

  @ApiProperty({ type: AccessMeterDto, nullable: true, description: 'The meter the read was counted on; null for free and premium articles' })
  meter: AccessMeterDto | null;
}
