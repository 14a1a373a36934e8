import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { Code, PROMOTION_CODE_PATTERN, USER_ID_DESCRIPTION, USER_ID_PATTERN } from '../common/ids';
import { MAX_AMOUNT_MINOR } from '../common/money';
import { OfferViewResponseDto } from '../catalog/catalog.dto';
import { DateTimeWithZone, Optional } from '../common/validation';
import { MAX_INTRO_PERIODS, MAX_TRIAL_DAYS, OFFER_KINDS, OFFER_REDEMPTIONS, type OfferKind, type OfferRedemption } from './domain/offer-terms';
import type { OfferStatus } from './offer.entity';

const CREATE_STATUSES: OfferStatus[] = ['draft', 'active'];
const OFFER_STATUSES: OfferStatus[] = ['draft', 'active', 'archived'];
const NOT_BLANK = /\S/;
/** Left out: unchanged; null: cleared (no end, no limit). */
const NullableOptional = () => ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null);

function PromotionCodeField() {
  return (target: object, key: string) => {
    ApiPropertyOptional({
      example: 'DIWALI50',
      pattern: PROMOTION_CODE_PATTERN.source,
      description: 'Customer-facing code, unique among offers not archived',
    })(target, key);
    Optional()(target, key);
    IsString()(target, key);
    Matches(PROMOTION_CODE_PATTERN, { message: '$property must be 3-20 capital letters or digits, e.g. DIWALI50' })(target, key);
  };
}

function NameField(optional: boolean) {
  return (target: object, key: string) => {
    (optional ? ApiPropertyOptional : ApiProperty)({ example: 'Diwali: half price for a year', minLength: 1, maxLength: 200 })(target, key);
    if (optional) Optional()(target, key);
    IsString()(target, key);
    Length(1, 200)(target, key);
    Matches(NOT_BLANK, { message: '$property must not be blank' })(target, key);
  };
}

export class OfferCreateDto {
  @Code('diwali_half_price')
  code: string;

  @NameField(false)
  name: string;

  @ApiProperty({
    enum: OFFER_KINDS,
    description: 'trial: free days, then the price; intro_price: a lower price for introPeriods periods; percent_off',
  })
  @IsIn(OFFER_KINDS)
  kind: OfferKind;

  @ApiProperty({ type: [String], example: ['smart_quarterly'], description: 'Plans the offer applies to (existing, not archived)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  planCodes: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_TRIAL_DAYS, description: 'trial only' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(MAX_TRIAL_DAYS)
  trialDays?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_AMOUNT_MINOR,
    example: 100,
    description: "intro_price only: minor units in the plans' currency, below every plan's price",
  })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_MINOR)
  introPriceMinor?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_INTRO_PERIODS,
    description: 'Billing periods at the intro price or discount; left out on a percent_off: forever',
  })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(MAX_INTRO_PERIODS)
  introPeriods?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, description: 'percent_off only' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(100)
  percentOff?: number;

  @PromotionCodeField()
  promotionCode?: string;

  @ApiPropertyOptional({ default: true, description: 'Only a user who never had a subscription may redeem it (retention: only once per user)' })
  @Optional()
  @IsBoolean()
  firstTimeOnly?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 10_000_000, description: 'Redemptions allowed in all; left out: no limit' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  maxRedemptions?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'Left out: live at once' })
  @Optional()
  @DateTimeWithZone()
  startsAt?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'After startsAt; left out: no end' })
  @Optional()
  @DateTimeWithZone()
  endsAt?: string;

  @ApiPropertyOptional({ enum: OFFER_REDEMPTIONS, default: 'signup', description: 'retention: offered instead of a cancellation' })
  @Optional()
  @IsIn(OFFER_REDEMPTIONS)
  redemption?: OfferRedemption;

  @ApiPropertyOptional({ enum: CREATE_STATUSES, default: 'active' })
  @Optional()
  @IsIn(CREATE_STATUSES)
  status?: 'draft' | 'active';
}

export class OfferUpdateDto {
  @NameField(true)
  name?: string;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String, description: 'null: no end' })
  @NullableOptional()
  @DateTimeWithZone()
  endsAt?: string | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: 10_000_000,
    description: 'null: no limit; never below the redemptions made',
  })
  @NullableOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  maxRedemptions?: number | null;

  @ApiPropertyOptional({ enum: CREATE_STATUSES, description: 'Archive with POST …/archive' })
  @Optional()
  @IsIn(CREATE_STATUSES)
  status?: 'draft' | 'active';
}

/** `GET /v1/offers/{promotionCode}?planCode=&userId=` */
export class OfferLookupQueryDto {
  @Code('smart_quarterly')
  planCode: string;

  @ApiPropertyOptional({
    example: 'auth0|abc123',
    pattern: USER_ID_PATTERN.source,
    description: `The reader, for firstTimeOnly: ${USER_ID_DESCRIPTION}`,
  })
  @Optional()
  @IsString()
  @Matches(USER_ID_PATTERN, { message: `$property must be ${USER_ID_DESCRIPTION}` })
  userId?: string;
}

export class PromotionCodeParamsDto {
  @ApiProperty({ example: 'DIWALI50', pattern: PROMOTION_CODE_PATTERN.source })
  @IsString()
  @Matches(PROMOTION_CODE_PATTERN, { message: '$property must be 3-20 capital letters or digits, e.g. DIWALI50' })
  promotionCode: string;
}

export class OfferPreviewResponseDto extends OfferViewResponseDto {
  @ApiProperty({ example: 'smart_quarterly' }) planCode: string;
}

/** `POST /v1/admin/offers/preview`: what the offer would show on each plan, nothing written. */
export class OfferPreviewListResponseDto {
  @ApiProperty({ type: [OfferPreviewResponseDto], description: "The offer on each plan's current price, as a reader would see it" })
  previews: OfferPreviewResponseDto[];
}

export class OfferAdminResponseDto {
  @ApiProperty({ example: 'diwali_half_price' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: OFFER_KINDS }) kind: OfferKind;
  @ApiProperty({ type: [String] }) planCodes: string[];
  @ApiProperty({ type: 'integer', nullable: true }) trialDays: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) introPriceMinor: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) introPeriods: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) percentOff: number | null;
  @ApiProperty({ type: String, nullable: true }) promotionCode: string | null;
  @ApiProperty() firstTimeOnly: boolean;
  @ApiProperty({ type: 'integer', nullable: true }) maxRedemptions: number | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) startsAt: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) endsAt: string | null;
  @ApiProperty({ enum: OFFER_REDEMPTIONS }) redemption: OfferRedemption;
  @ApiProperty({ enum: OFFER_STATUSES }) status: OfferStatus;
  @ApiProperty({ description: 'Subscriptions that redeemed it' }) redemptions: number;
  @ApiProperty({ description: 'Open Checkout Sessions holding a redemption' }) reserved: number;
  @ApiProperty({ type: [OfferPreviewResponseDto], description: "The offer on each of its plans' current price, as a reader would see it" })
  previews: OfferPreviewResponseDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class OfferAdminListResponseDto {
  @ApiProperty({ type: [OfferAdminResponseDto] }) offers: OfferAdminResponseDto[];
}

export class OfferCodeParamsDto {
  @Code('diwali_half_price')
  code: string;
}
